import { describe, expect, it } from 'vitest';
import type { InsertStmt } from '@pgsql/types';
import { as } from '../parse/ast';
import { loadParser, parseOne } from '../parse/parse';
import { transitionNames } from './returning-transition';

await loadParser();

const used = (sql: string, target = 't') =>
  transitionNames(as(parseOne(sql), 'InsertStmt') as InsertStmt, target, ['id', 'old']);

describe('transitionNames', () => {
  it("finds the names RETURNING reads Postgres 18's old and new rows by", () => {
    expect(used('insert into t values (1) returning old.*, new.id')).toEqual({ old: 'old', new: 'new' });
    expect(used('insert into t values (1) returning with (old as o, new as n) o.id, (select n.id)')).toEqual({
      old: 'o',
      new: 'n',
    });
    expect(used('insert into t values (1) returning new, id')).toEqual({ old: null, new: 'new' });
  });

  it('leaves a column of that name, and a target called so, to the statement', () => {
    expect(used('insert into t values (1) returning old, id')).toEqual({ old: null, new: null });
    expect(used('insert into t as new values (1) returning new.id', 'new')).toEqual({ old: null, new: null });
    expect(used('insert into t values (1)')).toEqual({ old: null, new: null });
  });
});
