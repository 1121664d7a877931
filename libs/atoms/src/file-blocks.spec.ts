import { describe, expect, it } from 'vitest';
import { formatFileBlocks, parseFileBlocks } from './file-blocks.js';
import { normalizeWorktreePath } from './worktree-path.js';

describe('parseFileBlocks', () => {
  it('parses several files, deletions, CRLF and 4-backtick fences holding ``` inside', () => {
    const answer = [
      'FILE: src/a.ts',
      '```ts',
      'export const a = 1;',
      '```',
      '',
      'FILE: ./docs//guide.md',
      '````markdown',
      '```sh',
      'npm test',
      '```',
      '````',
      'FILE: old.js',
      '```delete',
      '```',
    ].join('\r\n');
    expect(parseFileBlocks(answer)).toEqual({
      blocks: [
        { path: 'src/a.ts', content: 'export const a = 1;\n', delete: false, language: 'ts' },
        { path: 'docs/guide.md', content: '```sh\nnpm test\n```\n', delete: false, language: 'markdown' },
        { path: 'old.js', content: '', delete: true, language: 'delete' },
      ],
      problems: [],
      strayLines: 0,
    });
  });

  it('accepts FILE lines written as a Markdown heading or in bold', () => {
    const parsed = parseFileBlocks('### FILE: a.ts\n```\na\n```\n**FILE: `b.ts`**\n```\nb\n```');
    expect(parsed.problems).toEqual([]);
    expect(parsed.blocks.map((b) => b.path)).toEqual(['a.ts', 'b.ts']);
  });

  it('tolerates prose around blocks and counts it', () => {
    const parsed = parseFileBlocks('Here is the change:\nFILE: a.py\n```python\nprint(1)\n```\nThat is all.');
    expect(parsed.blocks).toHaveLength(1);
    expect(parsed.strayLines).toBe(2);
  });

  it.each([
    ['no blocks', 'just an explanation', 'no_blocks'],
    ['a FILE line without a fence', 'FILE: a.ts\nexport const a = 1;', 'missing_fence'],
    ['an unterminated fence', 'FILE: a.ts\n```ts\nexport const a = 1;', 'unterminated_fence'],
    ['an absolute path', 'FILE: /etc/passwd\n```\nroot\n```', 'unsafe_path'],
    ['a parent escape', 'FILE: src/../../x.ts\n```\nx\n```', 'unsafe_path'],
    ['a Windows drive path', 'FILE: C:\\x.ts\n```\nx\n```', 'unsafe_path'],
    ['a write into .git', 'FILE: .git/hooks/pre-commit\n```\nx\n```', 'unsafe_path'],
    ['a write into .maker', 'FILE: .maker/shadow.git/HEAD\n```\nx\n```', 'unsafe_path'],
    ['a home-relative path', 'FILE: ~/.bashrc\n```\nx\n```', 'unsafe_path'],
    ['the same file twice', 'FILE: a.ts\n```\n1\n```\nFILE: ./a.ts\n```\n2\n```', 'duplicate_path'],
  ])('reports %s', (_name, answer, code) => {
    const parsed = parseFileBlocks(answer);
    expect(parsed.problems.map((p) => p.code)).toContain(code);
    if (code === 'unsafe_path') expect(parsed.blocks).toEqual([]);
  });

  it('round-trips through formatFileBlocks', () => {
    const blocks = [
      { path: 'a.ts', content: 'const a = "```";\n', delete: false, language: 'ts' },
      { path: 'b.ts', content: '', delete: true },
    ];
    const parsed = parseFileBlocks(formatFileBlocks(blocks));
    expect(parsed.problems).toEqual([]);
    expect(parsed.blocks.map(({ path, content, delete: d }) => ({ path, content, delete: d }))).toEqual(
      blocks.map(({ path, content, delete: d }) => ({ path, content, delete: d })),
    );
  });
});

describe('normalizeWorktreePath', () => {
  it.each([
    ['a/b.ts', { ok: true, path: 'a/b.ts' }],
    ['./a//b.ts', { ok: true, path: 'a/b.ts' }],
    ['a\\b.ts', { ok: true, path: 'a/b.ts' }],
    ['.github/workflows/ci.yml', { ok: true, path: '.github/workflows/ci.yml' }],
    ['', { ok: false, reason: 'empty' }],
    ['./', { ok: false, reason: 'empty' }],
    ['/abs', { ok: false, reason: 'absolute' }],
    ['\\\\server\\share', { ok: false, reason: 'absolute' }],
    ['a/../../b', { ok: false, reason: 'parent_escape' }],
    ['.GIT/config', { ok: false, reason: 'reserved_directory' }],
    ['a\u0000b', { ok: false, reason: 'invalid_character' }],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeWorktreePath(raw)).toEqual(expected);
  });
});
