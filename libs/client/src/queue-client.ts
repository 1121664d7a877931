import {
  JobName,
  PLAN_ISSUE_CODES,
  type PlanIssue,
  type PlanIssueCode,
  type PlanOptionsInput,
  QueueName,
  SubmitPlanJobSchema,
} from '@maker/contracts';
import { type Job, type JobsOptions, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { MakerClientError, MakerPlanRejectedError, MakerTimeoutError } from './errors.js';
import { normalizePlanInput, type PlanInput } from './plan-input.js';

/** Options of {@link MakerQueueClient}: a Redis connection to share, or a URL to open one. */
export interface MakerQueueClientOptions {
  /** An ioredis connection to share (not closed by {@link MakerQueueClient.close}). */
  connection?: Redis;
  /** Redis URL used when no connection is given. @defaultValue `redis://127.0.0.1:6379` */
  redisUrl?: string;
  /** Queue prefix: the services' `MAKER_PREFIX`. @defaultValue `maker` */
  prefix?: string;
  /** Job options merged over the defaults (5 attempts, exponential backoff, bounded retention). */
  jobOptions?: JobsOptions;
}

/** Data of a `submit` job on `maker.plans` (DESIGN §12). */
export interface SubmitPlanJobData {
  plan: PlanInput;
  options: PlanOptionsInput;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Submits plans through the queue intake (`maker.plans`, job `submit`) for services that talk to
 * MAKER only through Redis. The payload is checked with the contract's zod schema before it is
 * enqueued; the plan itself is validated by the orchestrator, whose limits are authoritative.
 */
export class MakerQueueClient {
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly queue: Queue<SubmitPlanJobData, { plan_id: string }>;
  private events?: QueueEvents;
  private eventsConnection?: Redis;

  constructor(private readonly options: MakerQueueClientOptions = {}) {
    this.ownsConnection = !options.connection;
    this.connection =
      options.connection ??
      new Redis(options.redisUrl ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    this.queue = new Queue(QueueName.plans, { connection: this.connection, prefix: this.prefix });
  }

  /** The queue prefix in use. */
  get prefix(): string {
    return this.options.prefix ?? 'maker';
  }

  /**
   * Enqueues a plan. Throws {@link MakerPlanRejectedError} (`invalid_payload`) when the payload
   * breaks the `submit` schema, and (`invalid_json`) when JSON text does not parse. JSON text is
   * sent as an object, and options a JSON plan carries at its top level are merged under `options`. `jobId` makes the submission idempotent (BullMQ ignores a second
   * job with the same id; it may not contain `:`).
   */
  async submitPlan(
    plan: PlanInput,
    options: PlanOptionsInput = {},
    jobOptions: { jobId?: string } = {},
  ): Promise<Job<SubmitPlanJobData, { plan_id: string }>> {
    const data = normalizePlanInput(plan, options);
    const parsed = SubmitPlanJobSchema.safeParse(data);
    if (!parsed.success) {
      const issues: PlanIssue[] = parsed.error.issues.map((issue) => ({
        code: 'invalid_schema',
        path: issue.path.join('.'),
        message: `${issue.path.join('.') || 'payload'}: ${issue.message}`,
      }));
      throw new MakerPlanRejectedError(
        `invalid submit payload: ${issues.map((i) => i.message).join('; ')}`,
        issues,
        'invalid_payload',
      );
    }
    if (jobOptions.jobId?.includes(':')) {
      throw new MakerClientError(
        `job id ${JSON.stringify(jobOptions.jobId)} may not contain ":"`,
        'invalid_job_id',
      );
    }
    return this.queue.add(JobName.submit, data, {
      ...DEFAULT_JOB_OPTIONS,
      ...this.options.jobOptions,
      ...(jobOptions.jobId ? { jobId: jobOptions.jobId } : {}),
    });
  }

  /**
   * Waits for the orchestrator to take the job and resolves with the plan id. A plan the intake
   * refuses rejects with {@link MakerPlanRejectedError} carrying the validation message (and the
   * issues parsed from it); no answer within `timeoutMs` rejects with {@link MakerTimeoutError}.
   */
  async waitForPlanId(job: Job, options: { timeoutMs?: number } = {}): Promise<string> {
    const events = await this.queueEvents();
    try {
      const result = (await job.waitUntilFinished(events, options.timeoutMs)) as { plan_id?: string };
      if (!result?.plan_id)
        throw new MakerClientError(`job ${job.id} finished without a plan id`, 'no_plan_id');
      return result.plan_id;
    } catch (error) {
      if (error instanceof MakerClientError) throw error;
      const message = (error as Error).message;
      if (message.startsWith('Job wait') && message.includes('timed out')) {
        throw new MakerTimeoutError(
          `intake job ${job.id} did not finish within ${options.timeoutMs} ms`,
          options.timeoutMs ?? 0,
        );
      }
      throw rejectionFromFailedReason(message);
    }
  }

  /** Enqueues and waits: the plan id, or the typed rejection. */
  async submitAndWait(
    plan: PlanInput,
    options: PlanOptionsInput = {},
    waitOptions: { jobId?: string; timeoutMs?: number } = {},
  ): Promise<string> {
    const job = await this.submitPlan(plan, options, { jobId: waitOptions.jobId });
    return this.waitForPlanId(job, { timeoutMs: waitOptions.timeoutMs });
  }

  /** Closes the queue, the events listener and any connection this client opened. */
  async close(): Promise<void> {
    await this.events?.close();
    this.eventsConnection?.disconnect();
    await this.queue.close();
    if (this.ownsConnection) this.connection.disconnect();
  }

  private async queueEvents(): Promise<QueueEvents> {
    if (!this.events) {
      this.eventsConnection = this.connection.duplicate({ maxRetriesPerRequest: null });
      this.events = new QueueEvents(QueueName.plans, {
        connection: this.eventsConnection,
        prefix: this.prefix,
      });
      this.events.on('error', () => undefined);
    }
    await this.events.waitUntilReady();
    return this.events;
  }
}

/**
 * Turns a failed intake job's reason into a typed error. The orchestrator writes
 * `code: message; code: message` for invalid plans and `plan_id_conflict: …` for conflicts.
 */
export function rejectionFromFailedReason(reason: string): MakerPlanRejectedError {
  if (reason.startsWith('plan_id_conflict:'))
    return new MakerPlanRejectedError(reason, [], 'plan_id_conflict');
  if (reason.startsWith('invalid submit payload:'))
    return new MakerPlanRejectedError(reason, [], 'invalid_payload');
  const issues = parseIssues(reason);
  if (issues.length === 0) return new MakerPlanRejectedError(reason, [], 'intake_failed');
  return new MakerPlanRejectedError(`invalid plan: ${reason}`, issues, issues[0].code);
}

function parseIssues(reason: string): PlanIssue[] {
  const codes = new Set<string>(PLAN_ISSUE_CODES);
  const pattern = new RegExp(`(?:^|; )(${PLAN_ISSUE_CODES.join('|')}): `, 'g');
  const starts = [...reason.matchAll(pattern)];
  return starts.map((match, i) => {
    const code = match[1] as PlanIssueCode;
    const from = match.index! + match[0].length;
    const to = i + 1 < starts.length ? starts[i + 1].index! : reason.length;
    const message = reason.slice(from, to);
    const issue: PlanIssue = { code: codes.has(code) ? code : 'invalid_schema', message };
    if (code === 'circular_dependency') {
      const path = /circular dependency: (.+)$/.exec(message)?.[1];
      if (path) issue.cycle = path.split(' → ');
    }
    return issue;
  });
}
