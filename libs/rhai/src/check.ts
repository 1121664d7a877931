/** Static checks of a parsed script (`RhaiEngine.check`). */
import type { AST, Expr, Stmt } from './ast.js';
import { err, parseError, type RhaiError } from './errors.js';
import type { NativeFn } from './runtime.js';
import type { Value } from './values.js';

/** A static diagnostic from `RhaiEngine.check`. */
export interface RhaiDiagnostic {
  type: string;
  message: string;
  line: number | null;
  column: number | null;
}

export function diag(e: RhaiError): RhaiDiagnostic {
  return { type: e.type, message: e.message, line: e.line, column: e.column };
}

const SPECIAL_CALLS = new Set(['is_def_var']);

/**
 * Calls to functions that are neither built-in, host-registered nor script-defined (or with no overload of
 * that arity), script functions named like host functions, unknown `Module::NAME` paths, and variables
 * that are neither declared in scope nor registered constants (Rhai's strict-variables check).
 */
export function staticCheck(
  ast: AST,
  natives: Map<string, NativeFn[]>,
  hostNames: Set<string>,
  modules: Map<string, Map<string, Value>>,
  consts: Map<string, Value>,
): RhaiDiagnostic[] {
  const out: RhaiDiagnostic[] = [];
  const scriptArities = new Map<string, Set<number>>();
  for (const f of ast.fns) {
    if (!scriptArities.has(f.name)) scriptArities.set(f.name, new Set());
    scriptArities.get(f.name)!.add(f.params.length);
    if (hostNames.has(f.name)) {
      out.push(diag(parseError(`Function '${f.name}' is a host function and cannot be redefined`, f.pos)));
    }
  }
  const nativeArity = (name: string, n: number) =>
    (natives.get(name) ?? []).some((f) => (f.arity < 0 ? n >= (f.types?.length ?? 0) : f.arity === n));
  const report = (name: string, n: number, pos: number, method: boolean) => {
    const known = scriptArities.has(name) || natives.has(name);
    const msg = known
      ? `Function not found: ${name} with ${method ? `${n} argument(s) (method call)` : `${n} argument(s)`}`
      : `Function not found: ${name}`;
    out.push(diag(err('ErrorFunctionNotFound', msg, pos)));
  };
  const visitExpr = (e: Expr | null): void => {
    if (!e) return;
    switch (e.k) {
      case 'call': {
        e.args.forEach(visitExpr);
        if (e.ns?.length) {
          const m = modules.get(e.ns.join('::'));
          if (!m || typeof m.get(e.name) !== 'function')
            report(`${e.ns.join('::')}::${e.name}`, e.args.length, e.pos, false);
          return;
        }
        if (SPECIAL_CALLS.has(e.name)) return;
        const n = e.args.length;
        if (scriptArities.get(e.name)?.has(n) || nativeArity(e.name, n)) return;
        report(e.name, n, e.pos, false);
        return;
      }
      case 'method': {
        visitExpr(e.obj);
        e.args.forEach(visitExpr);
        const n = e.args.length;
        if (scriptArities.get(e.name)?.has(n) || nativeArity(e.name, n + 1)) return;
        if (e.name === 'call') return;
        report(e.name, n, e.pos, true);
        return;
      }
      case 'var':
        // no declaration in scope and no registered constant: Rhai's strict-variables error
        if (!e.decl && !consts.has(e.name))
          out.push(diag(err('ErrorVariableNotFound', `Variable not found: ${e.name}`, e.pos)));
        return;
      case 'modvar': {
        const m = modules.get(e.path.join('::'));
        if (!m) out.push(diag(err('ErrorModuleNotFound', `Module not found: ${e.path.join('::')}`, e.pos)));
        else if (!m.has(e.name))
          out.push(
            diag(err('ErrorVariableNotFound', `Variable not found: ${e.path.join('::')}::${e.name}`, e.pos)),
          );
        return;
      }
      case 'interp':
        e.parts.forEach(visitExpr);
        return;
      case 'array':
        e.items.forEach(visitExpr);
        return;
      case 'map':
        e.vals.forEach(visitExpr);
        return;
      case 'bin':
      case 'and':
      case 'or':
      case 'coalesce':
        visitExpr(e.l);
        visitExpr(e.r);
        return;
      case 'unary':
        visitExpr(e.e);
        return;
      case 'prop':
        visitExpr(e.obj);
        return;
      case 'index':
        visitExpr(e.obj);
        visitExpr(e.idx);
        return;
      case 'closure':
        visitExpr(e.fn.body);
        return;
      case 'block':
        e.stmts.forEach(visitStmt);
        return;
      case 'if':
        visitExpr(e.cond);
        visitExpr(e.then);
        visitExpr(e.else);
        return;
      case 'switch':
        visitExpr(e.subject);
        for (const c of e.cases) {
          visitExpr(c.guard);
          visitExpr(c.body);
        }
        visitExpr(e.def);
        return;
      case 'while':
        visitExpr(e.cond);
        visitExpr(e.body);
        return;
      case 'do':
        visitExpr(e.body);
        visitExpr(e.cond);
        return;
      case 'for':
        visitExpr(e.iter);
        visitExpr(e.body);
        return;
      default:
        return;
    }
  };
  const visitStmt = (s: Stmt): void => {
    switch (s.k) {
      case 'expr':
        visitExpr(s.e);
        return;
      case 'let':
        visitExpr(s.init);
        return;
      case 'assign':
        visitExpr(s.target);
        visitExpr(s.value);
        return;
      case 'break':
      case 'return':
      case 'throw':
        visitExpr(s.value);
        return;
      case 'try':
        visitExpr(s.body);
        visitExpr(s.catchBody);
        return;
      default:
        return;
    }
  };
  ast.stmts.forEach(visitStmt);
  for (const f of ast.fns) visitExpr(f.body);
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return out;
}
