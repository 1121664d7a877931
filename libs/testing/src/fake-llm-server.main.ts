import { parseArgs } from 'node:util';
import { loadAnswersFile } from './answers-file.js';
import { FakeLlmServer, type FakeLlmServerOptions } from './fake-llm-server.js';

/**
 * Standalone fake LLM: `node libs/testing/dist/fake-llm-server.main.js --port N --answers FILE.json [--seed S] [--host H]`.
 * Prints `{"baseUrl": ...}` as one JSON line once listening; stops on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      answers: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const fromFile: FakeLlmServerOptions = values.answers ? await loadAnswersFile(values.answers) : {};
  const server = new FakeLlmServer({
    ...fromFile,
    host: values.host,
    port: Number(values.port),
    seed: values.seed !== undefined ? Number(values.seed) : fromFile.seed,
  });
  const baseUrl = await server.start();
  process.stdout.write(`${JSON.stringify({ baseUrl, port: server.port })}\n`);
  const shutdown = () => void server.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-llm-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
