import { describe, expect, it } from 'vitest';
import type { CopyProgress } from '@dynascope/contract';
import { importReducer, initialImport, type ImportAction } from './import-reducer';
import { cancelledLine, doneLine, importProgressLine } from './import-progress';

const base: CopyProgress = {
  phase: 'reading',
  bytesRead: 0,
  rowsRead: 0,
  rowCount: null,
  rowsChecked: 0,
  rowsWritten: 0,
  consumedWcu: 0,
};
const importing = (...more: ImportAction[]) =>
  [
    { type: 'fileChosen', name: 'users.csv', size: 2048 },
    { type: 'started', phase: 'checking' },
    {
      type: 'checked',
      run: 1,
      preview: {
        command: 'COPY',
        rowCount: 3000,
        estimatedWcu: 3000,
        table: 'users',
        indexes: [],
        sample: [],
      },
    },
    { type: 'started', phase: 'importing' },
    ...more,
  ].reduce((s, a) => importReducer(s, a as ImportAction), initialImport);
const progress = (p: Partial<CopyProgress>): ImportAction => ({
  type: 'progress',
  run: 2,
  progress: { ...base, ...p },
});

describe('importProgressLine', () => {
  it('shows the upload until the server has read the file', () => {
    expect(importProgressLine(importing({ type: 'sent', run: 2, bytes: 1024 }))).toEqual({
      text: 'Importing users.csv: 1.0 KiB of 2.0 KiB sent',
      share: 0.5,
    });
    expect(importProgressLine(importing({ type: 'sent', run: 2, bytes: 2048 }))).toEqual({
      text: 'Reading every row…',
      share: 1,
    });
  });

  it('then the rows checked of all of them', () => {
    const s = importing(progress({ phase: 'checking', rowCount: 3000, rowsRead: 3000, rowsChecked: 1200 }));
    expect(importProgressLine(s)).toEqual({ text: 'Checking rows: 1,200 of 3,000', share: 0.4 });
  });

  it('then the rows written, the WCU so far and the rate against the limit that paces it', () => {
    const writing = {
      phase: 'writing',
      rowCount: 3000,
      rowsChecked: 3000,
      rowsWritten: 450,
      consumedWcu: 452,
    } as const;
    expect(
      importProgressLine(importing(progress({ ...writing, wcuPerSecond: 19.5, maxWcuPerSecond: 20 }))),
    ).toEqual({
      text: 'Writing to DynamoDB: 450 of 3,000 rows · 452 WCU · 19.5 / 20 WCU/s',
      share: 0.15,
    });
    expect(importProgressLine(importing(progress({ ...writing, wcuPerSecond: 1250 }))).text).toBe(
      'Writing to DynamoDB: 450 of 3,000 rows · 452 WCU · 1,250 WCU/s',
    );
  });
});

describe('cancelledLine', () => {
  it('says how many rows a cancelled import wrote, and that importing again completes it', () => {
    const s = importing(progress({ phase: 'writing', rowCount: 3000, rowsWritten: 1234 }), {
      type: 'cancelled',
      run: 2,
    });
    expect(s.phase).toBe('cancelled');
    expect(cancelledLine(s)).toBe(
      'Cancelled after 1,234 of 3,000 rows were written. They stay; importing the same file again completes it.',
    );
  });

  it('says nothing was written when it stopped before the writes', () => {
    expect(
      cancelledLine(
        importing(progress({ phase: 'checking', rowCount: 3000 }), { type: 'cancelled', run: 2 }),
      ),
    ).toBe('Cancelled. Nothing was written.');
    expect(cancelledLine(importing({ type: 'cancelled', run: 2 }))).toBe('Cancelled. Nothing was written.');
  });
});

describe('doneLine', () => {
  it('says the rows imported and the WCU they consumed', () => {
    expect(doneLine({ command: 'COPY', rowCount: 1200, consumedWcu: 1234 })).toBe(
      'Imported 1,200 rows · 1,234 WCU consumed',
    );
  });
  it("inside the tab's transaction block says the rows are held for its COMMIT, nothing written", () => {
    expect(doneLine({ command: 'COPY', rowCount: 2, consumedWcu: 0, held: true })).toBe(
      "Held 2 rows for this tab's COMMIT: its transaction block (BEGIN) is open, so nothing is written until it commits (ROLLBACK drops them).",
    );
  });
});
