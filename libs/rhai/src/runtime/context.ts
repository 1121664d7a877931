import { type Value } from '../values.js';

export const NO_THIS: unique symbol = Symbol('NO_THIS') as never;
export const DONE: unique symbol = Symbol('DONE') as never;

/** A native (built-in or host) function overload. */
export interface NativeFn {
  name: string;
  /** number of parameters; -1 = variadic (at least `types.length`) */
  arity: number;
  /** per-parameter type tags (see {@link typeMatches}); null = any */
  types: (string | null)[] | null;
  /** false when the function may modify its first argument */
  pure: boolean;
  /** 'hof': a generator yielding function-pointer calls; 'async': returns a Promise */
  kind: 'plain' | 'hof' | 'async';
  fn: (args: Value[], cx: CallCx) => Value;
}

export interface CallCx {
  c: Ctx;
  pos: number;
  name: string;
}

export type CompiledFn = (c: Ctx, cp: number, self: Value, ...args: Value[]) => Value;

/** Per-evaluation state shared with generated code. */
export interface Ctx {
  ops: number;
  lim: number;
  maxOps: number;
  depth: number;
  maxDepth: number;
  deadline: number;
  signal: AbortSignal | undefined;
  maxStr: number;
  maxArr: number;
  maxMap: number;
  sizeLimits: boolean;
  natives: Map<string, NativeFn[]>;
  consts: Map<string, Value>;
  modules: Map<string, Map<string, Value>>;
  globals: Map<string, Value>;
  fns: Record<string, CompiledFn>;
  thisOut: Value;
  onPrint: (s: string) => void;
  onDebug: (s: string) => void;
  checkInterval: number;
}
