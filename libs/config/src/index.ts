export * from './config-loader.js';
export * from './service-env.schema.js';
