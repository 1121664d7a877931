import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MakerEvent } from '@maker/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MakerHttpClient } from './http-client.js';
import { MakerConnectionError } from './errors.js';
import { gatewayEvents, parseSse } from './sse-events.js';

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function messages(...parts: string[]) {
  const out = [];
  for await (const m of parseSse(chunks(...parts))) out.push(m);
  return out;
}

describe('parseSse', () => {
  it('splits frames across chunk boundaries, joins data lines and drops comments and retry', async () => {
    expect(
      await messages(
        'retry: 1000\n\n: keep-alive\n\nid: 1\nda',
        'ta: {"a":\ndata: 1}\n\n',
        'id: 2\r\ndata: x\r\n\r\n',
      ),
    ).toEqual([
      { event: 'message', data: '{"a":\n1}', id: '1' },
      { event: 'message', data: 'x', id: '2' },
    ]);
  });

  it('reads named events such as the gateway’s closing error', async () => {
    expect(await messages('event: error\ndata: {"type":"error","reason":"slow_client"}\n\n')).toEqual([
      { event: 'error', data: '{"type":"error","reason":"slow_client"}', id: undefined },
    ]);
  });
});

function event(seq: number, name = 'log'): MakerEvent {
  return {
    event: name as MakerEvent['event'],
    plan_id: 'p',
    task_id: null,
    timestamp: new Date(0).toISOString(),
    seq,
    details: { message: `e${seq}`, data: {} },
  };
}

/**
 * A stand-in gateway and orchestrator on one port, following DESIGN §11/§12: the SSE stream sends
 * events after `after` (or Last-Event-ID) and, while `dropAfter` events remain, ends each
 * connection with an `error` event after that many, like a gateway shedding a slow client.
 */
class FakeMaker {
  readonly log = [1, 2, 3, 4, 5, 6].map((seq) => event(seq, seq === 6 ? 'plan_completed' : 'log'));
  readonly streamAfters: string[] = [];
  polls = 0;
  dropAfter = 2;
  sseStatus = 200;
  private server = createServer((req, res) => this.handle(req, res));
  url = '';

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, 'http://x');
    const after = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
    if (url.pathname === '/v1/events/stream') {
      this.streamAfters.push(`${url.searchParams.get('plan')}:${after}`);
      if (this.sseStatus !== 200) return void res.writeHead(this.sseStatus).end('{"error":"nope"}');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 1000\n\n');
      const pending = this.log.filter((e) => e.seq > after);
      for (const [i, e] of pending.entries()) {
        if (i === this.dropAfter) {
          return void res.end('event: error\ndata: {"type":"error","reason":"slow_client"}\n\n');
        }
        res.write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`);
      }
      return; // stays open, like a live stream
    }
    if (url.pathname === '/v1/plans/p/events') {
      this.polls++;
      const events = this.log.filter((e) => e.seq > after);
      return void res.end(JSON.stringify({ plan_id: 'p', events, next_after: events.at(-1)?.seq ?? after }));
    }
    if (url.pathname === '/v1/plans/p') return void res.end(JSON.stringify({ status: 'running', seq: 6 }));
    res.writeHead(404).end('{}');
  }
}

describe('subscribe over the gateway’s SSE', () => {
  const fake = new FakeMaker();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('takes pushed events, reconnecting from the last seq when the gateway sheds the stream', async () => {
    fake.streamAfters.length = 0;
    fake.polls = 0;
    const client = new MakerHttpClient({ baseUrl: fake.url, gatewayUrl: fake.url });
    const stream = client.subscribe('p', { pollIntervalMs: 1 });
    const seqs: number[] = [];
    for await (const e of stream) seqs.push(e.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fake.streamAfters).toEqual(['p:0', 'p:2', 'p:4']);
    expect(stream.transport).toBe('sse');
    expect(fake.polls).toBe(0);
  });

  it('falls back to polling the orchestrator when the gateway refuses', async () => {
    fake.sseStatus = 503;
    try {
      const client = new MakerHttpClient({ baseUrl: fake.url, gatewayUrl: fake.url });
      const stream = client.subscribe('p', { after: 3, pollIntervalMs: 1 });
      const seqs: number[] = [];
      for await (const e of stream) seqs.push(e.seq);
      expect(seqs).toEqual([4, 5, 6]);
      expect(stream.transport).toBe('poll');
    } finally {
      fake.sseStatus = 200;
    }
  });

  it('polls when asked to, even with a gateway', async () => {
    const before = fake.streamAfters.length;
    const client = new MakerHttpClient({ baseUrl: fake.url, gatewayUrl: fake.url });
    const stream = client.subscribe('p', { transport: 'poll', pollIntervalMs: 1 });
    for await (const _ of stream);
    expect(fake.streamAfters.length).toBe(before);
    expect(stream.lastSeq).toBe(6);
  });
});

describe('gatewayEvents', () => {
  it('gives up on a stream that stays silent past the idle limit', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const events = gatewayEvents(fetch, url, 'p', 0, {}, new AbortController().signal, undefined, 100);
      const error = await events.next().catch((e) => e);
      expect(error).toBeInstanceOf(MakerConnectionError);
      expect(error.message).toBe(`cannot reach ${url}: no data for 100 ms`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
