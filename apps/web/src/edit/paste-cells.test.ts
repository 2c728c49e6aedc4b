import { describe, expect, it } from 'vitest';
import type { Cell } from '../api/wire';
import type { EditColumn, EditTarget } from './edit-target';
import { pasteCells, type PasteInput } from './paste-cells';

const col = (name: string, type: string, over: Partial<EditColumn> = {}): EditColumn => ({
  name,
  type,
  keyRole: null,
  catchAll: false,
  notNull: false,
  ...over,
});
const columns = [
  col('user_id', 'text', { keyRole: 'partition', notNull: true }),
  col('name', 'text'),
  col('age', 'integer'),
  col('balance', 'numeric', { notNull: true }),
];
const t: EditTarget = {
  table: 'public.users',
  relation: 'public.users',
  dynamoTable: 'users',
  server: 'demo',
  columns,
  keyIndexes: [0],
  tableColumns: columns,
  production: false,
};
const rows: Cell[][] = [
  ['u1', 'Ann', 30, '10'],
  ['u2', 'Bo', null, '20'],
  ['u3', 'Cy', 41, '30'],
];
/** The grid as loaded: every row and column in place; the block at (r, c) unless given. */
const paste = (text: string, over: Partial<PasteInput> = {}) =>
  pasteCells({
    target: t,
    rows,
    shownRows: [0, 1, 2],
    shownColumns: [0, 1, 2, 3],
    block: { rows: [0, 0], cols: [1, 1] },
    text,
    ...over,
  });

describe('pasteCells', () => {
  it('pastes a 2x2 block from the selected cell, each value typed for its column', () => {
    expect(
      paste('Ada\t36\r\nBob\t12345678901234567890\r\n', { block: { rows: [1, 1], cols: [1, 1] } }),
    ).toEqual({
      ok: false,
      message: expect.stringContaining('out of range for integer') as string,
      refused: [{ at: 2, column: 2, reason: 'age: out of range for integer (-2147483648 to 2147483647)' }],
    });
    expect(paste('Ada\t36\nBob\t42\n', { block: { rows: [1, 1], cols: [1, 1] } })).toEqual({
      ok: true,
      changes: [
        { at: 1, column: 1, value: 'Ada' },
        { at: 1, column: 2, value: '36' },
        { at: 2, column: 1, value: 'Bob' },
        { at: 2, column: 2, value: '42' },
      ],
    });
  });

  it('keeps numbers exact and reads an empty field as SQL NULL', () => {
    expect(
      paste('12345678901234567890.000000000000000001', { block: { rows: [0, 0], cols: [3, 3] } }),
    ).toEqual({
      ok: true,
      changes: [{ at: 0, column: 3, value: '12345678901234567890.000000000000000001' }],
    });
    expect(paste('\n', { block: { rows: [0, 0], cols: [2, 2] } })).toEqual({
      ok: true,
      changes: [{ at: 0, column: 2, value: null }],
    });
  });

  it('puts one value into every selected cell', () => {
    expect(paste('7', { block: { rows: [0, 2], cols: [2, 2] } })).toEqual({
      ok: true,
      changes: [
        { at: 0, column: 2, value: '7' },
        { at: 1, column: 2, value: '7' },
        { at: 2, column: 2, value: '7' },
      ],
    });
  });

  it('follows the grid as shown: sorted rows and moved columns', () => {
    // Rows shown u3, u1, u2; columns shown age, name.
    expect(
      paste('50\tXi\n51\tYu', {
        shownRows: [2, 0, 1],
        shownColumns: [2, 1],
        block: { rows: [0, 0], cols: [0, 0] },
      }),
    ).toEqual({
      ok: true,
      changes: [
        { at: 2, column: 2, value: '50' },
        { at: 2, column: 1, value: 'Xi' },
        { at: 0, column: 2, value: '51' },
        { at: 0, column: 1, value: 'Yu' },
      ],
    });
  });

  it('leaves what a ragged row does not reach, and values equal to the cell, as they are', () => {
    expect(paste('Ann\t31\nBob', { block: { rows: [0, 0], cols: [1, 1] } })).toEqual({
      ok: true,
      changes: [
        { at: 0, column: 2, value: '31' },
        { at: 1, column: 1, value: 'Bob' },
      ],
    });
    expect(paste('Ann\t30')).toEqual({
      ok: false,
      message: expect.stringContaining('changes no cell') as string,
      refused: [],
    });
  });

  it('refuses the whole paste when one value does not parse, naming each cell and why', () => {
    const out = paste('x\tnot a number\ny\t4.5', { block: { rows: [0, 0], cols: [1, 1] } });
    expect(out).toEqual({
      ok: false,
      message: 'Nothing pasted: 2 values are refused — age: a whole number (integer) …',
      refused: [
        { at: 0, column: 2, reason: 'age: a whole number (integer)' },
        { at: 1, column: 2, reason: 'age: a whole number (integer)' },
      ],
    });
  });

  it('refuses a changed key and a NULL in a NOT NULL column; an unchanged key passes', () => {
    expect(paste('u9\tAnn', { block: { rows: [0, 0], cols: [0, 0] } })).toMatchObject({
      ok: false,
      refused: [{ at: 0, column: 0, reason: 'user_id is the partition key: DynamoDB cannot change a key' }],
    });
    expect(paste('u1\tAnna', { block: { rows: [0, 0], cols: [0, 0] } })).toEqual({
      ok: true,
      changes: [{ at: 0, column: 1, value: 'Anna' }],
    });
    expect(paste('\t', { block: { rows: [0, 0], cols: [2, 2] } })).toMatchObject({
      ok: false,
      refused: [{ at: 0, column: 3, reason: 'balance cannot be NULL' }],
    });
  });

  it('refuses rows beyond the result and columns beyond the grid', () => {
    const below = paste('a\nb\nc', { block: { rows: [1, 1], cols: [1, 1] } });
    expect(below).toEqual({
      ok: false,
      message:
        'The paste has 3 rows; from the selected row only 2 rows are shown — a paste does not add rows (Add row does)',
      refused: [],
    });
    expect(paste('1\t2\t3', { block: { rows: [0, 0], cols: [2, 2] } })).toEqual({
      ok: false,
      message: 'The paste has 3 columns; from the selected column only 2 are shown',
      refused: [],
    });
    expect(paste('')).toEqual({ ok: false, message: 'The clipboard holds no text to paste', refused: [] });
  });
});
