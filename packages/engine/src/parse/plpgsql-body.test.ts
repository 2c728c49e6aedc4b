import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from './parse';
import { plpgsqlBody } from './plpgsql-body';

beforeAll(loadParser);

const BODY = `
declare t numeric; n int; r record;
begin
  select sum(total) into t from orders where cid = c;
  perform 1 from customers;
  n := (select count(*) from orders);
  if n > 0 then raise notice '%', t; end if;
  case n when 1 then null; else null; end case;
  execute 'select 1';
end `;
const STATEMENT = `create function f(c text) returns void language plpgsql as $$${BODY}$$`;

describe('plpgsqlBody', () => {
  it('finds every piece of SQL where the body holds it, as the core parser can read it', () => {
    const parsed = plpgsqlBody(STATEMENT, BODY);
    const pieces = parsed.pieces.map((p) => ({
      sql: p.sql,
      own: p.at < 0 ? null : BODY.slice(p.at, p.at + p.sql.slice(p.prefix).length),
      line: p.line,
    }));
    expect(pieces).toEqual([
      {
        sql: 'select sum(total)        from orders where cid = c',
        own: 'select sum(total) into t from orders where cid = c',
        line: 4,
      },
      { sql: 'SELECT 1 from customers', own: '1 from customers', line: 5 },
      {
        sql: 'SELECT n ,  (select count(*) from orders)',
        own: 'n := (select count(*) from orders)',
        line: 6,
      },
      { sql: 'SELECT n > 0', own: 'n > 0', line: 7 },
      { sql: 'SELECT t', own: 't', line: 7 },
      { sql: 'SELECT n', own: 'n', line: 8 },
      // The compiler's own test of a simple CASE: text the body does not hold.
      { sql: 'SELECT "__Case__Variable_6__" IN (1)', own: null, line: 8 },
      { sql: "SELECT 'select 1'", own: "'select 1'", line: 9 },
    ]);
    expect(parsed.dynamic).toEqual([{ construct: 'EXECUTE', line: 9 }]);
    expect(parsed.unknown).toEqual([]);
    // Body offsets map into the statement through the dollar quotes.
    expect(STATEMENT.slice(parsed.inStatement!(0), parsed.inStatement!(0) + 9)).toBe('\ndeclare ');
  });

  it("maps a quoted body's offsets past its doubled quotes", () => {
    const body = "begin raise notice 'it''s'; end";
    const statement = `do '${body.replace(/'/g, "''")}'`;
    const parsed = plpgsqlBody(statement, body);
    const at = body.indexOf('end');
    expect(statement.slice(parsed.inStatement!(at), parsed.inStatement!(at) + 3)).toBe('end');
  });
});
