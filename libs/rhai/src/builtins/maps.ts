import { valuesEqual } from '../runtime.js';
import { displayValue, F64, RChar, sortedKeys, type Value } from '../values.js';

import { asFnPtr, def, defHof, defMut, fp, own } from './registry.js';

def('len', ['map'], ([m]) => m.size);
def('is_empty', ['map'], ([m]) => m.size === 0);
def('contains', ['map', 'str|char'], ([m, k]) => m.has(k instanceof RChar ? k.c : k));
def('keys', ['map'], ([m]) => sortedKeys(m));
def('values', ['map'], ([m]) => sortedKeys(m).map((k) => own(m.get(k))));
def('get', ['map', 'string'], ([m, k]) => own(m.get(k)));
defMut('set', ['map', 'string', null], (a) => {
  a[0].set(a[1], own(a[2]));
});
defMut('remove', ['map', 'string'], (a) => {
  const v = a[0].get(a[1]);
  a[0].delete(a[1]);
  return v;
});
defMut('clear', ['map'], (a) => {
  a[0].clear();
});
defMut(['mixin', '+='], ['map', 'map'], (a) => {
  for (const [k, v] of a[1]) a[0].set(k, own(v));
});
defMut('fill_with', ['map', 'map'], (a) => {
  for (const [k, v] of a[1]) if (!a[0].has(k)) a[0].set(k, own(v));
});
defHof('filter', ['map', fp], function* ([m, f]) {
  const out = new Map<string, Value>();
  for (const k of sortedKeys(m)) if (yield [asFnPtr(f), [k, m.get(k)]]) out.set(k, own(m.get(k)));
  return out;
});
defHof(
  'retain',
  ['map', fp],
  function* (args) {
    const m: Map<string, Value> = args[0];
    const removed = new Map<string, Value>();
    for (const k of sortedKeys(m)) {
      if (!(yield [asFnPtr(args[1]), [k, m.get(k)]])) {
        removed.set(k, m.get(k));
        m.delete(k);
      }
    }
    return removed;
  },
  false,
);
defHof(
  'drain',
  ['map', fp],
  function* (args) {
    const m: Map<string, Value> = args[0];
    const removed = new Map<string, Value>();
    for (const k of sortedKeys(m)) {
      if (yield [asFnPtr(args[1]), [k, m.get(k)]]) {
        removed.set(k, m.get(k));
        m.delete(k);
      }
    }
    return removed;
  },
  false,
);
def('to_json', ['map'], ([m]) => toJson(m));

function toJson(v: Value): string {
  if (v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof F64) return Number.isFinite(v.v) ? displayValue(v) : 'null';
  if (v instanceof RChar) return JSON.stringify(v.c);
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (v instanceof Map)
    return `{${sortedKeys(v)
      .map((k) => `${JSON.stringify(k)}:${toJson(v.get(k))}`)
      .join(',')}}`;
  return JSON.stringify(displayValue(v));
}

def('name', ['Fn'], ([p]) => p.name);
def('is_anonymous', ['Fn'], ([p]) => p.isAnonymous);

// `==`/`!=` as callable functions (e.g. via Fn("=="))
def('==', [null, null], ([a, b]) => valuesEqual(a, b));
def('!=', [null, null], ([a, b]) => !valuesEqual(a, b));
