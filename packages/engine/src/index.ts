export { Engine, type EngineOptions } from './engine';
export { EngineError, SqlState } from './errors';
export { toJson } from './json';
export * from './types';
