import { describe, expect, it } from 'vitest';
import type { ChatRequest } from './chat-provider.js';
import { SimulatedProvider } from './simulated.provider.js';

const oracle = (messages: { content: string }[]) => String(Number(messages.at(-1)!.content) * 2);
const request = (n: number, maxTokens = 100): ChatRequest => ({
  model: 'sim',
  messages: [{ role: 'user', content: String(n) }],
  temperature: 0.1,
  maxTokens,
});

async function answers(provider: SimulatedProvider, calls: number) {
  const out: string[] = [];
  for (let i = 0; i < calls; i++) out.push((await provider.complete(request(i))).text);
  return out;
}

describe('SimulatedProvider', () => {
  it('is deterministic per seed and different across seeds', async () => {
    const a = await answers(new SimulatedProvider({ oracle, pCorrect: 0.5, seed: 1 }), 50);
    const b = await answers(new SimulatedProvider({ oracle, pCorrect: 0.5, seed: 1 }), 50);
    const c = await answers(new SimulatedProvider({ oracle, pCorrect: 0.5, seed: 2 }), 50);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('answers right with probability p (4σ binomial band over 20,000 calls)', async () => {
    const p = 0.9;
    const n = 20_000;
    const provider = new SimulatedProvider({ oracle, pCorrect: p, seed: 9 });
    let right = 0;
    for (let i = 0; i < n; i++) if ((await provider.complete(request(i))).text === String(i * 2)) right++;
    expect(Math.abs(right / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('uses the corrupt function for wrong answers and truncates overlong ones with finish reason "length"', async () => {
    const wrong = new SimulatedProvider({ oracle, pCorrect: 0.000001, corrupt: (c) => `${c}!`, seed: 1 });
    expect((await wrong.complete(request(4))).text).toBe('8!');
    const rambling = new SimulatedProvider({ oracle, overlongRate: 1, seed: 1 });
    const completion = await rambling.complete(request(4, 20));
    expect(completion).toMatchObject({ finishReason: 'length', costUsd: 0 });
    expect(completion.usage.completionTokens).toBe(20);
  });
});
