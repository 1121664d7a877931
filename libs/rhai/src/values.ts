/**
 * Runtime representation of Rhai values.
 *
 * | Rhai      | JavaScript                                                    |
 * |-----------|---------------------------------------------------------------|
 * | `i64`     | `number` (a safe integer) or `bigint` (outside ±2^53-1 only)  |
 * | `f64`     | {@link F64}                                                   |
 * | `string`  | `string`                                                      |
 * | `char`    | {@link RChar}                                                 |
 * | `bool`    | `boolean`                                                     |
 * | `()`      | `undefined`                                                   |
 * | array     | `Value[]`                                                     |
 * | map       | `Map<string, Value>`                                          |
 * | `Fn`      | {@link FnPtr}                                                 |
 * | range     | {@link RRange}                                                |
 */
export type Value = any;

/** A Rhai `f64`. Boxed so that integers can stay plain JS numbers. */
export class F64 {
  constructor(readonly v: number) {}
}

/** A Rhai `char`: one Unicode scalar value. */
export class RChar {
  constructor(readonly c: string) {}
}

const charCache: RChar[] = [];
export function mkChar(c: string): RChar {
  const code = c.charCodeAt(0);
  if (c.length === 1 && code < 256) {
    let r = charCache[code];
    if (r === undefined) charCache[code] = r = new RChar(c);
    return r;
  }
  return new RChar(c);
}

/** A shared variable cell (variables captured by closures). */
export interface Cell {
  v: Value;
}

/** A Rhai function pointer (named function, or closure with captured cells). */
export class FnPtr {
  constructor(
    readonly name: string,
    readonly curry: Value[] = [],
    /** compiled closure body (anonymous functions only) */
    readonly fn?: (...args: Value[]) => Value,
    readonly captures?: Cell[],
    readonly arity = 0,
    readonly isAsync = false,
  ) {}
  get isAnonymous(): boolean {
    return this.name.startsWith('anon$');
  }
  withCurry(extra: Value[]): FnPtr {
    return new FnPtr(this.name, [...this.curry, ...extra], this.fn, this.captures, this.arity, this.isAsync);
  }
}

/** An integer range `a..b` (exclusive) or `a..=b` (inclusive). */
export class RRange {
  constructor(
    readonly start: number | bigint,
    readonly end: number | bigint,
    readonly inclusive: boolean,
  ) {}
}

/** A stepped iterator produced by `range(from, to, step)`. */
export class StepRange {
  constructor(
    readonly from: number | bigint | F64,
    readonly to: number | bigint | F64,
    readonly step: number | bigint | F64,
  ) {}
}

/** `timestamp()` values. */
export class Timestamp {
  constructor(readonly ms: number) {}
}

export const isInt = (v: Value): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
export const isArray = (v: Value): v is Value[] => Array.isArray(v);
export const isMap = (v: Value): v is Map<string, Value> => v instanceof Map;

/** Rhai's `type_of()` name of a value. */
export function typeName(v: Value): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'i64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return '()';
  }
  if (v instanceof F64) return 'f64';
  if (v instanceof RChar) return 'char';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'map';
  if (v instanceof FnPtr) return 'Fn';
  if (v instanceof RRange) return v.inclusive ? 'range=' : 'range';
  if (v instanceof StepRange) return 'StepRange';
  if (v instanceof Timestamp) return 'timestamp';
  return 'unknown';
}

/** Type name as used in "Function not found" signatures. */
export function sigTypeName(v: Value): string {
  return typeof v === 'string' ? '&str | ImmutableString | String' : typeName(v);
}

/** Deep copy of arrays and maps (Rhai's value semantics); other values are immutable. */
export function cloneValue(v: Value): Value {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const e = v[i];
      out[i] =
        typeof e === 'object' && e !== null && (Array.isArray(e) || e instanceof Map) ? cloneValue(e) : e;
    }
    return out;
  }
  if (v instanceof Map) {
    const out = new Map<string, Value>();
    for (const [k, e] of v) out.set(k, cloneValue(e));
    return out;
  }
  return v;
}

/** Number of Unicode scalar values in a string. */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n--;
      i++;
    }
  }
  return n;
}

/** True when the string has no surrogate pairs (UTF-16 index == char index). */
export function isSimpleString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

export function toChars(s: string): string[] {
  return isSimpleString(s) ? s.split('') : Array.from(s);
}

const MAX_NATURAL = 1e13;
const MIN_NATURAL = 1e-13;

function plainDecimal(x: number): string {
  // Shortest round-trip digits without exponent notation.
  const s = String(x);
  if (!/e/i.test(s)) return s;
  const neg = x < 0;
  const [mant, expS] = String(Math.abs(x)).split('e');
  const exp = Number(expS);
  const [ip, fp = ''] = mant.split('.');
  const digits = ip + fp;
  let pointPos = ip.length + exp;
  let out: string;
  if (pointPos <= 0) out = `0.${'0'.repeat(-pointPos)}${digits}`;
  else if (pointPos >= digits.length) out = digits + '0'.repeat(pointPos - digits.length);
  else out = `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
  pointPos = 0;
  return (neg ? '-' : '') + out;
}

function expNotation(x: number): string {
  // Rust's `{:e}`: shortest mantissa, exponent without '+' or padding.
  const s = x.toExponential();
  const [m, e] = s.split('e');
  return `${m}e${Number(e)}`;
}

/** Rhai's Display of an f64. */
export function floatToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  const abs = Math.abs(x);
  if (abs === 0) return '0.0';
  if (abs > MAX_NATURAL || abs < MIN_NATURAL) return expNotation(x);
  const s = plainDecimal(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** Rhai's Debug of an f64 (Rust `{:?}`: exponent form below 1e-4 and from 1e16). */
export function floatToDebug(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  const abs = Math.abs(x);
  if (abs === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (abs >= 1e16 || abs < 1e-4) return expNotation(x);
  const s = plainDecimal(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/** Rust `{:?}` escaping for strings. */
export function debugString(s: string, quote = '"'): string {
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\0') out += '\\0';
    else if (c < 0x20 || c === 0x7f) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + quote;
}

function sortedKeys(m: Map<string, Value>): string[] {
  return [...m.keys()].sort(compareStrings);
}

/** Byte-wise (UTF-8 / code point) string ordering, as Rust's `str::cmp`. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (isSimpleString(a) && isSimpleString(b)) return a < b ? -1 : 1;
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i].codePointAt(0)!;
    const y = cb[i].codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

export function fnPtrToString(f: FnPtr): string {
  if (f.curry.length === 0) return `Fn(${f.name})`;
  return `Fn(${f.name}, ${debugValue(f.curry)})`;
}

/** Rhai's Display (`to_string`, `print`, string interpolation). */
export function displayValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    case 'undefined':
      return '';
  }
  if (v instanceof F64) return floatToString(v.v);
  if (v instanceof RChar) return v.c;
  return debugValue(v);
}

/** Rhai's Debug format (`debug`, `to_debug`, elements inside containers). */
export function debugValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return debugString(v);
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    case 'undefined':
      return '()';
  }
  if (v instanceof F64) return floatToDebug(v.v);
  if (v instanceof RChar) return debugString(v.c, "'");
  if (Array.isArray(v)) return `[${v.map(debugValue).join(', ')}]`;
  if (v instanceof Map) {
    return `#{${sortedKeys(v)
      .map((k) => `${debugString(k)}: ${debugValue(v.get(k))}`)
      .join(', ')}}`;
  }
  if (v instanceof FnPtr) return fnPtrToString(v);
  if (v instanceof RRange) return `${v.start}..${v.inclusive ? '=' : ''}${v.end}`;
  if (v instanceof StepRange)
    return `StepRange(${debugValue(v.from)}..${debugValue(v.to)}, ${debugValue(v.step)})`;
  if (v instanceof Timestamp) return '<timestamp>';
  return String(v);
}

export { sortedKeys };
