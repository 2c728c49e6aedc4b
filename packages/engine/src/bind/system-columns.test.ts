import { describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { findRangeVars, refName } from './range-vars';
import { systemColumnRefs } from './system-columns';

await loadParser();

/** The system-column references of `sql` that resolve to a relation named `ft`, as `alias.column`. */
function refs(sql: string): string[] {
  const ast = parseOne(sql);
  const ft = new Set(
    findRangeVars(ast)
      .map((r) => r.fields)
      .filter((rv) => rv.relname === 'ft'),
  );
  return systemColumnRefs(ast, ft, () => 's').map((r) => `${refName(r.relation)}.${r.column}@${r.location}`);
}

describe('systemColumnRefs', () => {
  it('resolves a name to the innermost level that has it, as Postgres does', () => {
    expect(refs('select tableoid from ft')).toEqual(['ft.tableoid@7']);
    expect(refs('select x.ctid, s.ft.xmin from ft x, s.ft')).toEqual(['x.ctid@7', 'ft.xmin@15']);
    // Two relations at a level: Postgres's "ambiguous", left to the host.
    expect(refs('select tableoid from ft join lt using (id)')).toEqual([]);
    // The inner level's relation, not the outer foreign table.
    expect(refs('select 1 from ft where exists (select ctid from lt)')).toEqual([]);
    expect(refs('select 1 from ft where exists (select ft.ctid from lt)')).toEqual(['ft.ctid@38']);
    // A subquery has no system columns: the name is the outer level's.
    expect(refs('select (select tableoid from (select 1) s) from ft')).toEqual(['ft.tableoid@15']);
    // A subquery alias hides a relation of the same name further out.
    expect(refs('select (select ft.tableoid from (select 1 as tableoid) ft) from ft')).toEqual([]);
  });

  it("sees an INSERT's target in its RETURNING only, and an UPDATE's and DELETE's throughout", () => {
    expect(refs('insert into ft select tableoid from lt returning tableoid')).toEqual(['ft.tableoid@49']);
    expect(refs("update ft set v = 1 where ctid = '(0,1)' returning xmax")).toEqual([
      'ft.ctid@26',
      'ft.xmax@51',
    ]);
    expect(refs('delete from ft using lt where lt.id = ft.id returning ft.tableoid')).toEqual([
      'ft.tableoid@54',
    ]);
  });
});
