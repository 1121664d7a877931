/** Core functions: type_of, to_string, print/debug, Fn/call/curry, timestamps. */
import { err } from '../errors.js';
import { debugValue, displayValue, FnPtr, Timestamp, typeName, type Value } from '../values.js';

import { def, defVariadic, type Impl, own } from './registry.js';

def('type_of', [null], ([v]) => typeName(v));
def(['to_string', 'to_debug'].slice(0, 1), [null], ([v]) => displayValue(v));
def('to_debug', [null], ([v]) => debugValue(v));
def('print', [null], ([v], cx) => {
  cx.c.onPrint(displayValue(v));
});
def('debug', [null], ([v], cx) => {
  cx.c.onDebug(debugValue(v));
});
def('is_shared', [null], () => false);
def('is_def_fn', ['string', 'i64'], ([n, a], cx) => Object.hasOwn(cx.c.fns, `${n}/${a}`));
def('Fn', ['string'], ([name], cx) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || !/[A-Za-z]/.test(name))
    throw err('ErrorFunctionNotFound', `Function not found: ${name}`, cx.pos, { function: name });
  return new FnPtr(name);
});
defVariadic('curry', ['Fn'], ([fp, ...rest]) => (fp as FnPtr).withCurry(rest.map(own)));
defVariadic(
  'call',
  ['Fn'],
  function* ([fp, ...rest]: Value[]): Generator<[FnPtr, Value[]], Value, Value> {
    return yield [fp as FnPtr, rest];
  } as unknown as Impl,
  'hof',
);
def('timestamp', [], () => new Timestamp(Date.now()));
