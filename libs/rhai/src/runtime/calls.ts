/** Function resolution and calls: natives, host functions, function pointers, async suspension. */
import { type CompiledFn, type Ctx, type NativeFn, NO_THIS } from './context.js';
import { checkSize, checkString, checkTermination, own } from './limits.js';
import { err, fnNotFound, RhaiError } from '../errors.js';
import { I64_MAX } from '../int.js';
import {
  cloneValue,
  F64,
  FnPtr,
  RChar,
  RRange,
  sigTypeName,
  Timestamp,
  typeName,
  type Value,
} from '../values.js';

function typeMatches(tag: string | null, v: Value): boolean {
  if (tag === null) return true;
  switch (tag) {
    case 'i64':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'f64':
      return v instanceof F64;
    case 'num':
      return typeof v === 'number' || typeof v === 'bigint' || v instanceof F64;
    case 'string':
      return typeof v === 'string';
    case 'char':
      return v instanceof RChar;
    case 'bool':
      return typeof v === 'boolean';
    case '()':
      return v === undefined;
    case 'array':
      return Array.isArray(v);
    case 'map':
      return v instanceof Map;
    case 'Fn':
      return v instanceof FnPtr;
    case 'range':
      return v instanceof RRange;
    case 'timestamp':
      return v instanceof Timestamp;
    case 'str|char':
      return typeof v === 'string' || v instanceof RChar;
    case 'fnref':
      return v instanceof FnPtr || typeof v === 'string';
    default:
      return typeName(v) === tag;
  }
}

export function resolveNative(c: Ctx, name: string, args: Value[]): NativeFn | null {
  const list = c.natives.get(name);
  if (!list) return null;
  outer: for (const f of list) {
    if (f.arity >= 0 ? f.arity !== args.length : args.length < (f.types?.length ?? 0)) continue;
    if (f.types) {
      for (let i = 0; i < f.types.length; i++) if (!typeMatches(f.types[i], args[i])) continue outer;
    }
    return f;
  }
  return null;
}

function notFound(name: string, args: Value[], pos: number): RhaiError {
  return fnNotFound(`${name} (${args.map(sigTypeName).join(', ')})`, pos);
}

function asyncInSync(name: string, pos: number): RhaiError {
  return err(
    'ErrorRuntime',
    `Runtime error: asynchronous function '${name}' called during synchronous evaluation`,
    pos,
  );
}

function fillPos(e: unknown, pos: number): unknown {
  if (e instanceof RhaiError && !e.pos) {
    e.pos = pos;
    e.refreshMessage();
  }
  return e;
}

const checkedSizes = new WeakMap<object, number>();

/** Size check after an in-place change: O(1) length check, full recount when the size doubled. */
function checkGrown(c: Ctx, v: Value, pos: number): void {
  if (typeof v === 'string') {
    checkString(c, v, pos);
    return;
  }
  if (!Array.isArray(v) && !(v instanceof Map)) return;
  const n = Array.isArray(v) ? v.length : v.size;
  if (Array.isArray(v) ? c.maxArr && n > c.maxArr : c.maxMap && n > c.maxMap) checkSize(c, v, pos);
  const last = checkedSizes.get(v) ?? 0;
  if (n < 64 || n >= 2 * last) {
    checkSize(c, v, pos);
    checkedSizes.set(v, n);
  }
}

function afterNative(c: Ctx, f: NativeFn, args: Value[], r: Value, pos: number): Value {
  if (c.sizeLimits) {
    if (!f.pure) checkGrown(c, args[0], pos);
    if (r !== args[0]) checkSize(c, r, pos);
  }
  c.thisOut = args[0];
  return r;
}

function runHofSync(c: Ctx, gen: Generator<[FnPtr, Value[]], Value, Value>, pos: number): Value {
  let step = gen.next();
  while (!step.done) {
    const [fp, args] = step.value;
    step = gen.next(callFnPtr(c, fp, args, pos, NO_THIS));
  }
  return step.value;
}

async function runHofAsync(
  c: Ctx,
  gen: Generator<[FnPtr, Value[]], Value, Value>,
  pos: number,
): Promise<Value> {
  let step = gen.next();
  while (!step.done) {
    const [fp, args] = step.value;
    step = gen.next(await callFnPtrAsync(c, fp, args, pos, NO_THIS));
  }
  return step.value;
}

function invokeSync(c: Ctx, f: NativeFn, args: Value[], pos: number, byRef: boolean): Value {
  if (!f.pure && !byRef && args.length) args[0] = cloneValue(args[0]);
  // natives can be individually expensive: look at the clock every 256 calls when a deadline is set
  if ((++c.ops & 255) === 0 && c.deadline !== Number.POSITIVE_INFINITY) checkTermination(c, pos);
  try {
    let r = f.fn(args, { c, pos, name: f.name });
    if (f.kind === 'hof') r = runHofSync(c, r, pos);
    else if (f.kind === 'async' || r instanceof Promise) {
      if (r instanceof Promise) r.catch(() => undefined);
      throw asyncInSync(f.name, pos);
    }
    return afterNative(c, f, args, r, pos);
  } catch (e) {
    throw fillPos(e, pos);
  }
}

async function invokeAsync(c: Ctx, f: NativeFn, args: Value[], pos: number, byRef: boolean): Promise<Value> {
  if (!f.pure && !byRef && args.length) args[0] = cloneValue(args[0]);
  // natives can be individually expensive: look at the clock every 256 calls when a deadline is set
  if ((++c.ops & 255) === 0 && c.deadline !== Number.POSITIVE_INFINITY) checkTermination(c, pos);
  try {
    let r = f.fn(args, { c, pos, name: f.name });
    if (f.kind === 'hof') r = await runHofAsync(c, r, pos);
    else if (r instanceof Promise) r = await awaitHost(c, r, pos);
    return afterNative(c, f, args, r, pos);
  } catch (e) {
    throw fillPos(e, pos);
  }
}

/** Awaits a host promise, racing it against the deadline and the abort signal. */
function awaitHost(c: Ctx, p: Promise<Value>, pos: number): Promise<Value> {
  checkTermination(c, pos);
  if (c.deadline === Number.POSITIVE_INFINITY && !c.signal) return p;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () =>
      finish(() => reject(err('ErrorTerminated', 'Script terminated', pos, { token: 'aborted' })));
    const finish = (f: () => void) => {
      if (timer) clearTimeout(timer);
      c.signal?.removeEventListener('abort', onAbort);
      f();
    };
    if (c.deadline !== Number.POSITIVE_INFINITY) {
      timer = setTimeout(
        () => finish(() => reject(err('ErrorTerminated', 'Script terminated', pos, { token: 'timeout' }))),
        Math.max(0, c.deadline - Date.now()),
      );
    }
    c.signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
    );
  });
}

/** Function-call style call of a native/host function. */
export function callFn(c: Ctx, name: string, args: Value[], pos: number, byRef: boolean): Value {
  const f = resolveNative(c, name, args);
  if (!f) throw notFound(name, args, pos);
  return invokeSync(c, f, args, pos, byRef);
}

export async function callFnAsync(
  c: Ctx,
  name: string,
  args: Value[],
  pos: number,
  byRef: boolean,
): Promise<Value> {
  const f = resolveNative(c, name, args);
  if (!f) throw notFound(name, args, pos);
  return invokeAsync(c, f, args, pos, byRef);
}

function nonPure(name: string, pos: number): RhaiError {
  return err(
    'ErrorNonPureMethodCallOnConstant',
    `Non-pure method '${name}' cannot be called on constant`,
    pos,
    {
      function: name,
    },
  );
}

/** Method-call style: `recv.name(args)`; `recv` is passed by reference. */
export function callMethod(
  c: Ctx,
  name: string,
  recv: Value,
  args: Value[],
  pos: number,
  isConst: boolean,
): Value {
  c.thisOut = recv;
  if (recv instanceof Map) {
    const fp = recv.get(name);
    if (fp instanceof FnPtr) return callFnPtr(c, fp, args, pos, recv);
  }
  if (recv instanceof FnPtr && name === 'call') return callFnPtr(c, recv, args, pos, NO_THIS);
  const all = [recv, ...args];
  const f = resolveNative(c, name, all);
  if (!f) throw notFound(name, all, pos);
  if (!f.pure && isConst) throw nonPure(name, pos);
  const r = invokeSync(c, f, all, pos, true);
  c.thisOut = all[0];
  return r;
}

export async function callMethodAsync(
  c: Ctx,
  name: string,
  recv: Value,
  args: Value[],
  pos: number,
  isConst: boolean,
): Promise<Value> {
  c.thisOut = recv;
  if (recv instanceof Map) {
    const fp = recv.get(name);
    if (fp instanceof FnPtr) return callFnPtrAsync(c, fp, args, pos, recv);
  }
  if (recv instanceof FnPtr && name === 'call') return callFnPtrAsync(c, recv, args, pos, NO_THIS);
  const all = [recv, ...args];
  const f = resolveNative(c, name, all);
  if (!f) throw notFound(name, all, pos);
  if (!f.pure && isConst) throw nonPure(name, pos);
  const r = await invokeAsync(c, f, all, pos, true);
  c.thisOut = all[0];
  return r;
}

function fnPtrTarget(c: Ctx, fp: FnPtr, args: Value[], pos: number): { f: CompiledFn; args: Value[] } | null {
  const all = fp.curry.length ? [...fp.curry, ...args] : args;
  if (fp.fn) {
    if (all.length !== fp.arity) throw notFound(fp.name, all, pos);
    return { f: fp.fn as CompiledFn, args: [...(fp.captures ?? []), ...all.map((a) => own(c, a))] };
  }
  const sf = c.fns[`${fp.name}/${all.length}`];
  if (sf) return { f: sf, args: all.map((a) => own(c, a)) };
  return null;
}

/** Calls a function pointer (closure, script function or native by name). */
export function callFnPtr(c: Ctx, fp: FnPtr, args: Value[], pos: number, self: Value): Value {
  const saved = c.thisOut;
  const t = fnPtrTarget(c, fp, args, pos);
  let r: Value;
  if (t) {
    r = t.f(c, pos, self, ...t.args);
    if (r instanceof Promise) {
      r.catch(() => undefined);
      throw asyncInSync(fp.name, pos);
    }
  } else {
    const all = fp.curry.length ? [...fp.curry, ...args] : args;
    r =
      self === NO_THIS ? callFn(c, fp.name, all, pos, false) : callMethod(c, fp.name, self, all, pos, false);
  }
  if (self === NO_THIS) c.thisOut = saved;
  return r;
}

export async function callFnPtrAsync(
  c: Ctx,
  fp: FnPtr,
  args: Value[],
  pos: number,
  self: Value,
): Promise<Value> {
  const saved = c.thisOut;
  const t = fnPtrTarget(c, fp, args, pos);
  let r: Value;
  if (t) r = await t.f(c, pos, self, ...t.args);
  else {
    const all = fp.curry.length ? [...fp.curry, ...args] : args;
    r =
      self === NO_THIS
        ? await callFnAsync(c, fp.name, all, pos, false)
        : await callMethodAsync(c, fp.name, self, all, pos, false);
  }
  if (self === NO_THIS) c.thisOut = saved;
  return r;
}

export function callModFn(c: Ctx, path: string, name: string, args: Value[], pos: number): Value {
  const m = c.modules.get(path);
  if (!m) throw err('ErrorModuleNotFound', `Module not found: ${path}`, pos, { module: path });
  const f = m.get(name);
  if (typeof f !== 'function')
    throw fnNotFound(`${path}::${name} (${args.map(sigTypeName).join(', ')})`, pos);
  return f(...args);
}

export { I64_MAX };
