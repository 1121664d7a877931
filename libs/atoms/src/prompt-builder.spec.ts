import { ATOM_TYPES } from '@maker/contracts';
import { describe, expect, it } from 'vitest';
import { PROMPT_VARIANT_COUNT } from './atom-prompts.js';
import { atomSystemPrompt, buildAtomMessages } from './prompt-builder.js';

describe('atom prompts', () => {
  it.each(ATOM_TYPES)('%s has at least 3 distinct variants, each stating the output contract', (atomType) => {
    const prompts = Array.from({ length: PROMPT_VARIANT_COUNT }, (_, v) => atomSystemPrompt(atomType, v));
    expect(PROMPT_VARIANT_COUNT).toBeGreaterThanOrEqual(3);
    expect(new Set(prompts).size).toBe(PROMPT_VARIANT_COUNT);
    for (const p of prompts) expect(p).toContain('Output format:');
  });

  it.each([
    ['Coder', 'FILE: relative/path.ext'],
    ['Reviewer', '"verdict": "APPROVE" | "REQUEST_CHANGES" | "REJECT"'],
    ['Validator', '"valid": true | false'],
    ['Search', '"line_start"'],
  ] as const)('%s prompt states its contract (%s)', (atomType, fragment) => {
    expect(atomSystemPrompt(atomType)).toContain(fragment);
  });

  it('builds a system and a user message from task, context and prompt, marking the context as data', () => {
    const messages = buildAtomMessages({
      atomType: 'Coder',
      taskDescription: 'Add a sum function',
      contextMarkdown: '## src/math.ts\n```ts\nexport {}\n```',
      prompt: 'Implement sum(a, b) in src/math.ts',
    });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toMatch(
      /## Task\nAdd a sum function[\s\S]*<context>[\s\S]*<\/context>[\s\S]*## Request\nImplement sum/,
    );
  });

  it('uses a different wording for an alternative variant and wraps variant numbers', () => {
    const base = buildAtomMessages({ atomType: 'Search', prompt: 'find x' });
    const alt = buildAtomMessages({ atomType: 'Search', prompt: 'find x', variant: 1 });
    expect(alt[0]!.content).not.toBe(base[0]!.content);
    expect(
      buildAtomMessages({ atomType: 'Search', prompt: 'find x', variant: PROMPT_VARIANT_COUNT }),
    ).toEqual(base);
    expect(base[1]!.content).not.toContain('## Context');
  });
});
