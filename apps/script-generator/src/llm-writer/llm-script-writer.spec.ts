import type { JobPayload } from '@maker/contracts';
import type { ChatProvider, ChatRequest } from '@maker/llm';
import { describe, expect, it } from 'vitest';
import { ScriptChecker } from '../checking/script-checker.js';
import { LlmScriptWriter } from './llm-script-writer.js';

const job = {
  plan_id: 'p',
  task_id: 't',
  attempt: 1,
  trace: {},
  task: {
    id: 't',
    description: 'do it',
    atom_type: 'Coder',
    seed_symbols: [],
    inputs: [],
    outputs: [],
    dependencies: [],
  },
  k: 3,
  max_samples: 10,
  workspace: '',
  task_plan: 'plan',
  execution_state: 'state',
  feedback: ['an import cycle'],
} satisfies JobPayload<'generate'>;

function scriptedProvider(answers: string[]): ChatProvider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: 'scripted',
    requests,
    async complete(request) {
      requests.push(request);
      const text = answers[Math.min(requests.length - 1, answers.length - 1)];
      return {
        text,
        finishReason: 'stop',
        usage: { promptTokens: 1, completionTokens: 1 },
        model: 'm',
        latencyMs: 1,
        costUsd: 0,
      };
    },
  };
}

describe('LLM-written scripts', () => {
  it('regenerates a script that fails static checks, with the errors as feedback', async () => {
    const provider = scriptedProvider(['```rhai\nlaunch_missiles()\n```', '```rhai\nlog("ok"); 1\n```']);
    const written = await new LlmScriptWriter(provider, 'm', new ScriptChecker(), 3).write(job, '');
    expect(written).toEqual({ ok: true, script: 'log("ok"); 1', tries: 2 });
    expect(provider.requests[1].messages[1].content).toMatch(/failed static checks[\s\S]*launch_missiles/);
    expect(provider.requests[0].messages[1].content).toMatch(
      /earlier attempts were rejected for\n- an import cycle/,
    );
    expect(provider.requests[0].messages[0].content).toMatch(/vote\(type, prompt, k\)/);
  });

  it('gives up after the allowed tries, reporting the last errors', async () => {
    const provider = scriptedProvider(['```rhai\nnope(\n```']);
    const written = await new LlmScriptWriter(provider, 'm', new ScriptChecker(), 2).write(job, '');
    expect(written.ok).toBe(false);
    expect(written.tries).toBe(2);
    expect(provider.requests).toHaveLength(2);
  });
});
