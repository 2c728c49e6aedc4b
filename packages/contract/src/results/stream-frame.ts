import type { JsonValue } from '../json/lossless-json';
import type { ErrorBody } from './error-info';
import type { Progress, ScriptResult } from './script-result';

export type ProgressFrame = { readonly type: 'progress' } & Progress;

/**
 * One line of `POST /api/sql/stream` (NDJSON): any number of `progress` frames, then the
 * `result`, or an `error` when the script could not be run at all (the 200 was already sent).
 */
export type StreamFrame<Json = JsonValue> =
  | ProgressFrame
  | ({ readonly type: 'result' } & ScriptResult<Json>)
  | ({ readonly type: 'error' } & ErrorBody);
