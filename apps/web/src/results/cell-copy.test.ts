import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import type { WireStatement } from '../api/wire';
import { statementView, type RunView } from '../state/run-view';
import { cellAt, copyText, jsonTitle, jsonViewed, opensAsJson } from './cell-copy';

const stmt: WireStatement = {
  sql: 'select',
  command: 'SELECT',
  rowCount: 3,
  columns: [
    { name: 'id', type: 'text' },
    { name: 'total', type: 'numeric' },
    { name: 'attrs', type: 'jsonb' },
  ],
  rows: [
    ['u1', '12345678901234567890.123456789012345678', { n: new LosslessNumber('99999999999999999999') }],
    ['u2', null, null],
    ['u3', null, JSON_NULL],
  ],
  cursor: null,
  plan: null,
  consumedRcu: 0,
  durationMs: 0,
  notices: [],
};
const run = { statements: [statementView(stmt)] } as unknown as RunView;

describe('cell copy', () => {
  it('copies a JSON null cell as null and an SQL NULL as nothing; neither opens the JSON viewer', () => {
    const jsonNull = cellAt(run, { stmt: 0, row: 2, col: 2 })!;
    const sqlNull = cellAt(run, { stmt: 0, row: 1, col: 2 })!;
    expect(copyText('copy-value', jsonNull)).toEqual({ text: 'null', what: 'Value' });
    expect(copyText('copy-value', sqlNull)).toEqual({ text: '', what: 'Value' });
    expect(copyText('copy-row', jsonNull).text).toBe('u3\t\tnull');
    expect(opensAsJson(jsonNull.value)).toBe(false);
    expect(jsonViewed(jsonNull.value)).toBeNull();
  });

  it('finds a cell, NULL where the row is short, nothing outside the columns', () => {
    expect(cellAt(run, { stmt: 0, row: 0, col: 0 })!.value).toBe('u1');
    expect(cellAt(run, { stmt: 0, row: 9, col: 1 })!.value).toBeNull();
    expect(cellAt(run, { stmt: 0, row: 0, col: 9 })).toBeNull();
    expect(cellAt(run, { stmt: 1, row: 0, col: 0 })).toBeNull();
    expect(cellAt(null, { stmt: 0, row: 0, col: 0 })).toBeNull();
  });

  it('copies the value in full (NULL empty), the row as TSV or as JSON', () => {
    const big = cellAt(run, { stmt: 0, row: 0, col: 1 })!;
    expect(copyText('copy-value', big)).toEqual({
      text: '12345678901234567890.123456789012345678',
      what: 'Value',
    });
    expect(copyText('copy-value', cellAt(run, { stmt: 0, row: 1, col: 1 })!).text).toBe('');
    expect(copyText('copy-row', big).text.split('\t')[0]).toBe('u1');
    const json = copyText('copy-row-json', big);
    expect(json.what).toBe('Row');
    expect(json.text).toContain('"n": 99999999999999999999');
  });

  it('opens objects in the JSON viewer, titled by column and row', () => {
    const attrs = cellAt(run, { stmt: 0, row: 0, col: 2 })!;
    expect(opensAsJson(attrs.value)).toBe(true);
    expect(opensAsJson(cellAt(run, { stmt: 0, row: 1, col: 2 })!.value)).toBe(false);
    expect(opensAsJson('text')).toBe(false);
    expect(jsonTitle(attrs, { stmt: 0, row: 0, col: 2 })).toBe('attrs · row 1');
  });
});
