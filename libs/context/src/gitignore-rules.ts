import picomatch from 'picomatch';

interface IgnoreRule {
  base: string;
  matches: (path: string) => boolean;
  negated: boolean;
  directoryOnly: boolean;
}

/** A subset of `.gitignore` semantics: globs, `!` negation, trailing `/`, anchoring, nesting. */
export class GitignoreRules {
  private readonly rules: IgnoreRule[] = [];

  /** Adds the lines of a `.gitignore` found in directory `base` (repo-relative, '' for the root). */
  add(base: string, content: string): void {
    for (const rawLine of content.split(/\r?\n/)) {
      const rule = parseRule(base, rawLine);
      if (rule) this.rules.push(rule);
    }
  }

  /** Whether a repo-relative path is ignored; the last matching rule wins. */
  isIgnored(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.base && !path.startsWith(`${rule.base}/`)) continue;
      const relative = rule.base ? path.slice(rule.base.length + 1) : path;
      if (rule.matches(relative)) ignored = !rule.negated;
    }
    return ignored;
  }
}

function parseRule(base: string, rawLine: string): IgnoreRule | undefined {
  let line = rawLine.replace(/(?<!\\)\s+$/, '');
  if (!line || line.startsWith('#')) return undefined;
  const negated = line.startsWith('!');
  if (negated) line = line.slice(1);
  const directoryOnly = line.endsWith('/');
  if (directoryOnly) line = line.replace(/\/+$/, '');
  const anchored = line.includes('/');
  line = line.replace(/^\//, '');
  if (!line) return undefined;
  const glob = anchored ? line : `**/${line}`;
  return { base, matches: picomatch(glob, { dot: true }), negated, directoryOnly };
}
