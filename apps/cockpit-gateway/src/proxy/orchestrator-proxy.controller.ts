import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTokenGuard, LOGGER, SERVICE_CONFIG } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';
import type { Request, Response } from 'express';
import type { CockpitGatewayConfig } from '../config/cockpit-gateway.config.js';

const PLAN_ACTIONS = new Set(['pause', 'resume', 'cancel', 'rollback']);
const TASK_ACTIONS = new Set(['retry', 'skip']);

/**
 * Plan reads and person actions from the Cockpit, forwarded to the orchestrator API (DESIGN §12)
 * with the caller's bearer token. The orchestrator's answer (status and body) is passed back as is.
 */
@Controller('v1/plans')
@UseGuards(ApiTokenGuard)
export class OrchestratorProxyController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CockpitGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  list(@Req() request: Request, @Res() response: Response) {
    return this.forward(request, response);
  }

  @Get(':id')
  plan(@Req() request: Request, @Res() response: Response) {
    return this.forward(request, response);
  }

  @Get(':id/events')
  events(@Req() request: Request, @Res() response: Response) {
    return this.forward(request, response);
  }

  @Get(':id/snapshots')
  snapshots(@Req() request: Request, @Res() response: Response) {
    return this.forward(request, response);
  }

  @Post(':id/:action')
  @HttpCode(200)
  planAction(
    @Param('id') planId: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (!PLAN_ACTIONS.has(action)) return notFound(response);
    this.logger.info({ plan_id: planId, action }, 'person action forwarded');
    return this.forward(request, response, body);
  }

  @Post(':id/tasks/:task/:action')
  @HttpCode(200)
  taskAction(
    @Param('id') planId: string,
    @Param('task') taskId: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    if (!TASK_ACTIONS.has(action)) return notFound(response);
    this.logger.info({ plan_id: planId, task_id: taskId, action }, 'person action forwarded');
    return this.forward(request, response, body);
  }

  private async forward(request: Request, response: Response, body?: unknown): Promise<void> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const answer = await fetch(`${this.config.MAKER_ORCHESTRATOR_URL}${request.originalUrl}`, {
        method: request.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(this.config.MAKER_GATEWAY_PROXY_TIMEOUT_MS),
      });
      response
        .status(answer.status)
        .type(answer.headers.get('content-type') ?? 'application/json')
        .send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      this.logger.warn({ err: error, url: request.originalUrl }, 'orchestrator did not answer');
      response
        .status(502)
        .json({ error: 'orchestrator_unavailable', message: 'the orchestrator API did not answer' });
    }
  }
}

function notFound(response: Response): void {
  response.status(404).json({ error: 'not_found', message: 'no such action' });
}
