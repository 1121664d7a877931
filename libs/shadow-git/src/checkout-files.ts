import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { confinePath } from './path-guard.js';

/** Reads a confined file as UTF-8 text. */
export async function readConfined(root: string, requested: string): Promise<string> {
  const { absolute } = await confinePath(root, requested);
  return readFile(absolute, 'utf8');
}

/** Writes a confined file, creating parent directories. */
export async function writeConfined(
  root: string,
  requested: string,
  content: string | Uint8Array,
): Promise<void> {
  const { absolute } = await confinePath(root, requested);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeFile(absolute, content);
}

/** Deletes a confined file; returns false when there was nothing to delete. */
export async function deleteConfined(root: string, requested: string): Promise<boolean> {
  const { absolute } = await confinePath(root, requested);
  if (!(await isFile(absolute))) return false;
  await rm(absolute);
  return true;
}

/** Whether a confined path names an existing regular file. */
export async function fileExistsConfined(root: string, requested: string): Promise<boolean> {
  const { absolute } = await confinePath(root, requested);
  return isFile(absolute);
}

/**
 * Lists files under `root` (relative, `/`-separated, sorted) matching `glob` (picomatch, dotfiles
 * included). Never enters `.git` or a top-level `.maker`, never follows symlinked directories.
 */
export async function listConfined(root: string, glob: string): Promise<string[]> {
  const matches = picomatch(glob, { dot: true });
  const found: string[] = [];
  await walk(root, '', (relative) => {
    if (matches(relative)) found.push(relative);
  });
  return found.sort();
}

async function walk(root: string, prefix: string, visit: (relative: string) => void): Promise<void> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.name === '.git' || (prefix === '' && entry.name === '.maker')) continue;
    if (entry.isDirectory()) await walk(root, relative, visit);
    else visit(relative);
  }
}

async function isFile(absolute: string): Promise<boolean> {
  try {
    return (await stat(absolute)).isFile();
  } catch {
    return false;
  }
}
