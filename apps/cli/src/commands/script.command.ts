import { readFile } from 'node:fs/promises';
import { ATOM_TYPES, HOST_FUNCTIONS } from '@maker/contracts';
import {
  encodeValue,
  type RhaiDiagnostic,
  RhaiEngine,
  RhaiError,
  type RhaiLimits,
  stringifyEncoded,
  debugValue,
} from '@maker/rhai';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError, printLine } from '../support/cli-output.js';

interface EvalOptions {
  json?: boolean;
  maxOperations?: number;
  maxStringSize?: number;
  maxArraySize?: number;
  maxMapSize?: number;
  maxCallLevels?: number;
}

const LIMIT_OPTIONS: [flag: string, key: keyof RhaiLimits & keyof EvalOptions, what: string][] = [
  ['--max-operations <n>', 'maxOperations', 'operations'],
  ['--max-string-size <n>', 'maxStringSize', 'string length (bytes)'],
  ['--max-array-size <n>', 'maxArraySize', 'array size'],
  ['--max-map-size <n>', 'maxMapSize', 'object map size'],
  ['--max-call-levels <n>', 'maxCallLevels', 'function call depth'],
];

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/**
 * `maker script eval [--json] FILE...` and `maker script check [--json] FILE` (DESIGN §7).
 * eval exits 0 when every file evaluated, 1 when any script errored; check exits 0 when the
 * script parses and passes static checks, 1 otherwise.
 */
export function registerScriptCommands(program: Command): void {
  const script = program.command('script').description('evaluate or check Rhai task scripts');

  const evalCmd = script
    .command('eval')
    .description('evaluate Rhai scripts standalone (no host API); print() goes to stderr')
    .argument('<files...>', 'script files')
    .option('--json', 'print one JSON line per file: {"ok":true,"value":V} or {"ok":false,"error":{...}}');
  for (const [flag, key, what] of LIMIT_OPTIONS) {
    evalCmd.addOption(
      new Option(flag, `limit on ${what} (0 = unlimited; default: Rhai's Engine::new())`).argParser(
        nonNegativeInt,
      ),
    );
    void key;
  }
  evalCmd.action(async (files: string[], options: EvalOptions) => {
    const limits: Partial<RhaiLimits> = {};
    for (const [, key] of LIMIT_OPTIONS) if (options[key] !== undefined) limits[key] = options[key];
    const engine = new RhaiEngine({
      ...limits,
      onPrint: (s) => process.stderr.write(`${s}\n`),
      onDebug: (s) => process.stderr.write(`${s}\n`),
    });
    let failed = false;
    for (const file of files) {
      const source = await readScript(file);
      try {
        const value = await engine.evaluate(source);
        if (options.json) printLine(`{"ok":true,"value":${stringifyEncoded(encodeValue(value))}}`);
        else printLine(files.length > 1 ? `${file}: ${debugValue(value)}` : debugValue(value));
      } catch (error) {
        failed = true;
        const e = error instanceof RhaiError ? error : new RhaiError('ErrorSystem', String(error));
        if (options.json) printLine(JSON.stringify({ ok: false, error: e.toJSON() }));
        else printLine(`${file}:${e.line ?? '?'}:${e.column ?? '?'}: ${e.type}: ${e.message}`);
      }
    }
    if (failed) process.exitCode = 1;
  });

  script
    .command('check')
    .description(
      'parse and statically check a task script against the DESIGN §7 host API, without running it',
    )
    .argument('<file>', 'script file')
    .option('--json', 'print {"ok":bool,"errors":[{type,message,line,column}]}')
    .action(async (file: string, options: { json?: boolean }) => {
      const diagnostics = taskScriptChecker().check(await readScript(file));
      if (options.json) printLine(JSON.stringify({ ok: diagnostics.length === 0, errors: diagnostics }));
      else if (diagnostics.length === 0) printLine(`${file}: ok`);
      else for (const d of diagnostics) printLine(formatDiagnostic(file, d));
      if (diagnostics.length > 0) process.exitCode = 1;
    });
}

/** An engine that knows the task-script host API (signatures only: check never runs scripts). */
export function taskScriptChecker(): RhaiEngine {
  const engine = new RhaiEngine();
  for (const [name, arities] of Object.entries(HOST_FUNCTIONS)) {
    for (const arity of arities) {
      engine.registerFunction(name, arity, () => {
        throw new Error('host API stubs are for static checks only');
      });
    }
  }
  engine.registerModule('AtomType', Object.fromEntries(ATOM_TYPES.map((t) => [t, t])));
  engine.registerConstant('task', {});
  return engine;
}

function formatDiagnostic(file: string, d: RhaiDiagnostic): string {
  return `${file}:${d.line ?? '?'}:${d.column ?? '?'}: ${d.type}: ${d.message}`;
}

async function readScript(file: string): Promise<string> {
  try {
    // editors may save a UTF-8 byte order mark, which Rhai's tokenizer would reject
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
