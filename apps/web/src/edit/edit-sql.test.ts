import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { deleteRowsSql, insertRowSql, updateCellSql, updateCellsSql } from './edit-sql';
import type { EditColumn, EditTarget } from './edit-target';

const c = (name: string, type: string, keyRole: EditColumn['keyRole'] = null): EditColumn => ({
  name,
  type,
  keyRole,
  catchAll: name === '_attrs',
  notNull: keyRole !== null,
});
const users: EditTarget = {
  table: 'public.users',
  relation: 'public.users',
  dynamoTable: 'users',
  server: 'demo',
  columns: [
    c('user_id', 'text', 'partition'),
    c('name', 'text'),
    c('Score', 'numeric'),
    c('_attrs', 'jsonb'),
  ],
  keyIndexes: [0],
  production: false,
  tableColumns: [
    c('user_id', 'text', 'partition'),
    c('name', 'text'),
    c('Score', 'numeric'),
    c('avatar', 'bytea'),
    c('_attrs', 'jsonb'),
  ],
};
const events: EditTarget = {
  table: 'public.events',
  relation: 'public.events',
  dynamoTable: 'events',
  server: 'demo',
  columns: [c('ts', 'bigint', 'sort'), c('device_id', 'integer', 'partition'), c('kind', 'text')],
  keyIndexes: [1, 0],
  production: false,
  tableColumns: [c('device_id', 'integer', 'partition'), c('ts', 'bigint', 'sort'), c('kind', 'text')],
};
const row: Cell[] = ["o'brien", 'x', '1.50', null];

describe('edit SQL', () => {
  it('an edited cell is an UPDATE by key returning the grid columns', () => {
    expect(updateCellSql(users, row, 1, "Pat O'Brien")).toBe(
      `update public.users set name = 'Pat O''Brien' where user_id = 'o''brien' returning user_id, name, "Score", _attrs;`,
    );
    expect(updateCellSql(users, row, 2, '12345678901234567890.000000000000000001')).toBe(
      `update public.users set "Score" = 12345678901234567890.000000000000000001 where user_id = 'o''brien' returning user_id, name, "Score", _attrs;`,
    );
    expect(updateCellSql(users, row, 3, JSON_NULL)).toContain(`set _attrs = 'null' where`);
    expect(updateCellSql(users, row, 3, null)).toContain(`set _attrs = NULL where`);
    expect(updateCellSql(events, ['1735823873907', 187, 'click'], 2, 'view')).toBe(
      `update public.events set kind = 'view' where device_id = 187 and ts = 1735823873907 returning ts, device_id, kind;`,
    );
  });

  it('a new row is an INSERT of the columns given, SQL NULL ones left out', () => {
    const values = new Map<string, Cell>([
      ['user_id', 'u9'],
      ['name', null],
      ['Score', new LosslessNumber('7.10')],
      ['avatar', '\\x00ff'],
      ['_attrs', { tier: 'gold', n: null }],
    ]);
    expect(insertRowSql(users, values)).toBe(
      `insert into public.users (user_id, "Score", avatar, _attrs) values ('u9', 7.10, '\\x00ff', '{"tier":"gold","n":null}') returning user_id, name, "Score", _attrs;`,
    );
  });

  it('rows are deleted by key: one IN over partition keys, one DELETE per partition with a sort key', () => {
    expect(deleteRowsSql(users, [row, ['u2', null, null, null], ['u2', null, null, null]])).toBe(
      `delete from public.users where user_id in ('o''brien', 'u2');`,
    );
    expect(deleteRowsSql(users, [['u2']])).toBe(`delete from public.users where user_id = 'u2';`);
    expect(
      deleteRowsSql(events, [
        ['1', 7, 'a'],
        ['2', 7, 'b'],
        ['3', -8, 'c'],
      ]),
    ).toBe(
      'delete from public.events where device_id = 7 and ts in (1, 2);\n' +
        'delete from public.events where device_id = -8 and ts = 3;',
    );
  });

  it('never writes by less than the full key: a target missing its sort key, or a NULL key, throws', () => {
    // orders (customer_id, order_id) with only the partition key known: `where customer_id = 'C0041'`
    // would update every order of the customer.
    const partial: EditTarget = {
      ...events,
      keyIndexes: [1],
      columns: [c('ts', 'bigint'), c('device_id', 'integer', 'partition'), c('kind', 'text')],
    };
    const full = /full key \(device_id, ts\) is not in the result/;
    expect(() => updateCellSql(partial, ['1', 7, 'a'], 2, 'b')).toThrow(full);
    expect(() => updateCellsSql(partial, [['1', 7, 'a']], [{ at: 0, column: 2, value: 'b' }])).toThrow(full);
    expect(() => deleteRowsSql(partial, [['1', 7, 'a']])).toThrow(full);
    // The sort key named as the partition key, or a key cell NULL.
    expect(() => updateCellSql({ ...events, keyIndexes: [0, 1] }, ['1', 7, 'a'], 2, 'b')).toThrow(full);
    expect(() => updateCellSql(events, [null, 7, 'a'], 2, 'b')).toThrow(/has no key value/);
    expect(() => deleteRowsSql(users, [[null]])).toThrow(/has no key value/);
  });
});
