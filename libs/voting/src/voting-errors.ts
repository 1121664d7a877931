/** Invalid vote options (k < 1, max samples < k, unknown matcher). */
export class VoteOptionsError extends Error {
  readonly code = 'invalid_vote_options';
  constructor(message: string) {
    super(message);
    this.name = 'VoteOptionsError';
  }
}

/** The caller's signal abandoned the vote (not a timeout: nothing to retry with k+1). */
export class VoteAbortedError extends Error {
  readonly code = 'vote_aborted';
  constructor(message = 'vote aborted by the caller') {
    super(message);
    this.name = 'VoteAbortedError';
  }
}

/** Message and code of anything thrown (codes of LLM errors are kept). */
export function describeError(error: unknown): { code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : undefined, message: error.message };
  }
  return { message: String(error) };
}

/** An error that retrying cannot fix (an LLM error with `transient: false`, e.g. 401, 400). */
export function isPermanentError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { transient?: unknown }).transient === false
  );
}
