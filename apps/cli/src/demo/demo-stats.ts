import type { MakerEvent } from '@maker/contracts';

/** What the demo's summary reports, counted from the plan's events as they arrive. */
export class DemoStats {
  votes = 0;
  samples = 0;
  redFlags = 0;
  tokens = 0;
  costUsd = 0;
  finishedTasks = 0;
  readonly files = new Set<string>();

  apply(event: MakerEvent): void {
    const data = event.details.data as Record<string, unknown>;
    switch (event.event) {
      case 'vote_completed':
        this.votes++;
        this.samples += Number(data.samples ?? 0);
        this.tokens += Number(data.tokens ?? 0);
        this.costUsd += Number(data.cost_usd ?? 0);
        break;
      case 'atom_completed':
        this.samples++;
        this.tokens += Number(data.tokens ?? 0);
        this.costUsd += Number(data.cost_usd ?? 0);
        break;
      case 'red_flag':
        this.redFlags++;
        break;
      case 'task_completed':
      case 'task_failed':
      case 'task_skipped':
        this.finishedTasks++;
        for (const file of filesOf(data.result)) this.files.add(file);
        break;
    }
  }
}

function filesOf(result: unknown): string[] {
  const files = (result as { files?: unknown } | null)?.files;
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : [];
}
