import { describe, expect, it } from 'vitest';
import { parseSubscribe } from './subscribe-request.js';
import { streamClientAuthorized } from './client-auth.js';

describe('subscription requests', () => {
  it.each([
    ['p-42', undefined, 'plan', '0-0'],
    ['p-42', 0, 'plan', '0-0'],
    ['p-42', 17, 'plan', '17-0'],
    ['p-42', '17', 'plan', '17-0'],
    ['*', undefined, 'lifecycle', '$'],
    ['*', '$', 'lifecycle', '$'],
    ['*', '0', 'lifecycle', '0-0'],
    ['*', '1732540000000-4', 'lifecycle', '1732540000000-4'],
  ])('reads plan %s after %s as a %s subscription from %s', (plan, after, kind, from) => {
    const parsed = parseSubscribe(plan, after);
    expect(parsed).toMatchObject({ ok: true, value: { target: { kind }, after: from } });
  });

  it.each([
    [undefined, 0, 'plan_id must be a plan id or "*"'],
    ['a..b', 0, 'is not a valid plan id'],
    ['p', -1, 'non-negative integer'],
    ['p', 1.5, 'non-negative integer'],
    ['p', '12a', 'non-negative integer'],
    ['p', { seq: 1 }, 'non-negative integer'],
    ['*', 42, 'lifecycle stream id'],
    ['*', 'soon', 'lifecycle stream id'],
  ])('rejects plan %s after %s, saying why', (plan, after, message) => {
    const parsed = parseSubscribe(plan, after);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});

describe('stream client tokens', () => {
  const url = (query = '') => new URL(`http://gateway/v1/ws${query}`);
  it('lets everyone in when no tokens are configured', () => {
    expect(streamClientAuthorized([], undefined, url())).toBe(true);
  });
  it.each([
    ['Bearer good', '', true],
    [undefined, '?token=good', true],
    ['Bearer bad', '?token=good', true],
    ['Bearer bad', '', false],
    [undefined, '?token=bad', false],
    [undefined, '?token=', false],
    [undefined, '', false],
  ])('with header %s and query "%s" answers %s', (header, query, allowed) => {
    expect(streamClientAuthorized(['good'], header, url(query))).toBe(allowed);
  });
});
