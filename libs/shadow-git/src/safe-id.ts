import { InvalidIdentifierError } from './errors.js';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Asserts `value` is a safe identifier: `[A-Za-z0-9._-]{1,128}`, not `.`, without `..`. */
export function assertSafeId(kind: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !SAFE_ID.test(value) || value === '.' || value.includes('..')) {
    throw new InvalidIdentifierError(kind, value);
  }
}

/** Asserts `value` is an attempt number: a non-negative safe integer. */
export function assertAttempt(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidIdentifierError('attempt', value);
  }
}

/**
 * Encodes a safe id as a ref-name and file-name component. Dots become commas (a character the
 * id alphabet lacks, so the mapping is reversible), which keeps git's ref-name rules (no leading
 * dot, no `.lock` suffix) and never yields `.` as a directory name.
 */
export function encodeId(id: string): string {
  return id.replaceAll('.', ',');
}
