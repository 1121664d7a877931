import type { AST } from './ast.js';
import { BUILTINS } from './builtins.js';
import { generate } from './codegen.js';
import { fromJs } from './convert.js';
import { err, parseError, posCol, posLine, RhaiError, runtimeError } from './errors.js';
import { diag, type RhaiDiagnostic, staticCheck } from './check.js';
export type { RhaiDiagnostic } from './check.js';
import { parse } from './parser.js';
import * as rt from './runtime.js';
import type { Ctx, NativeFn } from './runtime.js';
import type { Value } from './values.js';

/** Engine limits. `0` means unlimited. */
export interface RhaiLimits {
  /** Maximum number of operations (statements, calls, operators, loop iterations). @defaultValue 0 */
  maxOperations: number;
  /** Maximum script function call depth (0 = the hard cap of 1,000). @defaultValue 64 (Rhai's release default) */
  maxCallLevels: number;
  /** Maximum expression nesting depth at global level. @defaultValue 64 */
  maxExprDepth: number;
  /** Maximum expression nesting depth inside functions. @defaultValue 32 */
  maxFunctionExprDepth: number;
  /** Maximum string length (bytes). @defaultValue 0 */
  maxStringSize: number;
  /** Maximum array size. @defaultValue 0 */
  maxArraySize: number;
  /** Maximum object map size. @defaultValue 0 */
  maxMapSize: number;
  /** Wall-clock limit per evaluation in milliseconds. @defaultValue 0 */
  timeoutMs: number;
}

/** Rhai's `Engine::new()` defaults (release build). */
export const DEFAULT_LIMITS: Readonly<RhaiLimits> = Object.freeze({
  maxOperations: 0,
  maxCallLevels: 64,
  maxExprDepth: 64,
  maxFunctionExprDepth: 32,
  maxStringSize: 0,
  maxArraySize: 0,
  maxMapSize: 0,
  timeoutMs: 0,
});

/** Safe limits for running untrusted (LLM-written) task scripts. */
export const SANDBOX_LIMITS: Readonly<RhaiLimits> = Object.freeze({
  maxOperations: 5_000_000,
  maxCallLevels: 64,
  maxExprDepth: 64,
  maxFunctionExprDepth: 32,
  maxStringSize: 4 * 1024 * 1024,
  maxArraySize: 100_000,
  maxMapSize: 10_000,
  timeoutMs: 300_000,
});

export interface RhaiEngineOptions extends Partial<RhaiLimits> {
  /** Start from {@link SANDBOX_LIMITS} instead of {@link DEFAULT_LIMITS}. @defaultValue false */
  sandbox?: boolean;
  /** Receives `print(...)` output. @defaultValue ignore */
  onPrint?: (text: string) => void;
  /** Receives `debug(...)` output. @defaultValue ignore */
  onDebug?: (text: string) => void;
}

/** Parameter type tags for host function signatures. */
export type RhaiType =
  | 'i64'
  | 'f64'
  | 'num'
  | 'string'
  | 'char'
  | 'bool'
  | '()'
  | 'array'
  | 'map'
  | 'Fn'
  | 'range'
  | 'timestamp'
  | 'str|char'
  | null;

export interface HostCallContext {
  engine: RhaiEngine;
  /** 1-based position of the call in the script */
  line: number | null;
  column: number | null;
  signal: AbortSignal | undefined;
}

/** A host function: receives Rhai values, returns a Rhai value or plain JS (converted with `fromJs`). */
export type HostFunction = (args: Value[], ctx: HostCallContext) => unknown;

export interface RegisterOptions {
  /** The implementation returns a Promise; evaluation suspends at calls to it. @defaultValue false */
  async?: boolean;
  /** The function may modify its first argument (method-style receiver). @defaultValue false */
  mutatesFirstArg?: boolean;
}

export interface EvaluateOptions {
  signal?: AbortSignal;
  /** Overrides the engine's wall-clock limit for this evaluation. */
  timeoutMs?: number;
}

interface Program {
  main: (c: Ctx, self: Value) => Value;
  fns: Record<string, (...a: Value[]) => Value>;
  mainAsync: boolean;
}

/** Call depth never exceeds this, whatever the limits say: the JavaScript stack is finite. */
export const HARD_CALL_LEVELS = 1000;

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A sandboxed Rhai interpreter: compiles scripts to JavaScript and evaluates them with Rhai's
 * semantics, limits and error variants.
 */
export class RhaiEngine {
  readonly limits: RhaiLimits;
  private readonly host = new Map<string, NativeFn[]>();
  private readonly consts = new Map<string, Value>();
  private readonly modules = new Map<string, Map<string, Value>>();
  private natives: Map<string, NativeFn[]> | null = null;
  private version = 0;
  private readonly programs = new WeakMap<AST, { version: number; prog: Program }>();
  private readonly onPrint: (s: string) => void;
  private readonly onDebug: (s: string) => void;

  constructor(options: RhaiEngineOptions = {}) {
    const base = options.sandbox ? SANDBOX_LIMITS : DEFAULT_LIMITS;
    const limits: RhaiLimits = { ...base };
    for (const k of Object.keys(base) as (keyof RhaiLimits)[]) {
      const v = options[k];
      if (v !== undefined) {
        if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a non-negative integer`);
        limits[k] = v;
      }
    }
    this.limits = limits;
    this.onPrint = options.onPrint ?? (() => undefined);
    this.onDebug = options.onDebug ?? (() => undefined);
  }

  /** A new engine with {@link SANDBOX_LIMITS}. */
  static sandbox(options: Omit<RhaiEngineOptions, 'sandbox'> = {}): RhaiEngine {
    return new RhaiEngine({ ...options, sandbox: true });
  }

  /**
   * Registers a host function overload. `signature` is an arity (any argument types) or a list of
   * parameter type tags. Overloads are matched by arity and types, host overloads before built-ins.
   */
  registerFunction(
    name: string,
    signature: number | RhaiType[],
    impl: HostFunction,
    options: RegisterOptions = {},
  ): this {
    if (!VALID_NAME.test(name)) throw new TypeError(`invalid function name: ${name}`);
    const types = typeof signature === 'number' ? new Array<RhaiType>(signature).fill(null) : [...signature];
    const entry: NativeFn = {
      name,
      arity: types.length,
      types,
      pure: !options.mutatesFirstArg,
      kind: options.async ? 'async' : 'plain',
      fn: (args, cx) => {
        const ctx: HostCallContext = {
          engine: this,
          line: posLine(cx.pos),
          column: posCol(cx.pos),
          signal: cx.c.signal,
        };
        let r: unknown;
        try {
          r = impl(args, ctx);
        } catch (e) {
          throw hostError(e);
        }
        if (r instanceof Promise) return r.then(fromJs, (e) => Promise.reject(hostError(e)));
        return fromJs(r);
      },
    };
    const list = this.host.get(name) ?? [];
    list.push(entry);
    this.host.set(name, list);
    this.changed();
    return this;
  }

  /** Registers module constants reachable as `Name::KEY` (e.g. `AtomType::Coder`). */
  registerModule(name: string, members: Record<string, unknown>): this {
    const m = new Map<string, Value>();
    for (const [k, v] of Object.entries(members)) m.set(k, typeof v === 'function' ? v : fromJs(v));
    this.modules.set(name, m);
    this.changed();
    return this;
  }

  /** Registers a global constant visible everywhere (including inside functions), e.g. `task`. */
  registerConstant(name: string, value: unknown): this {
    if (!VALID_NAME.test(name)) throw new TypeError(`invalid constant name: ${name}`);
    this.consts.set(name, deepFreezeValue(fromJs(value)));
    this.changed();
    return this;
  }

  /** Names of registered host functions. */
  get hostFunctionNames(): ReadonlySet<string> {
    return new Set(this.host.keys());
  }

  private changed(): void {
    this.version++;
    this.natives = null;
  }

  private nativeTable(): Map<string, NativeFn[]> {
    if (!this.natives) {
      const t = new Map<string, NativeFn[]>();
      for (const [k, v] of BUILTINS) t.set(k, [...v]);
      for (const [k, v] of this.host) t.set(k, [...v, ...(t.get(k) ?? [])]);
      this.natives = t;
    }
    return this.natives;
  }

  /** Parses a script (throws {@link RhaiError} `ErrorParsing`). */
  compile(source: string): AST {
    return parse(source, {
      maxExprDepth: this.limits.maxExprDepth,
      maxFunctionExprDepth: this.limits.maxFunctionExprDepth,
    });
  }

  private program(ast: AST): Program {
    const cached = this.programs.get(ast);
    if (cached && cached.version === this.version) return cached.prog;
    for (const f of ast.fns) {
      if (this.host.has(f.name))
        throw parseError(`Function '${f.name}' is a host function and cannot be redefined`, f.pos);
    }
    const natives = this.nativeTable();
    const asyncHostNames = new Set<string>();
    for (const [k, v] of this.host) if (v.some((f) => f.kind === 'async')) asyncHostNames.add(k);
    const gen = generate(ast, { asyncHostNames, nativeNames: new Set(natives.keys()) });
    let factory: (rtm: unknown, K: Value[]) => { main: Program['main']; fns: Program['fns'] };
    try {
      factory = new Function('rt', 'K', gen.code) as typeof factory;
    } catch (e) {
      if (e instanceof RangeError) throw parseError('Expression exceeds maximum complexity', 0);
      throw err('ErrorSystem', `System error: code generation failed: ${(e as Error).message}`);
    }
    const made = factory(rt, gen.consts);
    const prog: Program = { main: made.main, fns: made.fns, mainAsync: gen.mainAsync };
    this.programs.set(ast, { version: this.version, prog });
    return prog;
  }

  private makeCtx(prog: Program, opts: EvaluateOptions): Ctx {
    const L = this.limits;
    const timeout = opts.timeoutMs ?? L.timeoutMs;
    const maxOps = L.maxOperations || Number.POSITIVE_INFINITY;
    const timed = timeout > 0 || !!opts.signal;
    const c: Ctx = {
      ops: 0,
      lim: timed ? Math.min(maxOps, 1 << 14) : maxOps,
      maxOps,
      depth: 0,
      maxDepth: Math.min(L.maxCallLevels || HARD_CALL_LEVELS, HARD_CALL_LEVELS),
      deadline: timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY,
      signal: opts.signal,
      maxStr: L.maxStringSize,
      maxArr: L.maxArraySize,
      maxMap: L.maxMapSize,
      sizeLimits: L.maxStringSize > 0 || L.maxArraySize > 0 || L.maxMapSize > 0,
      natives: this.nativeTable(),
      consts: this.consts,
      modules: this.modules,
      globals: new Map(),
      fns: prog.fns,
      thisOut: undefined,
      onPrint: this.onPrint,
      onDebug: this.onDebug,
      checkInterval: timed ? 1 << 14 : Number.POSITIVE_INFINITY,
    };
    return c;
  }

  private prepare(script: string | AST, opts: EvaluateOptions): { prog: Program; c: Ctx } {
    const ast = typeof script === 'string' ? this.compile(script) : script;
    const prog = this.program(ast);
    const c = this.makeCtx(prog, opts);
    rt.checkTermination(c, 0);
    return { prog, c };
  }

  /**
   * Evaluates a script or AST. Pure computation runs synchronously; evaluation only suspends at
   * calls to async host functions. Rejects with a {@link RhaiError}.
   */
  async evaluate(script: string | AST, opts: EvaluateOptions = {}): Promise<Value> {
    let r: Value;
    try {
      const { prog, c } = this.prepare(script, opts);
      r = prog.main(c, rt.NO_THIS);
      if (r instanceof Promise) r = await r;
    } catch (e) {
      throw rt.toRhaiError(e);
    }
    return r;
  }

  /** Evaluates synchronously; fails if the script may call an async host function. */
  evaluateSync(script: string | AST, opts: EvaluateOptions = {}): Value {
    try {
      const { prog, c } = this.prepare(script, opts);
      if (prog.mainAsync)
        throw err('ErrorRuntime', 'Runtime error: script calls asynchronous host functions; use evaluate()');
      return prog.main(c, rt.NO_THIS);
    } catch (e) {
      throw rt.toRhaiError(e);
    }
  }

  /**
   * Static checks without running: syntax; calls to functions that are neither built-in,
   * host-registered nor defined by the script (or with no overload of that arity); script
   * functions named like host functions; `import`/`eval`.
   */
  check(source: string): RhaiDiagnostic[] {
    let ast: AST;
    try {
      ast = this.compile(source);
    } catch (e) {
      const r = rt.toRhaiError(e);
      return [diag(r)];
    }
    return staticCheck(ast, this.nativeTable(), new Set(this.host.keys()), this.modules, this.consts);
  }
}

/**
 * Exceptions thrown by host functions: a RhaiError keeps its variant; anything else becomes a
 * catchable `ErrorRuntime` whose value is the message (as a Rhai function returning `Err(..)`),
 * with the original exception as `cause`.
 */
function hostError(e: unknown): RhaiError {
  if (e instanceof RhaiError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const r = runtimeError(message, 0);
  (r as { cause?: unknown }).cause = e;
  return r;
}

function deepFreezeValue(v: Value): Value {
  return v;
}
