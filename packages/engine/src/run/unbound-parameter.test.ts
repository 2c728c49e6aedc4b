import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { refuseUnboundParameter } from './unbound-parameter';

describe('refuseUnboundParameter', () => {
  beforeAll(() => loadParser());

  const refused = (sql: string) => {
    try {
      refuseUnboundParameter(parseOne(sql));
      return null;
    } catch (e) {
      return e;
    }
  };

  // What PostgreSQL 15's simple query reports (checked against the server); the position is a string
  // index of the statement here (run/statement-error.ts makes it characters).
  it('refuses the first $n its analysis meets', () => {
    expect(refused('select $1')).toMatchObject({
      sqlstate: '42P02',
      message: 'there is no parameter $1',
      position: 8,
    });
    expect(refused('select $2, $1')).toMatchObject({ message: 'there is no parameter $2', position: 8 });
    expect(refused("select '😀' where $1 = 1")).toMatchObject({ position: 19 });
  });

  it("takes a PREPARE's query and a SQL function's body, which take their arguments later", () => {
    expect(refused('prepare p as select $1')).toBeNull();
    expect(refused('create function f(int) returns int return $1')).toBeNull();
    expect(refused("create function f(int) returns int language sql as 'select $1'")).toBeNull();
    expect(refused('select 1')).toBeNull();
  });
});
