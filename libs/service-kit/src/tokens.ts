/** Nest injection tokens of the shared service wiring. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const REDIS = Symbol('REDIS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const LOGGER = Symbol('LOGGER');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
