import { checkString } from '../runtime.js';
import { charLength, displayValue, isSimpleString, mkChar, RChar, toChars, type Value } from '../values.js';

import { def, defMut, int, rangeBounds } from './registry.js';

const chars = toChars;
function clampRange(len: number, start: number, count: number): [number, number] {
  if (start < 0) start = Math.max(0, len + start);
  if (start >= len || count <= 0) return [len, len];
  return [start, Math.min(len, start + count)];
}

def('len', ['string'], ([s]) => charLength(s));
def('is_empty', ['string'], ([s]) => s.length === 0);
def('bytes', ['string'], ([s]) => Buffer.byteLength(s));
def('chars', ['string'], ([s]) => chars(s).map(mkChar));
def('to_chars', ['string'], ([s]) => chars(s).map(mkChar));
def('to_string', ['string'], ([s]) => s);
def('contains', ['string', 'str|char'], ([s, x]) => s.includes(x instanceof RChar ? x.c : x));
def('starts_with', ['string', 'string'], ([s, x]) => s.startsWith(x));
def('ends_with', ['string', 'string'], ([s, x]) => s.endsWith(x));
function indexOf(s: string, x: Value, start: number): number {
  const needle = x instanceof RChar ? x.c : x;
  const cs = chars(s);
  if (start < 0) start = Math.max(0, cs.length + start);
  if (start >= cs.length) return -1;
  if (isSimpleString(s)) return s.indexOf(needle, start);
  const prefix = cs.slice(0, start).join('');
  const i = s.indexOf(needle, prefix.length);
  return i < 0 ? -1 : charLength(s.slice(0, i));
}
def('index_of', ['string', 'str|char'], ([s, x]) => indexOf(s, x, 0));
def('index_of', ['string', 'str|char', 'i64'], ([s, x, st]) => indexOf(s, x, int(st)));
def('sub_string', ['string', 'i64', 'i64'], ([s, st, n]) => {
  const cs = chars(s);
  const [a, b] = clampRange(cs.length, int(st), int(n));
  return cs.slice(a, b).join('');
});
def('sub_string', ['string', 'i64'], ([s, st]) => {
  const cs = chars(s);
  const [a, b] = clampRange(cs.length, int(st), cs.length);
  return cs.slice(a, b).join('');
});
def('sub_string', ['string', 'range'], ([s, r]) => {
  const cs = chars(s);
  const [a, b] = rangeBounds(r, cs.length);
  return cs.slice(a, b).join('');
});
def('get', ['string', 'i64'], ([s, i]) => {
  const cs = chars(s);
  const n = int(i) < 0 ? cs.length + int(i) : int(i);
  return n >= 0 && n < cs.length ? mkChar(cs[n]) : undefined;
});
defMut('crop', ['string', 'i64', 'i64'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = clampRange(cs.length, int(a[1]), int(a[2]));
  a[0] = cs.slice(x, y).join('');
});
defMut('crop', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = clampRange(cs.length, int(a[1]), cs.length);
  a[0] = cs.slice(x, y).join('');
});
defMut('crop', ['string', 'range'], (a) => {
  const cs = chars(a[0]);
  const [x, y] = rangeBounds(a[1], cs.length);
  a[0] = cs.slice(x, y).join('');
});
defMut('trim', ['string'], (a) => {
  a[0] = a[0].trim();
});
defMut('make_upper', ['string'], (a) => {
  a[0] = a[0].toUpperCase();
});
defMut('make_lower', ['string'], (a) => {
  a[0] = a[0].toLowerCase();
});
def('to_upper', ['string'], ([s]) => s.toUpperCase());
def('to_lower', ['string'], ([s]) => s.toLowerCase());
def('to_upper', ['char'], ([c]) => mkChar(c.c.toUpperCase().length === 1 ? c.c.toUpperCase() : c.c));
def('to_lower', ['char'], ([c]) => mkChar(c.c.toLowerCase().length === 1 ? c.c.toLowerCase() : c.c));
defMut('make_upper', ['char'], (a) => {
  const u = a[0].c.toUpperCase();
  a[0] = mkChar(u.length === 1 ? u : a[0].c);
});
defMut('make_lower', ['char'], (a) => {
  const u = a[0].c.toLowerCase();
  a[0] = mkChar(u.length === 1 ? u : a[0].c);
});
defMut('replace', ['string', 'str|char', 'str|char'], (a, cx) => {
  const find = a[1] instanceof RChar ? a[1].c : a[1];
  const sub = a[2] instanceof RChar ? a[2].c : a[2];
  a[0] = checkString(cx.c, find === '' ? a[0] : a[0].split(find).join(sub), cx.pos);
});
defMut('remove', ['string', 'str|char'], (a) => {
  const find = a[1] instanceof RChar ? a[1].c : a[1];
  if (find !== '') a[0] = a[0].split(find).join('');
});
defMut('clear', ['string'], (a) => {
  a[0] = '';
});
defMut('truncate', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  if (int(a[1]) < cs.length) a[0] = cs.slice(0, Math.max(0, int(a[1]))).join('');
});
defMut('pop', ['string'], (a) => {
  const cs = chars(a[0]);
  if (!cs.length) return undefined;
  const last = cs.pop()!;
  a[0] = cs.join('');
  return mkChar(last);
});
defMut('pop', ['string', 'i64'], (a) => {
  const cs = chars(a[0]);
  const n = Math.max(0, Math.min(cs.length, int(a[1])));
  const tail = cs.splice(cs.length - n, n).join('');
  a[0] = cs.join('');
  return tail;
});
defMut(['append', '+='], ['string', null], (a, cx) => {
  a[0] = checkString(cx.c, a[0] + displayValue(a[1]), cx.pos);
});
defMut('pad', ['string', 'i64', 'str|char'], (a, cx) => {
  const pad = a[2] instanceof RChar ? a[2].c : a[2];
  let s: string = a[0];
  let len = charLength(s);
  if (pad === '') return;
  while (len < int(a[1])) {
    s += pad;
    len += charLength(pad);
    checkString(cx.c, s, cx.pos);
  }
  if (len > int(a[1]) && int(a[1]) >= charLength(a[0])) s = chars(s).slice(0, int(a[1])).join('');
  a[0] = s;
});
def('split', ['string', 'str|char'], ([s, sep]) => s.split(sep instanceof RChar ? sep.c : sep));
def('split', ['string', 'str|char', 'i64'], ([s, sep, n]) => {
  const d = sep instanceof RChar ? sep.c : sep;
  const parts = s.split(d);
  const k = Math.max(1, int(n));
  if (parts.length <= k) return parts;
  return [...parts.slice(0, k - 1), parts.slice(k - 1).join(d)];
});
def('split', ['string', 'i64'], ([s, i]) => {
  const cs = chars(s);
  let n = int(i);
  if (n < 0) n = Math.max(0, cs.length + n);
  n = Math.min(n, cs.length);
  return [cs.slice(0, n).join(''), cs.slice(n).join('')];
});
def('split', ['string'], ([s]) => s.split(/\s+/).filter((x: string) => x !== ''));
def('split_rev', ['string', 'str|char'], ([s, sep]) => s.split(sep instanceof RChar ? sep.c : sep).reverse());
def('is_empty', ['char'], () => false);
