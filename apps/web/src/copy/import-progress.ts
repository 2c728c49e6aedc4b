import type { CopyResult } from '@dynascope/contract';
import { formatBytes } from '../format/format-bytes';
import { formatCount, formatRcu } from '../format/format-cell';
import type { ImportState } from './import-reducer';

/** What the Import dialog's progress line says, and how full its meter is (0 to 1). */
export interface ImportProgressLine {
  readonly text: string;
  readonly share: number;
}

const share = (done: number, all: number | null) => (all ? Math.min(1, done / all) : 0);

/**
 * The progress of a check or an import as the dialog shows it: the upload's bytes until the server
 * has read the file, then its rows checked, then its rows written with the WCU so far and the rate
 * (against the governor's limit when one paces it):
 *   sent 1 KiB of 2 KiB                    → 'Importing users.csv: 1.0 KiB of 2.0 KiB sent' (0.5)
 *   { phase: 'checking', 1,200 of 3,000 }  → 'Checking rows: 1,200 of 3,000' (0.4)
 *   { phase: 'writing', 450 of 3,000, 452 WCU, 19.5 / 20 WCU/s }
 *     → 'Writing to DynamoDB: 450 of 3,000 rows · 452 WCU · 19.5 / 20 WCU/s' (0.15)
 */
export function importProgressLine(s: ImportState): ImportProgressLine {
  const p = s.progress;
  const size = s.file?.size ?? 0;
  if (!p || p.phase === 'reading') {
    const sent = share(s.sent, size);
    if (sent < 1) {
      const what = s.phase === 'checking' ? 'Checking' : 'Importing';
      return {
        text: `${what} ${s.file?.name ?? ''}: ${formatBytes(s.sent)} of ${formatBytes(size)} sent`,
        share: sent,
      };
    }
    return {
      text: p ? `Reading rows: ${formatCount(p.rowsRead)} read` : 'Reading every row…',
      share: p ? share(p.bytesRead, size) : 1,
    };
  }
  if (p.phase === 'checking')
    return {
      text: `Checking rows: ${formatCount(p.rowsChecked)} of ${formatCount(p.rowCount)}`,
      share: share(p.rowsChecked, p.rowCount),
    };
  const rate =
    p.wcuPerSecond === undefined
      ? ''
      : ` · ${formatRcu(p.wcuPerSecond)}${p.maxWcuPerSecond === undefined ? '' : ` / ${formatRcu(p.maxWcuPerSecond)}`} WCU/s`;
  return {
    text: `Writing to DynamoDB: ${formatCount(p.rowsWritten)} of ${formatCount(p.rowCount)} rows · ${formatRcu(p.consumedWcu)} WCU${rate}`,
    share: share(p.rowsWritten, p.rowCount),
  };
}

/**
 * What an import did: `{ rowCount: 1200, consumedWcu: 1200 }` → 'Imported 1,200 rows · 1,200 WCU
 * consumed'; inside the tab's transaction block (`held`) nothing is written before its COMMIT.
 */
export function doneLine(result: CopyResult): string {
  if (result.held)
    return `Held ${formatCount(result.rowCount)} rows for this tab's COMMIT: its transaction block (BEGIN) is open, so nothing is written until it commits (ROLLBACK drops them).`;
  return `Imported ${formatCount(result.rowCount)} rows · ${formatCount(result.consumedWcu)} WCU consumed`;
}

/**
 * What a cancelled check or import left: nothing written, or how many rows were (they stay, and
 * importing the same file again completes it — its PutItems are idempotent).
 */
export function cancelledLine(s: ImportState): string {
  const p = s.progress;
  if (p?.phase !== 'writing' || p.rowsWritten === 0) return 'Cancelled. Nothing was written.';
  return `Cancelled after ${formatCount(p.rowsWritten)} of ${formatCount(p.rowCount)} rows were written. They stay; importing the same file again completes it.`;
}
