import type { ScriptResult } from '@dynascope/engine';

/** 200 when every statement succeeded, 400 when one failed (the contract of /api/sql). */
export function scriptStatus(result: ScriptResult): 200 | 400 {
  return result.error ? 400 : 200;
}
