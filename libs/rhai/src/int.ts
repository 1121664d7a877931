import { arithError } from './errors.js';

/** Checked i64 arithmetic over `number` (safe integers) with a `bigint` fallback. */
export type Int = number | bigint;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const I64_MAX = 9223372036854775807n;
export const I64_MIN = -9223372036854775808n;

/** Normalises a bigint result: a safe integer becomes a number; out of i64 range returns null. */
export function normBig(r: bigint): Int | null {
  if (r > I64_MAX || r < I64_MIN) return null;
  if (r <= 9007199254740991n && r >= -9007199254740991n) return Number(r);
  return r;
}

export function toBig(x: Int): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

/** Converts a JS integer-valued number to i64 (saturating is not Rhai: callers check range). */
export function intFromNumber(n: number): Int {
  return Number.isSafeInteger(n) ? n : (normBig(BigInt(n)) ?? (n > 0 ? I64_MAX : I64_MIN));
}

export function iadd(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  const r = normBig(toBig(a) + toBig(b));
  if (r === null) throw arithError(`Addition overflow: ${a} + ${b}`);
  return r;
}

export function isub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  const r = normBig(toBig(a) - toBig(b));
  if (r === null) throw arithError(`Subtraction overflow: ${a} - ${b}`);
  return r;
}

export function imul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r || 0;
  }
  const r = normBig(toBig(a) * toBig(b));
  if (r === null) throw arithError(`Multiplication overflow: ${a} * ${b}`);
  return r;
}

export function idiv(a: Int, b: Int): Int {
  if (b === 0) throw arithError(`Division by zero: ${a} / ${b}`);
  if (typeof a === 'number' && typeof b === 'number') return (a - (a % b)) / b || 0;
  const r = normBig(toBig(a) / toBig(b));
  if (r === null) throw arithError(`Division overflow: ${a} / ${b}`);
  return r;
}

export function imod(a: Int, b: Int): Int {
  if (b === 0) throw arithError(`Modulo division by zero or overflow: ${a} % ${b}`);
  if (typeof a === 'number' && typeof b === 'number') return a % b || 0;
  if (toBig(a) === I64_MIN && toBig(b) === -1n)
    throw arithError(`Modulo division by zero or overflow: ${a} % ${b}`);
  return normBig(toBig(a) % toBig(b)) as Int;
}

export function ineg(a: Int): Int {
  if (typeof a === 'number') return -a || 0;
  const r = normBig(-a);
  if (r === null) throw arithError(`Negation overflow: -${a}`);
  return r;
}

export function iabs(a: Int): Int {
  if (typeof a === 'number') return Math.abs(a);
  const r = normBig(a < 0n ? -a : a);
  if (r === null) throw arithError(`Negation overflow: -${a}`);
  return r;
}

export function ipow(a: Int, b: Int): Int {
  if (b < 0) throw arithError(`Integer raised to a negative index: ${a} ** ${b}`);
  if (b > 4294967295) throw arithError(`Integer raised to too large an index: ${a} ** ${b}`);
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a ** b;
    if (Number.isSafeInteger(r)) return r;
  }
  const ba = toBig(a);
  if (ba === 0n || ba === 1n) return Number(ba);
  if (ba === -1n) return toBig(b) % 2n === 0n ? 1 : -1;
  if (b > 64) throw arithError(`Exponential overflow: ${a} ** ${b}`);
  const r = normBig(ba ** toBig(b));
  if (r === null) throw arithError(`Exponential overflow: ${a} ** ${b}`);
  return r;
}

export function ishl(a: Int, b: Int): Int {
  if (b < 0) return ishr(a, ineg(b));
  if (b >= 64) throw arithError(`Left-shift by too many bits: ${a} << ${b}`);
  return normBig(BigInt.asIntN(64, toBig(a) << toBig(b))) as Int;
}

export function ishr(a: Int, b: Int): Int {
  if (b < 0) return ishl(a, ineg(b));
  if (b >= 64) throw arithError(`Right-shift by too many bits: ${a} >> ${b}`);
  return normBig(toBig(a) >> toBig(b)) as Int;
}

export function iand(a: Int, b: Int): Int {
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    a >= 0 &&
    b >= 0 &&
    a <= 0x7fffffff &&
    b <= 0x7fffffff
  )
    return a & b;
  return normBig(BigInt.asIntN(64, toBig(a) & toBig(b))) as Int;
}
export function ior(a: Int, b: Int): Int {
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    a >= 0 &&
    b >= 0 &&
    a <= 0x7fffffff &&
    b <= 0x7fffffff
  )
    return a | b;
  return normBig(BigInt.asIntN(64, toBig(a) | toBig(b))) as Int;
}
export function ixor(a: Int, b: Int): Int {
  if (
    typeof a === 'number' &&
    typeof b === 'number' &&
    a >= 0 &&
    b >= 0 &&
    a <= 0x7fffffff &&
    b <= 0x7fffffff
  )
    return a ^ b;
  return normBig(BigInt.asIntN(64, toBig(a) ^ toBig(b))) as Int;
}

/** Parses an i64 literal; returns null when out of range. */
export function parseIntLiteral(text: string, radix = 10): Int | null {
  try {
    let big: bigint;
    if (radix === 10) big = BigInt(text);
    else {
      const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : '0b';
      big = BigInt(prefix + text);
      // Unsigned parse reinterpreted as signed (Rhai allows 0xFFFF_FFFF_FFFF_FFFF == -1)
      if (big > 0xffffffffffffffffn) return null;
      big = BigInt.asIntN(64, big);
    }
    return normBig(big);
  } catch {
    return null;
  }
}
