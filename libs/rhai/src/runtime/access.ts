/** Property and index access, with write-back for immutable parents. */
import { type Ctx } from './context.js';
import { checkSize } from './limits.js';
import { isNum } from './operators.js';
import { arrayBounds, dotError, err, mismatchError, type RhaiError, stringBounds } from '../errors.js';
import { type Int, normBig, toBig } from '../int.js';
import {
  charLength,
  F64,
  FnPtr,
  isSimpleString,
  mkChar,
  RChar,
  RRange,
  Timestamp,
  toChars,
  typeName,
  type Value,
} from '../values.js';

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
    if (idx instanceof RRange) return stringSlice(obj, idx, pos);
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
  if (isNum(obj) && idx instanceof RRange) return bitRange(obj, idx, pos);
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
  throw indexingType(obj, idx, pos);
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
  throw indexingType(obj, idx, pos);
}

function indexingType(obj: Value, idx: Value, pos: number): RhaiError {
  const t = `${typeName(obj)} [${typeName(idx)}]`;
  return err('ErrorIndexingType', `Indexer unavailable: ${t}`, pos, { type: t });
}

/** `s[a..b]` / `s[a..=b]`: a substring by character positions (negative positions count from the end). */
function stringSlice(s: string, r: RRange, pos: number): string {
  const chars = toChars(s);
  const n = chars.length;
  if (n === 0) return '';
  const at = (i: number, fallback: boolean): number => {
    if (i >= 0) return i;
    const k = n + i;
    if (k < 0) {
      if (fallback) return 0;
      throw stringBounds(n, i, pos);
    }
    return k;
  };
  const start = at(Number(r.start), false);
  const end = at(Number(r.end), true);
  if (!r.inclusive)
    return start === 0 && end >= n ? s : chars.slice(start, start + Math.max(0, end - start)).join('');
  if (start === 0 && end >= n - 1) return s;
  return end > start ? chars.slice(start, end + 1).join('') : '';
}

/** `x[a..b]`: the bits a..b of an integer, shifted down. */
function bitRange(x: Value, r: RRange, pos: number): Value {
  const norm = (i: number) => (i < 0 ? 64 + i : i);
  const start = norm(Number(r.start));
  let end = norm(Number(r.end));
  if (r.inclusive) end += 1;
  if (start < 0 || start > 64)
    throw err(
      'ErrorBitFieldBounds',
      `Bit-field index ${r.start} out of bounds: only 64 bits in bit-field`,
      pos,
      { length: 64, index: r.start },
    );
  if (end < 0 || end > 64)
    throw err(
      'ErrorBitFieldBounds',
      `Bit-field index ${r.end} out of bounds: only 64 bits in bit-field`,
      pos,
      { length: 64, index: r.end },
    );
  if (end <= start) return 0;
  const mask = (1n << BigInt(end - start)) - 1n;
  return normBig(BigInt.asIntN(64, (BigInt.asUintN(64, toBig(x)) >> BigInt(start)) & mask)) as Value;
}
