import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShadowRepo } from './shadow-repo.js';
import { rawShadowGit, type TempDir, tempDir, writeFiles } from './testing/temp-workspace.js';

let tmp: TempDir;
let hostile: TempDir;
let savedEnv: NodeJS.ProcessEnv;
let marker: string;

function hostileSetup(dir: string): Record<string, string> {
  marker = path.join(dir, 'hijacked');
  const hook = `#!/bin/sh\necho "$0" >> ${marker}\nexit 1\n`;
  const hooks = ['pre-commit', 'commit-msg', 'post-checkout', 'reference-transaction', 'post-index-change'];
  const config = [
    '[user]\n\tname = Hostile\n\temail = hostile@evil.example',
    '[commit]\n\tgpgSign = true',
    '[tag]\n\tgpgSign = true',
    `[gpg]\n\tprogram = ${path.join(dir, 'hooks/pre-commit')}`,
    `[core]\n\thooksPath = ${path.join(dir, 'hooks')}\n\tautocrlf = true\n\texcludesFile = ${path.join(dir, 'ignore')}`,
    `[core]\n\tfsmonitor = ${path.join(dir, 'hooks/pre-commit')}`,
    `[init]\n\ttemplateDir = ${path.join(dir, 'template')}`,
    '[merge]\n\tconflictStyle = diff3',
  ].join('\n');
  const files: Record<string, string> = {
    '.gitconfig': `${config}\n`,
    '.config/git/config': `${config}\n`,
    ignore: '*.ts\n',
  };
  for (const name of hooks) {
    files[`hooks/${name}`] = hook;
    files[`template/hooks/${name}`] = hook;
  }
  writeFiles(dir, files);
  for (const name of hooks) {
    chmodSync(path.join(dir, 'hooks', name), 0o755);
    chmodSync(path.join(dir, 'template/hooks', name), 0o755);
  }
  return {
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, '.config'),
    GIT_CONFIG_GLOBAL: path.join(dir, '.gitconfig'),
    GIT_CONFIG_SYSTEM: path.join(dir, '.gitconfig'),
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'core.hooksPath',
    GIT_CONFIG_VALUE_0: path.join(dir, 'hooks'),
    GIT_TEMPLATE_DIR: path.join(dir, 'template'),
    GIT_AUTHOR_NAME: 'Hostile',
    GIT_COMMITTER_NAME: 'Hostile',
    GIT_DIR: path.join(dir, 'elsewhere.git'),
    GIT_INDEX_FILE: path.join(dir, 'elsewhere.index'),
  };
}

beforeEach(() => {
  tmp = tempDir();
  hostile = tempDir('shadow-git-hostile-');
  savedEnv = { ...process.env };
  Object.assign(process.env, hostileSetup(hostile.dir));
  delete process.env.GIT_CONFIG_NOSYSTEM;
  writeFiles(tmp.dir, { 'src/a.ts': 'line one\r\nline two\r\n', 'README.md': 'readme\n' });
});
afterEach(() => {
  process.env = savedEnv;
  tmp.dispose();
  hostile.dispose();
});

describe('hermetic git', () => {
  it('is unaffected by a hostile HOME, global config, hooks, templates and GIT_* variables', async () => {
    const repo = await ShadowRepo.open(tmp.dir);
    const { base } = await repo.startPlan('p1');
    const checkout = repo.taskCheckout('p1', 't1', 1);
    await checkout.writeFile('src/b.ts', 'b\r\n');
    await checkout.snapshot('snap');
    const commit = await checkout.commit('t1');
    const { commit: merged } = await repo.mergeTask('p1', 't1', 1, commit!);
    await repo.syncWorkspace('p1');
    await repo.verifyIntegrity();

    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(hostile.dir, 'elsewhere.git'))).toBe(false);
    const shadow = path.join(tmp.dir, '.maker/shadow.git');
    for (const sha of [base, commit!, merged]) {
      const raw = rawShadowGit(shadow, 'cat-file', 'commit', sha);
      expect(raw).toContain('author MAKER <maker@localhost>');
      expect(raw).toContain('committer MAKER <maker@localhost>');
      expect(raw).not.toContain('gpgsig');
    }
    expect(rawShadowGit(shadow, 'ls-tree', '-r', '--name-only', merged).split('\n')).toContain('src/a.ts');
    const blob = rawShadowGit(shadow, 'cat-file', '-p', `${base}:src/a.ts`);
    expect(blob).toContain('\r\n');
    expect(readFileSync(path.join(tmp.dir, 'src/b.ts'), 'utf8')).toBe('b\r\n');
    expect(existsSync(path.join(shadow, 'hooks'))).toBe(false);
  });
});
