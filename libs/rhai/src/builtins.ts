/** Rhai's standard library subset: string, array, map, number and function-pointer functions. */
import './builtins/core.js';
import './builtins/numbers.js';
import './builtins/strings.js';
import './builtins/arrays.js';
import './builtins/maps.js';
import { lib } from './builtins/registry.js';
import type { NativeFn } from './runtime.js';

/** The built-in function table (shared, read-only), in registration order per name. */
export const BUILTINS: ReadonlyMap<string, NativeFn[]> = lib;
