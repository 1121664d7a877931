import { ATOM_TYPES, type ExecutionOutcome, HOST_FUNCTIONS } from '@maker/contracts';
import { encodeValue, RhaiEngine, RhaiError, type RhaiErrorJson } from '@maker/rhai';
import { ShadowRepoCorruptError } from '@maker/shadow-git';
import { AnalysisCalls, changeRedFlags } from './analysis-calls.js';
import { AtomCalls } from './atom-calls.js';
import { ContextSource } from './context-source.js';
import { EventCalls } from './event-calls.js';
import { RunState } from './run-state.js';
import type { TaskRuntimeOptions } from './runtime-options.js';
import { WorkspaceCalls } from './workspace-calls.js';

/** How a task script run ended, in the shape the executor reports to the orchestrator. */
export interface TaskRunReport {
  outcome: ExecutionOutcome;
  result?: unknown;
  error?: RhaiErrorJson;
  reasons: string[];
  commit: string | null;
  stats: ReturnType<RunState['stats']>;
}

/** A sandboxed engine with exactly the host API of DESIGN §7 bound to one task attempt. */
export function createTaskEngine(options: TaskRuntimeOptions, state = new RunState()): RhaiEngine {
  const engine = RhaiEngine.sandbox({ ...options.limits, timeoutMs: options.timeoutMs ?? 600_000 });
  const context = new ContextSource(options.checkout, options.workspace, options.task, options.contextLines);
  new AtomCalls(options, state, context).register(engine);
  new WorkspaceCalls(options.checkout).register(engine);
  new AnalysisCalls(options, state, context).register(engine);
  new EventCalls(options, state).register(engine);
  engine.registerModule('AtomType', Object.fromEntries(ATOM_TYPES.map((t) => [t, t])));
  engine.registerConstant('task', options.task);
  const missing = Object.keys(HOST_FUNCTIONS).filter((name) => !engine.hostFunctionNames.has(name));
  if (missing.length > 0) throw new Error(`host API incomplete: ${missing.join(', ')}`);
  return engine;
}

/**
 * Runs a task's script in its checkout, then classifies the end for the error policy (DESIGN §6):
 * an escalate() call, a failed vote, red flags, shadow git corruption, or success with the
 * checkout's commit (null when the task wrote nothing).
 */
export async function runTaskScript(script: string, options: TaskRuntimeOptions): Promise<TaskRunReport> {
  const state = new RunState();
  const engine = createTaskEngine(options, state);
  try {
    const value = await engine.evaluate(script, { signal: options.signal, timeoutMs: options.timeoutMs });
    if (state.escalation !== undefined)
      return { outcome: 'escalated', reasons: [state.escalation], commit: null, stats: state.stats() };
    const flags = await changeRedFlags(options.checkout, options.layers);
    if (flags.flagged)
      return { outcome: 'red_flagged', reasons: flags.reasons, commit: null, stats: state.stats() };
    const commit = options.checkout
      ? await options.checkout.commit(`task ${options.taskId} attempt ${options.attempt}`)
      : null;
    return {
      outcome: 'succeeded',
      result: jsonSafe(encodeValue(value)),
      reasons: [],
      commit,
      stats: state.stats(),
    };
  } catch (error) {
    return failureReport(error, state);
  }
}

function failureReport(error: unknown, state: RunState): TaskRunReport {
  const base = { commit: null, stats: state.stats() };
  if (isCorruption(error))
    return { ...base, outcome: 'shadow_corrupt', reasons: [String((error as Error).message)] };
  const rhaiError =
    error instanceof RhaiError
      ? error.toJSON()
      : {
          type: 'ErrorRuntime',
          message: String((error as Error)?.message ?? error),
          line: null,
          column: null,
        };
  const withError = { ...base, error: rhaiError as RhaiErrorJson };
  if (state.escalation !== undefined)
    return { ...withError, outcome: 'escalated', reasons: [state.escalation] };
  const vote = state.lastFailedVote;
  if (vote?.status === 'timeout')
    return { ...withError, outcome: 'consensus_timeout', reasons: [vote.error] };
  if (vote && (vote.status === 'no_consensus' || vote.status === 'all_red_flagged'))
    return { ...withError, outcome: 'no_consensus', reasons: [vote.error] };
  if (state.flaggedReasons) return { ...withError, outcome: 'red_flagged', reasons: state.flaggedReasons };
  return { ...withError, outcome: 'failed', reasons: [`${rhaiError.type}: ${rhaiError.message}`] };
}

function isCorruption(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof ShadowRepoCorruptError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return /shadow_repo_corrupt|shadow repository is corrupt/i.test(String((error as Error)?.message ?? ''));
}

/** The encoded result as plain JSON: i64 beyond ±2^53 becomes a decimal string (queues carry JSON). */
function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}
