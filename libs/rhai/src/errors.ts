import { displayValue, type Value } from './values.js';

/** Source positions are packed as `line * POS_LINE + column` (0 = none). */
export const POS_LINE = 1 << 20;
export const NO_POS = 0;
export const mkPos = (line: number, col: number): number => line * POS_LINE + col;
export const posLine = (p: number): number | null => (p ? Math.floor(p / POS_LINE) : null);
export const posCol = (p: number): number | null => (p ? p % POS_LINE : null);

/** Error variants that `try`/`catch` cannot intercept (Rhai's `is_catchable() == false`). */
const UNCATCHABLE = new Set([
  'ErrorSystem',
  'ErrorParsing',
  'ErrorCustomSyntax',
  'ErrorTooManyOperations',
  'ErrorTooManyVariables',
  'ErrorTooManyModules',
  'ErrorStackOverflow',
  'ErrorDataTooLarge',
  'ErrorTerminated',
]);

/** Errors passed straight through function calls (not wrapped, position reset to the call). */
const SYSTEM = UNCATCHABLE;

/** The DESIGN §7 JSON shape of an error. */
export interface RhaiErrorJson {
  type: string;
  message: string;
  line: number | null;
  column: number | null;
  wrapped_in?: string;
}

interface Wrapper {
  fn: string;
  pos: number;
}

/**
 * An error raised by the Rhai engine, named after Rhai's `EvalAltResult` variant.
 * `type` is the innermost variant; when it was raised inside a script function,
 * `wrappedIn` is `'ErrorInFunctionCall'`.
 */
export class RhaiError extends Error {
  /** Rhai variant name of the innermost error, e.g. `ErrorArithmetic`. */
  readonly type: string;
  /** Message without the position suffix. */
  readonly baseMessage: string;
  /** Innermost position (packed). */
  pos: number;
  /** Variant-specific fields, as exposed to `catch` (Rhai's `dump_fields`). */
  readonly fields: Record<string, Value>;
  /** Thrown value for `ErrorRuntime`. */
  readonly value: Value;
  /** Function-call wrappers, outermost first. */
  chain: Wrapper[] = [];

  constructor(
    type: string,
    baseMessage: string,
    pos = NO_POS,
    fields: Record<string, Value> = {},
    value?: Value,
  ) {
    super(baseMessage);
    this.name = 'RhaiError';
    this.type = type;
    this.baseMessage = baseMessage;
    this.pos = pos;
    this.fields = fields;
    this.value = value;
    this.refreshMessage();
  }

  refreshMessage(): void {
    this.message = this.baseMessage + posSuffix(this.pos);
  }

  /** 1-based line of the innermost error, or null when Rhai reports no position. */
  get line(): number | null {
    return posLine(this.pos);
  }
  /** 1-based column of the innermost error, or null. */
  get column(): number | null {
    return posCol(this.pos);
  }
  /** Outer variant when the error surfaced through a script function call. */
  get wrappedIn(): string | undefined {
    return this.chain.length ? 'ErrorInFunctionCall' : undefined;
  }
  get catchable(): boolean {
    return !UNCATCHABLE.has(this.type);
  }
  get isSystem(): boolean {
    return SYSTEM.has(this.type);
  }

  /** Full Rhai display text, including `in call to function` lines. */
  fullMessage(withOuterPos = true): string {
    let s = this.baseMessage + posSuffix(this.pos);
    for (let i = this.chain.length - 1; i >= 0; i--) {
      const w = this.chain[i];
      s += w.fn.startsWith('anon$') ? '\nin closure call' : `\nin call to function '${w.fn}'`;
      if (i > 0 || withOuterPos) s += posSuffix(w.pos);
    }
    return s;
  }

  toJSON(): RhaiErrorJson {
    const out: RhaiErrorJson = {
      type: this.type,
      message: this.message,
      line: this.line,
      column: this.column,
    };
    if (this.wrappedIn) out.wrapped_in = this.wrappedIn;
    return out;
  }
}

function posSuffix(pos: number): string {
  return pos ? ` (line ${posLine(pos)}, position ${posCol(pos)})` : '';
}

export function err(type: string, msg: string, pos = NO_POS, fields: Record<string, Value> = {}): RhaiError {
  return new RhaiError(type, msg, pos, fields);
}

export const parseError = (msg: string, pos: number): RhaiError =>
  err('ErrorParsing', `Syntax error: ${msg}`, pos);

export function runtimeError(value: Value, pos: number): RhaiError {
  const text = displayValue(value);
  return new RhaiError(
    'ErrorRuntime',
    value === undefined || text === '' ? 'Runtime error' : `Runtime error: ${text}`,
    pos,
    {},
    value,
  );
}

export const arithError = (msg: string, pos = NO_POS): RhaiError => err('ErrorArithmetic', msg, pos);

export const mismatchError = (expected: string, actual: string, pos: number): RhaiError =>
  err('ErrorMismatchDataType', `Data type incorrect: ${actual} (expecting ${expected})`, pos, {
    requested: expected,
    actual,
  });

export const fnNotFound = (sig: string, pos: number): RhaiError =>
  err('ErrorFunctionNotFound', `Function not found: ${sig}`, pos, { function: sig });

export const varNotFound = (name: string, pos: number): RhaiError =>
  err('ErrorVariableNotFound', `Variable not found: ${name}`, pos, { variable: name });

export const dotError = (msg: string, prop: string, pos: number): RhaiError =>
  err('ErrorDotExpr', msg, pos, { property: prop });

export function arrayBounds(len: number, idx: number | bigint, pos: number): RhaiError {
  const m =
    len === 0
      ? `Array index ${idx} out of bounds: array is empty`
      : len === 1
        ? `Array index ${idx} out of bounds: only 1 element in array`
        : `Array index ${idx} out of bounds: only ${len} elements in array`;
  return err('ErrorArrayBounds', m, pos, { length: len, index: idx });
}

export function stringBounds(len: number, idx: number | bigint, pos: number): RhaiError {
  const m =
    len === 0
      ? `String index ${idx} out of bounds: string is empty`
      : len === 1
        ? `String index ${idx} out of bounds: only 1 character in string`
        : `String index ${idx} out of bounds: only ${len} characters in string`;
  return err('ErrorStringBounds', m, pos, { length: len, index: idx });
}

export const dataTooLarge = (what: string, pos: number): RhaiError =>
  err('ErrorDataTooLarge', `${what} too large`, pos, { type: what });

/** Wraps an error escaping a script function (Rhai's `ErrorInFunctionCall`). */
export function wrapInFunction(e: unknown, fnName: string, callPos: number): unknown {
  if (!(e instanceof RhaiError)) return e;
  if (e.isSystem) {
    e.pos = callPos;
    e.refreshMessage();
    return e;
  }
  e.chain.unshift({ fn: fnName, pos: callPos });
  return e;
}

/** The value a `catch (e)` binds for an error (Rhai: thrown value, or an object map). */
export function errorToCatchValue(e: RhaiError): Value {
  if (e.type === 'ErrorRuntime') return e.value;
  const m = new Map<string, Value>();
  if (e.chain.length) {
    const outer = e.chain[0];
    m.set('message', e.fullMessage(false));
    if (outer.pos) {
      m.set('line', posLine(outer.pos));
      m.set('position', posCol(outer.pos));
    }
    m.set('error', 'ErrorInFunctionCall');
    m.set('function', outer.fn);
    m.set('source', '');
    return m;
  }
  m.set('message', e.baseMessage);
  if (e.pos) {
    m.set('line', posLine(e.pos));
    m.set('position', posCol(e.pos));
  }
  m.set('error', e.type);
  for (const [k, v] of Object.entries(e.fields)) m.set(k, v);
  return m;
}
