/** Why a path from an atom was refused. */
export type UnsafePathReason =
  | 'empty'
  | 'absolute'
  | 'parent_escape'
  | 'reserved_directory'
  | 'invalid_character';

/** Directories no atom may write (the user's git and MAKER's shadow repository). */
const RESERVED_ROOTS = new Set(['.git', '.maker']);

/**
 * Normalizes a relative path from an atom (`./a//b` → `a/b`) and refuses anything that could leave
 * the task worktree: absolute paths, drive letters, `..` segments, `.git/` and `.maker/`, NUL.
 * Symlinks are checked by the caller that touches the file system.
 */
export function normalizeWorktreePath(
  raw: string,
): { ok: true; path: string } | { ok: false; reason: UnsafePathReason } {
  const path = raw.trim();
  if (path === '') return { ok: false, reason: 'empty' };
  if (/[\u0000-\u001f]/.test(path)) return { ok: false, reason: 'invalid_character' };
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path) || path.startsWith('~')) {
    return { ok: false, reason: 'absolute' };
  }
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return { ok: false, reason: 'empty' };
  if (segments.includes('..')) return { ok: false, reason: 'parent_escape' };
  if (RESERVED_ROOTS.has(segments[0]!.toLowerCase())) return { ok: false, reason: 'reserved_directory' };
  return { ok: true, path: segments.join('/') };
}
