/** Runtime support called by generated code (the `rt` namespace): limits, operators, access, calls. */
export * from './runtime/access.js';
export * from './runtime/calls.js';
export * from './runtime/context.js';
export * from './runtime/flow.js';
export * from './runtime/iteration.js';
export * from './runtime/limits.js';
export * from './runtime/operators.js';
