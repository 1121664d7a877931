export * from './plan/atom-type.js';
