import { mkPos, parseError, posCol, type RhaiError } from './errors.js';
import { type Int, parseIntLiteral } from './int.js';

/** Token kinds: literals, identifiers, reserved words, symbols/keywords (by their syntax), EOF. */
export type TokKind = 'int' | 'float' | 'str' | 'istr' | 'char' | 'id' | 'reserved' | 'sym' | 'eof';

export interface Token {
  k: TokKind;
  /** symbol / keyword / identifier text, or the string contents */
  s: string;
  /** numeric value for int/float */
  n?: Int | number;
  pos: number;
}

const KEYWORDS = new Set([
  'true',
  'false',
  'let',
  'const',
  'if',
  'else',
  'switch',
  'do',
  'while',
  'until',
  'loop',
  'for',
  'in',
  'continue',
  'break',
  'return',
  'throw',
  'try',
  'catch',
  'fn',
  'private',
  'import',
  'export',
  'as',
  '_',
]);

/** Reserved words (Rhai's RESERVED_LIST with `true`), and which ones may be called as functions. */
const RESERVED = new Set([
  'use',
  'case',
  'async',
  'public',
  'package',
  'super',
  'var',
  'protected',
  'spawn',
  'shared',
  'is',
  'static',
  'default',
  'this',
  'thread',
  'yield',
  'new',
  'match',
  'await',
  'null',
  'with',
  'void',
  'nil',
  'module',
  'go',
  'goto',
  'curry',
  'is_shared',
  'print',
  'is_def_var',
  'is_def_fn',
  'call',
  'eval',
  'debug',
  'type_of',
  'Fn',
]);
/** Reserved words that can be called in function-call style. */
export const CALLABLE_RESERVED = new Set([
  'curry',
  'is_shared',
  'print',
  'is_def_var',
  'is_def_fn',
  'call',
  'eval',
  'debug',
  'type_of',
  'Fn',
]);
/** Reserved words that can be called in method-call style. */
export const METHOD_RESERVED = new Set(['curry', 'is_shared', 'call', 'type_of']);

/** Symbol tokens after which a `-` or `+` is unary (Rhai's `Token::is_next_unary`). */
const NEXT_UNARY = new Set([
  ';',
  ':',
  ',',
  '??',
  '..',
  '..=',
  '{',
  '(',
  '[',
  '+',
  '+=',
  '-',
  '-=',
  '*',
  '*=',
  '/',
  '/=',
  '%',
  '%=',
  '**',
  '**=',
  '<<',
  '<<=',
  '>>',
  '>>=',
  '=',
  '==',
  '!=',
  '<',
  '>',
  '!',
  '<=',
  '>=',
  '|',
  '&',
  'if',
  'while',
  'until',
  'in',
  '!in',
  '&&',
  '&=',
  '||',
  '|=',
  '^',
  '^=',
  'return',
  'throw',
  '?[',
]);

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isIdCont = (c: string) => isIdStart(c) || isDigit(c) || c === '_';
const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);

/** Three-character, two-character and one-character symbols, longest first. */
const SYM3 = ['<<=', '>>=', '**=', '..=', '...', '!==', '===', '::<'];
const SYM2 = [
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<<',
  '>>',
  '**',
  '..',
  '=>',
  '::',
  '?.',
  '??',
  '?[',
  '#{',
  '->',
  '<-',
  '++',
  '--',
  ':=',
  '|>',
  '<|',
  '!.',
  '(*',
  '*)',
];
const SYM1 = '+-*/%&|^=<>!.,;:?()[]{}@$~#';
const RESERVED_SYMBOLS = new Set([
  '...',
  '!==',
  '===',
  '::<',
  '->',
  '<-',
  '++',
  '--',
  ':=',
  '|>',
  '<|',
  '!.',
  '(*',
  '*)',
  '@',
  '$',
  '~',
  '#',
  '?',
]);

/**
 * On-demand tokenizer. The parser drives string interpolation: after the `}` closing an
 * interpolated block it calls {@link continueTemplate}.
 */
export class Lexer {
  private i = 0;
  private line = 1;
  private col = 0;
  private prevUnary = true;

  constructor(private readonly src: string) {}

  private peekc(o = 0): string {
    return this.src[this.i + o] ?? '';
  }

  /** Consumes one code point, maintaining line/column. */
  private adv(): string {
    const c = this.src[this.i];
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && this.i + 1 < this.src.length) {
      const pair = this.src.slice(this.i, this.i + 2);
      this.i += 2;
      this.col++;
      return pair;
    }
    this.i++;
    if (c === '\n') {
      this.line++;
      this.col = 0;
    } else this.col++;
    return c;
  }

  private here(): number {
    return mkPos(this.line, this.col + 1);
  }

  next(): Token {
    const t = this.scan();
    this.prevUnary = t.k === 'sym' ? NEXT_UNARY.has(t.s) : false;
    return t;
  }

  private scan(): Token {
    for (;;) {
      const c = this.peekc();
      if (c === '') return { k: 'eof', s: '', pos: mkPos(this.line, this.col + 1) };
      if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        this.adv();
        continue;
      }
      if (c === '/' && this.peekc(1) === '/') {
        while (this.peekc() !== '' && this.peekc() !== '\n') this.adv();
        continue;
      }
      if (c === '/' && this.peekc(1) === '*') {
        this.blockComment();
        continue;
      }
      break;
    }
    const pos = this.here();
    const c = this.peekc();
    if (isDigit(c)) return this.number(pos, false);
    if (c === '-' && isDigit(this.peekc(1)) && this.prevUnary) {
      this.adv();
      return this.number(pos, true);
    }
    if (isIdStart(c) || c === '_') return this.ident(pos);
    if (c === '"') {
      this.adv();
      return { k: 'str', s: this.stringBody('"', false, pos).text, pos };
    }
    if (c === '`') {
      this.adv();
      if (this.peekc() === '\r') this.adv();
      if (this.peekc() === '\n') this.adv();
      const r = this.stringBody('`', true, pos);
      return { k: r.interp ? 'istr' : 'str', s: r.text, pos };
    }
    if (c === "'") return this.charLit(pos);
    if (c === '#' && (this.peekc(1) === '"' || this.peekc(1) === '#')) return this.rawString(pos);
    // Symbols
    for (const s of SYM3) if (this.src.startsWith(s, this.i)) return this.sym(s, pos);
    if (c === '!' && this.src.startsWith('!in', this.i) && !isIdCont(this.peekc(3)))
      return this.sym('!in', pos);
    if (c === '(' && this.peekc(1) === ')') return this.sym('()', pos);
    for (const s of SYM2) if (this.src.startsWith(s, this.i)) return this.sym(s, pos);
    if (SYM1.includes(c)) return this.sym(c, pos);
    throw parseError(`Unexpected '${c}'`, pos);
  }

  private sym(s: string, pos: number): Token {
    for (let k = 0; k < s.length; k++) this.adv();
    if (RESERVED_SYMBOLS.has(s)) return { k: 'reserved', s, pos };
    return { k: 'sym', s, pos };
  }

  private blockComment(): void {
    this.adv();
    this.adv();
    let level = 1;
    while (level > 0 && this.peekc() !== '') {
      if (this.peekc() === '/' && this.peekc(1) === '*') {
        this.adv();
        this.adv();
        level++;
      } else if (this.peekc() === '*' && this.peekc(1) === '/') {
        this.adv();
        this.adv();
        level--;
      } else this.adv();
    }
  }

  private ident(pos: number): Token {
    const start = this.i;
    while (isIdCont(this.peekc())) this.adv();
    const s = this.src.slice(start, this.i);
    if (KEYWORDS.has(s)) return { k: 'sym', s, pos };
    if (RESERVED.has(s)) return { k: 'reserved', s, pos };
    if (!/[a-zA-Z]/.test(s)) throw parseError(`Variable name is not proper '${s}'`, pos);
    return { k: 'id', s, pos };
  }

  private number(pos: number, negated: boolean): Token {
    let text = this.adv();
    let radix = 10;
    let isFloat = false;
    let hasE = false;
    let valid = isDigit;
    for (;;) {
      const c = this.peekc();
      if (c === '_') {
        this.adv();
        continue;
      }
      if (valid(c)) {
        text += this.adv();
        continue;
      }
      if (c === '.' && !isFloat && radix === 10) {
        const n = this.peekc(1);
        if (isDigit(n)) {
          this.adv();
          text += '.';
          isFloat = true;
          continue;
        }
        if (n === '_' || n === '.' || isIdStart(n)) break;
        this.adv();
        text += '.0';
        isFloat = true;
        continue;
      }
      if ((c === 'e' || c === 'E') && !hasE && radix === 10) {
        const n = this.peekc(1);
        if (isDigit(n)) {
          this.adv();
          text += 'e';
          hasE = isFloat = true;
          continue;
        }
        if ((n === '+' || n === '-') && isDigit(this.peekc(2))) {
          this.adv();
          text += `e${this.adv()}`;
          hasE = isFloat = true;
          continue;
        }
        break;
      }
      if ('xXoObB'.includes(c) && c !== '' && text === '0' && radix === 10) {
        this.adv();
        radix = c === 'x' || c === 'X' ? 16 : c === 'o' || c === 'O' ? 8 : 2;
        valid =
          radix === 16
            ? isHex
            : radix === 8
              ? (ch: string) => ch >= '0' && ch <= '7'
              : (ch) => ch === '0' || ch === '1';
        text = '';
        continue;
      }
      break;
    }
    if (radix !== 10) {
      const v = text === '' ? null : parseIntLiteral(text, radix);
      if (v === null) throw parseError(`Invalid number '${text}'`, pos);
      if (negated) {
        const nv = parseIntLiteral(`-${typeof v === 'bigint' ? v : BigInt(v)}`);
        if (nv === null) throw parseError(`Invalid number '-${text}'`, pos);
        return { k: 'int', s: text, n: nv, pos };
      }
      return { k: 'int', s: text, n: v, pos };
    }
    const full = (negated ? '-' : '') + text;
    if (!isFloat) {
      const v = parseIntLiteral(full);
      if (v !== null) return { k: 'int', s: full, n: v, pos };
    }
    const f = Number(full);
    if (Number.isNaN(f)) throw parseError(`Invalid number '${full}'`, pos);
    return { k: 'float', s: full, n: f, pos };
  }

  private charLit(pos: number): Token {
    this.adv();
    if (this.peekc() === "'") throw parseError(`Invalid character ''`, pos);
    const r = this.stringBody("'", false, pos);
    const chars = Array.from(r.text);
    if (chars.length !== 1) throw parseError(`Invalid character '${r.text}'`, pos);
    return { k: 'char', s: chars[0], pos };
  }

  private rawString(pos: number): Token {
    let hashes = 0;
    while (this.peekc() === '#') {
      this.adv();
      hashes++;
    }
    if (this.peekc() !== '"') throw parseError(`Unexpected '#'`, pos);
    this.adv();
    const close = `"${'#'.repeat(hashes)}`;
    const end = this.src.indexOf(close, this.i);
    if (end < 0) throw parseError('Open string is not terminated', pos);
    let text = '';
    while (this.i < end) text += this.adv();
    for (let k = 0; k < close.length; k++) this.adv();
    return { k: 'str', s: text, pos };
  }

  /** Continues a back-tick string after the `}` of an interpolation. */
  continueTemplate(): Token {
    const pos = this.here();
    const r = this.stringBody('`', true, pos);
    this.prevUnary = false;
    return { k: r.interp ? 'istr' : 'str', s: r.text, pos };
  }

  /** Reads string contents up to the terminator (already past the opening quote). */
  private stringBody(term: string, verbatim: boolean, start: number): { text: string; interp: boolean } {
    let out = '';
    let skipSpaceUntil = 0;
    for (;;) {
      const c = this.peekc();
      if (c === '') throw parseError('Open string is not terminated', start);
      if (verbatim && c === '\\' && this.peekc(1) === '$' && this.peekc(2) === '{') {
        this.adv();
        out += this.adv();
        continue;
      }
      if (verbatim && c === '$' && this.peekc(1) === '{') {
        this.adv();
        return { text: out, interp: true };
      }
      if (c === term) {
        this.adv();
        if (this.peekc() === term) {
          this.adv();
          out += term;
          continue;
        }
        return { text: out, interp: false };
      }
      if (c === '\\' && !verbatim) {
        const escPos = this.here();
        this.adv();
        const e = this.peekc();
        if (e === '') throw parseError('Open string is not terminated', start);
        if (e === '\n') {
          this.adv();
          skipSpaceUntil = (posCol(start) ?? 0) + 1;
          continue;
        }
        if (e === '\r' && this.peekc(1) === '\n') {
          this.adv();
          this.adv();
          skipSpaceUntil = (posCol(start) ?? 0) + 1;
          continue;
        }
        this.adv();
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case '\\':
            out += '\\';
            break;
          case 'x':
          case 'u':
          case 'U': {
            const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
            let hex = '';
            for (let k = 0; k < len; k++) {
              const h = this.peekc();
              if (!isHex(h)) throw parseError(`Invalid escape sequence '\\${e}${hex}${h}'`, this.here());
              hex += this.adv();
            }
            const cp = Number.parseInt(hex, 16);
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
              throw parseError(`Invalid escape sequence '\\${e}${hex}'`, this.here());
            out += String.fromCodePoint(cp);
            break;
          }
          default:
            if (e === term) out += term;
            else throw parseError(`Invalid escape sequence '\\${e}'`, escPos);
        }
        skipSpaceUntil = 0;
        continue;
      }
      if (c === '\n' && !verbatim) throw parseError('Open string is not terminated', start);
      if (c === '\r' && this.peekc(1) === '\n') {
        this.adv();
        continue;
      }
      if (skipSpaceUntil && (c === ' ' || c === '\t') && this.col + 1 < skipSpaceUntil) {
        this.adv();
        continue;
      }
      skipSpaceUntil = 0;
      out += this.adv();
    }
  }
}

export type { RhaiError };
