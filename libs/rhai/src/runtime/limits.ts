/** Operation, time and size limits; value construction. */
import { type CompiledFn, type Ctx, NO_THIS } from './context.js';
import { dataTooLarge, err, fnNotFound, NO_POS, RhaiError, varNotFound } from '../errors.js';
import { Cell, cloneValue, displayValue, FnPtr, sigTypeName, type Value } from '../values.js';

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
