import type { InsertStmt } from '@pgsql/types';
import { describe, expect, it } from 'vitest';
import { as } from '../parse/ast';
import { loadParser, parseOne } from '../parse/parse';
import { insertValuesKnown } from './insert-values-known';

await loadParser();

const COLUMNS = ['id', 'n', 'at'];
const known = (sql: string, defaults: Record<string, string> = {}) =>
  insertValuesKnown(
    as(parseOne(sql), 'InsertStmt') as InsertStmt,
    COLUMNS,
    new Map(Object.entries(defaults)),
  );

describe('insertValuesKnown', () => {
  it('knows VALUES of constants, casts, operators, arrays and the time', () => {
    expect(known("insert into t values ('a', 1, '2024-05-01'), ('b', -2, null)")).toBe(true);
    expect(known("insert into t values ('a' || 'b', 1 + 2::numeric, current_timestamp)")).toBe(true);
    expect(known("insert into t (id, n) values ('a', array[1, 2]::int[])")).toBe(true);
    expect(known("insert into t (id, at) values ('a', now())")).toBe(true);
    expect(known("insert into t (id, at) values ('a', pg_catalog.now())")).toBe(true);
  });

  it('does not know rows the statement reads, or that a function makes', () => {
    expect(known('insert into t select * from u')).toBe(false);
    expect(known("insert into t values ('a', (select max(n) from u))")).toBe(false);
    expect(known("insert into t values ('a', nextval('s'))")).toBe(false);
    expect(known("insert into t values ('a', public.now())")).toBe(false);
    expect(known("insert into t values ('a', $1)")).toBe(false);
    expect(known("with x as (select 1) insert into t values ('a', 1)")).toBe(false);
  });

  it('looks at the defaults of the columns left out or set to DEFAULT, and only those', () => {
    const nextval = { n: "nextval('s'::regclass)" };
    expect(known("insert into t (id, at) values ('a', null)", { n: "'0'::numeric" })).toBe(true);
    expect(known("insert into t (id) values ('a')", { at: 'now()' })).toBe(true);
    expect(known("insert into t (id, at) values ('a', null)", nextval)).toBe(false);
    expect(known("insert into t (id, n) values ('a', default)", nextval)).toBe(false);
    expect(known("insert into t (id, n) values ('a', 1)", nextval)).toBe(true);
    // Without a column list the VALUES fill the first columns.
    expect(known("insert into t values ('a', 1, null)", nextval)).toBe(true);
    expect(known("insert into t values ('a')", nextval)).toBe(false);
  });
});
