import { describe, expect, it } from 'vitest';
import type { CopyPreview } from '@dynascope/contract';
import { importReducer, initialImport, type ImportAction, type ImportState } from './import-reducer';

const preview: CopyPreview = {
  command: 'COPY',
  rowCount: 2,
  estimatedWcu: 4,
  table: 'users',
  indexes: ['by_email'],
  sample: [{ id: { S: 'u1' } }],
};
const run = (actions: ImportAction[], from: ImportState = initialImport) =>
  actions.reduce(importReducer, from);
const chosen = run([{ type: 'fileChosen', name: 'users.csv', size: 100 }]);

describe('importReducer', () => {
  it('checks a file, then imports it, with the upload’s progress', () => {
    let s = run([{ type: 'started', phase: 'checking' }], chosen);
    expect(s).toMatchObject({ phase: 'checking', run: 1, options: { format: 'csv', header: true } });
    s = run([{ type: 'sent', run: 1, bytes: 40 }], s);
    expect(s.sent).toBe(40);
    s = run([{ type: 'checked', run: 1, preview }], s);
    expect(s).toMatchObject({ phase: 'checked', preview, sent: 100 });
    s = run([{ type: 'started', phase: 'importing' }], s);
    expect(s).toMatchObject({ phase: 'importing', run: 2, sent: 0 });
    s = run([{ type: 'imported', run: 2, result: { command: 'COPY', rowCount: 2, consumedWcu: 4 } }], s);
    expect(s).toMatchObject({ phase: 'done', result: { rowCount: 2 } });
  });

  it('imports nothing unchecked, and a new file or new options need a new check', () => {
    expect(run([{ type: 'started', phase: 'importing' }], chosen).phase).toBe('choosing');
    expect(run([{ type: 'started', phase: 'checking' }], initialImport).phase).toBe('choosing');
    const checked = run(
      [
        { type: 'started', phase: 'checking' },
        { type: 'checked', run: 1, preview },
      ],
      chosen,
    );
    const changed = run([{ type: 'optionsChanged', options: { delimiter: ';' } }], checked);
    expect(changed).toMatchObject({ phase: 'choosing', preview: null, options: { delimiter: ';' } });
    expect(run([{ type: 'fileChosen', name: 'items.json', size: 9 }], checked)).toMatchObject({
      preview: null,
      options: { format: 'dynamodb_json' },
    });
  });

  it('keeps the error with its line, ignores answers of an older run, and lets a failed import run again', () => {
    const failed = run(
      [
        { type: 'started', phase: 'checking' },
        { type: 'failed', run: 1, error: { message: 'bad', context: 'COPY users, line 3', hint: null } },
      ],
      chosen,
    );
    expect(failed).toMatchObject({ phase: 'failed', error: { context: 'COPY users, line 3' } });
    const stale = run(
      [
        { type: 'started', phase: 'checking' },
        { type: 'checked', run: 1, preview },
      ],
      failed,
    );
    expect(stale).toMatchObject({ phase: 'checking', run: 2, preview: null });
    const cancelled = run(
      [
        { type: 'checked', run: 2, preview },
        { type: 'started', phase: 'importing' },
        { type: 'cancelled', run: 3 },
      ],
      stale,
    );
    expect(cancelled.phase).toBe('cancelled');
    expect(run([{ type: 'started', phase: 'importing' }], cancelled)).toMatchObject({
      phase: 'importing',
      run: 4,
    });
  });

  it('keeps the server’s last progress of the live run, ignores an older run’s, and starts each run without any', () => {
    const report = {
      phase: 'checking' as const,
      bytesRead: 100,
      rowsRead: 2,
      rowCount: 2,
      rowsChecked: 1,
      rowsWritten: 0,
      consumedWcu: 0,
    };
    let s = run([{ type: 'started', phase: 'checking' }], chosen);
    s = run([{ type: 'progress', run: 1, progress: report }], s);
    expect(s.progress).toEqual(report);
    expect(run([{ type: 'progress', run: 0, progress: { ...report, rowsChecked: 2 } }], s).progress).toEqual(
      report,
    );
    s = run([{ type: 'checked', run: 1, preview }], s);
    expect(s.progress).toEqual(report);
    expect(run([{ type: 'started', phase: 'importing' }], s).progress).toBeNull();
  });
});
