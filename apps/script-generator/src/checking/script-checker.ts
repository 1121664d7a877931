import { ATOM_TYPES, HOST_FUNCTIONS } from '@maker/contracts';
import { RhaiEngine, type RhaiDiagnostic } from '@maker/rhai';

/**
 * Static checks of a generated script: it parses, and calls only Rhai built-ins, host functions
 * of DESIGN §7 with an arity they accept, and functions it defines; no `import`/`eval`; no script
 * function named like a host function. The host functions are never called here.
 */
export class ScriptChecker {
  private readonly engine = RhaiEngine.sandbox();

  constructor() {
    for (const [name, arities] of Object.entries(HOST_FUNCTIONS)) {
      for (const arity of arities) {
        this.engine.registerFunction(name, arity, () => {
          throw new Error(`${name} is not callable during static checks`);
        });
      }
    }
    this.engine.registerModule('AtomType', Object.fromEntries(ATOM_TYPES.map((t) => [t, t])));
    this.engine.registerConstant('task', {
      id: '',
      description: '',
      atom_type: '',
      inputs: [],
      outputs: [],
      seed_symbols: [],
      attempt: 1,
      k: 1,
    });
  }

  check(script: string): RhaiDiagnostic[] {
    return this.engine.check(script);
  }

  static describe(diagnostics: RhaiDiagnostic[]): string[] {
    return diagnostics.map((d) => `${d.type} at ${d.line ?? '?'}:${d.column ?? '?'}: ${d.message}`);
  }
}
