import type { AtomType } from '@maker/contracts';
import { z } from 'zod';
import { parseFileBlocks } from './file-blocks.js';

/** Reviewer answer (DESIGN §8). */
export const ReviewerOutputSchema = z.object({
  verdict: z.enum(['APPROVE', 'REQUEST_CHANGES', 'REJECT']),
  issues: z.array(
    z.object({
      severity: z.string().min(1),
      file: z.string(),
      line: z.number().int().min(0).nullable(),
      description: z.string().min(1),
    }),
  ),
  summary: z.string(),
});
export type ReviewerOutput = z.infer<typeof ReviewerOutputSchema>;

/** Validator answer (DESIGN §8). */
export const ValidatorOutputSchema = z.object({
  valid: z.boolean(),
  violations: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])),
});
export type ValidatorOutput = z.infer<typeof ValidatorOutputSchema>;

/** Search answer (DESIGN §8). */
export const SearchOutputSchema = z.object({
  results: z.array(
    z
      .object({
        file: z.string().min(1),
        line_start: z.number().int().min(1),
        line_end: z.number().int().min(1),
        snippet: z.string(),
      })
      .refine((r) => r.line_end >= r.line_start, { message: 'line_end is before line_start' }),
  ),
  summary: z.string(),
});
export type SearchOutput = z.infer<typeof SearchOutputSchema>;

/** JSON contracts by atom type; the other types answer free text. */
export const JSON_OUTPUT_SCHEMAS: Partial<Record<AtomType, z.ZodType>> = {
  Reviewer: ReviewerOutputSchema,
  Validator: ValidatorOutputSchema,
  Search: SearchOutputSchema,
};

/** Result of an output-contract check; `reasons` is empty when the answer keeps its contract. */
export interface ContractCheck {
  ok: boolean;
  reasons: string[];
  /** The parsed JSON value for JSON contracts. */
  value?: unknown;
}

/**
 * Extracts a JSON value from an answer that is either bare JSON or exactly one ```json fenced block
 * (nothing else); undefined when it is neither.
 */
export function extractJson(answer: string): unknown {
  const trimmed = answer.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n```$/.exec(trimmed);
  try {
    return JSON.parse(fenced ? fenced[1]! : trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** Checks an answer against its atom type's output contract. */
export function checkOutputContract(atomType: AtomType, answer: string): ContractCheck {
  if (answer.trim() === '') return { ok: false, reasons: ['empty answer'] };
  if (atomType === 'Coder') return checkCoder(answer);
  const schema = JSON_OUTPUT_SCHEMAS[atomType];
  if (!schema) return { ok: true, reasons: [] };
  const json = extractJson(answer);
  if (json === undefined) return { ok: false, reasons: [`${atomType} answer is not valid JSON`] };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, reasons: [], value: parsed.data };
  const reasons = parsed.error.issues.map(
    (i) => `${atomType} answer: ${i.path.join('.') || '(root)'}: ${i.message}`,
  );
  return { ok: false, reasons };
}

function checkCoder(answer: string): ContractCheck {
  const { blocks, problems } = parseFileBlocks(answer);
  const reasons = problems.map((p) => `Coder answer line ${p.line}: ${p.message}`);
  return { ok: reasons.length === 0, reasons, value: blocks };
}
