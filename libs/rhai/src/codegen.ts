/**
 * Compiles a resolved Rhai AST into JavaScript source (A-normal form: every sub-expression is
 * evaluated into a temporary in Rhai's evaluation order), so that Rhai control flow maps onto JS
 * control flow (`break`/`continue` through labels, `return`, `try`) and pure computation runs as
 * plain synchronous JS. Functions that may reach an asynchronous host call are emitted as `async`
 * and `await` only at those call sites.
 *
 * Generated code never contains script text: strings, names and non-trivial numbers are passed
 * through a constants table `K`.
 */
import type { AST, Decl, Expr, FnDef, Stmt, SwitchCase } from './ast.js';
import { exprPos } from './parser.js';
import { F64, RChar, type Value } from './values.js';

/** Names of built-in functions that call function pointers (higher-order functions). */
export const HOF_NAMES = new Set([
  'map',
  'filter',
  'reduce',
  'reduce_rev',
  'for_each',
  'some',
  'all',
  'find',
  'find_map',
  'retain',
  'drain',
  'sort',
  'index_of',
  'dedup',
  'zip',
  'call',
]);

/** What the code generator needs to know about the engine. */
export interface CodegenEnv {
  /** names of host functions with an async overload */
  asyncHostNames: Set<string>;
  /** names known as native/host functions (for static method dispatch) */
  nativeNames: Set<string>;
}

export interface GeneratedProgram {
  code: string;
  consts: Value[];
  /** "name/arity" of script functions */
  fnKeys: string[];
  mainAsync: boolean;
}

interface Val {
  /** JS expression (cheap, side-effect free) */
  c: string;
  /** may alias a storage location (needs a copy when stored) */
  b: boolean;
}

const UNIT: Val = { c: 'undefined', b: false };

interface LoopCtx {
  label: string;
  result: string;
}

interface FnCtx {
  temps: number;
  vars: Set<string>;
  loops: LoopCtx[];
  isAsync: boolean;
  params: Set<string>;
}

type ChainCtx = { label: string; result: string } | null;

const isSimpleKind = new Set(['const', 'var', 'this', 'global', 'modvar', 'closure']);

/** Expressions that cannot run statements or calls (so they cannot change variables). */
function isSimple(e: Expr): boolean {
  if (isSimpleKind.has(e.k)) return true;
  switch (e.k) {
    case 'bin':
    case 'and':
    case 'or':
    case 'coalesce':
      return isSimple(e.l) && isSimple(e.r);
    case 'unary':
      return isSimple(e.e);
    case 'prop':
      return isSimple(e.obj);
    case 'index':
      return isSimple(e.obj) && isSimple(e.idx);
    case 'array':
      return e.items.every(isSimple);
    case 'map':
      return e.vals.every(isSimple);
    default:
      return false;
  }
}

export class CodeGen {
  private out: string[] = [];
  private consts: Value[] = [];
  private constIdx = new Map<Value, number>();
  private fn!: FnCtx;
  private labelCount = 0;
  private fnNames = new Map<string, string>();
  private closureNames = new Map<FnDef, string>();
  private asyncFns = new Set<string>();
  private asyncClosures = new Set<FnDef>();
  private dynAsync = false;

  constructor(
    private readonly ast: AST,
    private readonly env: CodegenEnv,
  ) {}

  // ---------- helpers ----------
  private k(v: Value): string {
    if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0))
      return v < 0 ? `(${v})` : String(v);
    if (typeof v === 'boolean') return String(v);
    if (v === undefined) return 'undefined';
    let i = this.constIdx.get(v);
    if (i === undefined) {
      i = this.consts.length;
      this.consts.push(v);
      if (typeof v === 'string' || typeof v === 'bigint') this.constIdx.set(v, i);
    }
    return `K[${i}]`;
  }
  private temp(): string {
    const t = `t${++this.fn.temps}`;
    this.fn.vars.add(t);
    return t;
  }
  private emit(s: string): void {
    this.out.push(s);
  }
  private aw(isAsync: boolean): string {
    return isAsync ? 'await ' : '';
  }
  private varName(d: Decl): string {
    const n = `v${d.id}`;
    this.fn.vars.add(n);
    return n;
  }
  private readDecl(d: Decl): string {
    return d.captured ? `${this.varName(d)}.v` : this.varName(d);
  }
  private ops(pos: number): void {
    this.emit(`if(++c.ops>c.lim)rt.opsCheck(c,${pos});`);
  }
  private own(v: Val): string {
    return v.b ? `rt.own(c,${v.c})` : v.c;
  }
  /** Materialises a value into a fresh temp (when later siblings could change variables). */
  private pin(v: Val): Val {
    if (/^(t\d+|K\[\d+\]|\(?-?\d+\)?|true|false|undefined)$/.test(v.c)) return v;
    const t = this.temp();
    this.emit(`${t}=${v.c};`);
    return { c: t, b: v.b };
  }

  // ---------- async analysis ----------
  /**
   * Marks what may suspend. Direct calls to async host functions and to script functions that may
   * suspend are async. Calls through function pointers (`call`, higher-order built-ins, map-property
   * methods) are async only when a suspending target is reachable through a pointer: an async closure, or
   * an async host/script function whose name the script mentions as a string (`Fn("vote")`,
   * `a.map("vote")`), or a `Fn(...)` whose name is computed.
   */
  private analyseAsync(): void {
    const hostAsync = this.env.asyncHostNames;
    if (hostAsync.size === 0) return;
    const strings = new Set<string>();
    let computedFnName = false;
    const scan = (e: Expr) => {
      if (e.k === 'const' && typeof e.v === 'string') strings.add(e.v);
      if (e.k === 'call' && e.name === 'Fn' && !(e.args[0]?.k === 'const')) computedFnName = true;
      return false;
    };
    for (const x of this.allCode()) {
      if (isStmt(x)) this.stmtContains(x, scan);
      else this.exprContains(x, scan);
    }
    const mentioned = (name: string) => strings.has(name);
    this.dynAsync = computedFnName || [...hostAsync].some(mentioned);
    const fnAsync = (name: string, arity: number) => this.asyncFns.has(`${name}/${arity}`);
    const nodeAsync = (e: Expr): boolean => {
      if (e.k === 'call') {
        if (hostAsync.has(e.name)) return true;
        if (fnAsync(e.name, e.args.length)) return true;
        if (this.dynAsync && HOF_NAMES.has(e.name)) return true;
      } else if (e.k === 'method') {
        if (hostAsync.has(e.name)) return true;
        if (fnAsync(e.name, e.args.length)) return true;
        if (this.dynAsync && (HOF_NAMES.has(e.name) || !this.env.nativeNames.has(e.name))) return true;
      }
      return false;
    };
    for (;;) {
      let changed = false;
      for (const f of this.ast.fns) {
        const key = `${f.name}/${f.params.length}`;
        if (!this.asyncFns.has(key) && this.exprContains(f.body, nodeAsync)) {
          this.asyncFns.add(key);
          changed = true;
        }
      }
      for (const cl of this.ast.closures) {
        if (!this.asyncClosures.has(cl) && this.exprContains(cl.body, nodeAsync)) {
          this.asyncClosures.add(cl);
          changed = true;
        }
      }
      const dyn =
        this.dynAsync ||
        this.asyncClosures.size > 0 ||
        this.ast.fns.some((f) => fnAsync(f.name, f.params.length) && mentioned(f.name));
      if (dyn !== this.dynAsync) {
        this.dynAsync = dyn;
        changed = true;
      }
      if (!changed) break;
    }
    this.nodeAsync = nodeAsync;
  }

  /** Top-level statements, function bodies and closure bodies. */
  private allCode(): (Stmt | Expr)[] {
    return [...this.ast.stmts, ...this.ast.fns.map((f) => f.body), ...this.ast.closures.map((c) => c.body)];
  }
  private nodeAsync: (e: Expr) => boolean = () => false;

  /** Whether an expression (not descending into closures) contains a node matching `pred`. */
  private exprContains(e: Expr, pred: (e: Expr) => boolean): boolean {
    if (pred(e)) return true;
    const r = (x: Expr | null) => (x ? this.exprContains(x, pred) : false);
    switch (e.k) {
      case 'interp':
        return e.parts.some(r);
      case 'array':
        return e.items.some(r);
      case 'map':
        return e.vals.some(r);
      case 'call':
        return e.args.some(r);
      case 'bin':
      case 'and':
      case 'or':
      case 'coalesce':
        return r(e.l) || r(e.r);
      case 'unary':
        return r(e.e);
      case 'prop':
        return r(e.obj);
      case 'method':
        return r(e.obj) || e.args.some(r);
      case 'index':
        return r(e.obj) || r(e.idx);
      case 'block':
        return e.stmts.some((s) => this.stmtContains(s, pred));
      case 'if':
        return r(e.cond) || r(e.then) || r(e.else);
      case 'switch':
        return r(e.subject) || r(e.def) || e.cases.some((c) => r(c.guard) || r(c.body));
      case 'while':
        return r(e.cond) || r(e.body);
      case 'do':
        return r(e.body) || r(e.cond);
      case 'for':
        return r(e.iter) || r(e.body);
      default:
        return false;
    }
  }
  private stmtContains(s: Stmt, pred: (e: Expr) => boolean): boolean {
    const r = (x: Expr | null) => (x ? this.exprContains(x, pred) : false);
    switch (s.k) {
      case 'expr':
        return r(s.e);
      case 'let':
        return r(s.init);
      case 'assign':
        return r(s.target) || r(s.value);
      case 'break':
      case 'return':
      case 'throw':
        return r(s.value);
      case 'try':
        return r(s.body) || r(s.catchBody);
      default:
        return false;
    }
  }

  // ---------- program ----------
  generate(): GeneratedProgram {
    this.analyseAsync();
    const ast = this.ast;
    ast.fns.forEach((f, i) => {
      this.fnNames.set(`${f.name}/${f.params.length}`, `f${i}`);
    });
    ast.closures.forEach((f, i) => {
      this.closureNames.set(f, `a${i}`);
    });
    const parts: string[] = ['"use strict";'];
    ast.fns.forEach((f) => {
      parts.push(
        this.genFunction(
          f,
          this.fnNames.get(`${f.name}/${f.params.length}`)!,
          this.asyncFns.has(`${f.name}/${f.params.length}`),
        ),
      );
    });
    ast.closures.forEach((f) => {
      parts.push(this.genFunction(f, this.closureNames.get(f)!, this.asyncClosures.has(f)));
    });
    const mainAsync = ast.stmts.some((s) => this.stmtContains(s, this.nodeAsync));
    parts.push(this.genMain(mainAsync));
    const fnTable = ast.fns.map(
      (f) =>
        `${JSON.stringify(`${f.name}/${f.params.length}`)}:${this.fnNames.get(`${f.name}/${f.params.length}`)}`,
    );
    parts.push(`return {main, fns: {${fnTable.join(',')}}};`);
    return {
      code: parts.join('\n'),
      consts: this.consts,
      fnKeys: ast.fns.map((f) => `${f.name}/${f.params.length}`),
      mainAsync,
    };
  }

  private newFn(isAsync: boolean): FnCtx {
    return { temps: 0, vars: new Set(), loops: [], isAsync, params: new Set() };
  }

  private genMain(isAsync: boolean): string {
    this.fn = this.newFn(isAsync);
    this.out = [];
    const r = this.genStmts(this.ast.stmts, true);
    this.emit(`return ${r.c};`);
    const body = this.out.join('\n');
    const decls = this.fn.vars.size ? `let ${[...this.fn.vars].join(',')};` : '';
    return `${isAsync ? 'async ' : ''}function main(c,self){${decls}\n${body}\n}`;
  }

  private genFunction(f: FnDef, jsName: string, isAsync: boolean): string {
    this.fn = this.newFn(isAsync);
    this.out = [];
    const params = f.params.map((p) => `v${p.id}`);
    for (const p of params) this.fn.params.add(p);
    const prologue: string[] = [];
    for (const p of f.params) {
      // closure captures arrive as cells already
      if (p.captured && !p.outer) prologue.push(`${this.varName(p)}={v:${this.varName(p)}};`);
    }
    const r = this.genStmts(
      (f.body.k === 'block' ? f.body.stmts : [{ k: 'expr', e: f.body }]) as Stmt[],
      true,
    );
    this.emit(`return ${this.own(r)};`);
    const body = this.out.join('\n');
    const locals = [...this.fn.vars].filter((v) => !this.fn.params.has(v));
    const decls = locals.length ? `let ${locals.join(',')};` : '';
    const name = this.k(f.name);
    return `${isAsync ? 'async ' : ''}function ${jsName}(c,cp,self${params.map((p) => `,${p}`).join('')}){${decls}
if(++c.depth>c.maxDepth)throw rt.stackOverflow(c,cp);
try{${prologue.join('')}
${body}
}catch(e){throw rt.wrapFn(e,${name},cp);}finally{c.depth--;c.thisOut=self;}}`;
  }

  // ---------- statements ----------
  /** Emits statements; returns the value of the last one (block value). */
  private genStmts(stmts: Stmt[], wantValue: boolean): Val {
    let last: Val = UNIT;
    for (let i = 0; i < stmts.length; i++) {
      const isLast = i === stmts.length - 1;
      last = this.genStmt(stmts[i], wantValue && isLast);
    }
    return stmts.length ? last : UNIT;
  }

  private genStmt(s: Stmt, wantValue: boolean): Val {
    switch (s.k) {
      case 'noop':
        return UNIT;
      case 'expr': {
        this.ops(stmtPos(s));
        const v = this.gen(s.e, null);
        if (wantValue) return this.pin(v);
        return UNIT;
      }
      case 'let': {
        this.ops(s.pos);
        const v = s.init ? this.gen(s.init, null) : UNIT;
        const n = this.varName(s.decl);
        const val = this.own(v);
        if (s.decl.captured) this.emit(`${n}={v:${val}};`);
        else this.emit(`${n}=${val};`);
        if (s.decl.isConst && this.ast.globalConsts.includes(s.decl))
          this.emit(`c.globals.set(${this.k(s.decl.name)},${n}${s.decl.captured ? '.v' : ''});`);
        return UNIT;
      }
      case 'assign':
        this.ops(s.pos);
        this.genAssign(s);
        return UNIT;
      case 'break': {
        const loop = this.fn.loops[this.fn.loops.length - 1];
        this.ops(s.pos);
        if (s.value) {
          const v = this.gen(s.value, null);
          this.emit(`${loop.result}=${this.own(v)};`);
        }
        this.emit(`break ${loop.label};`);
        return UNIT;
      }
      case 'continue': {
        const loop = this.fn.loops[this.fn.loops.length - 1];
        this.ops(s.pos);
        this.emit(`continue ${loop.label};`);
        return UNIT;
      }
      case 'return': {
        this.ops(s.pos);
        const v = s.value ? this.gen(s.value, null) : UNIT;
        this.emit(`return ${this.own(v)};`);
        return UNIT;
      }
      case 'throw': {
        this.ops(s.pos);
        if (!s.value) {
          this.emit(`throw rt.throwValue(undefined,${s.pos});`);
          return UNIT;
        }
        const v = this.gen(s.value, null);
        this.emit(`throw rt.throwValue(${this.own(v)},${s.pos});`);
        return UNIT;
      }
      case 'try':
        this.ops(s.pos);
        return this.genTry(s);
    }
  }

  private genTry(s: Extract<Stmt, { k: 'try' }>): Val {
    const r = this.temp();
    const e0 = this.temp();
    this.emit('try{');
    const bv = this.genBlockValue(s.body);
    this.emit(`${r}=${this.own(bv)};`);
    this.emit(`}catch(${e0}$){${e0}=rt.caught(c,${e0}$);`);
    if (s.decl) {
      const n = this.varName(s.decl);
      this.emit(s.decl.captured ? `${n}={v:rt.catchValue(${e0})};` : `${n}=rt.catchValue(${e0});`);
    }
    this.emit('try{');
    this.genBlockValue(s.catchBody);
    this.emit(`}catch(e$){throw rt.rethrowUnit(e$,${e0});}`);
    this.emit(`${r}=undefined;}`);
    return { c: r, b: false };
  }

  private genBlockValue(e: Expr): Val {
    if (e.k !== 'block') return this.gen(e, null);
    return this.genStmts(e.stmts, true);
  }

  // ---------- assignment ----------
  private genAssign(s: Extract<Stmt, { k: 'assign' }>): void {
    const rhs = this.gen(s.value, null);
    const rv = this.pin({ c: this.own(rhs), b: false });
    const t = s.target;
    if (t.k === 'var' || t.k === 'this') {
      if (t.k === 'var' && !t.decl) {
        this.emit(`throw rt.assignGlobal(c,${this.k(t.name)},${t.pos});`);
        return;
      }
      const cur = t.k === 'this' ? `rt.getThis(self,${t.pos})` : this.readDecl(t.decl!);
      const val = s.op ? this.opAssignCode(s.op, cur, rv.c, s.pos) : rv.c;
      if (t.k === 'this') this.emit(`self=${val};`);
      else this.emit(`${this.readDecl(t.decl!)}=${val};`);
      return;
    }
    // property / index chain: evaluate the parent place, then set
    let root: Expr = t;
    while (root.k === 'prop' || root.k === 'index') root = root.obj;
    if ((root.k === 'var' && !root.decl) || root.k === 'global' || root.k === 'modvar') {
      const name = root.k === 'modvar' ? `${root.path.join('::')}::${root.name}` : root.name;
      this.emit(`throw rt.assignGlobal(c,${this.k(name)},${root.pos});`);
      return;
    }
    const place = this.genPlace(t as Extract<Expr, { k: 'prop' | 'index' }>);
    let val = rv.c;
    if (s.op) {
      const cur = this.temp();
      this.emit(`${cur}=${place.get};`);
      val = this.opAssignCode(s.op, cur, rv.c, s.pos);
    }
    this.emitSet(place, val);
  }

  /** `x op= y`: `+=` appends to arrays/maps in place; other operators are the plain binary operator. */
  private opAssignCode(op: string, cur: string, rhs: string, pos: number): string {
    if (op === '+') return `rt.addAssign(c,${cur},${rhs},${pos})`;
    const fn = BIN_FN[op];
    return fn ? `rt.${fn}(c,${cur},${rhs},${pos})` : `rt.binop(c,${this.k(op)},${cur},${rhs},${pos})`;
  }

  /** A settable location: parent container temp + key, with the parent's own place for write-back. */
  private genPlace(e: Extract<Expr, { k: 'prop' | 'index' }>): Place {
    const parent = this.genPlaceOrValue(e.obj);
    if (e.k === 'prop') {
      return {
        get: `rt.getProp(c,${parent.v},${this.k(e.name)},${e.pos})`,
        set: (val: string) => `rt.setProp(c,${parent.v},${this.k(e.name)},${val},${e.pos})`,
        parent,
      };
    }
    const idx = this.pin(this.gen(e.idx, null));
    return {
      get: `rt.getIndex(c,${parent.v},${idx.c},${exprPos(e.idx)})`,
      set: (val: string) => `rt.setIndex(c,${parent.v},${idx.c},${val},${exprPos(e.idx)})`,
      parent,
    };
  }

  /** Evaluates an expression that may be written back to (a variable, `this` or a prop/index chain). */
  private genPlaceOrValue(e: Expr): PlaceValue {
    if (e.k === 'var' && e.decl) {
      const t = this.temp();
      this.emit(`${t}=${this.readDecl(e.decl)};`);
      return {
        v: t,
        write: e.decl.isConst ? null : (val) => this.emit(`${this.readDecl(e.decl!)}=${val};`),
        isConst: e.decl.isConst,
      };
    }
    if (e.k === 'var' || e.k === 'global' || e.k === 'modvar') {
      // engine constants (`task`), `global::X`, `Module::X`: read-only
      return { v: this.pin(this.gen(e, null)).c, write: null, isConst: true };
    }
    if (e.k === 'this') {
      const t = this.temp();
      this.emit(`${t}=rt.getThis(self,${e.pos});`);
      return { v: t, write: (val) => this.emit(`self=${val};`), isConst: false };
    }
    if ((e.k === 'prop' || e.k === 'index') && !e.elvis) {
      const place = this.genPlace(e);
      const t = this.temp();
      this.emit(`${t}=${place.get};`);
      return {
        v: t,
        write:
          place.parent.write || place.parent.isConst === false ? (val) => this.emitSet(place, val) : null,
        isConst: place.parent.isConst,
      };
    }
    const v = this.gen(e, null);
    return { v: this.pinCode(this.own(v)), write: null, isConst: false };
  }

  private emitSet(place: Place, val: string): void {
    const nt = this.temp();
    this.emit(`${nt}=${place.set(val)};`);
    // immutable parents (strings, integers as bit-fields) produce a new value: write it back
    if (place.parent.write) {
      this.emit(`if(${nt}!==${place.parent.v}){`);
      place.parent.write(nt);
      this.emit('}');
    }
  }

  // ---------- expressions ----------
  private gen(e: Expr, chain: ChainCtx): Val {
    switch (e.k) {
      case 'const':
        return { c: this.k(e.v), b: false };
      case 'var': {
        if (!e.decl) return { c: this.pinCode(`rt.getGlobal(c,${this.k(e.name)},${e.pos})`), b: true };
        return { c: this.readDecl(e.decl), b: true };
      }
      case 'this':
        return { c: `rt.getThis(self,${e.pos})`, b: true };
      case 'global':
        return { c: this.pinCode(`rt.getGlobalNs(c,${this.k(e.name)},${e.pos})`), b: true };
      case 'modvar':
        return {
          c: this.pinCode(`rt.getModVar(c,${this.k(e.path.join('::'))},${this.k(e.name)},${e.pos})`),
          b: true,
        };
      case 'interp': {
        const parts = this.genSeq(e.parts);
        return { c: this.pinCode(`rt.interp(c,[${parts.map((p) => p.c).join(',')}],${e.pos})`), b: false };
      }
      case 'array': {
        const items = this.genSeq(e.items);
        return {
          c: this.pinCode(`rt.mkArray(c,[${items.map((v) => this.own(v)).join(',')}],${e.pos})`),
          b: false,
        };
      }
      case 'map': {
        const vals = this.genSeq(e.vals);
        return {
          c: this.pinCode(
            `rt.mkMap(c,[${e.keys.map((k) => this.k(k)).join(',')}],[${vals.map((v) => this.own(v)).join(',')}],${e.pos})`,
          ),
          b: false,
        };
      }
      case 'bin':
        return this.genBinary(e);
      case 'and':
      case 'or': {
        const r = this.temp();
        const l = this.gen(e.l, null);
        this.emit(`${r}=rt.bool(${l.c},${exprPos(e.l)});`);
        this.emit(e.k === 'and' ? `if(${r}){` : `if(!${r}){`);
        const rv = this.gen(e.r, null);
        this.emit(`${r}=rt.bool(${rv.c},${exprPos(e.r)});}`);
        return { c: r, b: false };
      }
      case 'coalesce': {
        const r = this.temp();
        const l = this.gen(e.l, null);
        this.emit(`${r}=${l.c};if(${r}===undefined){`);
        const rv = this.gen(e.r, null);
        this.emit(`${r}=${rv.c};}`);
        return { c: r, b: l.b || rv.b };
      }
      case 'unary': {
        const v = this.gen(e.e, null);
        const fn = e.op === '-' ? 'neg' : e.op === '+' ? 'plus' : 'not';
        return { c: this.pinCode(`rt.${fn}(c,${v.c},${e.pos})`), b: false };
      }
      case 'prop':
      case 'index':
      case 'method':
        return this.genChain(e, chain);
      case 'call':
        return this.genCall(e);
      case 'closure': {
        const name = this.closureNames.get(e.fn)!;
        const caps = e.captures.map((d) => this.varName(d));
        const isAsync = this.asyncClosures.has(e.fn);
        return {
          c: this.pinCode(
            `rt.mkClosure(${name},${this.k(e.fn.name)},[${caps.join(',')}],${e.fn.params.length - caps.length},${isAsync})`,
          ),
          b: false,
        };
      }
      case 'block': {
        const v = this.genStmts(e.stmts, true);
        return this.pin(v);
      }
      case 'if':
        return this.genIf(e);
      case 'switch':
        return this.genSwitch(e);
      case 'while':
        return this.genWhile(e);
      case 'do':
        return this.genDo(e);
      case 'for':
        return this.genFor(e);
    }
  }

  private pinCode(code: string): string {
    const t = this.temp();
    this.emit(`${t}=${code};`);
    return t;
  }

  /** Evaluates expressions left to right, pinning earlier values when later ones have effects. */
  private genSeq(es: Expr[]): Val[] {
    const out: Val[] = [];
    for (let i = 0; i < es.length; i++) {
      let v = this.gen(es[i], null);
      if (es.slice(i + 1).some((x) => !isSimple(x))) v = this.pin(v);
      out.push(v);
    }
    return out;
  }

  private genBinary(e: Extract<Expr, { k: 'bin' }>): Val {
    let l = this.gen(e.l, null);
    if (!isSimple(e.r)) l = this.pin(l);
    const r = this.gen(e.r, null);
    const fn = BIN_FN[e.op];
    if (fn) return { c: this.pinCode(`rt.${fn}(c,${l.c},${r.c},${e.pos})`), b: false };
    return { c: this.pinCode(`rt.binop(c,${this.k(e.op)},${l.c},${r.c},${e.pos})`), b: false };
  }

  private genIf(e: Extract<Expr, { k: 'if' }>): Val {
    const r = this.temp();
    const cond = this.gen(e.cond, null);
    this.emit(`if(rt.cond(${cond.c},${exprPos(e.cond)})){`);
    const tv = this.genBlockValue(e.then);
    this.emit(`${r}=${tv.c};}else{`);
    if (e.else) {
      const ev = this.genBlockValue(e.else);
      this.emit(`${r}=${ev.c};`);
    } else this.emit(`${r}=undefined;`);
    this.emit('}');
    return { c: r, b: true };
  }

  private genSwitch(e: Extract<Expr, { k: 'switch' }>): Val {
    const r = this.temp();
    const label = `S${++this.labelCount}`;
    const subj = this.pin(this.gen(e.subject, null));
    this.emit(`${label}:{`);
    const ordered: SwitchCase[] = [
      ...e.cases.filter((c) => c.values.length),
      ...e.cases.filter((c) => c.ranges.length),
    ];
    for (const sc of ordered) {
      const tests = [
        ...sc.values.map((v) => `rt.switchEq(${subj.c},${this.k(v)})`),
        ...sc.ranges.map(
          (rg) => `rt.inRange(${subj.c},${this.k(rg.start)},${this.k(rg.end)},${rg.inclusive})`,
        ),
      ];
      this.emit(`if(${tests.join('||')}){`);
      if (sc.guard) {
        const g = this.gen(sc.guard, null);
        this.emit(`if(rt.cond(${g.c},${exprPos(sc.guard)})){`);
      }
      const bv = this.genBlockValue(sc.body);
      this.emit(`${r}=${bv.c};break ${label};`);
      if (sc.guard) this.emit('}');
      this.emit('}');
    }
    if (e.def) {
      const dv = this.genBlockValue(e.def);
      this.emit(`${r}=${dv.c};`);
    } else this.emit(`${r}=undefined;`);
    this.emit('}');
    return { c: r, b: true };
  }

  private withLoop(result: string, body: (label: string) => void): void {
    const label = `L${++this.labelCount}`;
    this.fn.loops.push({ label, result });
    try {
      body(label);
    } finally {
      this.fn.loops.pop();
    }
  }

  private genWhile(e: Extract<Expr, { k: 'while' }>): Val {
    const r = this.temp();
    this.emit(`${r}=undefined;`);
    this.withLoop(r, (label) => {
      this.emit(`${label}:for(;;){`);
      if (e.cond) {
        this.ops(e.pos);
        const cv = this.gen(e.cond, null);
        this.emit(`if(!rt.cond(${cv.c},${exprPos(e.cond)}))break;`);
      } else this.ops(e.body.pos);
      this.genStmts((e.body as Extract<Expr, { k: 'block' }>).stmts, false);
      this.emit('}');
    });
    return { c: r, b: false };
  }

  private genDo(e: Extract<Expr, { k: 'do' }>): Val {
    const r = this.temp();
    this.emit(`${r}=undefined;`);
    this.withLoop(r, (label) => {
      this.emit(`${label}:for(;;){`);
      this.ops(e.body.pos);
      this.genStmts((e.body as Extract<Expr, { k: 'block' }>).stmts, false);
      const cv = this.gen(e.cond, null);
      this.emit(`if(${e.until ? '' : '!'}rt.cond(${cv.c},${exprPos(e.cond)}))break;`);
      this.emit('}');
    });
    return { c: r, b: false };
  }

  private genFor(e: Extract<Expr, { k: 'for' }>): Val {
    const r = this.temp();
    this.emit(`${r}=undefined;`);
    const src = this.gen(e.iter, null);
    const it = this.temp();
    this.emit(`${it}=rt.iter(c,${src.c},${src.b},${exprPos(e.iter)});`);
    const vn = this.varName(e.decl);
    if (e.decl.captured) this.emit(`${vn}={v:undefined};`);
    let cn: string | null = null;
    if (e.counter) {
      cn = this.varName(e.counter);
      this.emit(e.counter.captured ? `${cn}={v:-1};` : `${cn}=-1;`);
    }
    const x = this.temp();
    this.withLoop(r, (label) => {
      this.emit(`${label}:for(;;){${x}=${it}.next();if(${x}===rt.DONE)break;`);
      this.ops(e.body.pos);
      this.emit(`${this.readDecl(e.decl)}=${x};`);
      if (e.counter) this.emit(`${this.readDecl(e.counter)}++;`);
      this.genStmts((e.body as Extract<Expr, { k: 'block' }>).stmts, false);
      this.emit('}');
    });
    return { c: r, b: false };
  }

  // ---------- calls ----------
  private genArgs(args: Expr[]): Val[] {
    return this.genSeq(args);
  }

  private genCall(e: Extract<Expr, { k: 'call' }>): Val {
    const pos = e.pos;
    const n = e.args.length;
    const isAsync = this.nodeAsync(e);
    if (e.ns?.length) {
      const args = this.genArgs(e.args);
      return {
        c: this.pinCode(
          `${this.aw(isAsync)}rt.callModFn(c,${this.k(e.ns.join('::'))},${this.k(e.name)},[${args.map((a) => a.c).join(',')}],${pos})`,
        ),
        b: false,
      };
    }
    switch (e.name) {
      case 'is_def_var':
        if (n === 1) {
          const a = this.genArgs(e.args);
          return {
            c: this.pinCode(`rt.isDefVar(c,${a[0].c},${this.k([...(e.visible ?? [])])},${pos})`),
            b: false,
          };
        }
        break;
      case 'eval':
        return { c: this.pinCode(`rt.noEval(${pos})`), b: false };
    }
    const key = `${e.name}/${n}`;
    const jsFn = this.fnNames.get(key);
    if (jsFn) {
      const args = this.genArgs(e.args);
      const fnAsync = this.asyncFns.has(key);
      return {
        c: this.pinCode(
          `${this.aw(fnAsync)}${jsFn}(c,${pos},rt.NO_THIS${args.map((a) => `,${this.own(a)}`).join('')})`,
        ),
        b: false,
      };
    }
    // native / host function; the first argument is passed by reference when it is a variable
    const first = e.args[0];
    if (first && first.k === 'var' && first.decl && !first.decl.isConst) {
      const rest = this.genArgs(e.args);
      const t = this.temp();
      this.emit(
        `${t}=${this.aw(isAsync)}rt.${isAsync ? 'callFnAsync' : 'callFn'}(c,${this.k(e.name)},[${rest.map((a) => a.c).join(',')}],${pos},true);`,
      );
      this.emit(`if(c.thisOut!==${rest[0].c})${this.readDecl(first.decl)}=c.thisOut;`);
      return { c: t, b: false };
    }
    const args = this.genArgs(e.args);
    return {
      c: this.pinCode(
        `${this.aw(isAsync)}rt.${isAsync ? 'callFnAsync' : 'callFn'}(c,${this.k(e.name)},[${args.map((a) => a.c).join(',')}],${pos},false)`,
      ),
      b: false,
    };
  }

  /** Property / index / method chains, with `?.` short-circuiting the rest of the chain. */
  private genChain(e: Extract<Expr, { k: 'prop' | 'index' | 'method' }>, chain: ChainCtx): Val {
    let own = false;
    if (!chain && hasElvis(e)) {
      own = true;
      chain = { label: `C${++this.labelCount}`, result: this.temp() };
      this.emit(`${chain.label}:{`);
    }
    let v: Val;
    if (e.k === 'method') v = this.genMethod(e, chain);
    else {
      const obj = this.pin(this.gen(e.obj, chain));
      if (e.elvis && chain)
        this.emit(`if(${obj.c}===undefined){${chain.result}=undefined;break ${chain.label};}`);
      if (e.k === 'prop')
        v = { c: this.pinCode(`rt.getProp(c,${obj.c},${this.k(e.name)},${e.pos})`), b: true };
      else {
        const idx = this.gen(e.idx, null);
        v = { c: this.pinCode(`rt.getIndex(c,${obj.c},${idx.c},${exprPos(e.idx)})`), b: true };
      }
    }
    if (own && chain) {
      this.emit(`${chain.result}=${v.c};}`);
      return { c: chain.result, b: true };
    }
    return v;
  }

  private genMethod(e: Extract<Expr, { k: 'method' }>, chain: ChainCtx): Val {
    const isAsync = this.nodeAsync(e);
    const recv = this.genReceiver(e.obj, chain);
    if (e.elvis && chain)
      this.emit(`if(${recv.v}===undefined){${chain.result}=undefined;break ${chain.label};}`);
    const args = this.genArgs(e.args);
    const t = this.temp();
    const key = `${e.name}/${e.args.length}`;
    const jsFn = this.fnNames.get(key);
    const argList = args.map((a) => a.c).join(',');
    if (jsFn) {
      // script function called method-style: `this` is the receiver (by reference)
      const fnAsync = this.asyncFns.has(key);
      const recvArg = recv.isConst ? `rt.own(c,${recv.v})` : recv.v;
      this.emit(
        `${t}=${this.aw(fnAsync)}${jsFn}(c,${e.pos},${recvArg}${args.map((a) => `,${this.own(a)}`).join('')});`,
      );
    } else {
      this.emit(
        `${t}=${this.aw(isAsync)}rt.${isAsync ? 'callMethodAsync' : 'callMethod'}(c,${this.k(e.name)},${recv.v},[${argList}],${e.pos},${recv.isConst});`,
      );
    }
    if (recv.write) {
      this.emit(`if(c.thisOut!==${recv.v}){`);
      recv.write('c.thisOut');
      this.emit('}');
    }
    return { c: t, b: false };
  }

  private genReceiver(obj: Expr, chain: ChainCtx): PlaceValue {
    if ((obj.k === 'prop' || obj.k === 'index') && (obj.elvis || hasElvis(obj))) {
      const v = this.pin(this.gen(obj, chain));
      return { v: v.c, write: null, isConst: false };
    }
    return this.genPlaceOrValue(obj);
  }
}

interface PlaceValue {
  v: string;
  write: ((val: string) => void) | null;
  isConst: boolean;
}

interface Place {
  get: string;
  set: (val: string) => string;
  parent: PlaceValue;
}

const STMT_KINDS = new Set(['expr', 'let', 'assign', 'break', 'continue', 'return', 'throw', 'try', 'noop']);
function isStmt(x: Stmt | Expr): x is Stmt {
  return STMT_KINDS.has(x.k);
}

function hasElvis(e: Expr): boolean {
  while (e.k === 'prop' || e.k === 'index' || e.k === 'method') {
    if (e.elvis) return true;
    e = e.obj;
  }
  return false;
}

function stmtPos(s: Extract<Stmt, { k: 'expr' }>): number {
  return exprPos(s.e);
}

const BIN_FN: Record<string, string> = {
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

export function generate(ast: AST, env: CodegenEnv): GeneratedProgram {
  return new CodeGen(ast, env).generate();
}

export { F64, RChar };
