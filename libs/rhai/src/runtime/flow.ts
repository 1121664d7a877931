/** Errors, try/catch support and variable lookups. */
import { type Ctx } from './context.js';
import {
  dataTooLarge,
  err,
  errorToCatchValue,
  fnNotFound,
  mismatchError,
  NO_POS,
  RhaiError,
  runtimeError,
  wrapInFunction,
} from '../errors.js';
import { sigTypeName, typeName, type Value } from '../values.js';

export function throwValue(v: Value, pos: number): RhaiError {
  return runtimeError(v, pos);
}

/** Normalises anything thrown into a RhaiError; rethrows errors `catch` must not see. */
export function toRhaiError(e: unknown, pos = NO_POS): RhaiError {
  if (e instanceof RhaiError) return e;
  const msg =
    e instanceof Error || (typeof e === 'object' && e && 'message' in e)
      ? String((e as Error).message)
      : String(e);
  // no regular expressions here: this may run with the JS stack nearly exhausted
  if (msg.includes('call stack') || msg.includes('too much recursion'))
    return err('ErrorStackOverflow', 'Stack overflow', pos);
  // JavaScript's own size limits (reachable when the engine's size limits are off)
  if (msg.includes('Invalid string length')) return dataTooLarge('Length of string', pos);
  if (msg.includes('Invalid array length')) return dataTooLarge('Size of array', pos);
  if (msg.includes('Map maximum size exceeded')) return dataTooLarge('Size of object map', pos);
  return err('ErrorSystem', `System error: ${msg}`, pos);
}

export function caught(_c: Ctx, e: unknown): RhaiError {
  const r = toRhaiError(e);
  if (!r.catchable) throw r;
  return r;
}

export function catchValue(e: RhaiError): Value {
  return errorToCatchValue(e);
}

/** A `throw;` (or `throw ()`) escaping a catch block re-throws the caught error. */
export function rethrowUnit(e1: unknown, e0: RhaiError): unknown {
  if (
    e1 instanceof RhaiError &&
    e1.type === 'ErrorRuntime' &&
    e1.value === undefined &&
    e1.chain.length === 0
  ) {
    if (e0.chain.length) e0.chain[0].pos = e1.pos;
    else {
      e0.pos = e1.pos;
      e0.refreshMessage();
    }
    return e0;
  }
  return e1;
}

export function wrapFn(e: unknown, name: string, cp: number): unknown {
  return wrapInFunction(toRhaiError(e, cp), name, cp);
}

export function cond(v: Value, pos: number): boolean {
  if (v === true || v === false) return v;
  throw mismatchError('bool', typeName(v), pos);
}
export const bool = cond;

export function withPos<T>(f: () => T, pos: number): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RhaiError && !e.pos) {
      e.pos = pos;
      e.refreshMessage();
    }
    throw e;
  }
}

export function opNotFound(op: string, a: Value, b: Value, pos: number): RhaiError {
  return fnNotFound(`${op} (${sigTypeName(a)}, ${sigTypeName(b)})`, pos);
}
