import { describe, expect, it } from 'vitest';
import type { WireStatement } from '../api/wire';
import { answer, statement } from '../test-support/wire-fixtures';
import { editSql, editTitle, rowsEditOf } from './edit-request';
import type { EditTarget } from './edit-target';

const t: EditTarget = {
  table: 'public.users',
  relation: 'public.users',
  dynamoTable: 'users',
  server: 'demo',
  columns: [
    { name: 'user_id', type: 'text', keyRole: 'partition', catchAll: false, notNull: true },
    { name: 'age', type: 'integer', keyRole: null, catchAll: false, notNull: false },
  ],
  keyIndexes: [0],
  production: false,
  tableColumns: [
    { name: 'user_id', type: 'text', keyRole: 'partition', catchAll: false, notNull: true },
    { name: 'age', type: 'integer', keyRole: null, catchAll: false, notNull: false },
  ],
};
const rows = [
  ['u1', 30],
  ['u2', null],
];
const returned = (r: WireStatement['rows']) => answer([statement({ command: 'UPDATE', rows: r })]);

describe('edit requests', () => {
  it('turn into their SQL and title', () => {
    expect(editSql(t, rows, { kind: 'update', at: 1, column: 1, value: '31' })).toBe(
      "update public.users set age = 31 where user_id = 'u2' returning user_id, age;",
    );
    expect(editSql(t, rows, { kind: 'delete', at: [0, 1] })).toBe(
      "delete from public.users where user_id in ('u1', 'u2');",
    );
    expect(editTitle(t, { kind: 'update', at: 1, column: 1, value: '31' })).toBe(
      'Update age of 1 item in public.users',
    );
    expect(editTitle(t, { kind: 'delete', at: [0, 1] })).toBe('Delete 2 items from public.users');
    expect(editTitle(t, { kind: 'insert', values: new Map() })).toBe('Add an item to public.users');
  });

  it('change the grid with what the write returned', () => {
    const rowsEdit = (req: Parameters<typeof rowsEditOf>[2], r: WireStatement['rows']) =>
      rowsEditOf(t, rows, req, returned(r));
    expect(rowsEdit({ kind: 'update', at: 1, column: 1, value: '31' }, [['u2', 31]])).toEqual({
      kind: 'replace',
      at: 1,
      row: ['u2', 31],
    });
    expect(rowsEdit({ kind: 'insert', values: new Map() }, [['u3', null]])).toEqual({
      kind: 'append',
      row: ['u3', null],
    });
    // An INSERT of a loaded row's key replaced that item: the row is replaced, not shown twice.
    expect(rowsEdit({ kind: 'insert', values: new Map() }, [['u2', 7]])).toEqual({
      kind: 'replace',
      at: 1,
      row: ['u2', 7],
    });
    expect(rowsEdit({ kind: 'delete', at: [0] }, [])).toEqual({ kind: 'remove', at: [0] });
    expect(rowsEdit({ kind: 'update', at: 1, column: 1, value: '31' }, [])).toHaveProperty('problem');
  });

  it('turn a paste into one UPDATE per row, and the grid takes every returned row', () => {
    const cells = [
      { at: 0, column: 1, value: '40' },
      { at: 1, column: 1, value: null },
    ];
    expect(editSql(t, rows, { kind: 'cells', cells })).toBe(
      "update public.users set age = 40 where user_id = 'u1' returning user_id, age;\n" +
        "update public.users set age = NULL where user_id = 'u2' returning user_id, age;",
    );
    expect(editTitle(t, { kind: 'cells', cells })).toBe('Update 2 cells of 2 items in public.users');
    const two = answer([
      statement({ command: 'UPDATE', rows: [['u1', 40]] }),
      statement({ command: 'UPDATE', rows: [['u2', null]] }),
    ]);
    expect(rowsEditOf(t, rows, { kind: 'cells', cells }, two)).toEqual({
      kind: 'replace-rows',
      rows: [
        { at: 0, row: ['u1', 40] },
        { at: 1, row: ['u2', null] },
      ],
    });
    const oneGone = answer([
      statement({ command: 'UPDATE', rows: [['u1', 40]] }),
      statement({ command: 'UPDATE', rows: [] }),
    ]);
    expect(rowsEditOf(t, rows, { kind: 'cells', cells }, oneGone)).toHaveProperty('problem');
  });
});
