import {
  MakerApiError,
  MakerClientError,
  MakerConnectionError,
  MakerEventGapError,
  MakerHttpClient,
} from '@maker/client/http';
import { type Command, type CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, printJson } from './cli-output.js';

/** Exit codes of the operational commands (documented in apps/cli/README.md). */
export const ExitCode = {
  ok: 0,
  /** The plan failed (or was cancelled, halted, stopped), or the API refused the request. */
  refused: 1,
  /** Usage error, or the API could not be reached or used. */
  usage: 2,
} as const;

/** Options every API command takes. */
export interface ApiOptions {
  api: string;
  token?: string;
  json?: boolean;
  /** Cockpit gateway for pushed events (commands that follow a plan). */
  gateway?: string;
}

/** Adds `--api`, `--token` and `--json`, and makes usage errors exit 2. */
export function withApiOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--api <url>', 'orchestrator API base URL')
        .env('MAKER_API_URL')
        .default('http://127.0.0.1:8080'),
    )
    .addOption(new Option('--token <token>', 'bearer token for the API').env('MAKER_API_TOKEN'))
    .option('--json', 'print JSON (one document, or one JSON line per event)')
    .exitOverride(exitForUsage);
}

/** Adds `--gateway` to commands that follow a plan's events. */
export function withGatewayOption(command: Command): Command {
  return command.addOption(
    new Option(
      '--gateway <url>',
      'cockpit gateway: follow events over its SSE (falls back to polling the API)',
    ).env('MAKER_GATEWAY_URL'),
  );
}

/** Commander calls this instead of exiting: help exits 0, every usage error exits 2. */
function exitForUsage(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
}

export function apiClient(options: ApiOptions): MakerHttpClient {
  return new MakerHttpClient({ baseUrl: options.api, token: options.token, gatewayUrl: options.gateway });
}

/** Parses a positive integer option value. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Parses an integer (possibly negative) option value. */
export function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

/** Parses a non-negative integer (a seq). */
export function seqNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

/** What a failed API call is about, for a readable message. */
export interface ErrorSubject {
  plan: string;
  task?: string;
  /** The verb, e.g. `pause plan p-1`, for "cannot pause plan p-1: not allowed while paused". */
  action?: string;
}

/**
 * Runs an API call and turns client errors into {@link CliError}s: 404 → "no plan X" (exit 1),
 * 409 → "not allowed while <status>" (exit 1), unreachable, 401 and 5xx → exit 2. With `--json`
 * the error is also printed on stdout as `{"ok":false,"error":{code,message,status?}}`.
 */
export async function callApi<T>(
  options: ApiOptions,
  subject: ErrorSubject | undefined,
  call: () => Promise<T>,
) {
  try {
    return await call();
  } catch (error) {
    throw toCliError(error, options, subject);
  }
}

export function toCliError(error: unknown, options: Pick<ApiOptions, 'json'>, subject?: ErrorSubject): Error {
  if (error instanceof CliError || !(error instanceof MakerClientError)) return error as Error;
  const { message, exitCode } = explain(error, subject);
  if (options.json) {
    const status = error instanceof MakerApiError ? error.status : undefined;
    printJson({ ok: false, error: { code: error.code, message, ...(status ? { status } : {}) } });
  }
  return new CliError(message, exitCode);
}

function explain(error: MakerClientError, subject?: ErrorSubject): { message: string; exitCode: number } {
  if (error instanceof MakerConnectionError) {
    return {
      message: `${error.message} (is the orchestrator running? try \`maker up\`)`,
      exitCode: ExitCode.usage,
    };
  }
  if (error instanceof MakerEventGapError) return { message: error.message, exitCode: ExitCode.usage };
  if (!(error instanceof MakerApiError)) return { message: error.message, exitCode: ExitCode.refused };
  const prefix = subject?.action ? `cannot ${subject.action}: ` : '';
  if (error.status === 404 && subject) {
    const what = subject.task ? `no task ${subject.task} in plan ${subject.plan}` : `no plan ${subject.plan}`;
    return { message: what, exitCode: ExitCode.refused };
  }
  if (error.status === 409 && error.code === 'conflict') {
    return { message: `${prefix}not allowed while ${error.currentStatus ?? 'in this state'}`, exitCode: 1 };
  }
  if (error.status === 401 || error.status === 403) {
    return { message: `${error.message} (set --token or MAKER_API_TOKEN)`, exitCode: ExitCode.usage };
  }
  if (error.status >= 500) {
    return {
      message: `${prefix}the API failed (${error.status}): ${error.message}`,
      exitCode: ExitCode.usage,
    };
  }
  return { message: `${prefix}${error.message}`, exitCode: ExitCode.refused };
}
