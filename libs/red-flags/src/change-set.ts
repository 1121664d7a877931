import { readFile } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';
import { PathOutsideRepositoryError } from './errors.js';

/** How a file changed. */
export type ChangeStatus = 'added' | 'modified' | 'deleted';

/** A changed file, repo-relative with `/` separators. */
export interface ChangedFile {
  path: string;
  status: ChangeStatus;
}

/** Reads a file's content before the change; `undefined` when it did not exist. */
export type BeforeReader = (path: string) => string | undefined | Promise<string | undefined>;

/** A directory holding the before state, or a reader function. */
export type BeforeSource = string | BeforeReader;

/** A reader over a before directory, or the given reader. */
export function beforeReaderOf(source: BeforeSource): BeforeReader {
  if (typeof source !== 'string') return source;
  return (path) => readFile(join(source, path), 'utf8').catch(() => undefined);
}

/** Reads a file of the after state (the checkout). */
export function readAfter(rootDir: string, path: string): Promise<string | undefined> {
  return readFile(join(rootDir, path), 'utf8').catch(() => undefined);
}

/** Before and after contents of the changed files; statuses given as plain paths are inferred. */
export interface ChangeContents {
  changes: ChangedFile[];
  before: Map<string, string | undefined>;
  after: Map<string, string | undefined>;
}

/**
 * Loads both versions of every changed file. With `existedBefore` (when the before graph is known)
 * before contents are not read at all; it only decides the status of plain paths.
 */
export async function loadChangeContents(
  rootDir: string,
  changes: ReadonlyArray<ChangedFile | string>,
  before: BeforeSource | undefined,
  existedBefore?: (path: string) => boolean,
): Promise<ChangeContents> {
  const readBefore = before === undefined ? () => undefined : beforeReaderOf(before);
  const result: ChangeContents = { changes: [], before: new Map(), after: new Map() };
  for (const change of changes) {
    const path = normalisePath(typeof change === 'string' ? change : change.path);
    const status = typeof change === 'string' ? undefined : change.status;
    const beforeText = status === 'added' || existedBefore ? undefined : await readBefore(path);
    const afterText = status === 'deleted' ? undefined : await readAfter(rootDir, path);
    const beforeExists = existedBefore ? existedBefore(path) : beforeText !== undefined;
    if (!beforeExists && afterText === undefined) continue;
    const inferred: ChangeStatus = !beforeExists ? 'added' : afterText === undefined ? 'deleted' : 'modified';
    result.changes.push({ path, status: status ?? inferred });
    result.before.set(path, beforeText);
    result.after.set(path, afterText);
  }
  return result;
}

function normalisePath(path: string): string {
  const normalised = posix.normalize(path.replace(/\\/g, '/'));
  if (
    isAbsolute(path) ||
    posix.isAbsolute(normalised) ||
    normalised === '..' ||
    normalised.startsWith('../')
  ) {
    throw new PathOutsideRepositoryError(path);
  }
  return normalised;
}
