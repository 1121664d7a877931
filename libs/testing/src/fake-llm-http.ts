import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateTokens, type FakeLlmFailure } from './fake-llm-rules.js';

/** The fields of a chat-completions body the fake server reads. */
export interface ChatBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  max_tokens?: number;
  max_completion_tokens?: number;
}

/** Minimal request-log entry written by the helpers. */
interface LoggedStatus {
  status?: number;
}

export function completionBody(model: string, prompt: string, text: string, finishReason: string) {
  const promptTokens = estimateTokens(prompt);
  const completionTokens = estimateTokens(text);
  return {
    id: `chatcmpl-fake-${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

export function sendError(res: ServerResponse, entry: LoggedStatus, failure: FakeLlmFailure): void {
  if (failure.retryAfter !== undefined) res.setHeader('retry-after', String(failure.retryAfter));
  const message = failure.message ?? `fake failure ${failure.status}`;
  sendJson(res, entry, failure.status, { error: { message, type: 'fake_error', code: failure.status } });
}

export function sendJson(res: ServerResponse, entry: LoggedStatus, status: number, payload: unknown): void {
  entry.status = status;
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p as { text?: string }).text ?? '').join('');
  return '';
}

export function promptOf(body: unknown): string {
  const messages = (body as ChatBody | undefined)?.messages;
  return Array.isArray(messages) ? messages.map((m) => contentText(m.content)).join('\n') : '';
}

export function lastUserMessage(body: ChatBody): string {
  const users = (body.messages ?? []).filter((m) => m.role === 'user');
  return users.length ? contentText(users[users.length - 1]!.content) : '';
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
