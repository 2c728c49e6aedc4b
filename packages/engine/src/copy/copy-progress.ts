import type { CopyProgress } from '@dynascope/contract';
import { governorScope } from '../dynamo/governor/governor-scope';

/** How often progress is reported within a phase; a phase's first and last reports always go. */
export const REPORT_MS = 250;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A COPY FROM's progress as it goes (the contract's `CopyProgress`), handed to `onProgress` at most
 * every 250 ms within a phase, and at each phase's end. While writing, the capacity and its rate are
 * the statement's own as the governor settled them from DynamoDB's answers (dynamo/governor/).
 *   reading 4 MiB chunks → { phase: 'reading', bytesRead: 4194304, rowsRead: 2796, rowCount: null, ... }
 *   then  { phase: 'checking', rowCount: 200000, rowsChecked: 2000, ... }
 *   then  { phase: 'writing', rowsWritten: 1200, consumedWcu: 1200, wcuPerSecond: 19.8, maxWcuPerSecond: 20 }
 */
export class CopyProgressReport {
  private readonly now: Mutable<CopyProgress> = {
    phase: 'reading',
    bytesRead: 0,
    rowsRead: 0,
    rowCount: null,
    rowsChecked: 0,
    rowsWritten: 0,
    consumedWcu: 0,
  };
  private reportedAt = 0;

  constructor(private readonly onProgress: ((p: CopyProgress) => void) | undefined) {}

  /** Input read so far: bytes, and rows staged. */
  read(bytes: number, rows: number): void {
    this.now.bytesRead = bytes;
    this.now.rowsRead = rows;
    this.report();
  }

  /** Every row is read: `rowCount` in all; checking them starts. */
  checking(rowCount: number): void {
    this.now.rowsRead = rowCount;
    this.report(true);
    this.now.phase = 'checking';
    this.now.rowCount = rowCount;
    this.report(true);
  }

  checked(rows: number): void {
    this.now.rowsChecked = rows;
    this.report(rows === this.now.rowCount);
  }

  /** Every row passed: writing starts, paced by `maxWcuPerSecond` when a limit applies. */
  writing(maxWcuPerSecond: number | undefined): void {
    this.now.phase = 'writing';
    if (maxWcuPerSecond !== undefined) this.now.maxWcuPerSecond = maxWcuPerSecond;
    this.report(true);
  }

  /** Rows written so far (`done`: the last report of the phase). */
  wrote(rows: number, done = false): void {
    this.now.rowsWritten = rows;
    this.report(done);
  }

  private report(force = false): void {
    if (!this.onProgress) return;
    const at = Date.now();
    if (!force && at - this.reportedAt < REPORT_MS) return;
    this.reportedAt = at;
    if (this.now.phase === 'writing') {
      const statement = governorScope()?.statement;
      if (statement) {
        this.now.consumedWcu = statement.wcu;
        this.now.wcuPerSecond = statement.rate('write', at);
      }
    }
    this.onProgress({ ...this.now });
  }
}
