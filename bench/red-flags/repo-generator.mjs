import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSeededRandom } from '@maker/testing';

/** Path of generated file `index` (20 layers-ish folders of 50 files). */
export function generatedPath(index) {
  return `src/module-${String(Math.floor(index / 50)).padStart(2, '0')}/file-${String(index).padStart(4, '0')}.ts`;
}

function relativeSpecifier(from, to) {
  const fromParts = dirname(from).split('/');
  const toParts = to.replace(/\.ts$/, '.js').split('/');
  let common = 0;
  while (common < fromParts.length && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const rest = toParts.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/** A ~60-line TypeScript module importing up to 4 earlier modules (the import graph is acyclic). */
export function generatedSource(index, next = createSeededRandom(index + 1)) {
  const lines = [];
  const imports =
    index === 0 ? [] : [...new Set(Array.from({ length: 4 }, () => Math.floor(next() * index)))];
  for (const target of imports) {
    lines.push(
      `import { helper${target}, type Shape${target} } from '${relativeSpecifier(generatedPath(index), generatedPath(target))}';`,
    );
  }
  lines.push(
    '',
    `export interface Shape${index} {`,
    '  id: string;',
    '  size: number;',
    '  tags: string[];',
    '}',
    '',
  );
  lines.push(`export class Service${index} {`, '  private readonly cache = new Map<string, number>();', '');
  lines.push(`  compute(shape: Shape${index}): number {`, '    const cached = this.cache.get(shape.id);');
  lines.push('    if (cached !== undefined) return cached;', '    let total = shape.size;');
  for (const target of imports) lines.push(`    total += helper${target}(total);`);
  lines.push('    this.cache.set(shape.id, total);', '    return total;', '  }', '}', '');
  lines.push(`export function helper${index}(value: number): number {`);
  lines.push(
    '  let result = value;',
    '  for (let i = 0; i < 3; i++) {',
    '    result = (result * 31 + i) % 1_000_003;',
    '  }',
  );
  lines.push('  return result;', '}', '');
  for (const target of imports) {
    lines.push(`export function adapt${index}From${target}(shape: Shape${target}): Shape${index} {`);
    lines.push("  return { id: shape.id, size: shape.size, tags: [...shape.tags, 'adapted'] };", '}', '');
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a repository of `fileCount` generated modules under `rootDir`. */
export function generateRepository(rootDir, fileCount) {
  for (let index = 0; index < fileCount; index++) {
    const path = join(rootDir, generatedPath(index));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, generatedSource(index));
  }
  writeFileSync(join(rootDir, '.gitignore'), 'node_modules\ndist\n');
}
