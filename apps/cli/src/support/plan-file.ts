import { readFile } from 'node:fs/promises';
import { CliError } from './cli-output.js';

/** Reads a plan file for `plan validate` and `submit`; an unreadable file is a CLI error naming it. */
export async function readPlanFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
