import { normalizeWorktreePath } from './worktree-path.js';

/** One file of a Coder answer: its complete new content, or a deletion. */
export interface FileBlock {
  /** Normalized relative path inside the worktree. */
  path: string;
  /** Complete file content ending in a newline (empty for deletions). */
  content: string;
  delete: boolean;
  /** The fence's info string (language), if any. */
  language?: string;
}

/** A malformed or unsafe part of a Coder answer. */
export interface FileBlockProblem {
  code: 'no_blocks' | 'missing_fence' | 'unterminated_fence' | 'unsafe_path' | 'duplicate_path';
  message: string;
  /** 1-based line of the answer. */
  line: number;
}

export interface ParsedFileBlocks {
  blocks: FileBlock[];
  problems: FileBlockProblem[];
  /** Non-blank lines outside any block (tolerated prose). */
  strayLines: number;
}

const FILE_LINE = /^\s*(?:#{1,6}\s*)?(?:\*\*)?FILE:\s*(.+?)(?:\*\*)?\s*$/;
const FENCE_OPEN = /^\s*(`{3,}|~{3,})\s*([^`\s]*)\s*$/;

/**
 * Parses a Coder answer: blocks of a line `FILE: relative/path.ext` followed by a fenced code block
 * with the file's complete content (fence info `delete` deletes the file). Unsafe paths and
 * malformed blocks are reported, never returned as blocks.
 */
export function parseFileBlocks(answer: string): ParsedFileBlocks {
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  const result: ParsedFileBlocks = { blocks: [], problems: [], strayLines: 0 };
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const header = FILE_LINE.exec(lines[i]!);
    if (!header) {
      if (lines[i]!.trim() !== '') result.strayLines++;
      i++;
      continue;
    }
    i = readBlock(lines, i, header[1]!.replace(/^`|`$/g, ''), result, seen);
  }
  if (result.blocks.length === 0 && result.problems.length === 0) {
    result.problems.push({ code: 'no_blocks', message: 'no "FILE: path" block found', line: 1 });
  }
  return result;
}

/** Reads one block starting at its FILE line; returns the index of the line after it. */
function readBlock(
  lines: string[],
  at: number,
  rawPath: string,
  out: ParsedFileBlocks,
  seen: Set<string>,
): number {
  let open = at + 1;
  while (open < lines.length && lines[open]!.trim() === '') open++;
  const fence = open < lines.length ? FENCE_OPEN.exec(lines[open]!) : null;
  if (!fence) {
    out.problems.push({
      code: 'missing_fence',
      message: `FILE: ${rawPath} is not followed by a code fence`,
      line: at + 1,
    });
    return at + 1;
  }
  const marker = fence[1]!;
  const close = findClosingFence(lines, open + 1, marker);
  if (close === -1) {
    out.problems.push({
      code: 'unterminated_fence',
      message: `the code fence of ${rawPath} is never closed`,
      line: open + 1,
    });
    return lines.length;
  }
  const safe = normalizeWorktreePath(rawPath);
  if (!safe.ok) {
    out.problems.push({
      code: 'unsafe_path',
      message: `refused path "${rawPath}" (${safe.reason})`,
      line: at + 1,
    });
  } else if (seen.has(safe.path)) {
    out.problems.push({ code: 'duplicate_path', message: `${safe.path} appears twice`, line: at + 1 });
  } else {
    seen.add(safe.path);
    const language = fence[2] || undefined;
    const isDelete = language?.toLowerCase() === 'delete';
    const body = lines.slice(open + 1, close).join('\n');
    out.blocks.push({ path: safe.path, content: isDelete ? '' : `${body}\n`, delete: isDelete, language });
  }
  return close + 1;
}

function findClosingFence(lines: string[], from: number, marker: string): number {
  const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
  for (let j = from; j < lines.length; j++) if (closing.test(lines[j]!)) return j;
  return -1;
}

/** Renders blocks back into the Coder answer format (inverse of {@link parseFileBlocks}). */
export function formatFileBlocks(
  blocks: Pick<FileBlock, 'path' | 'content' | 'delete' | 'language'>[],
): string {
  return blocks
    .map((b) => {
      if (b.delete) return `FILE: ${b.path}\n\`\`\`delete\n\`\`\``;
      const fence = b.content.includes('```') ? '````' : '```';
      return `FILE: ${b.path}\n${fence}${b.language ?? ''}\n${b.content.replace(/\n$/, '')}\n${fence}`;
    })
    .join('\n\n');
}
