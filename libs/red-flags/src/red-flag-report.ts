/** An import that crosses architecture layers against the plan's `allowed_deps`. */
export interface LayerViolation {
  from: string;
  to: string;
  from_layer: string;
  to_layer: string;
  /** The import specifier as written in `from`. */
  specifier: string;
  /** 1-based line of the import in `from`. */
  line: number;
}

/** A syntax error in a changed file (or in checked text). */
export interface SyntaxErrorFlag {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The result of `check_red_flags` (DESIGN §7, contract): `cycles` lists import cycles as closed
 * file paths (`[a, b, a]`), those introduced by the change first, then one per pre-existing
 * cyclic component; only introduced cycles set `introduced_cycle` and produce a reason.
 */
export interface RedFlagReport {
  flagged: boolean;
  introduced_cycle: boolean;
  cycles: string[][];
  /** Cycle rank of the import graph after the change: Σ (edges − nodes + 1) over cyclic components. */
  betti_1: number;
  layer_violations: LayerViolation[];
  syntax_errors: SyntaxErrorFlag[];
  reasons: string[];
}

/** A report with nothing flagged. */
export function emptyReport(): RedFlagReport {
  return {
    flagged: false,
    introduced_cycle: false,
    cycles: [],
    betti_1: 0,
    layer_violations: [],
    syntax_errors: [],
    reasons: [],
  };
}

/** Formats a cycle as `a.ts → b.ts → a.ts`. */
export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
