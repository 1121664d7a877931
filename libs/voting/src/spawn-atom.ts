import { SampleDrawer } from './sample-drawer.js';
import type { JournalBinding, SampleErrorEvent, SampleResult, Sampler } from './vote-types.js';
import { describeError } from './voting-errors.js';
import { DEFAULT_VOTE_TEMPERATURE } from './first-to-ahead-by-k.js';

/** Options of {@link spawnAtom}. */
export interface SpawnAtomOptions {
  /** @defaultValue 0 */
  temperature?: number;
  /** Attempts when the sampler throws, each with the next prompt variant. @defaultValue 3 */
  maxAttempts?: number;
  journal?: JournalBinding;
  signal?: AbortSignal;
  onSampleError?: (event: SampleErrorEvent) => void;
}

/** How a single atom call ended. */
export type SpawnOutcome =
  | { status: 'ok'; sample: SampleResult; replayed: boolean }
  | { status: 'red_flagged'; sample: SampleResult; replayed: boolean }
  | { status: 'failed'; error: { code?: string; message: string }; attempts: number };

/**
 * One atom sample for the script's `spawn_atom` (journaled as sample 0 of its call, so a re-run
 * replays it), retried with alternative prompt variants when the sampler throws.
 */
export async function spawnAtom(sampler: Sampler, options: SpawnAtomOptions = {}): Promise<SpawnOutcome> {
  const binding = options.journal;
  const journaled = binding ? await binding.journal.load(binding.call) : undefined;
  const drawer = new SampleDrawer({
    sampler,
    maxAttempts: options.maxAttempts,
    retryTemperature: DEFAULT_VOTE_TEMPERATURE,
    journal: binding && { ...binding, samples: journaled?.samples ?? new Map() },
    onSampleError: options.onSampleError,
  });
  const drawn = await drawer.draw(
    0,
    options.temperature ?? 0,
    options.signal ?? new AbortController().signal,
  );
  if (drawn.kind === 'failed')
    return { status: 'failed', error: describeError(drawn.error), attempts: drawn.attempts };
  if (drawn.kind === 'aborted')
    return {
      status: 'failed',
      error: { code: 'aborted', message: 'atom call aborted' },
      attempts: drawn.attempts,
    };
  const status = drawn.sample.redFlags.length > 0 ? 'red_flagged' : 'ok';
  return { status, sample: drawn.sample, replayed: drawn.replayed };
}
