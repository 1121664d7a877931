import { Injectable } from '@nestjs/common';
import { JobName } from '@maker/contracts';
import { parsePayloadOrFail } from '@maker/service-kit';
import { type Job, UnrecoverableError } from 'bullmq';
import { PlanIntakeService } from './plan-intake.service.js';

/** Queue intake (DESIGN §12): job `submit` on `maker.plans` returns `{plan_id}`; an invalid plan fails unrecoverably. */
@Injectable()
export class SubmitPlanProcessor {
  constructor(private readonly intake: PlanIntakeService) {}

  async process(job: Job): Promise<{ plan_id: string }> {
    if (job.name !== JobName.submit)
      throw new UnrecoverableError(`unknown job name "${job.name}" on maker.plans`);
    const payload = parsePayloadOrFail('submit', job.data);
    const result = await this.intake.submit(payload.plan, payload.options, 'queue');
    if (result.kind === 'invalid')
      throw new UnrecoverableError(result.issues.map((i) => `${i.code}: ${i.message}`).join('; '));
    if (result.kind === 'conflict')
      throw new UnrecoverableError(`plan_id_conflict: plan ${result.plan_id} exists with a different body`);
    return { plan_id: result.plan_id };
  }
}
