import { beforeAll, describe, expect, it } from 'vitest';
import { as, kindOf } from '../parse/ast';
import { loadParser, parseOne, scanTokens } from '../parse/parse';
import type { RangeVarFields } from './range-vars';
import { applySplices } from './splice';
import { viewDefinition, type ViewDefinition } from './view-definition';
import { conjunctsIntoView } from './view-pushdown';
import { viewWriteSplices, type ViewCheck } from './view-write';

function view(name: string, definition: string, columns: string[], options: string[] = []): ViewDefinition {
  return viewDefinition({ schema: 'public', name, definition, columns, options, aggregatesOrWindows: false });
}

/** The write through `v` rewritten onto its relation, and the checks its rows must pass. */
function rewrite(
  sql: string,
  v: ViewDefinition,
  outer: { checks: ViewCheck[]; cascaded: boolean } = { checks: [], cascaded: false },
) {
  const ast = parseOne(sql);
  const target = as<{ relation: RangeVarFields }>(ast, kindOf(ast)!)!.relation;
  const w = viewWriteSplices({
    ast,
    text: sql,
    tokens: scanTokens(sql),
    target,
    view: v,
    columnsOf: () => null,
    ...outer,
  });
  return { sql: applySplices(sql, w.splices).text, checks: w.checks, cascaded: w.cascaded };
}

describe('writes through a view, rewritten onto its relation', () => {
  let gold: ViewDefinition;
  beforeAll(async () => {
    await loadParser();
    gold = view(
      'gold',
      " SELECT customer_id AS cid,\n    order_date,\n    total * 2 AS twice\n   FROM dynamodb.orders\n  WHERE (tier = 'gold'::text);",
      ['cid', 'order_date', 'twice'],
      ['check_option=local'],
    );
  });

  it('UPDATE: SET names and references map through the output list, the WHERE is ANDed, RETURNING keeps the names', () => {
    const r = rewrite("update gold set cid = 'x' where cid = 'c1' or twice > 4 returning cid, twice", gold);
    expect(r.sql).toBe(
      `update "dynamodb"."orders" AS "gold" set "customer_id" = 'x' where ("gold"."customer_id" = 'c1' or ("gold"."total" * 2) > 4) AND ("gold"."tier" = 'gold'::text) returning "gold"."customer_id" AS "cid", ("gold"."total" * 2) AS "twice"`,
    );
    expect(r.checks).toEqual([{ view: 'gold', condition: `"gold"."tier" = 'gold'::text` }]);
  });

  it('DELETE with an alias and RETURNING *; no WHERE of its own', () => {
    expect(rewrite('delete from public.gold g returning *', gold).sql).toBe(
      `delete from "dynamodb"."orders" g WHERE ("g"."tier" = 'gold'::text) returning "g"."customer_id" AS "cid", "g"."order_date" AS "order_date", ("g"."total" * 2) AS "twice"`,
    );
  });

  it('INSERT names the base columns (all the view has when it names none)', () => {
    expect(rewrite("insert into gold values ('c1', 'd')", gold).sql).toBe(
      `insert into "dynamodb"."orders" AS "gold" ("customer_id", "order_date") values ('c1', 'd')`,
    );
    expect(rewrite("insert into gold (order_date, cid) select 'd', 'c'", gold).sql).toBe(
      `insert into "dynamodb"."orders" AS "gold" (order_date, "customer_id") select 'd', 'c'`,
    );
  });

  it("an outer view's checks are carried over onto the relation; CASCADED makes this view's own checked", () => {
    const plain = view(
      'plain',
      " SELECT customer_id AS cid, order_date FROM dynamodb.orders WHERE (order_date > '2024'::text);",
      ['cid', 'order_date'],
    );
    const r = rewrite("update plain set order_date = '2025' where cid = 'c1'", plain, {
      checks: [{ view: 'outer', condition: `"plain"."cid" <> 'c9'` }],
      cascaded: true,
    });
    expect(r.checks).toEqual([
      { view: 'plain', condition: `"plain"."order_date" > '2024'::text` },
      { view: 'outer', condition: `"plain"."customer_id" <> 'c9'` },
    ]);
    expect(r.cascaded).toBe(true);
  });
});

describe('conjuncts pushed into a view', () => {
  beforeAll(loadParser);

  function pushed(sql: string, v: ViewDefinition): string[] {
    const ast = parseOne(sql);
    let rangeVar: RangeVarFields | undefined;
    JSON.stringify(ast, (k, value: unknown) => {
      if (k === 'RangeVar' && (value as RangeVarFields).relname === v.name)
        rangeVar ??= value as RangeVarFields;
      return value;
    });
    return conjunctsIntoView({
      ast,
      text: sql,
      tokens: scanTokens(sql),
      rangeVar: rangeVar!,
      view: v,
      columnsOf: () => ['id', 'cid'],
    });
  }

  it('only conjuncts over plain columns of the view, without functions or subqueries', () => {
    const paid = view(
      'paid',
      ' SELECT o.customer_id AS cid, o.total * 2 AS twice FROM dynamodb.orders o WHERE o.paid;',
      ['cid', 'twice'],
    );
    expect(
      pushed(
        "select * from paid where cid = 'c1' and twice > 3 and lower(cid) = 'x' and paid.cid in ('a', 'b') and cid in (select 'a')",
        paid,
      ),
    ).toEqual(["o.customer_id = 'c1'", "o.customer_id in ('a', 'b')"]);
    // `cid` is ambiguous once another FROM item may have it; the nullable side of a LEFT JOIN takes only ON conjuncts.
    expect(pushed("select 1 from c join paid p on true where cid = 'c1' and p.cid = 'c2'", paid)).toEqual([
      "o.customer_id = 'c2'",
    ]);
    expect(pushed("select 1 from c left join paid p on p.cid = 'c3' where p.cid = 'c2'", paid)).toEqual([
      "o.customer_id = 'c3'",
    ]);
  });

  it('nothing into a view with LIMIT, DISTINCT or GROUP BY, nor into a security barrier', () => {
    expect(
      pushed(
        "select * from v where cid = 'c1'",
        view('v', ' SELECT customer_id AS cid FROM t;', ['cid'], ['security_barrier=true']),
      ),
    ).toEqual([]);
    for (const def of [
      ' SELECT customer_id AS cid FROM t LIMIT 3;',
      ' SELECT DISTINCT customer_id AS cid FROM t;',
      ' SELECT customer_id AS cid FROM t GROUP BY customer_id;',
    ]) {
      expect(pushed("select * from v where cid = 'c1'", view('v', def, ['cid']))).toEqual([]);
    }
  });
});
