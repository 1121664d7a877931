import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type ServiceEnv, type ServiceName } from '@maker/config';
import {
  createLogger,
  createMetricsRegistry,
  type Logger,
  type Registry,
  startTracing,
} from '@maker/telemetry';
import type { z } from 'zod';
import { NestLoggerAdapter } from './nest-logger.adapter.js';

export interface ServiceContext<C> {
  service: ServiceName;
  config: C;
  logger: Logger;
  registry: Registry;
}

export interface BootstrapOptions<S extends z.ZodType<ServiceEnv>> {
  service: ServiceName;
  schema: S;
  /** Builds the root module from the parsed config, logger and registry. */
  module: (context: ServiceContext<z.infer<S>>) => Type | DynamicModule;
  env?: NodeJS.ProcessEnv;
  /** Called after the app is created and before it listens (body parsers, WebSocket adapters). */
  configure?: (app: INestApplication, context: ServiceContext<z.infer<S>>) => void | Promise<void>;
}

/**
 * Boots a service: config (exits 1 naming every bad variable), JSON logger, metrics, the Nest app,
 * graceful shutdown on SIGTERM/SIGINT, then listens on HOST:PORT.
 */
export async function bootstrapService<S extends z.ZodType<ServiceEnv>>(
  options: BootstrapOptions<S>,
): Promise<INestApplication> {
  const config = loadConfigOrExit(options.schema, options.env ?? process.env);
  const stopTracing = startTracing({
    service: options.service,
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const logger = createLogger(options.service, { level: config.LOG_LEVEL });
  const registry = createMetricsRegistry(options.service);
  const context = { service: options.service, config, logger, registry };
  const app = await NestFactory.create(options.module(context), {
    logger: new NestLoggerAdapter(logger),
    abortOnError: false,
  });
  closeGracefullyOnSignals(app, logger, stopTracing);
  await options.configure?.(app, context);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  logger.info(
    { port: typeof address === 'object' ? address?.port : config.PORT },
    `${options.service} listening`,
  );
  return app;
}

function loadConfigOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', msg: error.message, problems: error.problems })}\n`,
    );
    process.exit(1);
  }
}

/** SIGTERM/SIGINT: finish or release in-flight work (Nest shutdown hooks), then exit 0. */
function closeGracefullyOnSignals(
  app: INestApplication,
  logger: Logger,
  stopTracing: () => Promise<void>,
): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 25_000).unref();
    try {
      await app.close();
      await stopTracing();
      clearTimeout(forced);
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}
