import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { TableInfo } from './key-schema';
import type { ComparisonOp, Predicate } from './predicate';
import { pushdown, type Pushdown } from './pushdown';

/** Golden table of pushdown shapes (spec §3): predicates + key schema in → exact request parts out. */

function table(
  pk: { name: string; type: 'S' | 'N' },
  sk: { name: string; type: 'S' | 'N' } | null = null,
): TableInfo {
  return {
    name: 't',
    partitionKey: pk,
    sortKey: sk,
    indexes: [],
    itemCount: 0,
    sizeBytes: 0,
    billingMode: null,
  };
}

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });

function cmp(column: string, op: ComparisonOp, value: AttributeValue, sql?: string): Predicate {
  const shown = value.S !== undefined ? `'${value.S}'` : String(value.N ?? value.BOOL);
  return { kind: 'compare', column, op, value, sql: sql ?? `${column} ${op} ${shown}` };
}

function between(column: string, low: AttributeValue, high: AttributeValue, sql?: string): Predicate {
  return {
    kind: 'between',
    column,
    low,
    high,
    sql: sql ?? `${column} BETWEEN ${low.S ?? low.N} AND ${high.S ?? high.N}`,
  };
}

function residual(sql: string): Predicate {
  return { kind: 'residual', sql };
}

const pkOnly = table({ name: 'id', type: 'S' });
const numericPk = table({ name: 'n', type: 'N' });
const composite = table({ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
const compositeS = table({ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });

type Golden = Omit<Pushdown, 'projection' | 'exact'>;

interface Case {
  name: string;
  predicates: Predicate[];
  table: TableInfo;
  expected: Golden;
  /** False when the request may return more than the predicates match (re-checked locally). */
  exact?: boolean;
}

const cases: Case[] = [
  {
    name: 'partition key equality → Query',
    table: pkOnly,
    predicates: [cmp('id', '=', S('u1'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'id' },
      values: { ':v0': S('u1') },
      pushed: ["id = 'u1'"],
      residual: [],
      keyConditionText: "id = 'u1'",
      filterText: null,
    },
  },
  {
    name: 'numeric partition key equality → Query',
    table: numericPk,
    predicates: [cmp('n', '=', N('42'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'n' },
      values: { ':v0': N('42') },
      pushed: ['n = 42'],
      residual: [],
      keyConditionText: 'n = 42',
      filterText: null,
    },
  },
  {
    name: 'partition key equality + non-key filter',
    table: pkOnly,
    predicates: [cmp('age', '>', N('30'), '30 < age'), cmp('id', '=', S('u1'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: '#n1 > :v1',
      names: { '#n0': 'id', '#n1': 'age' },
      values: { ':v0': S('u1'), ':v1': N('30') },
      pushed: ["id = 'u1'", '30 < age'],
      residual: [],
      keyConditionText: "id = 'u1'",
      filterText: 'age > 30',
    },
  },
  ...(['=', '<', '<=', '>', '>='] as const).map((op): Case => ({
    name: `partition key + sort key ${op}`,
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', op, N('5'))],
    expected: {
      operation: 'Query',
      keyCondition: `#n0 = :v0 AND #n1 ${op} :v1`,
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('5') },
      pushed: ["pk = 'a'", `sk ${op} 5`],
      residual: [],
      keyConditionText: `pk = 'a' AND sk ${op} 5`,
      filterText: null,
    },
  })),
  {
    name: 'sort-key condition before the partition key in the SQL still joins the key condition',
    table: composite,
    predicates: [cmp('sk', '>=', N('3')), cmp('pk', '=', S('a'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 >= :v1',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('3') },
      pushed: ["pk = 'a'", 'sk >= 3'],
      residual: [],
      keyConditionText: "pk = 'a' AND sk >= 3",
      filterText: null,
    },
  },
  {
    name: 'sort key BETWEEN',
    table: compositeS,
    predicates: [cmp('pk', '=', S('a')), between('sk', S('2024-01'), S('2024-12'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': S('2024-01'), ':v2': S('2024-12') },
      pushed: ["pk = 'a'", 'sk BETWEEN 2024-01 AND 2024-12'],
      residual: [],
      keyConditionText: "pk = 'a' AND sk BETWEEN '2024-01' AND '2024-12'",
      filterText: null,
    },
  },
  {
    name: 'two sort-key bounds (lower first) → one BETWEEN',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>', N('2')), cmp('sk', '<=', N('9'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('2'), ':v2': N('9') },
      // A strict bound inside the inclusive BETWEEN is exact only when re-checked locally.
      pushed: ["pk = 'a'", 'sk <= 9'],
      residual: ['sk > 2'],
      keyConditionText: "pk = 'a' AND sk BETWEEN 2 AND 9",
      filterText: null,
    },
  },
  {
    name: 'two sort-key bounds (upper first) → one BETWEEN, low value first',
    table: composite,
    predicates: [cmp('sk', '<', N('9')), cmp('pk', '=', S('a')), cmp('sk', '>=', N('2'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('2'), ':v2': N('9') },
      pushed: ["pk = 'a'", 'sk >= 2'],
      residual: ['sk < 9'],
      keyConditionText: "pk = 'a' AND sk BETWEEN 2 AND 9",
      filterText: null,
    },
  },
  {
    name: 'two strict sort-key bounds → BETWEEN in the key condition, both re-checked as residual',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>', N('0')), cmp('sk', '<', N('100'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('0'), ':v2': N('100') },
      pushed: ["pk = 'a'"],
      residual: ['sk > 0', 'sk < 100'],
      keyConditionText: "pk = 'a' AND sk BETWEEN 0 AND 100",
      filterText: null,
    },
  },
  {
    name: 'inverted bounds (low > high) → only the lower bound; the upper stays residual',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>', N('10')), cmp('sk', '<', N('5'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 > :v1',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('10') },
      pushed: ["pk = 'a'", 'sk > 10'],
      residual: ['sk < 5'],
      keyConditionText: "pk = 'a' AND sk > 10",
      filterText: null,
    },
  },
  {
    name: 'inverted bounds compare numbers numerically, not as text (9 < 10)',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>=', N('9')), cmp('sk', '<=', N('10'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('9'), ':v2': N('10') },
      pushed: ["pk = 'a'", 'sk >= 9', 'sk <= 10'],
      residual: [],
      keyConditionText: "pk = 'a' AND sk BETWEEN 9 AND 10",
      filterText: null,
    },
  },
  {
    name: 'sort-key equality wins over sort-key ranges (which stay residual in a Query)',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>', N('1')), cmp('sk', '=', N('3'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 = :v1',
      filter: null,
      names: { '#n0': 'pk', '#n1': 'sk' },
      values: { ':v0': S('a'), ':v1': N('3') },
      pushed: ["pk = 'a'", 'sk = 3'],
      residual: ['sk > 1'],
      keyConditionText: "pk = 'a' AND sk = 3",
      filterText: null,
    },
  },
  {
    name: 'sort-key <> in a Query → residual (a Query filter may not name key attributes)',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '<>', N('3'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'pk' },
      values: { ':v0': S('a') },
      pushed: ["pk = 'a'"],
      residual: ['sk <> 3'],
      keyConditionText: "pk = 'a'",
      filterText: null,
    },
  },
  {
    name: 'second partition-key predicate in a Query → residual',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('pk', '=', S('b')), cmp('pk', '>', S('0'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'pk' },
      values: { ':v0': S('a') },
      pushed: ["pk = 'a'"],
      residual: ["pk = 'b'", "pk > '0'"],
      keyConditionText: "pk = 'a'",
      filterText: null,
    },
  },
  {
    name: 'sort-key bound with the wrong attribute type stays residual',
    table: composite,
    predicates: [cmp('pk', '=', S('a')), cmp('sk', '>', S('x'))],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'pk' },
      values: { ':v0': S('a') },
      pushed: ["pk = 'a'"],
      residual: ["sk > 'x'"],
      keyConditionText: "pk = 'a'",
      filterText: null,
    },
  },
  {
    name: 'no partition-key equality → Scan with every pushable predicate (keys included) in the filter',
    // DynamoDB's `<>` is also true for an item without the attribute, a NULL or another type; Postgres's
    // is not true for a NULL: the filter asks for the constant's type, and is exact.
    table: composite,
    predicates: [
      cmp('pk', '>', S('a')),
      cmp('sk', '=', N('5')),
      cmp('age', '<>', N('7')),
      between('sk', N('1'), N('9')),
    ],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter:
        '#n0 > :v0 AND #n1 = :v1 AND (#n2 <> :v2 AND attribute_type(#n2, :v3)) AND #n1 BETWEEN :v4 AND :v5',
      names: { '#n0': 'pk', '#n1': 'sk', '#n2': 'age' },
      values: {
        ':v0': S('a'),
        ':v1': N('5'),
        ':v2': N('7'),
        ':v3': S('N'),
        ':v4': N('1'),
        ':v5': N('9'),
      },
      pushed: ["pk > 'a'", 'sk = 5', 'age <> 7', 'sk BETWEEN 1 AND 9'],
      residual: [],
      keyConditionText: null,
      filterText: "pk > 'a' AND sk = 5 AND age <> 7 AND sk BETWEEN 1 AND 9",
    },
  },
  {
    name: 'partition-key <> → Scan with the key in the filter (a key attribute is always there, with its type)',
    table: pkOnly,
    predicates: [cmp('id', '<>', S('u1'))],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: '#n0 <> :v0',
      names: { '#n0': 'id' },
      values: { ':v0': S('u1') },
      pushed: ["id <> 'u1'"],
      residual: [],
      keyConditionText: null,
      filterText: "id <> 'u1'",
    },
  },
  {
    name: '<> on a boolean → = the other boolean',
    table: pkOnly,
    predicates: [cmp('active', '<>', { BOOL: true })],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: '#n0 = :v0',
      names: { '#n0': 'active' },
      values: { ':v0': { BOOL: false } },
      pushed: ['active <> true'],
      residual: [],
      keyConditionText: null,
      filterText: 'active <> true',
    },
  },
  {
    name: '<> on a text column → the attribute there and not NULL (N and BOOL items kept, re-checked locally)',
    exact: false,
    table: pkOnly,
    predicates: [
      { kind: 'compare', column: 'status', op: '<>', value: S('x'), sql: "status <> 'x'", anyType: true },
    ],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: '(#n0 <> :v0 AND attribute_exists(#n0) AND NOT attribute_type(#n0, :v1))',
      names: { '#n0': 'status' },
      values: { ':v0': S('x'), ':v1': S('NULL') },
      pushed: ["status <> 'x'"],
      residual: [],
      keyConditionText: null,
      filterText: "status <> 'x'",
    },
  },
  {
    name: 'partition-key equality with a number on an S key → Scan (no Query with a mistyped key)',
    table: pkOnly,
    predicates: [cmp('id', '=', N('1'))],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: '#n0 = :v0',
      names: { '#n0': 'id' },
      values: { ':v0': N('1') },
      pushed: ['id = 1'],
      residual: [],
      keyConditionText: null,
      filterText: 'id = 1',
    },
  },
  {
    name: 'residual predicates never create placeholders',
    table: pkOnly,
    predicates: [
      residual("name LIKE 'A%'"),
      cmp('age', '>=', N('18')),
      residual('status IS NULL'),
      residual("(a = 1 OR b = 'x')"),
    ],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: '#n0 >= :v0',
      names: { '#n0': 'age' },
      values: { ':v0': N('18') },
      pushed: ['age >= 18'],
      residual: ["name LIKE 'A%'", 'status IS NULL', "(a = 1 OR b = 'x')"],
      keyConditionText: null,
      filterText: 'age >= 18',
    },
  },
  {
    name: 'only residual predicates → a bare Scan, no expression at all',
    table: pkOnly,
    predicates: [residual("name LIKE 'A%'")],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: null,
      names: {},
      values: {},
      pushed: [],
      residual: ["name LIKE 'A%'"],
      keyConditionText: null,
      filterText: null,
    },
  },
  {
    name: 'no predicates → a bare Scan',
    table: composite,
    predicates: [],
    expected: {
      operation: 'Scan',
      keyCondition: null,
      filter: null,
      names: {},
      values: {},
      pushed: [],
      residual: [],
      keyConditionText: null,
      filterText: null,
    },
  },
  {
    name: 'placeholders number in order: key condition, then filter; a repeated attribute keeps its #n',
    table: composite,
    predicates: [
      cmp('b', '=', { BOOL: true }),
      cmp('a', '<', N('1')),
      cmp('sk', '<=', N('4')),
      cmp('pk', '=', S('p')),
      cmp('a', '>', N('-1')),
    ],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0 AND #n1 <= :v1',
      filter: '#n2 = :v2 AND #n3 < :v3 AND #n3 > :v4',
      names: { '#n0': 'pk', '#n1': 'sk', '#n2': 'b', '#n3': 'a' },
      values: { ':v0': S('p'), ':v1': N('4'), ':v2': { BOOL: true }, ':v3': N('1'), ':v4': N('-1') },
      pushed: ["pk = 'p'", 'sk <= 4', 'b = true', 'a < 1', 'a > -1'],
      residual: [],
      keyConditionText: "pk = 'p' AND sk <= 4",
      filterText: 'b = true AND a < 1 AND a > -1',
    },
  },
  {
    name: 'string values with quotes read back as SQL literals in the text forms',
    table: pkOnly,
    predicates: [cmp('id', '=', S("O'Brien"), "id = 'O''Brien'")],
    expected: {
      operation: 'Query',
      keyCondition: '#n0 = :v0',
      filter: null,
      names: { '#n0': 'id' },
      values: { ':v0': S("O'Brien") },
      pushed: ["id = 'O''Brien'"],
      residual: [],
      keyConditionText: "id = 'O''Brien'",
      filterText: null,
    },
  },
];

describe('pushdown golden table', () => {
  it.each(cases)('$name', ({ predicates, table: t, expected, exact: expectedExact = true }) => {
    const p = pushdown(predicates, t, null);
    const { projection, exact, ...rest } = p;
    expect(rest).toEqual(expected);
    expect(exact).toBe(expectedExact);
    expect(projection).toBeNull();
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('every placeholder in the expressions is defined, and every defined one is used', () => {
    for (const { predicates, table: t } of cases) {
      const p = pushdown(predicates, t, ['x', 'pk']);
      const text = [p.keyCondition, p.filter, p.projection].filter(Boolean).join(' ');
      const usedNames = new Set(text.match(/#n\d+/g) ?? []);
      const usedValues = new Set(text.match(/:v\d+/g) ?? []);
      expect(new Set(Object.keys(p.names))).toEqual(usedNames);
      expect(new Set(Object.keys(p.values))).toEqual(usedValues);
    }
  });
});

describe('pushdown projection', () => {
  it('shares the #n map with the key condition and the filter', () => {
    const p = pushdown([cmp('pk', '=', S('a')), cmp('age', '>', N('1'))], composite, [
      'pk',
      'sk',
      'age',
      'name',
    ]);
    expect(p.keyCondition).toBe('#n0 = :v0');
    expect(p.filter).toBe('#n1 > :v1');
    expect(p.projection).toBe('#n0, #n2, #n1, #n3');
    expect(p.names).toEqual({ '#n0': 'pk', '#n1': 'age', '#n2': 'sk', '#n3': 'name' });
    expect(p.values).toEqual({ ':v0': S('a'), ':v1': N('1') });
  });

  it('names attributes with reserved words or odd characters only through placeholders', () => {
    const p = pushdown([residual('x')], pkOnly, ['id', 'status', 'user name', 'a.b']);
    expect(p.projection).toBe('#n0, #n1, #n2, #n3');
    expect(p.names).toEqual({ '#n0': 'id', '#n1': 'status', '#n2': 'user name', '#n3': 'a.b' });
    expect(p.values).toEqual({});
  });
});

describe('text columns that also read N and BOOL attributes', () => {
  it('widens the filter to keep N/BOOL items and marks the pushdown inexact', () => {
    const p = pushdown(
      [{ kind: 'compare', column: 'label', op: '=', value: S('42'), sql: "label = '42'", anyType: true }],
      pkOnly,
      null,
    );
    expect(p.filter).toBe('(#n0 = :v0 OR NOT attribute_type(#n0, :v1))');
    expect(p.values).toEqual({ ':v0': S('42'), ':v1': S('S') });
    expect(p.filterText).toBe("label = '42'");
    expect(p.exact).toBe(false);
  });

  it('keeps a key condition exact: key attributes always have the key type', () => {
    const p = pushdown(
      [{ kind: 'compare', column: 'id', op: '=', value: S('a'), sql: "id = 'a'", anyType: true }],
      pkOnly,
      null,
    );
    expect(p).toMatchObject({ operation: 'Query', keyCondition: '#n0 = :v0', filter: null, exact: true });
  });
});
