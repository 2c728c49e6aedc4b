import { describe, expect, it } from 'vitest';
import { scanSql } from '../sql/scan-sql';
import { formatSql } from './format-sql';

/** Every token but whitespace, as written: what formatting must leave alone. */
const tokensOf = (sql: string) =>
  scanSql(sql)
    .filter((t) => t.kind !== 'space')
    .map((t) => t.text);

const SCRIPTS = [
  "select user_id, name, _attrs->>'Nick  Name' as \"Nick Name\" from users where user_id = 'u0001' and name like 'A%  b';",
  "SELECT kind, count(*) AS events FROM events WHERE kind IN ('error', 'purchase') GROUP BY kind ORDER BY 2 DESC;",
  "update public.orders set status = 'it''s  shipped', total = 12.50 where customer_id = 'u0034' and order_date = '2024-06-01' returning *;",
  'insert into "Odd Table" ("Mixed Case", payload) values (E\'tab\\there\', \'{"a":  1}\'::jsonb), ($$dollar  $$ text$$, null);',
  'begin; delete from events where device_id = 7 and ts < 1735689600000; commit;',
  '-- keep this comment\nselect /* and  this */ 1 as one;\nselect $tag$ a;b $tag$ as s;',
];

describe('formatSql', () => {
  it.each(SCRIPTS)('changes only whitespace: %s', (sql) => {
    const out = formatSql(sql);
    expect(out).not.toBe(sql);
    expect(tokensOf(out)).toEqual(tokensOf(sql));
  });

  it('lays a statement out on lines, keeping keyword case', () => {
    expect(formatSql("select a,b from t where x='A  b'")).toBe(
      "select\n  a,\n  b\nfrom\n  t\nwhere\n  x = 'A  b'",
    );
    expect(formatSql('SELECT a FROM t')).toBe('SELECT\n  a\nFROM\n  t');
  });

  it('keeps the whitespace around a selection and leaves blank text alone', () => {
    expect(formatSql('\n  select 1 as one;\n\n')).toBe('\n  select\n  1 as one;\n\n');
    expect(formatSql('   ')).toBe('   ');
  });

  it('throws on text it cannot read, so nothing is half-formatted', () => {
    expect(() => formatSql("select 'unterminated")).toThrow();
  });
});
