import type { AST, Decl, Expr, FnDef, Stmt, SwitchCase } from './ast.js';
import { NO_POS, parseError, RhaiError } from './errors.js';
import { ineg } from './int.js';
import { CALLABLE_RESERVED, Lexer, METHOD_RESERVED, type Token } from './lexer.js';
import { F64, mkChar, RChar, type Value } from './values.js';

/** Parser options (Rhai's `max_expr_depth` / `max_function_expr_depth`; 0 = unlimited). */
export interface ParseOptions {
  maxExprDepth: number;
  maxFunctionExprDepth: number;
}

const BINARY_PREC: Record<string, number> = {
  '||': 30,
  '^': 30,
  '|': 30,
  '&&': 60,
  '&': 60,
  '==': 90,
  '!=': 90,
  in: 110,
  '!in': 110,
  '<': 130,
  '<=': 130,
  '>': 130,
  '>=': 130,
  '??': 135,
  '..': 140,
  '..=': 140,
  '+': 150,
  '-': 150,
  '*': 180,
  '/': 180,
  '%': 180,
  '**': 190,
  '<<': 210,
  '>>': 210,
};

const OP_ASSIGN = new Set(['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '&=', '|=', '^=']);

interface ScopeEntry {
  name: string;
  decl: Decl;
}

/** A function-like boundary: script function (opaque) or closure (captures from outside). */
interface FnScope {
  kind: 'fn' | 'closure' | 'top';
  entries: ScopeEntry[];
  /** closure: outer decl -> capture decl */
  capByName?: Map<string, Decl>;
  captureList?: Decl[];
  loopDepth: number;
}

let declCounter = 0;

/** Hand-written recursive-descent/Pratt parser producing a resolved AST. */
export class Parser {
  private lx: Lexer;
  private tok: Token;
  private scopes: FnScope[] = [];
  private depth = 0;
  private maxDepth: number;
  private fns: FnDef[] = [];
  private closures: FnDef[] = [];
  private globalConsts: Decl[] = [];
  private anonCount = 0;
  private noPipe = false;

  constructor(
    private readonly src: string,
    private readonly opts: ParseOptions,
  ) {
    this.lx = new Lexer(src);
    this.tok = this.lx.next();
    this.maxDepth = opts.maxExprDepth;
  }

  // ---- token helpers ----
  private next(): Token {
    const t = this.tok;
    this.tok = this.lx.next();
    return t;
  }
  private is(s: string): boolean {
    return this.tok.k === 'sym' && this.tok.s === s;
  }
  private eat(s: string): boolean {
    if (this.is(s)) {
      this.next();
      return true;
    }
    return false;
  }
  private expect(s: string, why: string): Token {
    if (!this.is(s)) throw parseError(`Expecting '${s}' ${why}`, this.tok.pos);
    return this.next();
  }
  private unexpected(t: Token = this.tok): RhaiError {
    if (t.k === 'eof') return parseError('Script is incomplete', t.pos);
    if (t.k === 'reserved') return reservedError(t);
    const text = t.k === 'str' || t.k === 'istr' ? JSON.stringify(t.s) : t.s;
    return parseError(`Unexpected '${text}'`, t.pos);
  }
  private enter(pos: number): void {
    this.depth++;
    if (this.maxDepth > 0 && this.depth > this.maxDepth)
      throw parseError('Expression exceeds maximum complexity', pos);
  }
  private leave(): void {
    this.depth--;
  }

  // ---- scopes ----
  private get fnScope(): FnScope {
    return this.scopes[this.scopes.length - 1];
  }
  private declare(name: string, isConst: boolean): Decl {
    const decl: Decl = { id: ++declCounter, name, isConst, captured: false };
    this.fnScope.entries.push({ name, decl });
    return decl;
  }
  private mark(): number {
    return this.fnScope.entries.length;
  }
  private restore(m: number): void {
    this.fnScope.entries.length = m;
  }
  /** Resolves a name lexically; crossing closure boundaries records captures. */
  private resolve(name: string, level = this.scopes.length - 1): Decl | null {
    const sc = this.scopes[level];
    for (let i = sc.entries.length - 1; i >= 0; i--)
      if (sc.entries[i].name === name) return sc.entries[i].decl;
    if (sc.kind !== 'closure' || level === 0) return null;
    const known = sc.capByName!.get(name);
    if (known) return known;
    const outer = this.resolve(name, level - 1);
    if (!outer) return null;
    outer.captured = true;
    const cap: Decl = { id: ++declCounter, name, isConst: outer.isConst, captured: true, outer };
    sc.capByName!.set(name, cap);
    sc.captureList!.push(cap);
    return cap;
  }
  private visibleNames(): Set<string> {
    const s = new Set<string>();
    for (let level = this.scopes.length - 1; level >= 0; level--) {
      for (const e of this.scopes[level].entries) s.add(e.name);
      for (const n of this.scopes[level].capByName?.keys() ?? []) s.add(n);
      if (this.scopes[level].kind !== 'closure') break;
    }
    return s;
  }

  // ---- entry ----
  parseScript(): AST {
    this.scopes.push({ kind: 'top', entries: [], loopDepth: 0 });
    const stmts: Stmt[] = [];
    while (this.tok.k !== 'eof') {
      if (this.is('fn') || this.is('private')) {
        this.parseFnDef();
        continue;
      }
      const s = this.parseStmt();
      if (s && s.k !== 'noop') {
        stmts.push(s);
        this.terminate(s, true);
      }
    }
    return {
      source: this.src,
      stmts,
      fns: this.fns,
      closures: this.closures,
      globalConsts: this.globalConsts,
    };
  }

  private terminate(s: Stmt, top: boolean): void {
    if (selfTerminated(s)) {
      this.eat(';');
      return;
    }
    if (this.eat(';')) return;
    if (this.tok.k === 'eof' || (!top && this.is('}'))) return;
    throw parseError("Expecting ';' to terminate this statement", this.tok.pos);
  }

  private parseFnDef(): void {
    const isPrivate = this.eat('private');
    const fnTok = this.expect('fn', 'to start a function definition');
    if (this.scopes.length > 1 || this.depth > 0)
      throw parseError(
        'Function definitions must be at global level and cannot be inside a block or another function',
        fnTok.pos,
      );
    const nameTok = this.next();
    if (nameTok.k === 'reserved') throw reservedError(nameTok);
    if (nameTok.k !== 'id') throw parseError('Expecting function name in function declaration', nameTok.pos);
    const name = nameTok.s;
    if (!this.is('(') && !this.is('()'))
      throw parseError(`Expecting parameters for function ${name}`, this.tok.pos);
    const noParams = this.next().s === '()';
    this.scopes.push({ kind: 'fn', entries: [], loopDepth: 0 });
    const params: Decl[] = [];
    const seen = new Set<string>();
    while (!noParams && !this.is(')')) {
      const p = this.next();
      if (p.k === 'reserved') throw reservedError(p);
      if (p.k !== 'id') throw parseError(`Expecting name of a parameter for function ${name}`, p.pos);
      if (seen.has(p.s)) throw parseError(`Duplicated parameter ${p.s} for function ${name}`, p.pos);
      seen.add(p.s);
      params.push(this.declare(p.s, false));
      if (!this.eat(',')) break;
    }
    if (!noParams) this.expect(')', `to close the parameters list of function '${name}'`);
    if (!this.is('{')) throw parseError(`Expecting body statement block for function ${name}`, this.tok.pos);
    const savedMax = this.maxDepth;
    const savedDepth = this.depth;
    this.maxDepth = this.opts.maxFunctionExprDepth;
    this.depth = 0;
    const body = this.parseBlock();
    this.maxDepth = savedMax;
    this.depth = savedDepth;
    this.scopes.pop();
    if (this.fns.some((f) => f.name === name && f.params.length === params.length)) {
      const n = params.length;
      throw parseError(
        `Function ${name} with ${n === 0 ? 'no parameters' : n === 1 ? '1 parameter' : `${n} parameters`} already exists`,
        nameTok.pos,
      );
    }
    this.fns.push({ name, params, body, pos: fnTok.pos, isPrivate, anon: false });
  }

  // ---- statements ----
  private parseStmt(): Stmt | null {
    const t = this.tok;
    this.enter(t.pos);
    try {
      if (t.k === 'sym') {
        switch (t.s) {
          case ';':
            this.next();
            return { k: 'noop', pos: t.pos };
          case 'let':
          case 'const':
            return this.parseLet();
          case 'if':
          case 'switch':
          case 'while':
          case 'loop':
          case 'do':
          case 'for':
          case '{':
            return { k: 'expr', e: this.parsePrimaryStatementLike() };
          case 'break':
          case 'continue': {
            this.next();
            if (this.fnScope.loopDepth === 0)
              throw parseError(
                t.s === 'break' ? "'break' must be within a loop" : "'continue' must be within a loop",
                t.pos,
              );
            if (t.s === 'continue') return { k: 'continue', pos: t.pos };
            const value = this.startsExpr() ? this.parseExpr() : null;
            return { k: 'break', value, pos: t.pos };
          }
          case 'return':
          case 'throw': {
            this.next();
            const value = this.startsExpr() ? this.parseExpr() : null;
            return { k: t.s === 'return' ? 'return' : 'throw', value, pos: t.pos };
          }
          case 'try':
            return this.parseTry();
          case 'fn':
          case 'private':
            throw parseError(
              'Function definitions must be at global level and cannot be inside a block or another function',
              t.pos,
            );
          case 'import':
            throw parseError("'import' is not supported in this sandbox", t.pos);
          case 'export':
            throw parseError("'export' is not supported in this sandbox", t.pos);
        }
      }
      return this.parseExprStmt();
    } finally {
      this.leave();
    }
  }

  private startsExpr(): boolean {
    return !(this.is(';') || this.is('}') || this.tok.k === 'eof');
  }

  private parseLet(): Stmt {
    const kw = this.next();
    const isConst = kw.s === 'const';
    const nameTok = this.next();
    if (nameTok.k === 'reserved') throw reservedError(nameTok);
    if (nameTok.k !== 'id') {
      if (nameTok.k === 'sym' && /^[a-z_]+$/.test(nameTok.s) && nameTok.s !== '_')
        throw parseError(`'${nameTok.s}' is a keyword`, nameTok.pos);
      throw parseError('Expecting name of a variable', nameTok.pos);
    }
    let init: Expr | null = null;
    if (this.eat('=')) init = this.parseExpr();
    const decl = this.declare(nameTok.s, isConst);
    if (isConst && this.fnScope.kind === 'top' && this.scopes.length === 1) this.globalConsts.push(decl);
    return { k: 'let', decl, init, pos: nameTok.pos };
  }

  private parseTry(): Stmt {
    const t = this.next();
    const body = this.parseBlock();
    this.expect('catch', "to close the 'try' block");
    const m = this.mark();
    let decl: Decl | null = null;
    if (this.eat('(')) {
      const v = this.next();
      if (v.k === 'reserved') throw reservedError(v);
      if (v.k !== 'id') throw parseError('Expecting name of a variable', v.pos);
      decl = this.declare(v.s, false);
      this.expect(')', 'to enclose the catch variable');
    }
    const catchBody = this.parseBlock();
    this.restore(m);
    return { k: 'try', body, decl, catchBody, pos: t.pos };
  }

  private parseExprStmt(): Stmt {
    const e = this.parseExpr();
    if (this.is('=') || (this.tok.k === 'sym' && OP_ASSIGN.has(this.tok.s))) {
      const opTok = this.next();
      this.checkAssignable(e);
      const value = this.parseExpr();
      return {
        k: 'assign',
        target: e,
        op: opTok.s === '=' ? null : opTok.s.slice(0, -1),
        value,
        pos: opTok.pos,
      };
    }
    return { k: 'expr', e };
  }

  private checkAssignable(e: Expr): void {
    let root: Expr = e;
    if (e.k === 'var' || e.k === 'this') {
      root = e;
    } else if (e.k === 'prop' || e.k === 'index') {
      root = e;
      while (root.k === 'prop' || root.k === 'index' || root.k === 'method') {
        if (root.k === 'method') throw parseError('Expression cannot be assigned to', e.pos);
        if (root.elvis) throw parseError('Expression cannot be assigned to', e.pos);
        root = root.obj;
      }
    } else {
      throw parseError('Expression cannot be assigned to', exprPos(e));
    }
    if (root.k === 'var') {
      if (root.decl?.isConst) throw parseError(`Cannot assign to constant ${root.name}`, root.pos);
      return;
    }
    if (root.k === 'this') return;
    if (root.k === 'global' || root.k === 'modvar')
      throw parseError(`Cannot assign to constant ${root.name}`, exprPos(root));
    throw parseError('Expression cannot be assigned to', exprPos(root));
  }

  // ---- blocks ----
  private parseBlock(): Expr {
    const open = this.expect('{', 'to start a statement block');
    this.enter(open.pos);
    const m = this.mark();
    const stmts: Stmt[] = [];
    while (!this.is('}')) {
      if (this.tok.k === 'eof') throw parseError("Expecting '}' to end this statement block", this.tok.pos);
      if (this.is('fn') || this.is('private'))
        throw parseError(
          'Function definitions must be at global level and cannot be inside a block or another function',
          this.tok.pos,
        );
      const s = this.parseStmt();
      if (s && s.k !== 'noop') {
        stmts.push(s);
        this.terminate(s, false);
      }
    }
    this.next();
    this.restore(m);
    this.leave();
    return { k: 'block', stmts, pos: open.pos };
  }

  /** Closes an interpolation block: the `}` is consumed and the template string continues. */
  private parseInterpBlock(): Expr {
    const open = this.expect('{', 'in string interpolation');
    this.enter(open.pos);
    const m = this.mark();
    const stmts: Stmt[] = [];
    while (!this.is('}')) {
      if (this.tok.k === 'eof') throw parseError("Expecting '}' to end this statement block", this.tok.pos);
      const s = this.parseStmt();
      if (s && s.k !== 'noop') {
        stmts.push(s);
        this.terminate(s, false);
      }
    }
    this.restore(m);
    this.leave();
    // do not read past `}`: the lexer continues the template string
    this.tok = this.lx.continueTemplate();
    return { k: 'block', stmts, pos: open.pos };
  }

  // ---- expressions ----
  parseExpr(): Expr {
    this.enter(this.tok.pos);
    try {
      const lhs = this.parseUnary();
      return this.parseBinary(1, lhs);
    } finally {
      this.leave();
    }
  }

  private parseBinary(minPrec: number, lhs: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (t.k !== 'sym') return lhs;
      const prec = BINARY_PREC[t.s];
      if (prec === undefined || prec < minPrec || (this.noPipe && t.s === '|')) return lhs;
      this.next();
      let rhs = this.parseUnary();
      for (;;) {
        const n = this.tok;
        if (n.k !== 'sym') break;
        const np = BINARY_PREC[n.s];
        if (np === undefined || (this.noPipe && n.s === '|')) break;
        if (np > prec || (np === prec && n.s === '**' && t.s === '**')) rhs = this.parseBinary(np, rhs);
        else break;
      }
      lhs = this.makeBinary(t, lhs, rhs);
    }
  }

  private makeBinary(t: Token, l: Expr, r: Expr): Expr {
    switch (t.s) {
      case '&&':
      case '||':
        ensureBool(l);
        ensureBool(r);
        return { k: t.s === '&&' ? 'and' : 'or', l, r, pos: t.pos };
      case '??':
        return { k: 'coalesce', l, r, pos: t.pos };
      default:
        return { k: 'bin', op: t.s, l, r, pos: t.pos };
    }
  }

  private parseUnary(): Expr {
    const t = this.tok;
    if (t.k === 'sym' && (t.s === '-' || t.s === '+' || t.s === '!')) {
      this.next();
      this.enter(t.pos);
      try {
        const e = this.parseUnary();
        if (t.s === '-') {
          if (e.k === 'const' && (typeof e.v === 'number' || typeof e.v === 'bigint')) {
            try {
              return { k: 'const', v: ineg(e.v), pos: t.pos };
            } catch {
              return { k: 'unary', op: '-', e, pos: t.pos };
            }
          }
          if (e.k === 'const' && e.v instanceof F64) return { k: 'const', v: new F64(-e.v.v), pos: t.pos };
          return { k: 'unary', op: '-', e, pos: t.pos };
        }
        if (t.s === '+') {
          if (e.k === 'const' && (typeof e.v === 'number' || typeof e.v === 'bigint' || e.v instanceof F64))
            return { k: 'const', v: e.v, pos: t.pos };
          return { k: 'unary', op: '+', e, pos: t.pos };
        }
        if (e.k === 'const' && typeof e.v === 'boolean') return { k: 'const', v: !e.v, pos: t.pos };
        return { k: 'unary', op: '!', e, pos: t.pos };
      } finally {
        this.leave();
      }
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePrimaryStatementLike(): Expr {
    const t = this.tok;
    switch (t.s) {
      case '{':
        return this.parseBlock();
      case 'if':
        return this.parseIf();
      case 'switch':
        return this.parseSwitch();
      case 'while':
        return this.parseWhile();
      case 'loop': {
        this.next();
        const body = this.parseLoopBody();
        return { k: 'while', cond: null, body, pos: t.pos };
      }
      case 'do':
        return this.parseDo();
      case 'for':
        return this.parseFor();
    }
    throw this.unexpected();
  }

  private parseLoopBody(): Expr {
    this.fnScope.loopDepth++;
    try {
      return this.parseBlock();
    } finally {
      this.fnScope.loopDepth--;
    }
  }

  private parseIf(): Expr {
    const t = this.next();
    const cond = ensureBool(this.parseExpr());
    const then = this.parseBlock();
    let els: Expr | null = null;
    if (this.eat('else')) els = this.is('if') ? this.parseIf() : this.parseBlock();
    return { k: 'if', cond, then, else: els, pos: t.pos };
  }

  private parseWhile(): Expr {
    const t = this.next();
    const cond = ensureBool(this.parseExpr());
    const body = this.parseLoopBody();
    return { k: 'while', cond, body, pos: t.pos };
  }

  private parseDo(): Expr {
    const t = this.next();
    const body = this.parseLoopBody();
    let until: boolean;
    if (this.eat('while')) until = false;
    else if (this.eat('until')) until = true;
    else throw parseError("Expecting 'while' or 'until' to complete the 'do' loop", this.tok.pos);
    const cond = ensureBool(this.parseExpr());
    return { k: 'do', body, cond, until, pos: t.pos };
  }

  private parseFor(): Expr {
    const t = this.next();
    let name: Token;
    let counterName: Token | null = null;
    if (this.eat('(')) {
      name = this.next();
      this.expect(',', 'after the iteration variable name');
      counterName = this.next();
      this.expect(')', 'to close the iteration variable names');
    } else name = this.next();
    for (const n of [name, counterName]) {
      if (!n) continue;
      if (n.k === 'reserved') throw reservedError(n);
      if (n.k !== 'id') throw parseError('Expecting name of a variable', n.pos);
    }
    if (counterName && counterName.s === name.s)
      throw parseError(`Duplicated variable name: ${name.s}`, counterName.pos);
    this.expect('in', 'after the iteration variable');
    const iter = this.parseExpr();
    const m = this.mark();
    const counter = counterName ? this.declare(counterName.s, false) : null;
    const decl = this.declare(name.s, false);
    const body = this.parseLoopBody();
    this.restore(m);
    return { k: 'for', decl, counter, iter, body, pos: t.pos };
  }

  private parseSwitch(): Expr {
    const t = this.next();
    const subject = this.parseExpr();
    this.expect('{', 'to start a switch block');
    const cases: SwitchCase[] = [];
    let def: Expr | null = null;
    const seen: Value[] = [];
    while (!this.is('}')) {
      if (this.tok.k === 'eof') throw parseError("Expecting '}' to end this switch block", this.tok.pos);
      const casePos = this.tok.pos;
      if (def) throw parseError('Default switch case must be the last', casePos);
      if (this.eat('_')) {
        if (this.is('if')) throw parseError('Default switch case cannot have a condition', this.tok.pos);
        this.expect('=>', 'in this switch case');
        const b = this.parseSwitchBody();
        def = b.body;
        if (!this.eat(',') && !this.is('}') && !b.selfTerm)
          throw parseError("Expecting ',' to separate switch cases", this.tok.pos);
        continue;
      }
      const sc: SwitchCase = {
        values: [],
        ranges: [],
        guard: null,
        body: null as unknown as Expr,
        pos: casePos,
      };
      for (;;) {
        this.noPipe = true;
        let e: Expr;
        try {
          e = this.parseExpr();
        } finally {
          this.noPipe = false;
        }
        if (e.k === 'bin' && (e.op === '..' || e.op === '..=') && e.l.k === 'const' && e.r.k === 'const') {
          if (!isIntValue(e.l.v) || !isIntValue(e.r.v))
            throw parseError('Expecting an integer range', exprPos(e));
          sc.ranges.push({ start: e.l.v, end: e.r.v, inclusive: e.op === '..=' });
        } else if (e.k === 'const') {
          if (isIntValue(e.v) && cases.some((c) => c.ranges.length > 0))
            throw parseError('Integer switch case cannot follow a range case', exprPos(e));
          sc.values.push(e.v);
        } else throw parseError('Expecting a constant switch case', exprPos(e));
        if (!this.eat('|')) break;
      }
      if (this.eat('if')) sc.guard = ensureBool(this.parseExpr());
      this.expect('=>', 'in this switch case');
      const b = this.parseSwitchBody();
      sc.body = b.body;
      if (!sc.guard) {
        for (const v of sc.values) {
          if (seen.some((s) => switchKeyEquals(s, v))) throw parseError('Duplicated switch case', casePos);
          seen.push(v);
        }
      }
      cases.push(sc);
      if (!this.eat(',') && !this.is('}') && !b.selfTerm)
        throw parseError("Expecting ',' to separate switch cases", this.tok.pos);
    }
    this.next();
    return { k: 'switch', subject, cases, def, pos: t.pos };
  }

  /** A switch arm is a statement (so `continue`, `return`, `throw` are allowed). */
  private parseSwitchBody(): { body: Expr; selfTerm: boolean } {
    const pos = this.tok.pos;
    const m = this.mark();
    const stmt = this.parseStmt();
    this.restore(m);
    if (!stmt) return { body: { k: 'const', v: undefined, pos }, selfTerm: false };
    if (stmt.k === 'expr') return { body: stmt.e, selfTerm: selfTerminated(stmt) };
    return { body: { k: 'block', stmts: [stmt], pos }, selfTerm: selfTerminated(stmt) };
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    switch (t.k) {
      case 'int':
        this.next();
        return { k: 'const', v: t.n, pos: t.pos };
      case 'float':
        this.next();
        return { k: 'const', v: new F64(t.n as number), pos: t.pos };
      case 'str':
        this.next();
        return { k: 'const', v: t.s, pos: t.pos };
      case 'istr':
        return this.parseInterpolated();
      case 'char':
        this.next();
        return { k: 'const', v: mkChar(t.s), pos: t.pos };
      case 'id':
        return this.parseIdentifier();
      case 'reserved':
        if (t.s === 'this') {
          this.next();
          return { k: 'this', pos: t.pos };
        }
        if (CALLABLE_RESERVED.has(t.s)) {
          this.next();
          if (this.is('(') || this.is('()')) return this.parseCall(t, undefined);
          if (t.s === 'Fn' && this.is('::')) return this.parseIdentifierPath(t);
        }
        throw reservedError(t);
      case 'eof':
        throw parseError('Script is incomplete', t.pos);
    }
    switch (t.s) {
      case 'true':
      case 'false':
        this.next();
        return { k: 'const', v: t.s === 'true', pos: t.pos };
      case '()':
        this.next();
        return { k: 'const', v: undefined, pos: t.pos };
      case '(': {
        this.next();
        const e = this.parseExpr();
        this.expect(')', 'for a matching ( in this expression');
        return e;
      }
      case '[':
        return this.parseArray();
      case '#{':
        return this.parseMap();
      case '{':
      case 'if':
      case 'switch':
      case 'while':
      case 'loop':
      case 'do':
      case 'for':
        return this.parsePrimaryStatementLike();
      case '|':
      case '||':
        return this.parseClosure();
    }
    throw this.unexpected();
  }

  private parseInterpolated(): Expr {
    const start = this.tok.pos;
    const parts: Expr[] = [];
    for (;;) {
      const t = this.tok;
      if (t.k === 'str') {
        if (t.s) parts.push({ k: 'const', v: t.s, pos: t.pos });
        this.next();
        break;
      }
      if (t.k !== 'istr') throw this.unexpected();
      if (t.s) parts.push({ k: 'const', v: t.s, pos: t.pos });
      this.tok = this.lx.next();
      parts.push(this.parseInterpBlock());
    }
    return { k: 'interp', parts, pos: start };
  }

  private parseArray(): Expr {
    const t = this.next();
    const items: Expr[] = [];
    while (!this.is(']')) {
      if (this.tok.k === 'eof') throw parseError("Expecting ']' to end this array literal", this.tok.pos);
      items.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    this.expect(']', 'to end this array literal');
    return { k: 'array', items, pos: t.pos };
  }

  private parseMap(): Expr {
    const t = this.next();
    const keys: string[] = [];
    const vals: Expr[] = [];
    while (!this.is('}')) {
      const k = this.next();
      let key: string;
      if (k.k === 'id' || k.k === 'str') key = k.s;
      else if (k.k === 'reserved') throw reservedError(k);
      else if (k.k === 'eof') throw parseError("Expecting '}' to end this object map literal", k.pos);
      else throw parseError('Expecting name of a property', k.pos);
      if (keys.includes(key)) throw parseError(`Duplicated property for object map literal: ${key}`, k.pos);
      this.expect(':', `to follow the property '${key}' in this object map literal`);
      keys.push(key);
      vals.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    this.expect('}', 'to end this object map literal');
    return { k: 'map', keys, vals, pos: t.pos };
  }

  private parseClosure(): Expr {
    const t = this.next();
    const scope: FnScope = {
      kind: 'closure',
      entries: [],
      capByName: new Map(),
      captureList: [],
      loopDepth: 0,
    };
    const params: Decl[] = [];
    this.scopes.push(scope);
    try {
      if (t.s === '|') {
        const seen = new Set<string>();
        while (!this.is('|')) {
          const p = this.next();
          if (p.k === 'reserved') throw reservedError(p);
          if (p.k !== 'id') throw parseError('Expecting name of a parameter for anonymous function', p.pos);
          if (seen.has(p.s)) throw parseError(`Duplicated parameter ${p.s} for anonymous function`, p.pos);
          seen.add(p.s);
          params.push(this.declare(p.s, false));
          if (!this.eat(',')) break;
        }
        this.expect('|', 'to close the parameters list of anonymous function');
      }
      const body = this.parseExpr();
      const fn: FnDef = {
        name: `anon$${(++this.anonCount).toString(16).padStart(4, '0')}`,
        params: [...scope.captureList!, ...params],
        body,
        pos: t.pos,
        isPrivate: true,
        anon: true,
      };
      this.closures.push(fn);
      return { k: 'closure', fn, captures: scope.captureList!.map((c) => c.outer!), pos: t.pos };
    } finally {
      this.scopes.pop();
    }
  }

  private parseIdentifier(): Expr {
    const t = this.next();
    if (this.is('::')) return this.parseIdentifierPath(t);
    if (this.is('(') || this.is('()')) return this.parseCall(t, undefined);
    return { k: 'var', name: t.s, pos: t.pos, decl: this.resolve(t.s) };
  }

  private parseIdentifierPath(first: Token): Expr {
    const path = [first.s];
    let last = first;
    while (this.eat('::')) {
      last = this.next();
      if (last.k !== 'id' && last.k !== 'reserved')
        throw parseError('Expecting name of a variable', last.pos);
      path.push(last.s);
    }
    const name = path.pop()!;
    if (this.is('(') || this.is('()')) return this.parseCall(last, path, first.pos);
    if (path.length === 1 && path[0] === 'global') return { k: 'global', name, pos: first.pos };
    return { k: 'modvar', path, name, pos: first.pos };
  }

  private parseCall(nameTok: Token, ns: string[] | undefined, pos = nameTok.pos): Expr {
    if (nameTok.s === 'eval' && !ns) throw parseError("'eval' is not supported in this sandbox", nameTok.pos);
    const args: Expr[] = [];
    if (this.eat('()')) return this.finishCall(nameTok, ns, pos, args);
    this.expect('(', 'to start the arguments list');
    while (!this.is(')')) {
      if (this.tok.k === 'eof')
        throw parseError(`Expecting ')' to close the arguments list of ${nameTok.s}`, this.tok.pos);
      args.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    this.expect(')', `to close the arguments list of ${nameTok.s}`);
    return this.finishCall(nameTok, ns, pos, args);
  }

  private finishCall(nameTok: Token, ns: string[] | undefined, pos: number, args: Expr[]): Expr {
    const call: Expr = { k: 'call', name: nameTok.s, args, pos, ns };
    if (nameTok.s === 'is_def_var' && !ns) call.visible = this.visibleNames();
    return call;
  }

  private parsePostfix(e: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (t.k !== 'sym') return e;
      if (t.s === '.' || t.s === '?.') {
        this.next();
        const n = this.next();
        const elvis = t.s === '?.';
        if (n.k === 'reserved' && !METHOD_RESERVED.has(n.s)) throw reservedError(n);
        if (n.k !== 'id' && n.k !== 'reserved') throw parseError('Expecting name of a property', n.pos);
        if (this.eat('()')) {
          e = { k: 'method', obj: e, name: n.s, args: [], elvis, pos: n.pos };
        } else if (this.is('(')) {
          this.next();
          const args: Expr[] = [];
          while (!this.is(')')) {
            if (this.tok.k === 'eof')
              throw parseError(`Expecting ')' to close the arguments list of ${n.s}`, this.tok.pos);
            args.push(this.parseExpr());
            if (!this.eat(',')) break;
          }
          this.expect(')', `to close the arguments list of ${n.s}`);
          e = { k: 'method', obj: e, name: n.s, args, elvis, pos: n.pos };
        } else {
          if (n.k === 'reserved') throw reservedError(n);
          e = { k: 'prop', obj: e, name: n.s, elvis, pos: n.pos };
        }
        continue;
      }
      if (t.s === '[' || t.s === '?[') {
        this.next();
        const idx = this.parseExpr();
        this.expect(']', 'for a matching [ in this index expression');
        e = { k: 'index', obj: e, idx, elvis: t.s === '?[', pos: t.pos };
        continue;
      }
      if (t.s === '(') {
        throw parseError(`Unexpected '('`, t.pos);
      }
      return e;
    }
  }
}

function reservedError(t: Token): RhaiError {
  return /^[A-Za-z_]/.test(t.s)
    ? parseError(`'${t.s}' is a reserved keyword`, t.pos)
    : parseError(`'${t.s}' is a reserved symbol`, t.pos);
}

function selfTerminated(s: Stmt): boolean {
  if (s.k === 'try' || s.k === 'noop') return s.k === 'try';
  if (s.k !== 'expr') return false;
  const k = s.e.k;
  return k === 'if' || k === 'switch' || k === 'while' || k === 'do' || k === 'for' || k === 'block';
}

const isIntValue = (v: Value) => typeof v === 'number' || typeof v === 'bigint';

function switchKeyEquals(a: Value, b: Value): boolean {
  if (a instanceof F64 && b instanceof F64) return a.v === b.v;
  if (a instanceof RChar && b instanceof RChar) return a.c === b.c;
  return a === b;
}

/** Rhai's `ensure_bool_expr`: literal non-boolean conditions are syntax errors. */
function ensureBool(e: Expr): Expr {
  if (e.k === 'const' && typeof e.v !== 'boolean') {
    const v = e.v;
    const what =
      v === undefined
        ? '()'
        : typeof v === 'number' || typeof v === 'bigint'
          ? 'a number'
          : v instanceof F64
            ? 'a floating-point number'
            : v instanceof RChar
              ? 'a character'
              : 'a string';
    throw parseError(`Expecting a boolean expression, not ${what}`, e.pos);
  }
  if (e.k === 'interp') throw parseError('Expecting a boolean expression, not a string', e.pos);
  if (e.k === 'array') throw parseError('Expecting a boolean expression, not an array', e.pos);
  if (e.k === 'map') throw parseError('Expecting a boolean expression, not an object map', e.pos);
  return e;
}

/** Start position of an expression (leftmost token). */
export function exprPos(e: Expr): number {
  switch (e.k) {
    case 'bin':
    case 'and':
    case 'or':
    case 'coalesce':
      return exprPos(e.l);
    case 'prop':
    case 'method':
    case 'index':
      return exprPos(e.obj);
    default:
      return e.pos;
  }
}

export function parse(src: string, opts: ParseOptions): AST {
  try {
    return new Parser(src, opts).parseScript();
  } catch (e) {
    if (e instanceof RangeError) throw parseError('Expression exceeds maximum complexity', NO_POS);
    throw e;
  }
}
