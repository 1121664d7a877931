import { Body, Controller, Get, HttpCode, HttpException, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '@maker/service-kit';
import { z } from 'zod';
import { type ControlResult, PlanControlService } from './plan-control.service.js';

const RetryBody = z
  .object({ k: z.number().int().min(1).max(20).optional(), description: z.string().min(1).optional() })
  .strict();
const RollbackBody = z.object({ snapshot: z.string().min(1) }).strict();

/** Person actions of DESIGN §12 (contract). */
@Controller('v1/plans/:id')
@UseGuards(ApiTokenGuard)
export class PlanControlController {
  constructor(private readonly control: PlanControlService) {}

  @Post('pause')
  @HttpCode(200)
  async pause(@Param('id') id: string) {
    return answer(id, await this.control.pause(id));
  }

  @Post('resume')
  @HttpCode(200)
  async resume(@Param('id') id: string) {
    return answer(id, await this.control.resume(id));
  }

  @Post('cancel')
  @HttpCode(200)
  async cancel(@Param('id') id: string) {
    return answer(id, await this.control.cancel(id));
  }

  @Post('tasks/:task/retry')
  @HttpCode(200)
  async retry(@Param('id') id: string, @Param('task') task: string, @Body() body: unknown) {
    const parsed = RetryBody.safeParse(body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    return { task_id: task, ...answer(id, await this.control.retryTask(id, task, parsed.data)) };
  }

  @Post('tasks/:task/skip')
  @HttpCode(200)
  async skip(@Param('id') id: string, @Param('task') task: string) {
    return { task_id: task, ...answer(id, await this.control.skipTask(id, task)) };
  }

  @Get('snapshots')
  async snapshots(@Param('id') id: string) {
    return { plan_id: id, snapshots: await this.control.snapshots(id) };
  }

  @Post('rollback')
  @HttpCode(200)
  async rollback(@Param('id') id: string, @Body() body: unknown) {
    const parsed = RollbackBody.safeParse(body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const result = await this.control.rollback(id, parsed.data.snapshot);
    return { ...answer(id, result), commit: result.commit };
  }
}

function answer(planId: string, result: ControlResult) {
  if (result.ok) return { plan_id: planId, status: result.status };
  if (result.error === 'not_found')
    throw new HttpException({ error: 'not_found', message: `no such plan or task in ${planId}` }, 404);
  throw new HttpException(
    { error: 'conflict', message: `not allowed while ${result.status}`, status: result.status },
    409,
  );
}

function badRequest(error: z.ZodError): HttpException {
  return new HttpException(
    {
      error: 'invalid_body',
      message: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    },
    400,
  );
}
