import { createServer, type IncomingMessage, type Server } from 'node:http';
import { EventStreamWriter, globalKeys } from '@maker/service-kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningService, startService, uniquePrefix } from '../support/service-process.js';
import { WsProbe } from './support.js';

const prefix = uniquePrefix('gw');
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const writer = new EventStreamWriter(redis, prefix);
let gateway: RunningService;
let replica: RunningService;
let secured: RunningService;
let fakeOrchestrator: Server;
const forwarded: Array<{ method: string; url: string; authorization?: string; body: string }> = [];

const wsUrl = (service: RunningService, query = '') => `${service.url.replace('http', 'ws')}/v1/ws${query}`;

async function appendLogs(planId: string, count: number, padding = 0) {
  for (let i = 0; i < count; i++) {
    await writer.append({
      event: 'log',
      plan_id: planId,
      task_id: 't',
      message: `line ${i}`,
      data: padding ? { pad: 'x'.repeat(padding) } : {},
    });
  }
}

const seqs = (probe: WsProbe, planId: string) =>
  probe
    .events()
    .filter((e) => e.plan_id === planId)
    .map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  fakeOrchestrator = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      forwarded.push({
        method: request.method!,
        url: request.url!,
        authorization: request.headers.authorization,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ plan_id: 'p', status: 'retrying', echoed: request.url }));
    });
  });
  await new Promise<void>((resolve) => fakeOrchestrator.listen(0, '127.0.0.1', resolve));
  const orchestratorUrl = `http://127.0.0.1:${(fakeOrchestrator.address() as { port: number }).port}`;
  [gateway, replica, secured] = await Promise.all([
    startService('cockpit-gateway', {
      MAKER_PREFIX: prefix,
      MAKER_GATEWAY_MAX_BUFFERED_EVENTS: '64',
      MAKER_GATEWAY_MAX_BUFFERED_BYTES: String(256 * 1024),
      MAKER_GATEWAY_CATCHUP_BATCH: '50',
    }),
    startService('cockpit-gateway', { MAKER_PREFIX: prefix }),
    startService('cockpit-gateway', {
      MAKER_PREFIX: prefix,
      MAKER_API_TOKENS: 'sesame,other',
      MAKER_ORCHESTRATOR_URL: orchestratorUrl,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([gateway?.stop('SIGKILL'), replica?.stop('SIGKILL'), secured?.stop('SIGKILL')]);
  await new Promise((resolve) => fakeOrchestrator?.close(resolve));
  redis.disconnect();
});

describe('cockpit-gateway WebSocket fan-out', () => {
  it('sends a plan history then its live events, in seq order, to clients of two gateway replicas', async () => {
    const planId = uniquePrefix('ws');
    await appendLogs(planId, 5);
    const probes = [new WsProbe(wsUrl(gateway)), new WsProbe(wsUrl(replica))];
    for (const probe of probes) {
      await probe.opened;
      probe.send({ type: 'subscribe', plan_id: planId, after: 0 });
      await probe.until((m) => m.some((x) => x.type === 'live'));
    }
    await appendLogs(planId, 5);
    for (const probe of probes) {
      await probe.until(() => seqs(probe, planId).length === 10);
      expect(seqs(probe, planId)).toEqual(range(1, 10));
      expect(probe.messages[0]).toEqual({ type: 'subscribed', plan_id: planId, after: '0' });
      probe.close();
    }
  });

  it('resumes from a seq with no gap and no duplicate while the plan keeps writing', async () => {
    const planId = uniquePrefix('resume');
    await appendLogs(planId, 120);
    const writing = appendLogs(planId, 200);
    const probe = new WsProbe(wsUrl(gateway));
    await probe.opened;
    probe.send({ type: 'subscribe', plan_id: planId, after: 37 });
    await writing;
    await probe.until(() => seqs(probe, planId).at(-1) === 320);
    expect(seqs(probe, planId)).toEqual(range(38, 320));
    probe.close();
  });

  it('sends lifecycle events of all plans to "*" subscribers and resumes them by stream id', async () => {
    const probe = new WsProbe(wsUrl(gateway));
    await probe.opened;
    probe.send({ type: 'subscribe', plan_id: '*' });
    await probe.until((m) => m.some((x) => x.type === 'live'));
    const [one, two] = [uniquePrefix('life'), uniquePrefix('life')];
    await writer.append({ event: 'plan_started', plan_id: one, task_id: null, message: 'started' });
    await writer.append({ event: 'snapshot', plan_id: one, task_id: null, message: 'not lifecycle' });
    await writer.append({ event: 'plan_completed', plan_id: two, task_id: null, message: 'done' });
    await probe.until((m) => m.filter((x) => x.type === 'event').length === 2);
    const received = probe.messages.filter((m) => m.type === 'event');
    expect(received.map((m) => [m.event.plan_id, m.event.event])).toEqual([
      [one, 'plan_started'],
      [two, 'plan_completed'],
    ]);
    expect(received[0].stream_id).toMatch(/^\d+-\d+$/);
    probe.close();
    const resumed = new WsProbe(wsUrl(replica));
    await resumed.opened;
    resumed.send({ type: 'subscribe', plan_id: '*', after: received[0].stream_id });
    await resumed.until((m) => m.some((x) => x.type === 'live'));
    const again = resumed.messages.filter((m) => m.type === 'event');
    expect(again.map((m) => m.event.event)).toEqual(['plan_completed']);
    expect(await redis.xlen(globalKeys(prefix).lifecycle)).toBeGreaterThanOrEqual(3);
    resumed.close();
  });

  it.each([
    ['not json', 'message is not valid JSON'],
    ['[1]', 'message must be a JSON object with a "type"'],
    ['{"type":"hello"}', 'unknown message type "hello"; expected "subscribe" or "unsubscribe"'],
    ['{"type":"subscribe","plan_id":"../x"}', 'plan_id "../x" is not a valid plan id'],
    [
      '{"type":"subscribe","plan_id":"p1","after":-1}',
      'after must be the last seq received (a non-negative integer), got -1',
    ],
    ['{"type":"subscribe","plan_id":"*","after":"yesterday"}', 'lifecycle stream id'],
    ['{"type":"unsubscribe","plan_id":"never"}', 'not subscribed to "never"'],
  ])(
    'answers the invalid message %s with a precise error and keeps the connection',
    async (text, message) => {
      const probe = new WsProbe(wsUrl(gateway));
      await probe.opened;
      probe.send(text);
      await probe.until((m) => m.length === 1);
      expect(probe.messages[0].type).toBe('error');
      expect(probe.messages[0].message).toContain(message);
      probe.send({ type: 'subscribe', plan_id: 'still-open' });
      await probe.until((m) => m.some((x) => x.type === 'live'));
      probe.close();
    },
  );

  it('disconnects a client that stops reading with slow_consumer, while a reading client gets every event', async () => {
    const planId = uniquePrefix('slow');
    const slow = new WsProbe(wsUrl(gateway));
    const fast = new WsProbe(wsUrl(gateway));
    await Promise.all([slow.opened, fast.opened]);
    for (const probe of [slow, fast]) {
      probe.send({ type: 'subscribe', plan_id: planId });
      await probe.until((m) => m.some((x) => x.type === 'live'));
    }
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    await appendLogs(planId, 600, 16 * 1024);
    await fast.until(() => seqs(fast, planId).length === 600, 20_000);
    expect(seqs(fast, planId)).toEqual(range(1, 600));
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await slow.closed;
    expect(slow.messages.at(-1)).toMatchObject({ type: 'error', reason: 'slow_consumer' });
    expect(slow.closeCode).toBe(4008);
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/maker_gateway_disconnects_total\{reason="slow_consumer"[^}]*\} [1-9]/);
    fast.close();
  });
});

describe('cockpit-gateway Server-Sent Events', () => {
  async function readSse(url: string, headers: Record<string, string>, until: (text: string) => boolean) {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    controller.abort();
    return text;
  }

  it('streams id: seq and data: event JSON, and Last-Event-ID overrides after', async () => {
    const planId = uniquePrefix('sse');
    await appendLogs(planId, 6);
    const text = await readSse(
      `${gateway.url}/v1/events/stream?plan=${planId}&after=1`,
      { 'last-event-id': '3' },
      (t) => t.includes('id: 6\n'),
    );
    const messages = text
      .split('\n\n')
      .filter((block) => block.startsWith('id: '))
      .map((block) => {
        const [id, data] = block.split('\n');
        return [id, JSON.parse(data.slice('data: '.length)).seq];
      });
    expect(messages).toEqual([
      ['id: 4', 4],
      ['id: 5', 5],
      ['id: 6', 6],
    ]);
  });

  it('rejects a bad plan id with 400 naming the problem', async () => {
    const response = await fetch(`${gateway.url}/v1/events/stream?plan=a..b`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining('a..b'),
    });
  });
});

describe('cockpit-gateway with API tokens', () => {
  it('refuses WebSocket, SSE and API calls without a valid token', async () => {
    const probe = new WsProbe(wsUrl(secured, '?token=wrong'));
    await probe.closed;
    expect(probe.messages).toEqual([
      { type: 'error', reason: 'unauthorized', message: 'a valid bearer token is required' },
    ]);
    expect(probe.closeCode).toBe(4401);
    expect((await fetch(`${secured.url}/v1/events/stream?plan=p1`)).status).toBe(401);
    expect((await fetch(`${secured.url}/v1/plans`)).status).toBe(401);
    const metrics = await (await fetch(`${secured.url}/metrics`)).text();
    expect(metrics).toMatch(/maker_gateway_disconnects_total\{reason="unauthorized"[^}]*\} 2/);
  });

  it('accepts a bearer header or ?token= on streams, and forwards person actions with the token', async () => {
    const byHeader = new WsProbe(wsUrl(secured), { authorization: 'Bearer other' });
    const byQuery = new WsProbe(wsUrl(secured, '?token=sesame'));
    for (const probe of [byHeader, byQuery]) {
      await probe.opened;
      probe.send({ type: 'subscribe', plan_id: 'authorised' });
      await probe.until((m) => m.some((x) => x.type === 'live'));
      probe.close();
    }
    const response = await fetch(`${secured.url}/v1/plans/p/tasks/c/retry`, {
      method: 'POST',
      headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
      body: JSON.stringify({ k: 5 }),
    });
    expect(response.status).toBe(200);
    expect(forwarded.at(-1)).toEqual({
      method: 'POST',
      url: '/v1/plans/p/tasks/c/retry',
      authorization: 'Bearer sesame',
      body: '{"k":5}',
    });
    const metrics = await (await fetch(`${secured.url}/metrics`)).text();
    for (const name of [
      'maker_gateway_connections',
      'maker_gateway_events_fanned_out_total',
      'maker_gateway_client_lag_events',
      'maker_gateway_disconnects_total',
    ]) {
      expect(metrics).toContain(`# TYPE ${name} `);
    }
  });
});
