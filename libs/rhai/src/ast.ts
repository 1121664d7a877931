import type { Value } from './values.js';

/** A variable declaration (let/const/param/loop variable/catch variable/closure capture). */
export interface Decl {
  id: number;
  name: string;
  isConst: boolean;
  /** captured by a closure: stored in a shared cell */
  captured: boolean;
  /** for closure capture parameters: the outer declaration captured */
  outer?: Decl;
}

export type Expr =
  | { k: 'const'; v: Value; pos: number }
  | { k: 'interp'; parts: Expr[]; pos: number }
  | { k: 'array'; items: Expr[]; pos: number }
  | { k: 'map'; keys: string[]; vals: Expr[]; pos: number }
  | { k: 'var'; name: string; pos: number; decl: Decl | null }
  | { k: 'this'; pos: number }
  | { k: 'global'; name: string; pos: number }
  | { k: 'modvar'; path: string[]; name: string; pos: number }
  | { k: 'call'; name: string; args: Expr[]; pos: number; ns?: string[]; visible?: Set<string> }
  | { k: 'bin'; op: string; l: Expr; r: Expr; pos: number }
  | { k: 'and' | 'or' | 'coalesce'; l: Expr; r: Expr; pos: number }
  | { k: 'unary'; op: string; e: Expr; pos: number }
  | { k: 'prop'; obj: Expr; name: string; elvis: boolean; pos: number }
  | { k: 'method'; obj: Expr; name: string; args: Expr[]; elvis: boolean; pos: number }
  | { k: 'index'; obj: Expr; idx: Expr; elvis: boolean; pos: number }
  | { k: 'closure'; fn: FnDef; captures: Decl[]; pos: number }
  | { k: 'block'; stmts: Stmt[]; pos: number }
  | { k: 'if'; cond: Expr; then: Expr; else: Expr | null; pos: number }
  | { k: 'switch'; subject: Expr; cases: SwitchCase[]; def: Expr | null; pos: number }
  | { k: 'while'; cond: Expr | null; body: Expr; pos: number }
  | { k: 'do'; body: Expr; cond: Expr; until: boolean; pos: number }
  | { k: 'for'; decl: Decl; counter: Decl | null; iter: Expr; body: Expr; pos: number };

export interface SwitchCase {
  /** literal values matched by type and value */
  values: Value[];
  /** integer ranges */
  ranges: { start: Value; end: Value; inclusive: boolean }[];
  guard: Expr | null;
  body: Expr;
  pos: number;
}

export type Stmt =
  | { k: 'expr'; e: Expr }
  | { k: 'let'; decl: Decl; init: Expr | null; pos: number }
  | { k: 'assign'; target: Expr; op: string | null; value: Expr; pos: number }
  | { k: 'break'; value: Expr | null; pos: number }
  | { k: 'continue'; pos: number }
  | { k: 'return'; value: Expr | null; pos: number }
  | { k: 'throw'; value: Expr | null; pos: number }
  | { k: 'try'; body: Expr; decl: Decl | null; catchBody: Expr; pos: number }
  | { k: 'noop'; pos: number };

export interface FnDef {
  name: string;
  params: Decl[];
  body: Expr;
  pos: number;
  isPrivate: boolean;
  /** number of declarations (for diagnostics) */
  anon: boolean;
}

/** A compiled (parsed and resolved) script. Engine-independent; reusable across evaluations. */
export interface AST {
  readonly source: string;
  readonly stmts: Stmt[];
  readonly fns: FnDef[];
  /** all closures, in source order */
  readonly closures: FnDef[];
  /** top-level constants in declaration order (for `global::NAME`) */
  readonly globalConsts: Decl[];
}
