import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { PathEscapeError } from './errors.js';

const MAX_SYMLINK_HOPS = 40;

/** A path accepted by {@link confinePath}: relative (posix, normalized) and absolute forms. */
export interface ConfinedPath {
  /** Normalized path relative to the root, with `/` separators. */
  readonly relative: string;
  /** The absolute path inside the root, after resolving symlinks of existing components. */
  readonly absolute: string;
}

/**
 * Normalizes a task-supplied path and refuses anything that could leave `root` or touch MAKER's
 * or git's state: absolute paths, `..` escapes, NUL bytes, any `.git` component, a leading
 * `.maker` component, and symlinks (at any depth, including the last component) resolving
 * outside `root`. `root` must itself be a real path (no symlinks).
 */
export async function confinePath(root: string, requested: string): Promise<ConfinedPath> {
  const relative = normalizeRelative(requested);
  const absolute = await resolveInside(root, relative, requested);
  assertNotReserved(path.relative(root, absolute).split(path.sep).join('/'), requested);
  return { relative, absolute };
}

/** Checks the lexical form only (no filesystem access); returns the normalized relative path. */
export function normalizeRelative(requested: string): string {
  if (typeof requested !== 'string' || requested.length === 0 || requested.includes('\0')) {
    throw new PathEscapeError('path_invalid', String(requested), 'empty or contains a NUL byte');
  }
  const slashed = requested.replaceAll('\\', '/');
  if (path.posix.isAbsolute(slashed) || /^[A-Za-z]:/.test(slashed)) {
    throw new PathEscapeError('path_absolute', requested, 'absolute paths are not allowed');
  }
  const normalized = path.posix.normalize(slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new PathEscapeError('path_parent_escape', requested, 'escapes the checkout with ".."');
  }
  if (normalized === '.' || normalized === '') {
    throw new PathEscapeError('path_invalid', requested, 'names the checkout root, not a file');
  }
  assertNotReserved(normalized, requested);
  return normalized;
}

function assertNotReserved(relative: string, requested: string): void {
  const parts = relative.split('/').map((p) => p.toLowerCase());
  if (parts.includes('.git')) {
    throw new PathEscapeError('path_reserved', requested, 'paths inside .git are reserved');
  }
  if (parts[0] === '.maker') {
    throw new PathEscapeError('path_reserved', requested, 'paths inside .maker are reserved');
  }
}

async function resolveInside(root: string, relative: string, requested: string): Promise<string> {
  const pending = relative.split('/');
  let current = root;
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    const candidate = path.join(current, part);
    const kind = await entryKind(candidate);
    if (kind === 'missing') return path.join(candidate, ...pending);
    if (kind !== 'symlink') {
      current = candidate;
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) {
      throw new PathEscapeError('path_symlink_escape', requested, 'too many levels of symlinks');
    }
    const target = path.resolve(current, await readlink(candidate));
    if (!isInside(root, target)) {
      throw new PathEscapeError(
        'path_symlink_escape',
        requested,
        `follows a symlink out of the checkout (${part})`,
      );
    }
    pending.unshift(
      ...path
        .relative(root, target)
        .split(path.sep)
        .filter((p) => p !== ''),
    );
    current = root;
  }
  return current;
}

async function entryKind(candidate: string): Promise<'missing' | 'symlink' | 'other'> {
  try {
    return (await lstat(candidate)).isSymbolicLink() ? 'symlink' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
