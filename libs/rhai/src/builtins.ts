/** Rhai's standard library subset: string, array, map, number, function-pointer functions. */
import { arithError, err, mismatchError } from './errors.js';
import { iabs, type Int, intFromNumber, parseIntLiteral, toBig } from './int.js';
import {
  type CallCx,
  callFnPtr,
  checkString,
  contains,
  feq,
  type NativeFn,
  roundHalfAway,
  sortCompare,
  valuesEqual,
} from './runtime.js';
import {
  charLength,
  cloneValue,
  debugValue,
  displayValue,
  F64,
  FnPtr,
  isSimpleString,
  mkChar,
  RChar,
  RRange,
  sortedKeys,
  StepRange,
  Timestamp,
  toChars,
  typeName,
  type Value,
} from './values.js';

type Impl = (args: Value[], cx: CallCx) => Value;
type Hof = (args: Value[], cx: CallCx) => Generator<[FnPtr, Value[]], Value, Value>;

const lib = new Map<string, NativeFn[]>();

function def(name: string | string[], types: (string | null)[], fn: Impl, pure = true): void {
  for (const n of Array.isArray(name) ? name : [name]) {
    const entry: NativeFn = { name: n, arity: types.length, types, pure, kind: 'plain', fn };
    const list = lib.get(n);
    if (list) list.push(entry);
    else lib.set(n, [entry]);
  }
}
function defMut(name: string | string[], types: (string | null)[], fn: Impl): void {
  def(name, types, fn, false);
}
function defHof(name: string, types: (string | null)[], fn: Hof, pure = true): void {
  const entry: NativeFn = { name, arity: types.length, types, pure, kind: 'hof', fn: fn as Impl };
  const list = lib.get(name);
  if (list) list.push(entry);
  else lib.set(name, [entry]);
}
function defVariadic(
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

const int = (v: Value): number => Number(v);
const f = (v: Value): number => (v instanceof F64 ? v.v : Number(v));
const own = cloneValue;

// ------------------------------------------------------------------ core

def('type_of', [null], ([v]) => typeName(v));
def(['to_string', 'to_debug'].slice(0, 1), [null], ([v]) => displayValue(v));
def('to_debug', [null], ([v]) => debugValue(v));
def('print', [null], ([v], cx) => {
  cx.c.onPrint(displayValue(v));
});
def('debug', [null], ([v], cx) => {
  cx.c.onDebug(debugValue(v));
});
def('is_shared', [null], () => false);
def('is_def_fn', ['string', 'i64'], ([n, a], cx) => Object.hasOwn(cx.c.fns, `${n}/${a}`));
def('Fn', ['string'], ([name], cx) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !/[A-Za-z]/.test(name))
    throw err('ErrorFunctionNotFound', `Function not found: ${name}`, cx.pos, { function: name });
  return new FnPtr(name);
});
defVariadic('curry', ['Fn'], ([fp, ...rest]) => (fp as FnPtr).withCurry(rest.map(own)));
defVariadic(
  'call',
  ['Fn'],
  function* ([fp, ...rest]: Value[]): Generator<[FnPtr, Value[]], Value, Value> {
    return yield [fp as FnPtr, rest];
  } as unknown as Impl,
  'hof',
);
def('timestamp', [], () => new Timestamp(Date.now()));
def('sleep', ['num'], () => undefined);

// ------------------------------------------------------------------ numbers

def('abs', ['i64'], ([x]) => iabs(x));
def('abs', ['f64'], ([x]) => new F64(Math.abs(x.v)));
def('sign', ['i64'], ([x]) => (x > 0 ? 1 : x < 0 ? -1 : 0));
def('sign', ['f64'], ([x]) => (Number.isNaN(x.v) ? 0 : x.v > 0 ? 1 : x.v < 0 ? -1 : 0));
def('is_zero', ['i64'], ([x]) => x === 0);
def('is_zero', ['f64'], ([x]) => x.v === 0);
def('is_odd', ['i64'], ([x]) => (typeof x === 'bigint' ? x % 2n !== 0n : x % 2 !== 0));
def('is_even', ['i64'], ([x]) => (typeof x === 'bigint' ? x % 2n === 0n : x % 2 === 0));
// biome-ignore lint/complexity/useMathMinMax: i64 may be a bigint
def('max', ['i64', 'i64'], ([a, b]) => (a >= b ? a : b));
// biome-ignore lint/complexity/useMathMinMax: i64 may be a bigint
def('min', ['i64', 'i64'], ([a, b]) => (a <= b ? a : b));
def('max', ['num', 'num'], ([a, b]) => new F64(Math.max(f(a), f(b))));
def('min', ['num', 'num'], ([a, b]) => new F64(Math.min(f(a), f(b))));
def('to_float', ['i64'], ([x]) => new F64(Number(x)));
def('to_float', ['f64'], ([x]) => x);
def('to_int', ['i64'], ([x]) => x);
def('to_int', ['f64'], ([x], cx) => {
  const t = Math.trunc(x.v);
  if (!Number.isFinite(t) || t >= 2 ** 63 || t < -(2 ** 63))
    throw arithError(`Integer overflow: to_int(${displayValue(x)})`, cx.pos);
  return intFromNumber(t);
});
def('to_char', ['i64'], ([x], cx) => {
  const n = Number(x);
  if (n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff))
    throw arithError(`Integer overflow: to_char(${x})`, cx.pos);
  return mkChar(String.fromCodePoint(n));
});
def('to_int', ['char'], ([c]) => c.c.codePointAt(0));
for (const [name, fn] of [
  ['floor', Math.floor],
  ['ceiling', Math.ceil],
  ['round', roundHalfAway],
  ['int', Math.trunc],
  ['fraction', (x: number) => x - Math.trunc(x)],
  ['sqrt', Math.sqrt],
  ['exp', Math.exp],
  ['ln', Math.log],
  ['log', Math.log10],
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['atan', Math.atan],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
] as [string, (x: number) => number][]) {
  def(name, ['f64'], ([x]) => new F64(fn(x.v)));
  if (!['floor', 'ceiling', 'round', 'int', 'fraction'].includes(name))
    def(name, ['i64'], ([x]) => new F64(fn(Number(x))));
}
def('log', ['num', 'num'], ([x, b]) => new F64(Math.log(f(x)) / Math.log(f(b))));
def('atan', ['num', 'num'], ([y, x]) => new F64(Math.atan2(f(y), f(x))));
def('hypot', ['num', 'num'], ([x, y]) => new F64(Math.hypot(f(x), f(y))));
def('is_nan', ['f64'], ([x]) => Number.isNaN(x.v));
def('is_finite', ['f64'], ([x]) => Number.isFinite(x.v));
def('is_infinite', ['f64'], ([x]) => Math.abs(x.v) === Number.POSITIVE_INFINITY);
def('PI', [], () => new F64(Math.PI));
def('E', [], () => new F64(Math.E));
def('parse_int', ['string'], ([s], cx) => parseIntChecked(s, 10, cx));
def('parse_int', ['string', 'i64'], ([s, r], cx) => parseIntChecked(s, int(r), cx));
def('parse_float', ['string'], ([s], cx) => {
  const t = s.trim();
  const v = /^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|NaN)$/i.test(t)
    ? Number(t.replace(/inf(inity)?/i, 'Infinity'))
    : Number.NaN;
  if (Number.isNaN(v) && !/^[+-]?nan$/i.test(t))
    throw err('ErrorArithmetic', `Error parsing floating-point number '${s}': invalid float literal`, cx.pos);
  return new F64(v);
});
def(['to_binary', 'to_octal', 'to_hex'].slice(0, 0), [], () => undefined);
def('to_hex', ['i64'], ([x]) => BigInt.asUintN(64, toBig(x)).toString(16));
def('to_octal', ['i64'], ([x]) => BigInt.asUintN(64, toBig(x)).toString(8));
def('to_binary', ['i64'], ([x]) => BigInt.asUintN(64, toBig(x)).toString(2));
def('range', ['i64', 'i64'], ([a, b]) => new RRange(a, b, false));
def('range', ['i64', 'i64', 'i64'], ([a, b, s], cx) => {
  if (s === 0) throw arithError('step value cannot be zero', cx.pos);
  return new StepRange(a, b, s);
});
def('range', ['num', 'num', 'num'], ([a, b, s], cx) => {
  if (f(s) === 0) throw arithError('step value cannot be zero', cx.pos);
  return new StepRange(new F64(f(a)), new F64(f(b)), new F64(f(s)));
});

function parseIntChecked(s: string, radix: number, cx: CallCx): Int {
  if (radix < 2 || radix > 36) throw arithError(`Invalid radix: '${radix}'`, cx.pos);
  const t = s.trim();
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  const m = /^([+-]?)(.+)$/.exec(t);
  if (m && [...m[2].toLowerCase()].every((ch) => digits.includes(ch))) {
    let big = 0n;
    for (const ch of m[2].toLowerCase()) big = big * BigInt(radix) + BigInt(digits.indexOf(ch));
    if (m[1] === '-') big = -big;
    const v = parseIntLiteral(big.toString());
    if (v !== null) return v;
  }
  throw err('ErrorArithmetic', `Error parsing integer number '${s}': invalid digit found in string`, cx.pos);
}

// ------------------------------------------------------------------ ranges

def('contains', ['range', 'i64'], ([r, x]) => contains(null as never, r, x, 0));
def('start', ['range'], ([r]) => r.start);
def('end', ['range'], ([r]) => r.end);
def('is_inclusive', ['range'], ([r]) => r.inclusive);
def('is_exclusive', ['range'], ([r]) => !r.inclusive);
def('is_empty', ['range'], ([r]) => (r.inclusive ? r.start > r.end : r.start >= r.end));
def('len', ['range'], ([r]) => {
  const n = toBig(r.end) - toBig(r.start) + (r.inclusive ? 1n : 0n);
  return n < 0n ? 0 : Number(n);
});

// ------------------------------------------------------------------ strings

const chars = toChars;
function clampRange(len: number, start: number, count: number): [number, number] {
  if (start < 0) start = Math.max(0, len + start);
  if (start >= len || count <= 0) return [len, len];
  return [start, Math.min(len, start + count)];
}
function rangeBounds(r: RRange, len: number): [number, number] {
  let s = Number(r.start);
  let e = Number(r.end) + (r.inclusive ? 1 : 0);
  if (s < 0) s = 0;
  if (e > len) e = len;
  return [s, Math.max(s, e)];
}

def('len', ['string'], ([s]) => charLength(s));
def('is_empty', ['string'], ([s]) => s.length === 0);
def('bytes', ['string'], ([s]) => Buffer.byteLength(s));
def('chars', ['string'], ([s]) => chars(s).map(mkChar));
def('to_chars', ['string'], ([s]) => chars(s).map(mkChar));
def('to_string', ['string'], ([s]) => s);
def('contains', ['string', 'str|char'], ([s, x]) => s.includes(x instanceof RChar ? x.c : x));
def('starts_with', ['string', 'string'], ([s, x]) => s.startsWith(x));
def('ends_with', ['string', 'string'], ([s, x]) => s.endsWith(x));
function indexOf(s: string, x: Value, start: number): number {
  const needle = x instanceof RChar ? x.c : x;
  const cs = chars(s);
  if (start < 0) start = Math.max(0, cs.length + start);
  if (start >= cs.length) return -1;
  if (isSimpleString(s)) return s.indexOf(needle, start);
  const prefix = cs.slice(0, start).join('');
  const i = s.indexOf(needle, prefix.length);
  return i < 0 ? -1 : charLength(s.slice(0, i));
}
def('index_of', ['string', 'str|char'], ([s, x]) => indexOf(s, x, 0));
def('index_of', ['string', 'str|char', 'i64'], ([s, x, st]) => indexOf(s, x, int(st)));
def('sub_string', ['string', 'i64', 'i64'], ([s, st, n]) => {
  const cs = chars(s);
  const [a, b] = clampRange(cs.length, int(st), int(n));
  return cs.slice(a, b).join('');
});
def('sub_string', ['string', 'i64'], ([s, st]) => {
  const cs = chars(s);
  const [a, b] = clampRange(cs.length, int(st), cs.length);
  return cs.slice(a, b).join('');
});
def('sub_string', ['string', 'range'], ([s, r]) => {
  const cs = chars(s);
  const [a, b] = rangeBounds(r, cs.length);
  return cs.slice(a, b).join('');
});
def('get', ['string', 'i64'], ([s, i]) => {
  const cs = chars(s);
  const n = int(i) < 0 ? cs.length + int(i) : int(i);
  return n >= 0 && n < cs.length ? mkChar(cs[n]) : undefined;
});
defMut('crop', ['string', 'i64', 'i64'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = clampRange(cs.length, int(a[1]), int(a[2]));
  a[0] = cs.slice(x, y).join('');
});
defMut('crop', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = clampRange(cs.length, int(a[1]), cs.length);
  a[0] = cs.slice(x, y).join('');
});
defMut('crop', ['string', 'range'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = rangeBounds(a[1], cs.length);
  a[0] = cs.slice(x, y).join('');
});
defMut('trim', ['string'], (a) => {
  a[0] = a[0].trim();
});
defMut('make_upper', ['string'], (a) => {
  a[0] = a[0].toUpperCase();
});
defMut('make_lower', ['string'], (a) => {
  a[0] = a[0].toLowerCase();
});
def('to_upper', ['string'], ([s]) => s.toUpperCase());
def('to_lower', ['string'], ([s]) => s.toLowerCase());
def('to_upper', ['char'], ([c]) => mkChar(c.c.toUpperCase().length === 1 ? c.c.toUpperCase() : c.c));
def('to_lower', ['char'], ([c]) => mkChar(c.c.toLowerCase().length === 1 ? c.c.toLowerCase() : c.c));
defMut('make_upper', ['char'], (a) => {
  const u = a[0].c.toUpperCase();
  a[0] = mkChar(u.length === 1 ? u : a[0].c);
});
defMut('make_lower', ['char'], (a) => {
  const u = a[0].c.toLowerCase();
  a[0] = mkChar(u.length === 1 ? u : a[0].c);
});
defMut('replace', ['string', 'str|char', 'str|char'], (a, cx) => {
  const find = a[1] instanceof RChar ? a[1].c : a[1];
  const sub = a[2] instanceof RChar ? a[2].c : a[2];
  a[0] = checkString(cx.c, find === '' ? a[0] : a[0].split(find).join(sub), cx.pos);
});
defMut('remove', ['string', 'str|char'], (a) => {
  const find = a[1] instanceof RChar ? a[1].c : a[1];
  if (find !== '') a[0] = a[0].split(find).join('');
});
defMut('clear', ['string'], (a) => {
  a[0] = '';
});
defMut('truncate', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  if (int(a[1]) < cs.length) a[0] = cs.slice(0, Math.max(0, int(a[1]))).join('');
});
defMut('pop', ['string'], (a) => {
  const cs = chars(a[0]);
  if (!cs.length) return undefined;
  const last = cs.pop()!;
  a[0] = cs.join('');
  return mkChar(last);
});
defMut('pop', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  const n = Math.max(0, Math.min(cs.length, int(a[1])));
  const tail = cs.splice(cs.length - n, n).join('');
  a[0] = cs.join('');
  return tail;
});
defMut(['append', '+='], ['string', null], (a, cx) => {
  a[0] = checkString(cx.c, a[0] + displayValue(a[1]), cx.pos);
});
defMut('pad', ['string', 'i64', 'str|char'], (a, cx) => {
  const pad = a[2] instanceof RChar ? a[2].c : a[2];
  let s: string = a[0];
  let len = charLength(s);
  if (pad === '') return;
  while (len < int(a[1])) {
    s += pad;
    len += charLength(pad);
    checkString(cx.c, s, cx.pos);
  }
  if (len > int(a[1]) && int(a[1]) >= charLength(a[0])) s = chars(s).slice(0, int(a[1])).join('');
  a[0] = s;
});
def('split', ['string', 'str|char'], ([s, sep]) => s.split(sep instanceof RChar ? sep.c : sep));
def('split', ['string', 'str|char', 'i64'], ([s, sep, n]) => {
  const d = sep instanceof RChar ? sep.c : sep;
  const parts = s.split(d);
  const k = Math.max(1, int(n));
  if (parts.length <= k) return parts;
  return [...parts.slice(0, k - 1), parts.slice(k - 1).join(d)];
});
def('split', ['string', 'i64'], ([s, i]) => {
  const cs = chars(s);
  let n = int(i);
  if (n < 0) n = Math.max(0, cs.length + n);
  n = Math.min(n, cs.length);
  return [cs.slice(0, n).join(''), cs.slice(n).join('')];
});
def('split', ['string'], ([s]) => s.split(/\s+/).filter((x: string) => x !== ''));
def('split_rev', ['string', 'str|char'], ([s, sep]) => s.split(sep instanceof RChar ? sep.c : sep).reverse());
def('trim_start', ['string'], ([s]) => s.trimStart());
def('trim_end', ['string'], ([s]) => s.trimEnd());
def('is_empty', ['char'], () => false);

// ------------------------------------------------------------------ arrays

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
defMut('extend', ['array', 'array'], (a) => {
  for (const x of a[1]) a[0].push(own(x));
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
def('concat', ['array', 'array'], ([a, b]) => [...own(a), ...own(b)]);
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
  for (let i = 0; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), 'index_of', cx)) return i;
  return -1;
});
defHof('index_of', ['array', 'Fn', 'i64'], function* ([a, f, s], cx) {
  let st = int(s);
  if (st < 0) st = Math.max(0, a.length + st);
  for (let i = st; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), 'index_of', cx)) return i;
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

/** HOF callback parameter: a function pointer or a function name. */
const fp = 'fnref';
/** Calls `f` with `x` (and the index, when `f` takes two parameters). */
function* callWithIndex(f: FnPtr | string, x: Value, i: number): Generator<[FnPtr, Value[]], Value, Value> {
  const p = asFnPtr(f);
  if (p.fn && p.arity - p.curry.length >= 2) return yield [p, [x, i]];
  return yield [p, [x]];
}
function asFnPtr(f: FnPtr | string): FnPtr {
  return typeof f === 'string' ? new FnPtr(f) : f;
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
function boolResult(v: Value, name: string, cx: CallCx): boolean {
  if (typeof v !== 'boolean') throw mismatchError('bool', typeName(v), cx.pos);
  void name;
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
    if (boolResult(yield* callWithIndex(f, a[i], i), 'filter', cx)) out.push(own(a[i]));
  return out;
});
defHof('for_each', ['array', fp], function* ([a, f]) {
  for (let i = 0; i < a.length; i++) yield* callWithIndex(f, a[i], i);
  return undefined;
});
defHof('some', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), 'some', cx)) return true;
  return false;
});
defHof('all', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++)
    if (!boolResult(yield* callWithIndex(f, a[i], i), 'all', cx)) return false;
  return true;
});
defHof('find', ['array', fp], function* ([a, f], cx) {
  for (let i = 0; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), 'find', cx)) return own(a[i]);
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
  for (let i = 0; i < a.length; i++)
    if (boolResult(yield* callWithIndex(f, a[i], i), 'none', cx)) return false;
  return true;
});
defHof(
  'retain',
  ['array', fp],
  function* (args, cx) {
    const a = args[0];
    const kept: Value[] = [];
    const removed: Value[] = [];
    for (let i = 0; i < a.length; i++)
      (boolResult(yield* callWithIndex(args[1], a[i], i), 'retain', cx) ? kept : removed).push(a[i]);
    a.length = 0;
    a.push(...kept);
    return removed;
  },
  false,
);
defHof(
  'drain',
  ['array', fp],
  function* (args, cx) {
    const a = args[0];
    const kept: Value[] = [];
    const removed: Value[] = [];
    for (let i = 0; i < a.length; i++)
      (boolResult(yield* callWithIndex(args[1], a[i], i), 'drain', cx) ? removed : kept).push(a[i]);
    a.length = 0;
    a.push(...kept);
    return removed;
  },
  false,
);
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
      if (!out.length || !boolResult(yield [asFnPtr(args[1]), [out[out.length - 1], x]], 'dedup', cx))
        out.push(x);
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

// ------------------------------------------------------------------ maps

def('len', ['map'], ([m]) => m.size);
def('is_empty', ['map'], ([m]) => m.size === 0);
def('contains', ['map', 'str|char'], ([m, k]) => m.has(k instanceof RChar ? k.c : k));
def('keys', ['map'], ([m]) => sortedKeys(m));
def('values', ['map'], ([m]) => sortedKeys(m).map((k) => own(m.get(k))));
def('get', ['map', 'string'], ([m, k]) => own(m.get(k)));
defMut('set', ['map', 'string', null], (a) => {
  a[0].set(a[1], own(a[2]));
});
defMut('remove', ['map', 'string'], (a) => {
  const v = a[0].get(a[1]);
  a[0].delete(a[1]);
  return v;
});
defMut('clear', ['map'], (a) => {
  a[0].clear();
});
defMut(['mixin', '+='], ['map', 'map'], (a) => {
  for (const [k, v] of a[1]) a[0].set(k, own(v));
});
defMut('fill_with', ['map', 'map'], (a) => {
  for (const [k, v] of a[1]) if (!a[0].has(k)) a[0].set(k, own(v));
});
defHof('filter', ['map', fp], function* ([m, f]) {
  const out = new Map<string, Value>();
  for (const k of sortedKeys(m)) if (yield [asFnPtr(f), [k, m.get(k)]]) out.set(k, own(m.get(k)));
  return out;
});
defHof(
  'retain',
  ['map', fp],
  function* (args) {
    const m: Map<string, Value> = args[0];
    const removed = new Map<string, Value>();
    for (const k of sortedKeys(m)) {
      if (!(yield [asFnPtr(args[1]), [k, m.get(k)]])) {
        removed.set(k, m.get(k));
        m.delete(k);
      }
    }
    return removed;
  },
  false,
);
defHof(
  'drain',
  ['map', fp],
  function* (args) {
    const m: Map<string, Value> = args[0];
    const removed = new Map<string, Value>();
    for (const k of sortedKeys(m)) {
      if (yield [asFnPtr(args[1]), [k, m.get(k)]]) {
        removed.set(k, m.get(k));
        m.delete(k);
      }
    }
    return removed;
  },
  false,
);
def('to_json', ['map'], ([m]) => toJson(m));

function toJson(v: Value): string {
  if (v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof F64) return Number.isFinite(v.v) ? displayValue(v) : 'null';
  if (v instanceof RChar) return JSON.stringify(v.c);
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v instanceof Map)
    return `{${sortedKeys(v)
      .map((k) => `${JSON.stringify(k)}:${toJson(v.get(k))}`)
      .join(',')}}`;
  return JSON.stringify(displayValue(v));
}

// ------------------------------------------------------------------ function pointers

def('name', ['Fn'], ([p]) => p.name);
def('is_anonymous', ['Fn'], ([p]) => p.isAnonymous);

// `==`/`!=` as callable functions (e.g. via Fn("=="))
def('==', [null, null], ([a, b]) => valuesEqual(a, b));
def('!=', [null, null], ([a, b]) => !valuesEqual(a, b));

/** The built-in function table (shared, read-only). */
export const BUILTINS: ReadonlyMap<string, NativeFn[]> = lib;

export { callFnPtr, feq };
