import { describe, expect, it } from 'vitest';
import { jmespathCondition } from './jmespath-filter';
import { residualChecks } from './residual-checks';

const condition = (sql: string) => jmespathCondition(residualChecks([sql], ['o'])[0]!);

describe('jmespathCondition', () => {
  it('text equality and <> read an S or an N as text; <> needs the attribute', () => {
    expect(condition("status = 'open'")).toBe(`not_null("status".S, "status".N) == 'open'`);
    expect(condition("o.status <> 'it''s'")).toBe(
      `(not_null("status".S, "status".N) != \`null\` && not_null("status".S, "status".N) != 'it\\'s')`,
    );
    expect(condition('active = true')).toBe('"active".BOOL == `true`');
    expect(condition('active <> true')).toBe('"active".BOOL == `false`');
  });

  it('IN of text, a LIKE prefix, IS [NOT] NULL', () => {
    expect(condition("status in ('a', 'b')")).toBe(`contains(['a', 'b'], not_null("status".S, "status".N))`);
    expect(condition("name like 'Ann%'")).toBe(`starts_with(not_null("name".S, "name".N, ''), 'Ann')`);
    expect(condition('note is null')).toBe('(!"note" || "note".NULL == `true`)');
    expect(condition('"Note" is not null')).toBe('("Note" && "Note".NULL != `true`)');
  });

  it('none where JMESPath would not be exact: numbers, ranges, a backslash, a comment', () => {
    for (const sql of [
      'total = 3',
      'total <> 3',
      "status < 'b'",
      'total between 1 and 2',
      'total in (1, 2)',
      "name = 'a\\b'",
      "lower(name) = 'a'",
    ])
      expect(condition(sql), sql).toBeNull();
  });
});
