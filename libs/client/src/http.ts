// The HTTP half of the SDK without BullMQ and ioredis, for tools that start often (the CLI).
export * from './api-types.js';
export * from './errors.js';
export * from './http-client.js';
export * from './plan-event-stream.js';
export * from './plan-input.js';
export * from './sse-events.js';
