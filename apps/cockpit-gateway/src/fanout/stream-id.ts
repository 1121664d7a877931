/** A Redis stream entry id `<ms>-<seq>`, as two numbers for ordering. */
const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

/** True for a full stream id (`1732540000000-0`); plan streams use `<seq>-0`. */
export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** Orders two stream ids: negative when a < b, 0 when equal, positive when a > b. No allocations of big numbers. */
export function compareStreamIds(a: string, b: string): number {
  const aDash = dashOf(a);
  const bDash = dashOf(b);
  return (
    compareDigits(a, 0, aDash, b, 0, bDash) || compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length)
  );
}

function dashOf(id: string): number {
  const dash = id.indexOf('-');
  return dash < 0 ? id.length : dash;
}

/** Compares two runs of decimal digits without leading zeros (Redis never writes them). */
function compareDigits(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  const aLength = Math.max(aTo - aFrom, 0);
  const bLength = Math.max(bTo - bFrom, 0);
  if (aLength !== bLength) return aLength - bLength;
  for (let i = 0; i < aLength; i++) {
    const diff = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The stream id of a plan event: plan streams store event `seq` as entry id `<seq>-0`. */
export function seqToStreamId(seq: number): string {
  return `${seq}-0`;
}

/** The plan event seq of a plan stream id (`17-0` → 17). */
export function streamIdToSeq(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
