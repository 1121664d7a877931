/** Runtime support called by generated code: operators, indexing, calls, iteration, limits. */
import {
  arrayBounds,
  dataTooLarge,
  dotError,
  err,
  errorToCatchValue,
  fnNotFound,
  mismatchError,
  NO_POS,
  RhaiError,
  runtimeError,
  stringBounds,
  varNotFound,
  wrapInFunction,
} from './errors.js';
import {
  I64_MAX,
  iadd,
  iand,
  idiv,
  imod,
  imul,
  ineg,
  type Int,
  ior,
  ipow,
  ishl,
  ishr,
  isub,
  ixor,
  normBig,
  toBig,
} from './int.js';
import {
  Cell,
  charLength,
  cloneValue,
  compareStrings,
  displayValue,
  F64,
  FnPtr,
  isSimpleString,
  mkChar,
  RChar,
  RRange,
  sigTypeName,
  StepRange,
  Timestamp,
  toChars,
  typeName,
  type Value,
} from './values.js';

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

type CompiledFn = (c: Ctx, cp: number, self: Value, ...args: Value[]) => Value;

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

// ---------------------------------------------------------------- limits

export function opsCheck(c: Ctx, pos: number): void {
  if (c.ops > c.maxOps) throw err('ErrorTooManyOperations', 'Too many operations', pos);
  checkTermination(c, pos);
  c.lim = Math.min(c.maxOps, c.ops + c.checkInterval);
}

export function checkTermination(c: Ctx, pos: number): void {
  if (c.signal?.aborted) throw err('ErrorTerminated', 'Script terminated', pos, { token: 'aborted' });
  if (c.deadline !== Number.POSITIVE_INFINITY && Date.now() > c.deadline)
    throw err('ErrorTerminated', 'Script terminated', pos, { token: 'timeout' });
}

export function stackOverflow(_c: Ctx, pos: number): RhaiError {
  return err('ErrorStackOverflow', 'Stack overflow', pos);
}

export function checkString(c: Ctx, s: string, pos: number): string {
  if (c.maxStr && s.length > c.maxStr && Buffer.byteLength(s) > c.maxStr)
    throw dataTooLarge('Length of string', pos);
  return s;
}

/** Recursive (arrays, maps, string bytes) totals, as Rhai's `calc_data_sizes`. */
function dataSizes(v: Value, acc: [number, number, number], c: Ctx, pos: number): void {
  if (typeof v === 'string') acc[2] += v.length;
  else if (Array.isArray(v)) {
    acc[0] += v.length;
    for (const x of v) if (typeof x === 'object' || typeof x === 'string') dataSizes(x, acc, c, pos);
  } else if (v instanceof Map) {
    acc[1] += v.size;
    for (const x of v.values()) if (typeof x === 'object' || typeof x === 'string') dataSizes(x, acc, c, pos);
  }
  if ((c.maxArr && acc[0] > c.maxArr) || (c.maxMap && acc[1] > c.maxMap)) throwSizes(c, acc, pos);
}

function throwSizes(c: Ctx, acc: [number, number, number], pos: number): never {
  if (c.maxArr && acc[0] > c.maxArr) throw dataTooLarge('Size of array', pos);
  if (c.maxMap && acc[1] > c.maxMap) throw dataTooLarge('Size of object map', pos);
  throw dataTooLarge('Length of string', pos);
}

/** Checks a value against the size limits (only when limits are set). */
export function checkSize(c: Ctx, v: Value, pos: number): Value {
  if (!c.sizeLimits) return v;
  if (typeof v === 'string') return checkString(c, v, pos);
  if (Array.isArray(v) || v instanceof Map) {
    const acc: [number, number, number] = [0, 0, 0];
    dataSizes(v, acc, c, pos);
    if (c.maxStr && acc[2] > c.maxStr) throwSizes(c, acc, pos);
  }
  return v;
}

// ---------------------------------------------------------------- values

export function own(c: Ctx, v: Value): Value {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v) || v instanceof Map) {
    const r = cloneValue(v);
    if (c.sizeLimits) checkSize(c, r, NO_POS);
    return r;
  }
  return v;
}

export function mkArray(c: Ctx, items: Value[], pos: number): Value[] {
  if (c.sizeLimits) checkSize(c, items, pos);
  return items;
}

export function mkMap(c: Ctx, keys: string[], vals: Value[], pos: number): Map<string, Value> {
  const m = new Map<string, Value>();
  for (let i = 0; i < keys.length; i++) m.set(keys[i], vals[i]);
  if (c.sizeLimits) checkSize(c, m, pos);
  return m;
}

export function mkClosure(
  fn: CompiledFn,
  name: string,
  caps: Cell[],
  arity: number,
  isAsync: boolean,
): FnPtr {
  return new FnPtr(name, [], fn as never, caps, arity, isAsync);
}

export function interp(c: Ctx, parts: Value[], pos: number): string {
  let s = '';
  for (const p of parts) s += displayValue(p);
  return c.sizeLimits ? checkString(c, s, pos) : s;
}

export function getThis(self: Value, pos: number): Value {
  if (self === NO_THIS) throw err('ErrorUnboundThis', "'this' not bound", pos);
  return self;
}

export function getGlobal(c: Ctx, name: string, pos: number): Value {
  if (c.consts.has(name)) return c.consts.get(name);
  throw varNotFound(name, pos);
}

export function assignGlobal(c: Ctx, name: string, pos: number): RhaiError {
  if (c.consts.has(name) || name.includes('::') || c.globals.has(name))
    return err('ErrorAssignmentToConstant', `Cannot modify constant ${name}`, pos, { variable: name });
  return varNotFound(name, pos);
}

export function varNotFoundErr(name: string, pos: number): RhaiError {
  return varNotFound(name, pos);
}

export function getGlobalNs(c: Ctx, name: string, pos: number): Value {
  if (c.globals.has(name)) return c.globals.get(name);
  if (c.consts.has(name)) return c.consts.get(name);
  throw varNotFound(`global::${name}`, pos);
}

export function getModVar(c: Ctx, path: string, name: string, pos: number): Value {
  const m = c.modules.get(path);
  if (!m) throw err('ErrorModuleNotFound', `Module not found: ${path}`, pos, { module: path });
  if (!m.has(name) || typeof m.get(name) === 'function') throw varNotFound(`${path}::${name}`, pos);
  return m.get(name);
}

export function isDefVar(c: Ctx, name: Value, visible: string[], pos: number): boolean {
  if (typeof name !== 'string') throw fnNotFound(`is_def_var (${sigTypeName(name)})`, pos);
  return visible.includes(name) || c.consts.has(name);
}

export function noEval(pos: number): never {
  throw err('ErrorFunctionNotFound', 'Function not found: eval', pos, { function: 'eval' });
}

// ---------------------------------------------------------------- errors & flow

export function throwValue(v: Value, pos: number): RhaiError {
  return runtimeError(v, pos);
}

/** Normalises anything thrown into a RhaiError; rethrows errors `catch` must not see. */
export function toRhaiError(e: unknown, pos = NO_POS): RhaiError {
  if (e instanceof RhaiError) return e;
  const msg =
    e instanceof Error || (typeof e === 'object' && e && 'message' in e)
      ? String((e as Error).message)
      : String(e);
  // no regular expressions here: this may run with the JS stack nearly exhausted
  if (msg.includes('call stack') || msg.includes('too much recursion'))
    return err('ErrorStackOverflow', 'Stack overflow', pos);
  // JavaScript's own size limits (reachable when the engine's size limits are off)
  if (msg.includes('Invalid string length')) return dataTooLarge('Length of string', pos);
  if (msg.includes('Invalid array length')) return dataTooLarge('Size of array', pos);
  if (msg.includes('Map maximum size exceeded')) return dataTooLarge('Size of object map', pos);
  return err('ErrorSystem', `System error: ${msg}`, pos);
}

export function caught(_c: Ctx, e: unknown): RhaiError {
  const r = toRhaiError(e);
  if (!r.catchable) throw r;
  return r;
}

export function catchValue(e: RhaiError): Value {
  return errorToCatchValue(e);
}

/** A `throw;` (or `throw ()`) escaping a catch block re-throws the caught error. */
export function rethrowUnit(e1: unknown, e0: RhaiError): unknown {
  if (
    e1 instanceof RhaiError &&
    e1.type === 'ErrorRuntime' &&
    e1.value === undefined &&
    e1.chain.length === 0
  ) {
    if (e0.chain.length) e0.chain[0].pos = e1.pos;
    else {
      e0.pos = e1.pos;
      e0.refreshMessage();
    }
    return e0;
  }
  return e1;
}

export function wrapFn(e: unknown, name: string, cp: number): unknown {
  return wrapInFunction(toRhaiError(e, cp), name, cp);
}

export function cond(v: Value, pos: number): boolean {
  if (v === true || v === false) return v;
  throw mismatchError('bool', typeName(v), pos);
}
export const bool = cond;

function withPos<T>(f: () => T, pos: number): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RhaiError && !e.pos) {
      e.pos = pos;
      e.refreshMessage();
    }
    throw e;
  }
}

function opNotFound(op: string, a: Value, b: Value, pos: number): RhaiError {
  return fnNotFound(`${op} (${sigTypeName(a)}, ${sigTypeName(b)})`, pos);
}

// ---------------------------------------------------------------- arithmetic

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const isNum = (v: Value) => typeof v === 'number' || typeof v === 'bigint';
const fval = (v: Value): number => (v instanceof F64 ? v.v : Number(v));
const isNumeric = (v: Value) => typeof v === 'number' || typeof v === 'bigint' || v instanceof F64;

export function add(c: Ctx, a: Value, b: Value, pos: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return addSlow(c, a, b, pos);
}

function addSlow(c: Ctx, a: Value, b: Value, pos: number): Value {
  if (isNum(a) && isNum(b)) return withPos(() => iadd(a, b), pos);
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) + fval(b));
  if (typeof a === 'string' || typeof b === 'string') {
    if (Array.isArray(a) && typeof b !== 'string') throw opNotFound('+', a, b, pos);
    const s = displayValue(a) + displayValue(b);
    return c.sizeLimits ? checkString(c, s, pos) : s;
  }
  if (a instanceof RChar && b instanceof RChar) return a.c + b.c;
  if (Array.isArray(a) && Array.isArray(b)) return checkSize(c, [...cloneValue(a), ...cloneValue(b)], pos);
  if (a instanceof Map && b instanceof Map) {
    const m = cloneValue(a) as Map<string, Value>;
    for (const [k, v] of b) m.set(k, cloneValue(v));
    return checkSize(c, m, pos);
  }
  if (a instanceof Timestamp && isNumeric(b)) return new Timestamp(a.ms + fval(b) * 1000);
  throw opNotFound('+', a, b, pos);
}

export function sub(_c: Ctx, a: Value, b: Value, pos: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  if (isNum(a) && isNum(b)) return withPos(() => isub(a, b), pos);
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) - fval(b));
  if (a instanceof Timestamp && b instanceof Timestamp) return new F64((a.ms - b.ms) / 1000);
  if (a instanceof Timestamp && isNumeric(b)) return new Timestamp(a.ms - fval(b) * 1000);
  throw opNotFound('-', a, b, pos);
}

export function mul(_c: Ctx, a: Value, b: Value, pos: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r || 0;
  }
  if (isNum(a) && isNum(b)) return withPos(() => imul(a, b), pos);
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) * fval(b));
  throw opNotFound('*', a, b, pos);
}

export function div(_c: Ctx, a: Value, b: Value, pos: number): Value {
  if (isNum(a) && isNum(b)) return withPos(() => idiv(a, b), pos);
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) / fval(b));
  throw opNotFound('/', a, b, pos);
}

export function mod(_c: Ctx, a: Value, b: Value, pos: number): Value {
  if (typeof a === 'number' && typeof b === 'number' && b !== 0) return a % b || 0;
  if (isNum(a) && isNum(b)) return withPos(() => imod(a, b), pos);
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) % fval(b));
  throw opNotFound('%', a, b, pos);
}

export function pow(a: Value, b: Value, pos: number): Value {
  if (isNum(a) && isNum(b)) return withPos(() => ipow(a, b), pos);
  if (a instanceof F64 && isNum(b)) {
    if (b > 2147483647)
      throw err('ErrorArithmetic', `Number raised to too large an index: ${displayValue(a)} ** ${b}`, pos);
    return new F64(a.v ** Number(b));
  }
  if (isNumeric(a) && isNumeric(b)) return new F64(fval(a) ** fval(b));
  throw opNotFound('**', a, b, pos);
}

export function neg(_c: Ctx, a: Value, pos: number): Value {
  if (typeof a === 'number') return -a || 0;
  if (typeof a === 'bigint') return withPos(() => ineg(a), pos);
  if (a instanceof F64) return new F64(-a.v);
  throw fnNotFound(`- (${sigTypeName(a)})`, pos);
}

export function plus(_c: Ctx, a: Value, pos: number): Value {
  if (isNumeric(a)) return a;
  throw fnNotFound(`+ (${sigTypeName(a)})`, pos);
}

export function not(_c: Ctx, a: Value, pos: number): Value {
  if (typeof a === 'boolean') return !a;
  throw fnNotFound(`! (${sigTypeName(a)})`, pos);
}

// ---------------------------------------------------------------- comparison

/**
 * Rhai's epsilon-based float comparison: with `d = max(|x|, |y|) * EPSILON` (just EPSILON when either is
 * zero), `x == y` iff `|x - y| < d`, `x > y` iff `x - y >= d`, `x >= y` iff `x - y >= -d`.
 */
function maxDiff(x: number, y: number): number {
  return x === 0 || y === 0 ? Number.EPSILON : Math.max(Math.abs(x), Math.abs(y)) * Number.EPSILON;
}
export function feq(x: number, y: number): boolean {
  return x === y || Math.abs(x - y) < maxDiff(x, y);
}
const fgt = (x: number, y: number) => x - y >= maxDiff(x, y);
const fge = (x: number, y: number) => x === y || x - y >= -maxDiff(x, y);

/** Rhai `==` (arrays and maps compare element-wise; different types are unequal). */
export function valuesEqual(a: Value, b: Value): boolean {
  const ta = typeof a;
  if (ta !== 'object' && ta === typeof b) return a === b;
  if (isNumeric(a) && isNumeric(b)) {
    if (isNum(a) && isNum(b)) return a === b;
    return feq(fval(a), fval(b));
  }
  if (a instanceof RChar) {
    if (b instanceof RChar) return a.c === b.c;
    return typeof b === 'string' && a.c === b;
  }
  if (b instanceof RChar) return typeof a === 'string' && a === b.c;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof RRange && b instanceof RRange)
    return a.start === b.start && a.end === b.end && a.inclusive === b.inclusive;
  if (a instanceof FnPtr && b instanceof FnPtr)
    return a === b || (a.name === b.name && !a.fn && !b.fn && valuesEqual(a.curry, b.curry));
  if (a instanceof Timestamp && b instanceof Timestamp) return a.ms === b.ms;
  return false;
}

export function eq(_c: Ctx, a: Value, b: Value, _pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return valuesEqual(a, b);
}
export function ne(_c: Ctx, a: Value, b: Value, _pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a !== b;
  return !valuesEqual(a, b);
}

/** Ordering for same-typed comparable values: <0, 0, >0; null if not comparable (different types). */
function compare(op: string, a: Value, b: Value, pos: number): number | null {
  if (isNumeric(a) && isNumeric(b)) {
    if (isNum(a) && isNum(b)) return a < b ? -1 : a > b ? 1 : 0;
    const x = fval(a);
    const y = fval(b);
    return fgt(x, y) ? 1 : fgt(y, x) ? -1 : feq(x, y) ? 0 : Number.NaN;
  }
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) {
    if (a instanceof RChar && typeof b === 'string') return compareStrings(a.c, b);
    if (typeof a === 'string' && b instanceof RChar) return compareStrings(a, b.c);
    return null;
  }
  if (typeof a === 'string') return compareStrings(a, b);
  if (a instanceof RChar) return compareStrings(a.c, b.c);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (a instanceof Timestamp) return a.ms - b.ms;
  throw opNotFound(op, a, b, pos);
}

const isFloatPair = (a: Value, b: Value) =>
  (a instanceof F64 || b instanceof F64) && isNumeric(a) && isNumeric(b);

export function lt(_c: Ctx, a: Value, b: Value, pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (isFloatPair(a, b)) return fgt(fval(b), fval(a));
  const r = compare('<', a, b, pos);
  return r !== null && r < 0;
}
export function le(_c: Ctx, a: Value, b: Value, pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (isFloatPair(a, b)) return fge(fval(b), fval(a));
  const r = compare('<=', a, b, pos);
  return r !== null && r <= 0;
}
export function gt(_c: Ctx, a: Value, b: Value, pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  if (isFloatPair(a, b)) return fgt(fval(a), fval(b));
  const r = compare('>', a, b, pos);
  return r !== null && r > 0;
}
export function ge(_c: Ctx, a: Value, b: Value, pos: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  if (isFloatPair(a, b)) return fge(fval(a), fval(b));
  const r = compare('>=', a, b, pos);
  return r !== null && r >= 0;
}

/** Natural ordering used by `sort()`. */
export function sortCompare(a: Value, b: Value, pos: number): number {
  const r = compare('<', a, b, pos);
  if (r === null || Number.isNaN(r))
    return typeName(a) < typeName(b) ? -1 : typeName(a) > typeName(b) ? 1 : 0;
  return r;
}

// ---------------------------------------------------------------- other operators

export function contains(c: Ctx, container: Value, item: Value, pos: number): boolean {
  if (typeof container === 'string') {
    if (typeof item === 'string') return container.includes(item);
    if (item instanceof RChar) return container.includes(item.c);
  } else if (Array.isArray(container)) {
    for (const x of container) if (valuesEqual(x, item)) return true;
    return false;
  } else if (container instanceof Map) {
    if (typeof item === 'string') return container.has(item);
    if (item instanceof RChar) return container.has(item.c);
  } else if (container instanceof RRange) {
    if (isNum(item)) return inRange(item, container.start, container.end, container.inclusive);
  }
  void c;
  throw fnNotFound(`contains (${sigTypeName(container)}, ${sigTypeName(item)})`, pos);
}

export function binop(c: Ctx, op: string, a: Value, b: Value, pos: number): Value {
  switch (op) {
    case '**':
      return pow(a, b, pos);
    case '<<':
    case '>>':
      if (isNum(a) && isNum(b)) return withPos(() => (op === '<<' ? ishl(a, b) : ishr(a, b)), pos);
      break;
    case '&':
    case '|':
    case '^':
      if (isNum(a) && isNum(b)) return op === '&' ? iand(a, b) : op === '|' ? ior(a, b) : ixor(a, b);
      if (typeof a === 'boolean' && typeof b === 'boolean')
        return op === '&' ? a && b : op === '|' ? a || b : a !== b;
      break;
    case 'in':
      return contains(c, b, a, pos);
    case '!in':
      return !contains(c, b, a, pos);
    case '..':
    case '..=':
      if (isNum(a) && isNum(b)) return new RRange(a, b, op === '..=');
      break;
  }
  throw opNotFound(op, a, b, pos);
}

/** Compound assignment `x op= y`: returns the new value of `x`. */
export function opAssign(c: Ctx, op: string, cur: Value, rhs: Value, pos: number): Value {
  if (op === '+') {
    if (Array.isArray(cur)) {
      if (Array.isArray(rhs)) for (const x of rhs) cur.push(cloneValue(x));
      else cur.push(cloneValue(rhs));
      return checkSize(c, cur, pos);
    }
    if (cur instanceof Map && rhs instanceof Map) {
      for (const [k, v] of rhs) cur.set(k, cloneValue(v));
      return checkSize(c, cur, pos);
    }
    return add(c, cur, rhs, pos);
  }
  switch (op) {
    case '-':
      return sub(c, cur, rhs, pos);
    case '*':
      return mul(c, cur, rhs, pos);
    case '/':
      return div(c, cur, rhs, pos);
    case '%':
      return mod(c, cur, rhs, pos);
    default:
      return binop(c, op, cur, rhs, pos);
  }
}

export function inRange(v: Value, start: Value, end: Value, inclusive: boolean): boolean {
  if (!isNum(v)) return false;
  return v >= start && (inclusive ? v <= end : v < end);
}

/** `switch` matching: by type and value. */
export function switchEq(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a instanceof F64 && b instanceof F64) return a.v === b.v;
  if (a instanceof RChar && b instanceof RChar) return a.c === b.c;
  return false;
}

// ---------------------------------------------------------------- properties & indexing

type Getter = (v: Value) => Value;
const GETTERS: Record<string, Record<string, Getter>> = {
  string: { len: (s) => charLength(s), is_empty: (s) => s.length === 0 },
  array: { len: (a) => a.length, is_empty: (a) => a.length === 0 },
  Fn: { name: (f: FnPtr) => f.name, is_anonymous: (f: FnPtr) => f.isAnonymous },
  range: {
    start: (r: RRange) => r.start,
    end: (r: RRange) => r.end,
    is_inclusive: (r: RRange) => r.inclusive,
    is_exclusive: (r: RRange) => !r.inclusive,
    is_empty: (r: RRange) => (r.inclusive ? r.start > r.end : r.start >= r.end),
  },
  f64: {
    is_nan: (f: F64) => Number.isNaN(f.v),
    is_finite: (f: F64) => Number.isFinite(f.v),
    is_infinite: (f: F64) => f.v === Number.POSITIVE_INFINITY || f.v === Number.NEGATIVE_INFINITY,
    is_zero: (f: F64) => f.v === 0,
    floor: (f: F64) => new F64(Math.floor(f.v)),
    ceiling: (f: F64) => new F64(Math.ceil(f.v)),
    round: (f: F64) => new F64(roundHalfAway(f.v)),
    int: (f: F64) => new F64(Math.trunc(f.v)),
    fraction: (f: F64) => new F64(f.v - Math.trunc(f.v)),
  },
  timestamp: { elapsed: (t: Timestamp) => new F64((Date.now() - t.ms) / 1000) },
};
GETTERS['range='] = GETTERS.range;

export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function getProp(_c: Ctx, obj: Value, name: string, pos: number): Value {
  if (obj instanceof Map) return obj.get(name);
  const g = GETTERS[typeName(obj)]?.[name];
  if (g) return g(obj);
  throw dotError(
    `Unknown property '${name}' - a getter is not registered for type '${typeName(obj)}'`,
    name,
    pos,
  );
}

export function setProp(c: Ctx, obj: Value, name: string, val: Value, pos: number): Value {
  if (obj instanceof Map) {
    obj.set(name, val);
    if (c.sizeLimits) checkSize(c, obj, pos);
    return obj;
  }
  throw dotError(
    `Unknown property '${name}' - a setter is not registered for type '${typeName(obj)}'`,
    name,
    pos,
  );
}

function intIndex(idx: Value, pos: number): number | bigint {
  if (!isNum(idx)) throw mismatchError('i64', typeName(idx), pos);
  return idx;
}

function normIndex(idx: number | bigint, len: number): number {
  const i = Number(idx);
  return i < 0 ? len + i : i;
}

export function getIndex(_c: Ctx, obj: Value, idx: Value, pos: number): Value {
  if (Array.isArray(obj)) {
    if (typeof idx === 'number' && idx >= 0 && idx < obj.length) return obj[idx];
    const i = intIndex(idx, pos);
    const n = normIndex(i, obj.length);
    if (n < 0 || n >= obj.length) throw arrayBounds(obj.length, i, pos);
    return obj[n];
  }
  if (obj instanceof Map) {
    if (typeof idx === 'string') return obj.get(idx);
    if (idx instanceof RChar) return obj.get(idx.c);
    throw mismatchError('string', typeName(idx), pos);
  }
  if (typeof obj === 'string') {
    const i = intIndex(idx, pos);
    if (isSimpleString(obj)) {
      const n = normIndex(i, obj.length);
      if (n < 0 || n >= obj.length) throw stringBounds(obj.length, i, pos);
      return mkChar(obj[n]);
    }
    const chars = toChars(obj);
    const n = normIndex(i, chars.length);
    if (n < 0 || n >= chars.length) throw stringBounds(chars.length, i, pos);
    return mkChar(chars[n]);
  }
  if (isNum(obj)) {
    const i = intIndex(idx, pos);
    const n = normIndex(i, 64);
    if (n < 0 || n >= 64)
      throw err('ErrorBitFieldBounds', `Bit-field index ${i} out of bounds: only 64 bits in bit-field`, pos, {
        length: 64,
        index: i,
      });
    return ((toBig(obj) >> BigInt(n)) & 1n) === 1n;
  }
  throw err('ErrorIndexingType', `Indexer unavailable: ${typeName(obj)}`, pos, { type: typeName(obj) });
}

export function setIndex(c: Ctx, obj: Value, idx: Value, val: Value, pos: number): Value {
  if (Array.isArray(obj)) {
    const i = intIndex(idx, pos);
    const n = normIndex(i, obj.length);
    if (n < 0 || n >= obj.length) throw arrayBounds(obj.length, i, pos);
    obj[n] = val;
    if (c.sizeLimits && typeof val === 'object') checkSize(c, obj, pos);
    return obj;
  }
  if (obj instanceof Map) {
    const key = typeof idx === 'string' ? idx : idx instanceof RChar ? idx.c : null;
    if (key === null) throw mismatchError('string', typeName(idx), pos);
    obj.set(key, val);
    if (c.sizeLimits) checkSize(c, obj, pos);
    return obj;
  }
  if (typeof obj === 'string') {
    const i = intIndex(idx, pos);
    if (!(val instanceof RChar)) throw mismatchError('char', typeName(val), pos);
    const chars = toChars(obj);
    if (i < 0)
      throw err(
        'ErrorStringBounds',
        `String index ${i} out of bounds: negative indices cannot be assigned`,
        pos,
        {
          length: chars.length,
          index: i,
        },
      );
    const n = Number(i);
    if (n >= chars.length) throw stringBounds(chars.length, i, pos);
    chars[n] = val.c;
    return chars.join('');
  }
  if (isNum(obj)) {
    const i = intIndex(idx, pos);
    const n = normIndex(i, 64);
    if (n < 0 || n >= 64)
      throw err('ErrorBitFieldBounds', `Bit-field index ${i} out of bounds: only 64 bits in bit-field`, pos, {
        length: 64,
        index: i,
      });
    if (typeof val !== 'boolean') throw mismatchError('bool', typeName(val), pos);
    const mask = 1n << BigInt(n);
    const r = val ? toBig(obj) | mask : toBig(obj) & ~mask;
    return normBig(BigInt.asIntN(64, r)) as Int;
  }
  throw err('ErrorIndexingType', `Indexer unavailable: ${typeName(obj)}`, pos, { type: typeName(obj) });
}

// ---------------------------------------------------------------- iteration

interface Iter {
  next(): Value;
}

class NumRangeIter implements Iter {
  constructor(
    private cur: number,
    private readonly end: number,
  ) {}
  next(): Value {
    return this.cur < this.end ? this.cur++ : DONE;
  }
}
class BigRangeIter implements Iter {
  private cur: bigint;
  constructor(
    start: Int,
    private readonly end: bigint,
  ) {
    this.cur = toBig(start);
  }
  next(): Value {
    if (this.cur >= this.end) return DONE;
    const v = this.cur;
    this.cur++;
    return normBig(v);
  }
}
class ArrIter implements Iter {
  private i = 0;
  constructor(private readonly a: Value[]) {}
  next(): Value {
    if (this.i >= this.a.length) return DONE;
    const v = this.a[this.i++];
    return typeof v === 'object' && v !== null && (Array.isArray(v) || v instanceof Map) ? cloneValue(v) : v;
  }
}
class StepIter implements Iter {
  private cur: number | bigint;
  constructor(
    start: number | bigint,
    private readonly end: number | bigint,
    private readonly step: number | bigint,
    private readonly float: boolean,
  ) {
    this.cur = start;
  }
  next(): Value {
    const { cur, end, step } = this;
    const up = step > 0;
    if (up ? cur >= end : cur <= end) return DONE;
    if (this.float) this.cur = (cur as number) + (step as number);
    else this.cur = iadd(cur, step);
    return this.float ? new F64(cur as number) : cur;
  }
}

/** Iterator over a `for` loop source (arrays are iterated over a snapshot). */
export function iter(_c: Ctx, v: Value, borrowed: boolean, pos: number): Iter {
  if (v instanceof RRange) {
    let end = v.end;
    if (v.inclusive) end = typeof end === 'number' ? end + 1 : toBig(end) + 1n;
    if (typeof v.start === 'number' && typeof end === 'number' && end <= MAX_SAFE)
      return new NumRangeIter(v.start, end);
    return new BigRangeIter(v.start, toBig(end));
  }
  if (Array.isArray(v)) return new ArrIter(borrowed ? v.slice() : v);
  if (typeof v === 'string') return new ArrIter(toChars(v).map(mkChar));
  if (v instanceof StepRange) {
    if (v.from instanceof F64 || v.to instanceof F64 || v.step instanceof F64)
      return new StepIter(fval(v.from), fval(v.to), fval(v.step), true);
    return new StepIter(v.from, v.to as Int, v.step as Int, false);
  }
  throw err('ErrorFor', 'For loop expects iterable type', pos);
}

// ---------------------------------------------------------------- calls

function typeMatches(tag: string | null, v: Value): boolean {
  if (tag === null) return true;
  switch (tag) {
    case 'i64':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'f64':
      return v instanceof F64;
    case 'num':
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof F64;
    case 'string':
      return typeof v === 'string';
    case 'char':
      return v instanceof RChar;
    case 'bool':
      return typeof v === 'boolean';
    case '()':
      return v === undefined;
    case 'array':
      return Array.isArray(v);
    case 'map':
      return v instanceof Map;
    case 'Fn':
      return v instanceof FnPtr;
    case 'range':
      return v instanceof RRange;
    case 'timestamp':
      return v instanceof Timestamp;
    case 'str|char':
      return typeof v === 'string' || v instanceof RChar;
    case 'fnref':
      return v instanceof FnPtr || typeof v === 'string';
    default:
      return typeName(v) === tag;
  }
}

export function resolveNative(c: Ctx, name: string, args: Value[]): NativeFn | null {
  const list = c.natives.get(name);
  if (!list) return null;
  outer: for (const f of list) {
    if (f.arity >= 0 ? f.arity !== args.length : args.length < (f.types?.length ?? 0)) continue;
    if (f.types) {
      for (let i = 0; i < f.types.length; i++) if (!typeMatches(f.types[i], args[i])) continue outer;
    }
    return f;
  }
  return null;
}

function notFound(name: string, args: Value[], pos: number): RhaiError {
  return fnNotFound(`${name} (${args.map(sigTypeName).join(', ')})`, pos);
}

function asyncInSync(name: string, pos: number): RhaiError {
  return err(
    'ErrorRuntime',
    `Runtime error: asynchronous function '${name}' called during synchronous evaluation`,
    pos,
  );
}

function fillPos(e: unknown, pos: number): unknown {
  if (e instanceof RhaiError && !e.pos) {
    e.pos = pos;
    e.refreshMessage();
  }
  return e;
}

const checkedSizes = new WeakMap<object, number>();

/** Size check after an in-place change: O(1) length check, full recount when the size doubled. */
function checkGrown(c: Ctx, v: Value, pos: number): void {
  if (typeof v === 'string') {
    checkString(c, v, pos);
    return;
  }
  if (!Array.isArray(v) && !(v instanceof Map)) return;
  const n = Array.isArray(v) ? v.length : v.size;
  if (Array.isArray(v) ? c.maxArr && n > c.maxArr : c.maxMap && n > c.maxMap) checkSize(c, v, pos);
  const last = checkedSizes.get(v) ?? 0;
  if (n < 64 || n >= 2 * last) {
    checkSize(c, v, pos);
    checkedSizes.set(v, n);
  }
}

function afterNative(c: Ctx, f: NativeFn, args: Value[], r: Value, pos: number): Value {
  if (c.sizeLimits) {
    if (!f.pure) checkGrown(c, args[0], pos);
    if (r !== args[0]) checkSize(c, r, pos);
  }
  c.thisOut = args[0];
  return r;
}

function runHofSync(c: Ctx, gen: Generator<[FnPtr, Value[]], Value, Value>, pos: number): Value {
  let step = gen.next();
  while (!step.done) {
    const [fp, args] = step.value;
    step = gen.next(callFnPtr(c, fp, args, pos, NO_THIS));
  }
  return step.value;
}

async function runHofAsync(
  c: Ctx,
  gen: Generator<[FnPtr, Value[]], Value, Value>,
  pos: number,
): Promise<Value> {
  let step = gen.next();
  while (!step.done) {
    const [fp, args] = step.value;
    step = gen.next(await callFnPtrAsync(c, fp, args, pos, NO_THIS));
  }
  return step.value;
}

function invokeSync(c: Ctx, f: NativeFn, args: Value[], pos: number, byRef: boolean): Value {
  if (!f.pure && !byRef && args.length) args[0] = cloneValue(args[0]);
  c.ops++;
  try {
    let r = f.fn(args, { c, pos, name: f.name });
    if (f.kind === 'hof') r = runHofSync(c, r, pos);
    else if (f.kind === 'async' || r instanceof Promise) {
      if (r instanceof Promise) r.catch(() => undefined);
      throw asyncInSync(f.name, pos);
    }
    return afterNative(c, f, args, r, pos);
  } catch (e) {
    throw fillPos(e, pos);
  }
}

async function invokeAsync(c: Ctx, f: NativeFn, args: Value[], pos: number, byRef: boolean): Promise<Value> {
  if (!f.pure && !byRef && args.length) args[0] = cloneValue(args[0]);
  c.ops++;
  try {
    let r = f.fn(args, { c, pos, name: f.name });
    if (f.kind === 'hof') r = await runHofAsync(c, r, pos);
    else if (r instanceof Promise) r = await awaitHost(c, r, pos);
    return afterNative(c, f, args, r, pos);
  } catch (e) {
    throw fillPos(e, pos);
  }
}

/** Awaits a host promise, racing it against the deadline and the abort signal. */
function awaitHost(c: Ctx, p: Promise<Value>, pos: number): Promise<Value> {
  checkTermination(c, pos);
  if (c.deadline === Number.POSITIVE_INFINITY && !c.signal) return p;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () =>
      finish(() => reject(err('ErrorTerminated', 'Script terminated', pos, { token: 'aborted' })));
    const finish = (f: () => void) => {
      if (timer) clearTimeout(timer);
      c.signal?.removeEventListener('abort', onAbort);
      f();
    };
    if (c.deadline !== Number.POSITIVE_INFINITY) {
      timer = setTimeout(
        () => finish(() => reject(err('ErrorTerminated', 'Script terminated', pos, { token: 'timeout' }))),
        Math.max(0, c.deadline - Date.now()),
      );
    }
    c.signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
    );
  });
}

/** Function-call style call of a native/host function. */
export function callFn(c: Ctx, name: string, args: Value[], pos: number, byRef: boolean): Value {
  const f = resolveNative(c, name, args);
  if (!f) throw notFound(name, args, pos);
  return invokeSync(c, f, args, pos, byRef);
}

export async function callFnAsync(
  c: Ctx,
  name: string,
  args: Value[],
  pos: number,
  byRef: boolean,
): Promise<Value> {
  const f = resolveNative(c, name, args);
  if (!f) throw notFound(name, args, pos);
  return invokeAsync(c, f, args, pos, byRef);
}

function nonPure(name: string, pos: number): RhaiError {
  return err(
    'ErrorNonPureMethodCallOnConstant',
    `Non-pure method '${name}' cannot be called on constant`,
    pos,
    {
      function: name,
    },
  );
}

/** Method-call style: `recv.name(args)`; `recv` is passed by reference. */
export function callMethod(
  c: Ctx,
  name: string,
  recv: Value,
  args: Value[],
  pos: number,
  isConst: boolean,
): Value {
  c.thisOut = recv;
  if (recv instanceof Map) {
    const fp = recv.get(name);
    if (fp instanceof FnPtr) return callFnPtr(c, fp, args, pos, recv);
  }
  if (recv instanceof FnPtr && name === 'call') return callFnPtr(c, recv, args, pos, NO_THIS);
  const all = [recv, ...args];
  const f = resolveNative(c, name, all);
  if (!f) throw notFound(name, all, pos);
  if (!f.pure && isConst) throw nonPure(name, pos);
  const r = invokeSync(c, f, all, pos, true);
  c.thisOut = all[0];
  return r;
}

export async function callMethodAsync(
  c: Ctx,
  name: string,
  recv: Value,
  args: Value[],
  pos: number,
  isConst: boolean,
): Promise<Value> {
  c.thisOut = recv;
  if (recv instanceof Map) {
    const fp = recv.get(name);
    if (fp instanceof FnPtr) return callFnPtrAsync(c, fp, args, pos, recv);
  }
  if (recv instanceof FnPtr && name === 'call') return callFnPtrAsync(c, recv, args, pos, NO_THIS);
  const all = [recv, ...args];
  const f = resolveNative(c, name, all);
  if (!f) throw notFound(name, all, pos);
  if (!f.pure && isConst) throw nonPure(name, pos);
  const r = await invokeAsync(c, f, all, pos, true);
  c.thisOut = all[0];
  return r;
}

function fnPtrTarget(c: Ctx, fp: FnPtr, args: Value[], pos: number): { f: CompiledFn; args: Value[] } | null {
  const all = fp.curry.length ? [...fp.curry, ...args] : args;
  if (fp.fn) {
    if (all.length !== fp.arity) throw notFound(fp.name, all, pos);
    return { f: fp.fn as CompiledFn, args: [...(fp.captures ?? []), ...all.map((a) => own(c, a))] };
  }
  const sf = c.fns[`${fp.name}/${all.length}`];
  if (sf) return { f: sf, args: all.map((a) => own(c, a)) };
  return null;
}

/** Calls a function pointer (closure, script function or native by name). */
export function callFnPtr(c: Ctx, fp: FnPtr, args: Value[], pos: number, self: Value): Value {
  const saved = c.thisOut;
  const t = fnPtrTarget(c, fp, args, pos);
  let r: Value;
  if (t) {
    r = t.f(c, pos, self, ...t.args);
    if (r instanceof Promise) {
      r.catch(() => undefined);
      throw asyncInSync(fp.name, pos);
    }
  } else {
    const all = fp.curry.length ? [...fp.curry, ...args] : args;
    r =
      self === NO_THIS ? callFn(c, fp.name, all, pos, false) : callMethod(c, fp.name, self, all, pos, false);
  }
  if (self === NO_THIS) c.thisOut = saved;
  return r;
}

export async function callFnPtrAsync(
  c: Ctx,
  fp: FnPtr,
  args: Value[],
  pos: number,
  self: Value,
): Promise<Value> {
  const saved = c.thisOut;
  const t = fnPtrTarget(c, fp, args, pos);
  let r: Value;
  if (t) r = await t.f(c, pos, self, ...t.args);
  else {
    const all = fp.curry.length ? [...fp.curry, ...args] : args;
    r =
      self === NO_THIS
        ? await callFnAsync(c, fp.name, all, pos, false)
        : await callMethodAsync(c, fp.name, self, all, pos, false);
  }
  if (self === NO_THIS) c.thisOut = saved;
  return r;
}

export function callModFn(c: Ctx, path: string, name: string, args: Value[], pos: number): Value {
  const m = c.modules.get(path);
  if (!m) throw err('ErrorModuleNotFound', `Module not found: ${path}`, pos, { module: path });
  const f = m.get(name);
  if (typeof f !== 'function')
    throw fnNotFound(`${path}::${name} (${args.map(sigTypeName).join(', ')})`, pos);
  return f(...args);
}

export { I64_MAX };
