import { createChatProvider, resolveLlmSettings } from '@maker/llm';
import { runTaskScript } from '@maker/task-runtime';
import {
  formatHanoiStep,
  hanoiCorrupt,
  hanoiInitialState,
  hanoiNextStep,
  type HanoiMove,
  hanoiOracle,
  type HanoiState,
} from '@maker/testing';
import { kMin } from '@maker/voting';
import { hanoiScript } from './hanoi-script.js';

export interface HanoiOptions {
  disks: number;
  /** Per-sample error rate of the simulated atoms. @defaultValue 0.01 */
  errorRate: number;
  /** Vote margin. @defaultValue k_min for the error rate and step count (t = 0.95) */
  k?: number;
  seed?: number;
  onMove?: (done: number, total: number) => void;
}

export interface HanoiReport {
  moves: number;
  errors: number;
  samples: number;
  red_flags: number;
  seconds: number;
  k: number;
  /** Why the run stopped before the last move, when it did. */
  stopped?: string;
}

/**
 * Runs the Towers of Hanoi through the real voting path (Rhai script → host `vote` → first-to-ahead-by-k
 * → simulated atoms that are right with probability 1 − errorRate) in this process, and counts the
 * moves that differ from the known solution.
 */
export async function runHanoi(options: HanoiOptions): Promise<HanoiReport> {
  const moves = 2 ** options.disks - 1;
  const k = options.k ?? kMin(1 - options.errorRate, moves, 0.95);
  const llm = resolveLlmSettings({
    MAKER_LLM_PROVIDER: 'simulated',
    MAKER_LLM_SIM_P: String(1 - options.errorRate),
    MAKER_LLM_SIM_SEED: String(options.seed ?? 1),
  });
  const provider = createChatProvider(llm, { oracle: hanoiOracle, corrupt: hanoiCorrupt });
  const solution = knownSolution(options.disks);
  let errors = 0;
  let done = 0;
  const started = performance.now();
  const report = await runTaskScript(hanoiScript(options.disks, k), {
    planId: 'hanoi',
    taskId: 'solve',
    attempt: 1,
    task: {
      id: 'solve',
      description: 'Solve the Towers of Hanoi, one voted move at a time.',
      atom_type: 'Planner',
      inputs: [],
      outputs: [],
      seed_symbols: [],
      attempt: 1,
      k,
    },
    maxSamples: 50,
    provider,
    atomSettings: () => ({ model: 'simulated', temperature: 0.1, maxTokens: 750 }),
    emit: (event) => {
      if (event.event !== 'log' || event.data.name !== 'hanoi_move') return;
      if (event.data.answer !== solution.next().value) errors++;
      options.onMove?.(++done, moves);
    },
    limits: { maxOperations: 0, maxStringSize: 0 },
    timeoutMs: 24 * 3_600_000,
  });
  const seconds = (performance.now() - started) / 1000;
  const counts = { samples: report.stats.samples, red_flags: report.stats.red_flags, seconds, k };
  if (report.outcome === 'succeeded') return { moves, errors, ...counts };
  // A wrong move accepted earlier can leave no legal next move: the run stops there.
  return {
    moves: done,
    errors: errors + 1,
    ...counts,
    stopped: `${report.outcome}: ${report.reasons.join('; ')}`,
  };
}

/** The canonical move sequence, as answer texts, generated lazily (20 disks is a million moves). */
function* knownSolution(disks: number): Generator<string> {
  let state: HanoiState = hanoiInitialState(disks);
  let previous: HanoiMove | null = null;
  for (let i = 0; i < 2 ** disks - 1; i++) {
    const step = hanoiNextStep(state, previous);
    yield formatHanoiStep(step);
    state = step.state;
    previous = step.move;
  }
}
