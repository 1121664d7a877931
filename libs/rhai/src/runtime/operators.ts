/** Operators: checked arithmetic, comparison, `in`, ranges, compound assignment. */
import { type Ctx } from './context.js';
import { opNotFound, withPos } from './flow.js';
import { checkSize, checkString } from './limits.js';
import { err, fnNotFound } from '../errors.js';
import { iadd, iand, idiv, imod, imul, ineg, ior, ipow, ishl, ishr, isub, ixor } from '../int.js';
import {
  cloneValue,
  compareStrings,
  displayValue,
  F64,
  FnPtr,
  RChar,
  RRange,
  sigTypeName,
  Timestamp,
  typeName,
  type Value,
} from '../values.js';

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const isNum = (v: Value) => typeof v === 'number' || typeof v === 'bigint';
export const fval = (v: Value): number => (v instanceof F64 ? v.v : Number(v));
export const isNumeric = (v: Value) => typeof v === 'number' || typeof v === 'bigint' || v instanceof F64;

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

export function contains(container: Value, item: Value, pos: number): boolean {
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
  throw fnNotFound(`contains (${sigTypeName(container)}, ${sigTypeName(item)})`, pos);
}

export function binop(_c: Ctx, op: string, a: Value, b: Value, pos: number): Value {
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
      return contains(b, a, pos);
    case '!in':
      return !contains(b, a, pos);
    case '..':
    case '..=':
      if (isNum(a) && isNum(b)) return new RRange(a, b, op === '..=');
      break;
  }
  throw opNotFound(op, a, b, pos);
}

/** `x += y`: numbers fast, arrays and maps extended in place, otherwise `x + y`. */
export function addAssign(c: Ctx, cur: Value, rhs: Value, pos: number): Value {
  if (typeof cur === 'number' && typeof rhs === 'number') {
    const r = cur + rhs;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return opAssign(c, '+', cur, rhs, pos);
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
