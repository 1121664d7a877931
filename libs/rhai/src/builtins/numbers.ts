/** Number and range functions. */
import { arithError, err } from '../errors.js';
import { iabs, type Int, intFromNumber, parseIntLiteral, toBig } from '../int.js';
import { type CallCx, contains, roundHalfAway } from '../runtime.js';
import { displayValue, F64, RRange, StepRange } from '../values.js';

import { def, f, int } from './registry.js';

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
  ['log10', Math.log10],
  ['asinh', Math.asinh],
  ['acosh', Math.acosh],
  ['atanh', Math.atanh],
  ['to_degrees', (x: number) => (x * 180) / Math.PI],
  ['to_radians', (x: number) => (x * Math.PI) / 180],
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
  // f64 only: Rhai does not convert integers implicitly (`9.sqrt()` is "Function not found")
  def(name, ['f64'], ([x]) => new F64(fn(x.v)));
}
def('log', ['f64', 'f64'], ([x, b]) => new F64(Math.log(x.v) / Math.log(b.v)));
def('atan', ['f64', 'f64'], ([y, x]) => new F64(Math.atan2(y.v, x.v)));
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

def('contains', ['range', 'i64'], ([r, x]) => contains(r, x, 0));
def('start', ['range'], ([r]) => r.start);
def('end', ['range'], ([r]) => r.end);
def('is_inclusive', ['range'], ([r]) => r.inclusive);
def('is_exclusive', ['range'], ([r]) => !r.inclusive);
def('is_empty', ['range'], ([r]) => (r.inclusive ? r.start > r.end : r.start >= r.end));
def('len', ['range'], ([r]) => {
  const n = toBig(r.end) - toBig(r.start) + (r.inclusive ? 1n : 0n);
  return n < 0n ? 0 : Number(n);
});
