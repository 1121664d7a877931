import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  codeMatcher,
  defaultMatcherFor,
  exactMatcher,
  jsonMatcher,
  matcherByName,
  normalizedMatcher,
} from './matchers.js';

const same = (m: { key(t: string): string | undefined }, a: string, b: string) => {
  const ka = m.key(a);
  return ka !== undefined && ka === m.key(b);
};

describe('matchers', () => {
  it.each([
    ['exact', 'A', 'A', true],
    ['exact', 'A', 'A ', false],
    ['normalized', 'a  b\n c', 'a b c', true],
    ['normalized', '  x\t', 'x', true],
    ['normalized', 'a b', 'ab', false],
    ['json', '{"b":1,"a":[1,2]}', '{ "a": [1, 2], "b": 1 }', true],
    ['json', '```json\n{"a":1}\n```', '{"a":1}', true],
    ['json', '{"a":[1,2]}', '{"a":[2,1]}', false],
    ['json', '{"a":1}', '{"a":"1"}', false],
  ] as const)('%s: %j vs %j → same=%s', (name, a, b, expected) => {
    expect(same(matcherByName(name), a, b)).toBe(expected);
  });

  it('json cannot compare non-JSON answers', () => {
    expect(jsonMatcher.key('the answer is {"a":1}')).toBeUndefined();
  });

  it('canonical JSON sorts keys recursively', () => {
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: [{ z: 1, y: 2 }] })).toBe(
      '{"a":[{"y":2,"z":1}],"b":{"c":2,"d":1}}',
    );
  });

  const fileA = 'FILE: src/a.ts\n```ts\nexport const a = 1;\n```';
  it.each([
    ['line endings', fileA, 'FILE: src/a.ts\r\n```ts\r\nexport const a = 1;\r\n```', true],
    [
      'trailing whitespace and blank lines',
      fileA,
      'FILE: src/a.ts\n```ts\nexport const a = 1;   \n\n\n```',
      true,
    ],
    [
      'fence language and ./ prefix',
      fileA,
      'FILE: ./src/a.ts\n```typescript\nexport const a = 1;\n```',
      true,
    ],
    [
      'file order',
      `${fileA}\n\nFILE: b.ts\n\`\`\`\nb\n\`\`\``,
      `FILE: b.ts\n\`\`\`\nb\n\`\`\`\nFILE: src/a.ts\n\`\`\`\nexport const a = 1;\n\`\`\``,
      true,
    ],
    ['prose around blocks', fileA, `Here you go:\n${fileA}\nDone.`, true],
    ['different content', fileA, 'FILE: src/a.ts\n```ts\nexport const a = 2;\n```', false],
    ['leading indentation matters', fileA, 'FILE: src/a.ts\n```ts\n  export const a = 1;\n```', false],
    ['delete vs empty file', 'FILE: x.ts\n```delete\n```', 'FILE: x.ts\n```\n```', false],
    ['different file set', fileA, `${fileA}\nFILE: c.ts\n\`\`\`\nc\n\`\`\``, false],
  ])('code: %s', (_name, a, b, expected) => {
    expect(same(codeMatcher, a, b)).toBe(expected);
  });

  it('code cannot compare answers without valid FILE blocks or with unsafe paths', () => {
    expect(codeMatcher.key('just some prose')).toBeUndefined();
    expect(codeMatcher.key('FILE: ../x.ts\n```\nx\n```')).toBeUndefined();
  });

  it('exact keeps every byte and unknown names are refused', () => {
    expect(exactMatcher.key(' a\n')).toBe(' a\n');
    expect(normalizedMatcher.name).toBe('normalized');
    expect(() => matcherByName('semantic')).toThrow(/unknown matcher/);
  });

  it.each([
    ['Coder', 'code'],
    ['Reviewer', 'json'],
    ['Validator', 'json'],
    ['Search', 'json'],
    ['Planner', 'normalized'],
    ['GritsAnalyzer', 'normalized'],
  ] as const)('defaults %s answers to the %s matcher', (atomType, name) => {
    expect(defaultMatcherFor(atomType)).toBe(name);
  });
});
