import { describe, expect, it } from 'vitest';
import { GitignoreRules } from './gitignore-rules.js';

describe('GitignoreRules', () => {
  const rules = new GitignoreRules();
  rules.add('', '# comment\n\n*.log\n/build/\ncoverage\n!keep.log\ndocs/*.generated.ts\n');
  rules.add('packages/web', 'tmp/\n/local.ts\n');

  it.each([
    ['debug.log', false, true],
    ['deep/dir/debug.log', false, true],
    ['keep.log', false, false],
    ['build', true, true],
    ['src/build', true, false],
    ['coverage', true, true],
    ['src/coverage', true, true],
    ['docs/api.generated.ts', false, true],
    ['docs/sub/api.generated.ts', false, false],
    ['packages/web/tmp', true, true],
    ['packages/web/tmp', false, false],
    ['packages/web/local.ts', false, true],
    ['packages/web/src/local.ts', false, false],
    ['packages/api/tmp', true, false],
    ['src/index.ts', false, false],
  ])('%s (directory: %s) ignored: %s', (path, isDirectory, ignored) => {
    expect(rules.isIgnored(path, isDirectory)).toBe(ignored);
  });
});
