/** Array functions, including higher-order ones driven as generators. */
import { err, mismatchError } from '../errors.js';
import { type CallCx, sortCompare, valuesEqual } from '../runtime.js';
import { FnPtr, typeName, type Value } from '../values.js';

import { asFnPtr, def, defHof, defMut, fp, int, own, rangeBounds } from './registry.js';

function startLen(len: number, start: number, count: number): [number, number] {
  if (start < 0) start = Math.max(0, len + start);
  if (start >= len) return [len, 0];
  return [start, Math.max(0, Math.min(count, len - start))];
}

def('len', ['array'], ([a]) => a.length);
def('is_empty', ['array'], ([a]) => a.length === 0);
defMut(['push', '+='], ['array', null], (a) => {
  a[0].push(own(a[1]));
});
defMut(['append', '+='], ['array', 'array'], (a) => {
  for (const x of a[1]) a[0].push(own(x));
});
defMut('insert', ['array', 'i64', null], (a) => {
  const arr = a[0];
  let i = int(a[1]);
  if (i < 0) i = Math.max(0, arr.length + i);
  if (i >= arr.length) arr.push(own(a[2]));
  else arr.splice(i, 0, own(a[2]));
});
defMut('pop', ['array'], (a) => a[0].pop());
defMut('shift', ['array'], (a) => a[0].shift());
defMut('remove', ['array', 'i64'], (a) => {
  const arr = a[0];
  const n = int(a[1]) < 0 ? arr.length + int(a[1]) : int(a[1]);
  if (n < 0 || n >= arr.length) return undefined;
  return arr.splice(n, 1)[0];
});
defMut('clear', ['array'], (a) => {
  a[0].length = 0;
});
defMut('truncate', ['array', 'i64'], (a) => {
  if (int(a[1]) < a[0].length) a[0].length = Math.max(0, int(a[1]));
});
defMut('chop', ['array', 'i64'], (a) => {
  const n = Math.max(0, int(a[1]));
  if (n >= a[0].length) a[0].length = 0;
  else a[0].splice(0, a[0].length - n);
});
defMut('reverse', ['array'], (a) => {
  a[0].reverse();
});
defMut('pad', ['array', 'i64', null], (a, cx) => {
  const n = int(a[1]);
  if (cx.c.maxArr && n > cx.c.maxArr)
    throw err('ErrorDataTooLarge', 'Size of array too large', cx.pos, { type: 'Size of array' });
  while (a[0].length < n) a[0].push(own(a[2]));
});
def('get', ['array', 'i64'], ([a, i]) => {
  const n = int(i) < 0 ? a.length + int(i) : int(i);
  return n >= 0 && n < a.length ? own(a[n]) : undefined;
});
defMut('set', ['array', 'i64', null], (a) => {
  const arr = a[0];
  const n = int(a[1]) < 0 ? arr.length + int(a[1]) : int(a[1]);
  if (n >= 0 && n < arr.length) arr[n] = own(a[2]);
});
def('contains', ['array', null], ([a, x]) => a.some((e: Value) => valuesEqual(e, x)));
def('extract', ['array', 'i64'], ([a, s]) => {
  const [st, n] = startLen(a.length, int(s), a.length);
  return own(a.slice(st, st + n));
});
def('extract', ['array', 'i64', 'i64'], ([a, s, l]) => {
  const [st, n] = startLen(a.length, int(s), int(l));
  return own(a.slice(st, st + n));
});
def('extract', ['array', 'range'], ([a, r]) => {
  const [x, y] = rangeBounds(r, a.length);
  return own(a.slice(x, y));
});
defMut('drain', ['array', 'i64', 'i64'], (a) => {
  const [st, n] = startLen(a[0].length, int(a[1]), int(a[2]));
  return a[0].splice(st, n);
});
defMut('drain', ['array', 'range'], (a) => {
  const [x, y] = rangeBounds(a[1], a[0].length);
  return a[0].splice(x, y - x);
});
defMut('retain', ['array', 'i64', 'i64'], (a) => {
  const [st, n] = startLen(a[0].length, int(a[1]), int(a[2]));
  const kept = a[0].slice(st, st + n);
  const removed = [...a[0].slice(0, st), ...a[0].slice(st + n)];
  a[0].length = 0;
  a[0].push(...kept);
  return removed;
});
defMut('retain', ['array', 'range'], (a) => {
  const [x, y] = rangeBounds(a[1], a[0].length);
  const kept = a[0].slice(x, y);
  const removed = [...a[0].slice(0, x), ...a[0].slice(y)];
  a[0].length = 0;
  a[0].push(...kept);
  return removed;
});
defMut('splice', ['array', 'i64', 'i64', 'array'], (a) => {
  const [st, n] = startLen(a[0].length, int(a[1]), int(a[2]));
  a[0].splice(st, n, ...own(a[3]));
});
defMut('splice', ['array', 'range', 'array'], (a) => {
  const [x, y] = rangeBounds(a[1], a[0].length);
  a[0].splice(x, y - x, ...own(a[2]));
});
def('split', ['array', 'i64'], ([a, i]) => {
  let n = int(i);
  if (n < 0) n = Math.max(0, a.length + n);
  return [own(a.slice(0, n)), own(a.slice(n))];
});
defMut('sort', ['array'], (a, cx) => {
  a[0].sort((x: Value, y: Value) => sortCompare(x, y, cx.pos));
});
defMut('dedup', ['array'], (a) => {
  const arr = a[0];
  const out: Value[] = [];
  for (const x of arr) if (!out.length || !valuesEqual(out[out.length - 1], x)) out.push(x);
  arr.length = 0;
  arr.push(...out);
});
defHof('index_of', ['array', 'Fn'], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++) if (boolResult(yield* callWithIndex(f, a[i], i), cx)) return i;
  return -1;
});
defHof('index_of', ['array', 'Fn', 'i64'], function* ([a, f, s], cx) {
  let st = int(s);
  if (st < 0) st = Math.max(0, a.length + st);
  for (let i = st; i < a.length; i++) if (boolResult(yield* callWithIndex(f, a[i], i), cx)) return i;
  return -1;
});
def('index_of', ['array', null], ([a, x]) =>
  a.findIndex((e: Value) => !(x instanceof FnPtr) && valuesEqual(e, x)),
);
def('index_of', ['array', null, 'i64'], ([a, x, s]) => {
  let st = int(s);
  if (st < 0) st = Math.max(0, a.length + st);
  for (let i = st; i < a.length; i++) if (valuesEqual(a[i], x)) return i;
  return -1;
});

/** Calls `f` with `x` (and the index, when `f` takes two parameters). */
function* callWithIndex(f: FnPtr | string, x: Value, i: number): Generator<[FnPtr, Value[]], Value, Value> {
  const p = asFnPtr(f);
  if (p.fn && p.arity - p.curry.length >= 2) return yield [p, [x, i]];
  return yield [p, [x]];
}
/** Accumulator call: (acc, item) or (acc, item, index) when the closure takes three parameters. */
function* callAcc(
  f: FnPtr | string,
  acc: Value,
  x: Value,
  i: number,
): Generator<[FnPtr, Value[]], Value, Value> {
  const p = asFnPtr(f);
  if (p.fn && p.arity - p.curry.length >= 3) return yield [p, [acc, x, i]];
  return yield [p, [acc, x]];
}
/** Predicates must return `bool` (no truthiness). */
function boolResult(v: Value, cx: CallCx): boolean {
  if (typeof v !== 'boolean') throw mismatchError('bool', typeName(v), cx.pos);
  return v;
}

defHof('map', ['array', fp], function* ([a, f]) {
  const out: Value[] = [];
  for (let i = 0; i < a.length; i++) out.push(yield* callWithIndex(f, a[i], i));
  return out;
});
defHof('filter', ['array', fp], function* ([a, f], cx) {
  const out: Value[] = [];
  for (let i = 0; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), cx)) out.push(own(a[i]));
  return out;
});
defHof('for_each', ['array', fp], function* ([a, f]) {
  for (let i = 0; i < a.length; i++) yield* callWithIndex(f, a[i], i);
  return undefined;
});
defHof('some', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++) if (boolResult(yield* callWithIndex(f, a[i], i), cx)) return true;
  return false;
});
defHof('all', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++) if (!boolResult(yield* callWithIndex(f, a[i], i), cx)) return false;
  return true;
});
defHof('find', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++) if (boolResult(yield* callWithIndex(f, a[i], i), cx)) return own(a[i]);
  return undefined;
});
defHof('find_map', ['array', fp], function* ([a, f]) {
  for (let i = 0; i < a.length; i++) {
    const r = yield* callWithIndex(f, a[i], i);
    if (r !== undefined) return r;
  }
  return undefined;
});
defHof('reduce', ['array', fp], function* ([a, f]) {
  let acc: Value;
  for (let i = 0; i < a.length; i++) acc = yield* callAcc(f, acc, a[i], i);
  return acc;
});
defHof('reduce', ['array', fp, null], function* ([a, f, init]) {
  let acc: Value = own(init);
  for (let i = 0; i < a.length; i++) acc = yield* callAcc(f, acc, a[i], i);
  return acc;
});
defHof('reduce_rev', ['array', fp], function* ([a, f]) {
  let acc: Value;
  for (let i = a.length - 1; i >= 0; i--) acc = yield* callAcc(f, acc, a[i], i);
  return acc;
});
defHof('reduce_rev', ['array', fp, null], function* ([a, f, init]) {
  let acc: Value = own(init);
  for (let i = a.length - 1; i >= 0; i--) acc = yield* callAcc(f, acc, a[i], i);
  return acc;
});
defHof('none', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++) if (boolResult(yield* callWithIndex(f, a[i], i), cx)) return false;
  return true;
});
/** Keeps the elements for which `f` answers `keepWhen`, in place; returns the others. */
function* partitionInPlace(args: Value[], cx: Parameters<typeof boolResult>[1], keepWhen: boolean) {
  const a = args[0] as Value[];
  const kept: Value[] = [];
  const removed: Value[] = [];
  for (let i = 0; i < a.length; i++)
    (boolResult(yield* callWithIndex(args[1] as FnPtr | string, a[i], i), cx) === keepWhen
      ? kept
      : removed
    ).push(a[i]);
  a.length = 0;
  a.push(...kept);
  return removed;
}
defHof('retain', ['array', fp], (args, cx) => partitionInPlace(args, cx, true), false);
defHof('drain', ['array', fp], (args, cx) => partitionInPlace(args, cx, false), false);
defHof(
  'sort',
  ['array', fp],
  function* (args, cx) {
    // merge sort driven by the comparator (which may suspend)
    const a: Value[] = args[0];
    const f: FnPtr | string = args[1];
    let src = a.slice();
    for (let width = 1; width < src.length; width *= 2) {
      const dst: Value[] = [];
      for (let lo = 0; lo < src.length; lo += 2 * width) {
        let i = lo;
        const mid = Math.min(lo + width, src.length);
        let j = mid;
        const hi = Math.min(lo + 2 * width, src.length);
        while (i < mid && j < hi) {
          const r = yield [asFnPtr(f), [src[i], src[j]]];
          if (typeof r !== 'number' && typeof r !== 'bigint') throw mismatchError('i64', typeName(r), cx.pos);
          dst.push(r > 0 ? src[j++] : src[i++]);
        }
        while (i < mid) dst.push(src[i++]);
        while (j < hi) dst.push(src[j++]);
      }
      src = dst;
    }
    a.length = 0;
    a.push(...src);
    return undefined;
  },
  false,
);
defHof(
  'dedup',
  ['array', fp],
  function* (args, cx) {
    const a = args[0];
    const out: Value[] = [];
    for (const x of a)
      if (!out.length || !boolResult(yield [asFnPtr(args[1]), [out[out.length - 1], x]], cx)) out.push(x);
    a.length = 0;
    a.push(...out);
    return undefined;
  },
  false,
);
defHof('zip', ['array', 'array', fp], function* ([a, b, f]) {
  const out: Value[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(yield [asFnPtr(f), [a[i], b[i]]]);
  return out;
});
