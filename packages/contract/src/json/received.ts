import type { JsonValue } from './lossless-json';
import type { JsonText } from './json-text';

/**
 * A body as the client receives it: what the server holds as `JsonText` arrives parsed (by
 * `parseLosslessJson`). `Received<ScriptResult<JsonText>>` is `ScriptResult`.
 */
export type Received<T> = T extends JsonText
  ? JsonValue
  : T extends object
    ? { [K in keyof T]: Received<T[K]> }
    : T;
