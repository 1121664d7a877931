import { type CallCx, type NativeFn } from '../runtime.js';
import { cloneValue, F64, FnPtr, RRange, type Value } from '../values.js';

export type Impl = (args: Value[], cx: CallCx) => Value;
export type Hof = (args: Value[], cx: CallCx) => Generator<[FnPtr, Value[]], Value, Value>;

export const lib = new Map<string, NativeFn[]>();

export function def(name: string | string[], types: (string | null)[], fn: Impl, pure = true): void {
  for (const n of Array.isArray(name) ? name : [name]) {
    const entry: NativeFn = { name: n, arity: types.length, types, pure, kind: 'plain', fn };
    const list = lib.get(n);
    if (list) list.push(entry);
    else lib.set(n, [entry]);
  }
}
export function defMut(name: string | string[], types: (string | null)[], fn: Impl): void {
  def(name, types, fn, false);
}
export function defHof(name: string, types: (string | null)[], fn: Hof, pure = true): void {
  const entry: NativeFn = { name, arity: types.length, types, pure, kind: 'hof', fn: fn as Impl };
  const list = lib.get(name);
  if (list) list.push(entry);
  else lib.set(name, [entry]);
}
export function defVariadic(
  name: string,
  minTypes: (string | null)[],
  fn: Impl,
  kind: 'plain' | 'hof' = 'plain',
): void {
  const entry: NativeFn = { name, arity: -1, types: minTypes, pure: true, kind, fn };
  const list = lib.get(name);
  if (list) list.push(entry);
  else lib.set(name, [entry]);
}

export const int = (v: Value): number => Number(v);
export const f = (v: Value): number => (v instanceof F64 ? v.v : Number(v));
export const own = cloneValue;

/** HOF callback parameter: a function pointer or a function name. */
export const fp = 'fnref';

export function asFnPtr(f: FnPtr | string): FnPtr {
  return typeof f === 'string' ? new FnPtr(f) : f;
}

/** Start/end char or element indices of a range, clamped to `len`. */
export function rangeBounds(r: RRange, len: number): [number, number] {
  let s = Number(r.start);
  let e = Number(r.end) + (r.inclusive ? 1 : 0);
  if (s < 0) s = 0;
  if (e > len) e = len;
  return [s, Math.max(s, e)];
}
