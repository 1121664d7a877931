import {
  Body,
  Controller,
  Get,
  Headers,
  HttpException,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiTokenGuard } from '@maker/service-kit';
import type { Response } from 'express';
import { PlanIntakeService } from './plan-intake.service.js';
import { PlanQueryService } from './plan-query.service.js';
import { optionsFromQuery } from './query-options.js';

/** The plan API of DESIGN §12 (contract). */
@Controller('v1/plans')
@UseGuards(ApiTokenGuard)
export class PlansController {
  constructor(
    private readonly intake: PlanIntakeService,
    private readonly query: PlanQueryService,
  ) {}

  @Post()
  async submit(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const markdown = typeof body === 'string' || /markdown|text\/plain/.test(contentType ?? '');
    const { plan, options } = markdown
      ? { plan: String(body ?? ''), options: optionsFromQuery(query) }
      : splitJsonBody(body);
    const result = await this.intake.submit(plan, options, 'http');
    if (result.kind === 'conflict') {
      throw new HttpException(
        {
          error: 'plan_id_conflict',
          message: `plan ${result.plan_id} exists with a different body`,
          plan_id: result.plan_id,
        },
        409,
      );
    }
    if (result.kind === 'invalid') throw invalidPlan(result.issues);
    response.status(result.created ? 201 : 200);
    return { plan_id: result.plan_id, status: result.status };
  }

  @Get()
  list(@Query('limit') limit?: string) {
    return this.query.list(Math.min(Number(limit) || 100, 1_000));
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const plan = await this.query.plan(id);
    if (!plan) throw new HttpException({ error: 'not_found', message: `no plan ${id}` }, 404);
    return plan;
  }

  @Get(':id/events')
  async events(@Param('id') id: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const afterSeq = after === undefined ? 0 : Number(after);
    if (!Number.isInteger(afterSeq) || afterSeq < 0)
      throw new HttpException(
        { error: 'invalid_query', message: 'after must be a non-negative integer' },
        400,
      );
    const events = await this.query.events(id, afterSeq, Math.min(Number(limit) || 1_000, 10_000));
    if (!events) throw new HttpException({ error: 'not_found', message: `no plan ${id}` }, 404);
    return { plan_id: id, events, next_after: events.at(-1)?.seq ?? afterSeq };
  }
}

function splitJsonBody(body: unknown): { plan: unknown; options: unknown } {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { options, ...plan } = body as Record<string, unknown>;
    return { plan, options };
  }
  return { plan: body, options: undefined };
}

function invalidPlan(issues: Array<{ code: string; message: string; cycle?: string[] }>): HttpException {
  const cycle = issues.find((i) => i.code === 'circular_dependency');
  if (cycle)
    return new HttpException(
      { error: 'circular_dependency', message: cycle.message, cycle: cycle.cycle, issues },
      422,
    );
  if (issues.some((i) => i.code === 'too_large'))
    return new HttpException({ error: 'too_large', message: issues[0].message, issues }, 413);
  return new HttpException(
    { error: 'invalid_plan', message: issues.map((i) => i.message).join('; '), issues },
    400,
  );
}
