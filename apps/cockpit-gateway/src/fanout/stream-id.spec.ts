import { describe, expect, it } from 'vitest';
import { compareStreamIds, isStreamId, seqToStreamId, streamIdToSeq } from './stream-id.js';

describe('stream ids', () => {
  it.each([
    ['1-0', '2-0', -1],
    ['9-0', '10-0', -1],
    ['10-0', '9-0', 1],
    ['1732540000000-5', '1732540000000-12', -1],
    ['1732540000001-0', '1732540000000-99', 1],
    ['17-0', '17-0', 0],
    ['99999999999999999999-0', '99999999999999999998-1', 1],
  ])('orders %s against %s as %i, past the precision of a JS number', (a, b, sign) => {
    expect(Math.sign(compareStreamIds(a, b))).toBe(sign);
  });

  it('maps a plan event seq to its entry id and back', () => {
    expect(seqToStreamId(17)).toBe('17-0');
    expect(streamIdToSeq('17-0')).toBe(17);
  });

  it.each([
    ['1732540000000-0', true],
    ['0-0', true],
    ['17', false],
    ['abc-1', false],
    ['1-2-3', false],
  ])('recognises %s as a full stream id: %s', (id, valid) => {
    expect(isStreamId(id)).toBe(valid);
  });
});
