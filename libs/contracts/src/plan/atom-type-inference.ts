import type { AtomType } from './atom-type.js';

/** Wording rules of DESIGN §3, checked in this order; the first match wins. */
const INFERENCE_RULES: ReadonlyArray<[RegExp, AtomType]> = [
  [/\b(test\w*|verif\w*)\b/i, 'Tester'],
  [/\b(review\w*|check\w*|validat\w*)\b/i, 'Reviewer'],
  [/\b(design\w*|interface\w*)\b/i, 'Architect'],
  [/\b(search\w*|find\w*|found)\b/i, 'Search'],
];

/** Infers a PLAN.md task's atom type from its wording (Coder when nothing matches). */
export function inferAtomType(description: string): AtomType {
  for (const [pattern, atomType] of INFERENCE_RULES) {
    if (pattern.test(description)) return atomType;
  }
  return 'Coder';
}
