export * from './api-types.js';
export * from './errors.js';
export * from './http-client.js';
export * from './plan-event-stream.js';
export * from './queue-client.js';
