import type { MakerEvent } from '@maker/contracts';
import { MakerApiError, MakerConnectionError } from './errors.js';

/** One Server-Sent Events message. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** Splits an SSE byte stream into messages (comments and `retry:` are dropped). */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = frameEnd(buffer);
    while (end) {
      const message = parseFrame(buffer.slice(0, end.at));
      buffer = buffer.slice(end.at + end.length);
      if (message) yield message;
      end = frameEnd(buffer);
    }
  }
}

function frameEnd(buffer: string): { at: number; length: number } | undefined {
  const match = /\r?\n\r?\n|\r\r/.exec(buffer);
  return match ? { at: match.index, length: match[0].length } : undefined;
}

function parseFrame(frame: string): SseMessage | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of frame.split(/\r?\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }
  if (data.length === 0) return undefined;
  return { event, data: data.join('\n'), id };
}

/** The gateway closed the stream with an `error` event (slow client, shutdown, store trouble). */
export interface SseClosed {
  reason: string;
  message?: string;
}

/**
 * Opens `GET /v1/events/stream?plan=ID&after=SEQ` on the cockpit gateway (DESIGN §11) and yields
 * the plan's events until the connection ends; `onClosed` hears the gateway's reason when it ends
 * the stream with an `error` event. A stream silent for `idleMs` (no event, no heartbeat) fails
 * with {@link MakerConnectionError}.
 */
export async function* gatewayEvents(
  fetchImpl: typeof fetch,
  gatewayUrl: string,
  planId: string,
  after: number,
  headers: Record<string, string>,
  signal: AbortSignal,
  onClosed: (closed: SseClosed) => void = () => undefined,
  idleMs = 45_000,
): AsyncGenerator<MakerEvent> {
  const url = `${gatewayUrl}/v1/events/stream?${new URLSearchParams({ plan: planId, after: String(after) })}`;
  // The gateway sends a heartbeat comment every 15 s by default: silence for longer is a dead stream.
  const idle = new AbortController();
  const arm = () => setTimeout(() => idle.abort(), idleMs).unref();
  let timer = arm();
  const feed = () => {
    clearTimeout(timer);
    timer = arm();
  };
  const both = AbortSignal.any([signal, idle.signal]);
  try {
    yield* readGateway(fetchImpl, url, gatewayUrl, headers, both, feed, onClosed);
  } catch (error) {
    if (signal.aborted) return;
    if (idle.signal.aborted)
      throw new MakerConnectionError(gatewayUrl, new Error(`no data for ${idleMs} ms`));
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function* readGateway(
  fetchImpl: typeof fetch,
  url: string,
  gatewayUrl: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  feed: () => void,
  onClosed: (closed: SseClosed) => void,
): AsyncGenerator<MakerEvent> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { ...headers, accept: 'text/event-stream' }, signal });
  } catch (error) {
    throw new MakerConnectionError(gatewayUrl, error);
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text.slice(0, 200) || undefined };
    }
    throw new MakerApiError(response.status, body, 'GET', '/v1/events/stream');
  }
  try {
    for await (const message of parseSse(watched(response.body as AsyncIterable<Uint8Array>, feed))) {
      if (message.event === 'error') {
        onClosed(JSON.parse(message.data) as SseClosed);
        return;
      }
      if (message.event === 'message') yield JSON.parse(message.data) as MakerEvent;
    }
  } catch (error) {
    throw new MakerConnectionError(gatewayUrl, error);
  }
}

/** Passes chunks through, calling `feed` on each (heartbeats included). */
async function* watched(body: AsyncIterable<Uint8Array>, feed: () => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    feed();
    yield chunk;
  }
}
