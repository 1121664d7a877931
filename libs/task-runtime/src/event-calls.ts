import { type RhaiEngine, toJs, type Value } from '@maker/rhai';
import type { RunState } from './run-state.js';
import type { TaskRuntimeOptions } from './runtime-options.js';

/** Thrown by `escalate(reason)`: ends the script; the run is reported as escalated. */
export class EscalationRequested extends Error {
  readonly code = 'escalation_requested';
  constructor(readonly reason: string) {
    super(`escalated: ${reason}`);
    this.name = 'EscalationRequested';
  }
}

/** `log`, `log_error`, `log_debug`, `emit` and `escalate` (DESIGN §7). */
export class EventCalls {
  constructor(
    private readonly options: TaskRuntimeOptions,
    private readonly state: RunState,
  ) {}

  register(engine: RhaiEngine): void {
    const log =
      (level: string) =>
      async ([message]: Value[]) => {
        await this.options.emit({ event: 'log', message: text(message), data: { level } });
      };
    engine.registerFunction('log', 1, log('info'), { async: true });
    engine.registerFunction('log_error', 1, log('error'), { async: true });
    engine.registerFunction('log_debug', 1, log('debug'), { async: true });
    engine.registerFunction('emit', 2, ([name, data]) => this.emitCustom(name, data), { async: true });
    engine.registerFunction('escalate', 1, ([reason]) => {
      this.state.escalation = text(reason);
      throw new EscalationRequested(this.state.escalation);
    });
  }

  /** Script events travel as `log` events named by the script (event names are a closed contract). */
  private async emitCustom(name: Value, data: Value): Promise<void> {
    const payload = toJs(data);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
      throw new Error('emit: data must be a map');
    await this.options.emit({
      event: 'log',
      message: `script event ${text(name)}`,
      data: { name: text(name), ...(payload as object) },
    });
  }
}

function text(value: Value): string {
  const js = toJs(value);
  return typeof js === 'string' ? js : JSON.stringify(js);
}
