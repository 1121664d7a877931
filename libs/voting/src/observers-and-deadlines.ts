/** Resolved by {@link raceDeadline} when the deadline passes first. */
export const TIMED_OUT = Symbol('timed out');

/** Calls an observer; an observer that throws must not break the vote. */
export function notify<E>(observer: ((event: E) => void) | undefined, event: E): void {
  try {
    observer?.(event);
  } catch {
    // observers are for telemetry and UI only
  }
}

/** Resolves with the work, or with {@link TIMED_OUT} when the deadline (epoch ms) passes first. */
export async function raceDeadline<T>(work: Promise<T>, deadline: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
