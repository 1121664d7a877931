export type { AST } from './ast.js';
export {
  type Encoded,
  encodeValue,
  fromJs,
  rhaiChar,
  rhaiFloat,
  stringifyEncoded,
  toJs,
} from './convert.js';
export {
  DEFAULT_LIMITS,
  type EvaluateOptions,
  type HostCallContext,
  type HostFunction,
  type RegisterOptions,
  type RhaiDiagnostic,
  RhaiEngine,
  type RhaiEngineOptions,
  type RhaiLimits,
  type RhaiType,
  SANDBOX_LIMITS,
} from './engine.js';
export { RhaiError, type RhaiErrorJson } from './errors.js';
export { debugValue, displayValue, F64, FnPtr, RChar, RRange, typeName, type Value } from './values.js';
