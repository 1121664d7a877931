import { detectPlanFormat, type PlanOptionsInput } from '@maker/contracts';
import { MakerPlanRejectedError } from './errors.js';

/** A plan as Architect JSON (an object, or its JSON text) or PLAN.md text. */
export type PlanInput = Record<string, unknown> | string;

/**
 * One shape for both transports: JSON text becomes an object, and options a JSON plan carries
 * at its top level are lifted out and merged under the given ones (the arguments win).
 */
export function normalizePlanInput(
  plan: PlanInput,
  options: PlanOptionsInput,
): { plan: PlanInput; options: PlanOptionsInput } {
  const value = typeof plan === 'string' && detectPlanFormat(plan) === 'json' ? parseJsonPlan(plan) : plan;
  if (typeof value === 'string' || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { plan: value, options };
  }
  const { options: own, ...rest } = value;
  if (own === undefined) return { plan: value, options };
  return { plan: rest, options: { ...(own as PlanOptionsInput), ...options } };
}

function parseJsonPlan(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = `the plan is not valid JSON: ${(error as Error).message}`;
    throw new MakerPlanRejectedError(message, [{ code: 'invalid_json', message }], 'invalid_json');
  }
}
