import { describe, expect, it } from 'vitest';
import { exportReducer, type ExportAction } from './export-reducer';

const start: ExportAction = {
  type: 'started',
  id: 'x1',
  tabId: 't1',
  format: 'csv',
  fileName: 'f.csv',
  at: 100,
};

describe('exportReducer', () => {
  it('runs, reports progress and finishes', () => {
    let s = exportReducer(null, start);
    expect(s).toMatchObject({ status: 'running', bytes: 0, rows: 0, fileName: 'f.csv' });
    s = exportReducer(s, { type: 'progress', id: 'x1', bytes: 2048, rows: 40 });
    s = exportReducer(s, { type: 'finished', id: 'x1', at: 900 });
    expect(s).toMatchObject({ status: 'done', bytes: 2048, rows: 40, finishedAt: 900 });
    expect(exportReducer(s, { type: 'dismissed' })).toBeNull();
  });
  it('keeps a cancelled export cancelled when late chunks or errors arrive', () => {
    let s = exportReducer(exportReducer(null, start), { type: 'cancelled', id: 'x1', at: 5 });
    s = exportReducer(s, { type: 'progress', id: 'x1', bytes: 9, rows: 9 });
    s = exportReducer(s, { type: 'failed', id: 'x1', message: 'aborted', at: 6 });
    expect(s).toMatchObject({ status: 'cancelled', bytes: 0, error: null, finishedAt: 5 });
  });
  it('records the failure and starts no second export while one runs', () => {
    const running = exportReducer(null, start);
    expect(exportReducer(running, { ...start, id: 'x2' })).toBe(running);
    expect(exportReducer(running, { type: 'dismissed' })).toBe(running);
    const failed = exportReducer(running, { type: 'failed', id: 'x1', message: 'cut off', at: 7 });
    expect(failed).toMatchObject({ status: 'failed', error: 'cut off' });
    expect(exportReducer(failed, { ...start, id: 'x2' })?.id).toBe('x2');
  });
});
