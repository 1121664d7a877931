import {
  type ArchitectureLayer,
  checkRedFlags,
  checkTextRedFlags,
  emptyReport,
  gitChangeSet,
  type RedFlagReport,
} from '@maker/red-flags';
import { type RhaiEngine, toJs } from '@maker/rhai';
import type { TaskCheckout } from '@maker/shadow-git';
import type { ContextSource } from './context-source.js';
import type { RunState } from './run-state.js';
import type { TaskRuntimeOptions } from './runtime-options.js';

/** `check_red_flags` and `context` (DESIGN §7, §10). */
export class AnalysisCalls {
  constructor(
    private readonly options: TaskRuntimeOptions,
    private readonly state: RunState,
    private readonly context: ContextSource,
  ) {}

  register(engine: RhaiEngine): void {
    engine.registerFunction('check_red_flags', 0, () => this.checkChange(), { async: true });
    engine.registerFunction('check_red_flags', 1, ([code]) => checkTextRedFlags(String(toJs(code))), {
      async: true,
    });
    engine.registerFunction('context', 0, () => this.context.markdown(), { async: true });
  }

  /** Red flags of the task's change so far; remembered so a failing script is classified as red-flagged. */
  async checkChange(): Promise<RedFlagReport> {
    const report = await changeRedFlags(this.options.checkout, this.options.layers);
    if (report.flagged) {
      this.state.flaggedReasons = report.reasons;
      await this.options.emit({
        event: 'red_flag',
        message: `code red flags: ${report.reasons.join('; ')}`,
        data: { reasons: report.reasons, source: 'check_red_flags' },
      });
    }
    return report;
  }
}

/** The red-flag report of a checkout's uncommitted change against its starting point. */
export async function changeRedFlags(
  checkout: TaskCheckout | undefined,
  layers: ArchitectureLayer[] = [],
): Promise<RedFlagReport> {
  if (!checkout || !(await checkout.isMaterialized())) return emptyReport();
  const { changes, readBefore } = await gitChangeSet(checkout.dir, 'HEAD');
  if (changes.length === 0) return emptyReport();
  return checkRedFlags({ rootDir: checkout.dir, changes, before: readBefore, layers });
}
