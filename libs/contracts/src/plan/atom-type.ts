import { z } from 'zod';

/**
 * The kinds of LLM atom a task can run. Persisted in plans and events: names never change.
 */
export const ATOM_TYPES = [
  'Search',
  'Coder',
  'Reviewer',
  'Planner',
  'Validator',
  'Tester',
  'Architect',
  'GritsAnalyzer',
] as const;

export type AtomType = (typeof ATOM_TYPES)[number];

const ATOM_TYPE_BY_LOWERCASE = new Map<string, AtomType>([
  ...ATOM_TYPES.map((t) => [t.toLowerCase(), t] as [string, AtomType]),
  ['grits', 'GritsAnalyzer'],
]);

/** Resolves an atom type case-insensitively (`grits` is an alias of GritsAnalyzer); undefined when unknown. */
export function parseAtomType(input: string): AtomType | undefined {
  return ATOM_TYPE_BY_LOWERCASE.get(input.trim().toLowerCase());
}

export const AtomTypeSchema = z.string().transform((value, ctx) => {
  const parsed = parseAtomType(value);
  if (!parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown atom type "${value}" (expected one of ${ATOM_TYPES.join(', ')})`,
    });
    return z.NEVER;
  }
  return parsed;
});
