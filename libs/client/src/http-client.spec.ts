import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MakerApiError, MakerConnectionError, MakerPlanRejectedError } from './errors.js';
import { MakerHttpClient, optionsToQuery } from './http-client.js';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fetch that records calls and answers from a script. */
function fakeFetch(answer: (call: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    const call = {
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    };
    calls.push(call);
    const { status, body } = answer(call);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { calls, impl };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('MakerHttpClient', () => {
  it('submits a JSON plan with its options in the body and the bearer token', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 201, body: { plan_id: 'p1', status: 'running' } }));
    const client = new MakerHttpClient({ baseUrl: 'http://api/', token: 'tok', fetch: impl });
    const result = await client.submitPlan({ title: 't', micro_tasks: [] }, { k: 4 });
    expect(result).toEqual({ plan_id: 'p1', status: 'running', created: true });
    expect(calls[0]).toMatchObject({ url: 'http://api/v1/plans', method: 'POST' });
    expect(calls[0].headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    });
    expect(JSON.parse(calls[0].body!)).toEqual({ title: 't', micro_tasks: [], options: { k: 4 } });
  });

  it('reports created: false when the same plan was already submitted (200)', async () => {
    const { impl } = fakeFetch(() => ({ status: 200, body: { plan_id: 'p1', status: 'completed' } }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    expect((await client.submitPlan('{"title":"t","micro_tasks":[]}')).created).toBe(false);
  });

  it('submits PLAN.md as text/markdown with the options as query parameters', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 201, body: { plan_id: 'p2', status: 'running' } }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    await client.submitPlan('# plan\n- [ ] one\n', { workspace: '/w', k: 3, labels: { team: 'a b' } });
    expect(calls[0].url).toBe('http://api/v1/plans?workspace=%2Fw&k=3&labels.team=a+b');
    expect(calls[0].headers['content-type']).toBe('text/markdown');
    expect(calls[0].body).toBe('# plan\n- [ ] one\n');
  });

  it.each([
    [
      400,
      { error: 'invalid_plan', message: 'bad', issues: [{ code: 'empty_plan', message: 'bad' }] },
      'invalid_plan',
    ],
    [
      422,
      { error: 'circular_dependency', message: 'c', cycle: ['a', 'b', 'a'], issues: [] },
      'circular_dependency',
    ],
    [409, { error: 'conflict', message: 'not allowed while paused', status: 'paused' }, 'conflict'],
    [404, { error: 'not_found', message: 'no plan x' }, 'not_found'],
    [500, 'Internal Server Error', 'http_500'],
  ])('turns a %i answer into a MakerApiError with its code', async (status, body, code) => {
    const { impl } = fakeFetch(() => ({ status, body }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    const error = await client.pause('x').catch((e) => e);
    expect(error).toBeInstanceOf(MakerApiError);
    expect(error).toMatchObject({ status, code });
    if (status === 422) expect(error.cycle).toEqual(['a', 'b', 'a']);
    if (status === 400) expect(error.issues[0].code).toBe('empty_plan');
    if (status === 409) expect(error.currentStatus).toBe('paused');
  });

  it('turns a refused connection into a MakerConnectionError naming the API', async () => {
    const port = await closedPort();
    const client = new MakerHttpClient({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(client.listPlans()).rejects.toBeInstanceOf(MakerConnectionError);
    await expect(client.listPlans()).rejects.toThrow(`cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('gives up on a request that gets no answer in time, as unreachable', async () => {
    const server = createHttpServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const client = new MakerHttpClient({ baseUrl: `http://127.0.0.1:${port}`, requestTimeoutMs: 100 });
      const error = await client.getPlan('p').catch((e) => e);
      expect(error).toBeInstanceOf(MakerConnectionError);
      expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}: no answer within 100 ms`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lifts options a JSON plan carries into the request, the given options winning', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 201, body: { plan_id: 'p', status: 'running' } }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    await client.submitPlan(JSON.stringify({ title: 't', micro_tasks: [], options: { k: 2, priority: 1 } }), {
      k: 5,
    });
    expect(JSON.parse(calls[0].body!)).toEqual({
      title: 't',
      micro_tasks: [],
      options: { k: 5, priority: 1 },
    });
  });

  it('refuses a JSON plan that does not parse without calling the API', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 201, body: {} }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    const error = await client.submitPlan('{ not json').catch((e) => e);
    expect(error).toBeInstanceOf(MakerPlanRejectedError);
    expect(error.code).toBe('invalid_json');
    expect(calls).toHaveLength(0);
  });

  it('encodes ids in paths and sends retry patches as JSON', async () => {
    const { calls, impl } = fakeFetch(() => ({ status: 200, body: { plan_id: 'p', status: 'retrying' } }));
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    await client.retryTask('p 1', 't/2', { k: 5 });
    await client.events('p', 7, { limit: 10 });
    expect(calls[0].url).toBe('http://api/v1/plans/p%201/tasks/t%2F2/retry');
    expect(JSON.parse(calls[0].body!)).toEqual({ k: 5 });
    expect(calls[1].url).toBe('http://api/v1/plans/p/events?after=7&limit=10');
  });

  it('waits for completion through the events and resolves with the final plan', async () => {
    let polls = 0;
    const { impl } = fakeFetch((call) => {
      if (call.url.includes('/events')) {
        polls++;
        const after = Number(new URL(call.url).searchParams.get('after'));
        const all = [
          { event: 'plan_started', seq: 1 },
          { event: 'plan_completed', seq: 2 },
        ].map((e) => ({
          ...e,
          plan_id: 'p',
          task_id: null,
          timestamp: '',
          details: { message: '', data: {} },
        }));
        // The end arrives on the third poll.
        const events =
          polls < 3 ? all.slice(0, 1).filter((e) => e.seq > after) : all.filter((e) => e.seq > after);
        return { status: 200, body: { plan_id: 'p', events, next_after: after } };
      }
      return {
        status: 200,
        body: { plan_id: 'p', status: polls < 3 ? 'running' : 'completed', seq: 2, tasks: [] },
      };
    });
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    const seen: string[] = [];
    const plan = await client.waitForCompletion('p', {
      pollIntervalMs: 1,
      onEvent: (e) => void seen.push(e.event),
    });
    expect(plan.status).toBe('completed');
    expect(seen).toEqual(['plan_started', 'plan_completed']);
  });

  it('gives up with a timeout error that says where to resume', async () => {
    const { impl } = fakeFetch((call) =>
      call.url.includes('/events')
        ? { status: 200, body: { plan_id: 'p', events: [], next_after: 0 } }
        : { status: 200, body: { plan_id: 'p', status: 'running', seq: 0 } },
    );
    const client = new MakerHttpClient({ baseUrl: 'http://api', fetch: impl });
    await expect(client.waitForCompletion('p', { timeoutMs: 30, pollIntervalMs: 5 })).rejects.toMatchObject({
      code: 'timeout',
      lastSeq: 0,
    });
  });
});

describe('optionsToQuery', () => {
  it('flattens maps into dotted keys and drops undefined', () => {
    expect(optionsToQuery({ k: 2, models: { Coder: 'm' }, verify_command: undefined })).toEqual({
      k: '2',
      'models.Coder': 'm',
    });
  });
});
