import { z } from 'zod';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Task and plan ids end up in git ref names and Redis keys, so they are restricted to
 * `[A-Za-z0-9._-]{1,128}` without `..`, and may not start with `.` or `-` or end with `.lock`
 * (git ref rules) — stricter than DESIGN §3 only where git itself would refuse the name.
 */
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id) && !id.includes('..') && !/^[.-]/.test(id) && !id.endsWith('.lock');
}

export const SafeIdSchema = z.string().refine(isSafeId, {
  message:
    'must match [A-Za-z0-9._-]{1,128}, contain no "..", not start with "." or "-", not end with ".lock"',
});
