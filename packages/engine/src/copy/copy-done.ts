import { planRcu, type CopyFormat } from '@dynascope/contract';
import type { CopyDone } from '../types';
import type { CopyOutcome } from './run-query';

/** A COPY's outcome as the engine answers it: Postgres's `COPY n` with the capacity it used. */
export function copyDone(done: CopyOutcome, format: CopyFormat, notices: readonly string[]): CopyDone {
  return {
    command: 'COPY',
    rowCount: done.rowCount,
    format,
    plan: done.plan,
    consumedRcu: planRcu(done.plan),
    consumedWcu: done.plan?.write?.consumedWcu ?? 0,
    notices: [...notices],
  };
}
