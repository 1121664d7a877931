/** Conversions between Rhai values, plain JavaScript values and the DESIGN §7 JSON encoding. */
import { intFromNumber, normBig } from './int.js';
import {
  compareStrings,
  debugValue,
  F64,
  FnPtr,
  mkChar,
  RChar,
  RRange,
  StepRange,
  Timestamp,
  type Value,
} from './values.js';

/** JSON-compatible encoding (i64 outside ±2^53 stays a `bigint`; use {@link stringifyEncoded}). */
export type Encoded = null | boolean | number | bigint | string | Encoded[] | { [k: string]: Encoded };

/**
 * DESIGN §7 value encoding: i64 → integer, f64 → `{"f64": x}`, char → `{"char": "c"}`, `()` → null,
 * arrays → arrays, maps → objects with sorted keys. Non-finite floats encode as
 * `{"f64": "NaN" | "inf" | "-inf"}`; function pointers, ranges and timestamps as their debug text.
 */
export function encodeValue(v: Value): Encoded {
  switch (typeof v) {
    case 'number':
    case 'bigint':
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return null;
  }
  if (v instanceof F64) {
    if (Number.isNaN(v.v)) return { f64: 'NaN' };
    if (!Number.isFinite(v.v)) return { f64: v.v > 0 ? 'inf' : '-inf' };
    return { f64: Object.is(v.v, -0) ? 0 : v.v };
  }
  if (v instanceof RChar) return { char: v.c };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v instanceof Map) {
    const out: { [k: string]: Encoded } = {};
    for (const k of [...v.keys()].sort(compareStrings)) out[k] = encodeValue(v.get(k));
    return out;
  }
  return debugValue(v);
}

/** Serialises an {@link Encoded} value as JSON (bigints as plain integer literals). */
export function stringifyEncoded(x: Encoded): string {
  if (x === null) return 'null';
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') return Number.isFinite(x) ? JSON.stringify(x) : 'null';
  if (typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(stringifyEncoded).join(',')}]`;
  return `{${Object.entries(x)
    .map(([k, v]) => `${JSON.stringify(k)}:${stringifyEncoded(v)}`)
    .join(',')}}`;
}

/**
 * Converts a Rhai value to plain JavaScript: i64 → number (bigint outside ±2^53), f64 → number,
 * char → string, `()` → null, arrays → arrays, maps → plain objects, ranges → `{start, end, inclusive}`,
 * function pointers → their name.
 */
export function toJs(v: Value): unknown {
  switch (typeof v) {
    case 'number':
    case 'bigint':
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return null;
  }
  if (v instanceof F64) return v.v;
  if (v instanceof RChar) return v.c;
  if (Array.isArray(v)) return v.map(toJs);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[k] = toJs(x);
    return o;
  }
  if (v instanceof RRange) return { start: v.start, end: v.end, inclusive: v.inclusive };
  if (v instanceof FnPtr) return v.name;
  if (v instanceof Timestamp) return new Date(v.ms);
  return debugValue(v);
}

/**
 * Converts a JavaScript value to a Rhai value: integral numbers and bigints → i64 (bigints outside
 * the i64 range throw), other numbers → f64, strings → strings, null/undefined → `()`, arrays →
 * arrays, plain objects and `Map`s → object maps, Dates → timestamps. Rhai values pass through.
 */
export function fromJs(v: unknown): Value {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? intFromNumber(v) : new F64(v);
    case 'bigint': {
      const r = normBig(v);
      if (r === null) throw new RangeError(`${v} is outside the i64 range`);
      return r;
    }
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return undefined;
    case 'function':
      throw new TypeError('functions cannot be converted to Rhai values');
  }
  if (v === null) return undefined;
  if (
    v instanceof F64 ||
    v instanceof RChar ||
    v instanceof FnPtr ||
    v instanceof RRange ||
    v instanceof StepRange
  )
    return v;
  if (v instanceof Timestamp) return v;
  if (v instanceof Date) return new Timestamp(v.getTime());
  if (Array.isArray(v)) return v.map(fromJs);
  if (v instanceof Map) {
    const m = new Map<string, Value>();
    for (const [k, x] of v) m.set(String(k), fromJs(x));
    return m;
  }
  const m = new Map<string, Value>();
  for (const [k, x] of Object.entries(v as object)) m.set(k, fromJs(x));
  return m;
}

/** Makes a Rhai `f64` (JS numbers that are integral otherwise convert to `i64`). */
export const rhaiFloat = (x: number): F64 => new F64(x);
/** Makes a Rhai `char`. */
export const rhaiChar = (c: string): RChar => mkChar(c);
