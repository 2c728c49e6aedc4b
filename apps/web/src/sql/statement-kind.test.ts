import { describe, expect, it } from 'vitest';
import { statementShape } from './statement-kind';
import { needsQuotes, quoteIdent, quoteLiteral } from './identifiers';

describe('statementShape', () => {
  it('reads the command and top-level WHERE', () => {
    expect(statementShape('select * from t')).toEqual({ command: 'SELECT', hasWhere: false });
    expect(statementShape('DELETE FROM t')).toEqual({ command: 'DELETE', hasWhere: false });
    expect(statementShape("update t set a = 1 where id = 'x'")).toEqual({
      command: 'UPDATE',
      hasWhere: true,
    });
  });
  it('ignores WHERE inside subqueries, strings and comments', () => {
    expect(statementShape('delete from t using (select 1 where true) s').hasWhere).toBe(false);
    expect(statementShape("update t set note = 'where'").hasWhere).toBe(false);
    expect(statementShape('delete from t -- where id = 1').hasWhere).toBe(false);
  });
  it('looks past a WITH clause', () => {
    expect(statementShape('with x as (select 1 where true) delete from t')).toEqual({
      command: 'DELETE',
      hasWhere: false,
    });
  });
});

describe('identifiers', () => {
  it('quotes only when needed', () => {
    expect(quoteIdent('users')).toBe('users');
    expect(quoteIdent('userId')).toBe('"userId"');
    expect(quoteIdent('order')).toBe('"order"');
    expect(quoteIdent('my-table')).toBe('"my-table"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(needsQuotes('_attrs')).toBe(false);
  });
  it('escapes literals', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
});
