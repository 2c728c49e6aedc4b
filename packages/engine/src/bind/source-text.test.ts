import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne, scanTokens } from '../parse/parse';
import { splitConjuncts } from './levels';
import { nodeText } from './source-text';

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
