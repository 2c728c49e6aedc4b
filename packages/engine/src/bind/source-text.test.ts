import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne, scanTokens } from '../parse/parse';
import { splitConjuncts } from './levels';
import { nodeText, relationReference } from './source-text';

/** Each conjunct of `select 1 from t where <a> and <b> ...` as the plan shows it. */
function conjunctTexts(where: string): string[] {
  const text = `select 1 from t where ${where}`;
  const ast = parseOne(text) as { SelectStmt: { whereClause: unknown } };
  return splitConjuncts(ast.SelectStmt.whereClause).map((c) => nodeText(text, scanTokens(text), c));
}

describe('nodeText', () => {
  beforeAll(loadParser);

  it("keeps a cast's type name, of one word or several (pg_get_viewdef writes casts)", () => {
    expect(
      conjunctTexts(
        "(tier = 'gold'::text) and x::character varying(3) = 'a' and y = 'a'::timestamp with time zone",
      ),
    ).toEqual(["tier = 'gold'::text", "x::character varying(3) = 'a'", "y = 'a'::timestamp with time zone"]);
    expect(
      conjunctTexts(
        "z = '{}'::text[] and v::numeric(10,2) > 1 and k = 'x'::pg_catalog.text and cast(q as int4) = 1",
      ),
    ).toEqual([
      "z = '{}'::text[]",
      'v::numeric(10,2) > 1',
      "k = 'x'::pg_catalog.text",
      'cast(q as int4) = 1',
    ]);
  });

  it('ends an array constructor or subscript at its bracket', () => {
    expect(conjunctTexts("pk = any(array['a', 'A']) and a[1] = 2 and b = array[[1, 2], [3, 4]]")).toEqual([
      "pk = any(array['a', 'A'])",
      'a[1] = 2',
      'b = array[[1, 2], [3, 4]]',
    ]);
  });

  it('keeps trailing keywords, qualified names and collations', () => {
    expect(conjunctTexts(`u is not null and d.category = c.name and w = 'x' collate "C"`)).toEqual([
      'u is not null',
      'd.category = c.name',
      `w = 'x' collate "C"`,
    ]);
  });
});

describe('relationReference', () => {
  beforeAll(loadParser);

  /** What a rewrite replaces for the relation named `name` in `text`, and the prefix it writes. */
  const replaced = (text: string, name: string, only = false) => {
    const r = relationReference(scanTokens(text), text.indexOf(name), only);
    return [text.slice(r.start, r.end), r.prefix];
  };

  it('is the name, qualified and quoted, with ONLY when asked', () => {
    expect(replaced('select * from s."Ft" x', 's."Ft"')).toEqual(['s."Ft"', '']);
    expect(replaced('select * from only ft where true', 'ft', true)).toEqual(['only ft', '']);
    expect(replaced('select * from only ft where true', 'ft')).toEqual(['ft', '']);
  });

  it('takes the inheritance star after the name', () => {
    expect(replaced('select id from ft * where n > 1', 'ft')).toEqual(['ft *', '']);
    expect(replaced('select id from s.ft* x', 's.ft')).toEqual(['s.ft*', '']);
  });

  it('starts at TABLE, whose short form says select * from, and only there', () => {
    expect(replaced('table only ft order by id', 'ft')).toEqual(['table only ft', 'SELECT * FROM ']);
    expect(replaced('select 1 union all (TABLE s.ft)', 's.ft')).toEqual(['TABLE s.ft', 'SELECT * FROM ']);
    expect(replaced('lock table ft', 'ft')).toEqual(['ft', '']);
    expect(replaced('truncate table ft', 'ft')).toEqual(['ft', '']);
  });
});
