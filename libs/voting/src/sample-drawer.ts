import type { AtomCallRef, AtomJournal } from './atom-journal.js';
import { notify } from './observers-and-deadlines.js';
import type { SampleErrorEvent, SampleResult, Sampler } from './vote-types.js';
import { isPermanentError } from './voting-errors.js';

export type DrawResult =
  | { kind: 'sample'; sample: SampleResult; replayed: boolean }
  | { kind: 'failed'; error: unknown; attempts: number }
  | { kind: 'aborted'; attempts: number };

/** Options of {@link SampleDrawer}. */
export interface SampleDrawerOptions {
  sampler: Sampler;
  /** Attempts per sample slot. @defaultValue 3 */
  maxAttempts?: number;
  /** Temperature of retries of a temperature-0 sample (a retry varies prompt and temperature). */
  retryTemperature: number;
  journal?: { journal: AtomJournal; call: AtomCallRef; samples: Map<number, SampleResult> };
  onSampleError?: (event: SampleErrorEvent) => void;
}

/**
 * Draws sample slots: journaled slots replay without calling the sampler; a throwing sampler is
 * retried with the next prompt variant (bounded), permanent errors are not retried.
 */
export class SampleDrawer {
  failedAttempts = 0;

  constructor(private readonly options: SampleDrawerOptions) {}

  async draw(sampleIndex: number, temperature: number, signal: AbortSignal): Promise<DrawResult> {
    const journaled = this.options.journal?.samples.get(sampleIndex);
    if (journaled) return { kind: 'sample', sample: journaled, replayed: true };
    const maxAttempts = this.options.maxAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (signal.aborted) return { kind: 'aborted', attempts: attempt };
      const t = attempt === 0 || temperature > 0 ? temperature : this.options.retryTemperature;
      let drawn: SampleResult;
      try {
        drawn = await this.options.sampler({ sampleIndex, temperature: t, variant: attempt, signal });
      } catch (error) {
        if (signal.aborted) return { kind: 'aborted', attempts: attempt + 1 };
        lastError = error;
        this.failedAttempts++;
        const willRetry = attempt + 1 < maxAttempts && !isPermanentError(error);
        notify(this.options.onSampleError, { sampleIndex, attempt, error, willRetry });
        if (!willRetry) return { kind: 'failed', error, attempts: attempt + 1 };
        continue;
      }
      const sample = await this.record(sampleIndex, { ...drawn, variant: attempt, temperature: t });
      return { kind: 'sample', sample, replayed: false };
    }
    return { kind: 'failed', error: lastError, attempts: maxAttempts };
  }

  private async record(sampleIndex: number, sample: SampleResult): Promise<SampleResult> {
    const binding = this.options.journal;
    return binding ? binding.journal.recordSample(binding.call, sampleIndex, sample) : sample;
  }
}
