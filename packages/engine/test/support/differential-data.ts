import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import type { Engine } from '../../src/engine';
import {
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
  type Backend,
  type KeyDef,
} from './harness';

/**
 * The differential tests' dataset (differential.test.ts, random-differential.test.ts): one
 * deterministic set of items per DynamoDB table, and the same data as rows of ordinary host tables
 * with the same columns (`local.x` beside the foreign table `dynamodb.x`).
 */

export type Item = Record<string, AttributeValue>;

// ---------------------------------------------------------------------------------------------
// A deterministic dataset
// ---------------------------------------------------------------------------------------------

export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'Ann',
  'ann',
  'Bob',
  'Émile',
  'Zoë',
  'José',
  '李雷',
  '東京タワー',
  '😀 smile',
  'naïve café',
  'Ørsted',
  'apple',
  'Apple',
  'banana',
  'Über',
  'straße',
  'zeta',
  'Ωmega',
  "O'Brien",
  'a%b_c',
  'back\\slash',
  '"quoted"',
  '🍣寿司',
  'Ａ全角',
  '~tilde',
  'Zed',
];
const LABELS = ['42', 'true', 'x', 'A', 'é'];
const CATEGORIES = ['p0', 'p1', 'p2', 'p3', 'Ünï', '東', 'zz'];
const CSS_PKS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'Ünï', '東'];
const CSN_PKS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'Ünï', '😀'];
const ID_PREFIXES = ['u', 'U', 'é', '日', '😀', 'a b'];
const WORDS = ['red', 'green', 'blue', 'ünï', '寿司', '🍣', 'x y'];

/** Canonical decimal text (what DynamoDB stores): no exponent, no extra zeros. */
function decimal(int: number, frac: number, fracDigits: number): string {
  const neg = int < 0 || (int === 0 && frac < 0);
  let f = String(Math.abs(frac)).padStart(fracDigits, '0').replace(/0+$/, '');
  const i = String(Math.abs(int));
  if (i === '0' && !f) return '0';
  if (!f) f = '';
  return (neg ? '-' : '') + i + (f ? '.' + f : '');
}

function generateItems(seed: number, count: number, key: (i: number) => Item): Item[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const it: Item = { ...key(i) };
    const roll = () => r();
    const present = (p: number, make: () => AttributeValue) => {
      const x = roll();
      if (x < p) return make();
      if (x < p + 0.05) return { NULL: true } as AttributeValue;
      return undefined;
    };
    const set = (name: string, v: AttributeValue | undefined) => {
      if (v) it[name] = v;
    };
    set(
      'name',
      present(0.85, () => ({ S: pick(NAMES) + (r() < 0.3 ? ' ' + int(1, 9) : '') })),
    );
    set(
      'label',
      present(0.85, () => {
        const x = r();
        return x < 0.7
          ? { S: pick(LABELS) }
          : x < 0.85
            ? { N: pick(['42', '7.5', '-1']) }
            : { BOOL: r() < 0.5 };
      }),
    );
    set(
      'age',
      present(0.8, () => ({ N: String(int(0, 99)) })),
    );
    set(
      'views',
      present(0.6, () => ({ N: (r() < 0.2 ? '-' : '') + String(int(1, 8)) + digits(17) })),
    );
    set(
      'score',
      present(0.75, () => ({ N: decimal(int(-1000, 1000), int(0, 99), 2) })),
    );
    set(
      'big',
      present(0.6, () => {
        const d = String(int(1, 9)) + digits(37);
        const x = r();
        const n =
          x < 0.5
            ? d
            : x < 0.8
              ? d.slice(0, 20) + '.' + d.slice(20).replace(/0+$/, '')
              : '0.' + '0'.repeat(int(0, 5)) + d.replace(/0+$/, '');
        return { N: (r() < 0.3 ? '-' : '') + n.replace(/\.$/, '') };
      }),
    );
    set(
      'ratio',
      present(0.5, () => ({ N: pick(['0.1', '2.5', '-3.75', '0.00001', '1', '1000000.5', '3.14159']) })),
    );
    set(
      'active',
      present(0.8, () => ({ BOOL: r() < 0.55 })),
    );
    set(
      'category',
      present(0.85, () => ({ S: pick(CATEGORIES) })),
    );
    set(
      'created',
      present(0.6, () => ({
        S: `${int(2020, 2025)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
      })),
    );
    set(
      'seen',
      present(0.5, () => ({
        N:
          String(int(1_500_000_000, 1_800_000_000)) +
          (r() < 0.4 ? '.' + String(int(1, 999)).padStart(3, '0').replace(/0+$/, '') : ''),
      })),
    );
    set(
      'meta',
      present(0.7, () => {
        const x = r();
        if (x < 0.5)
          return {
            M: {
              color: { S: pick(WORDS) },
              level: { N: String(int(0, 5)) },
              tags: { L: [{ S: pick(WORDS) }, { N: String(int(0, 9)) }] },
            },
          };
        if (x < 0.6) return { L: [{ S: pick(WORDS) }, { BOOL: true }, { NULL: true }] };
        if (x < 0.75) return { S: JSON.stringify({ color: pick(WORDS), level: int(0, 5) }) };
        if (x < 0.85) return { S: 'plain ' + pick(WORDS) };
        if (x < 0.93) return { N: decimal(int(0, 9), int(0, 9), 1) };
        return { BOOL: r() < 0.5 };
      }),
    );
    // Undeclared attributes: they land in the catch-all.
    if (r() < 0.4) it.tags = { SS: [...new Set(Array.from({ length: int(1, 3) }, () => pick(WORDS)))] };
    if (r() < 0.3)
      it.nums = {
        NS: [
          ...new Set([
            String(int(-5, 5)),
            String(int(10, 99)) + '.5',
            '1234567890123456789012345678901234567' + String(int(0, 9)),
          ]),
        ],
      };
    if (r() < 0.3)
      it.list = { L: [{ N: String(int(0, 9)) }, { S: pick(NAMES) }, { M: { k: { BOOL: false } } }] };
    if (r() < 0.3) it.note = { S: pick(['hello', '{"looks":"like json"}', 'ünïcödé', '42']) };
    if (r() < 0.3) it.flag = { BOOL: r() < 0.5 };
    if (r() < 0.1) it.nothing = { NULL: true };
    if (r() < 0.15) it.blob = { B: Uint8Array.from([int(0, 255), int(0, 255), 0xab]) };
    if (r() < 0.2) it.deep = { M: { a: { M: { b: { L: [{ N: '-0.5' }, { SS: ['z', 'a'] }] } } } } };
    if (r() < 0.2) it.huge = { N: '-9' + digits(36) + '1' };
    items.push(it);
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// The same data as rows of ordinary host tables (an independent reading of spec §2)
// ---------------------------------------------------------------------------------------------

export const COMMON_COLUMNS: [string, string][] = [
  ['name', 'text'],
  ['label', 'text'],
  ['age', 'integer'],
  ['views', 'bigint'],
  ['score', 'numeric'],
  ['big', 'numeric'],
  ['ratio', 'double precision'],
  ['active', 'boolean'],
  ['category', 'text'],
  ['created', 'date'],
  ['seen', 'timestamp with time zone'],
  ['meta', 'jsonb'],
];

export interface TableSpec {
  readonly local: string;
  readonly dynamo: string;
  readonly pk: KeyDef;
  readonly sk?: KeyDef;
  readonly columns: [string, string][];
  readonly gsis?: Parameters<typeof createTable>[4];
  items: Item[];
}

function keyColumnType(k: KeyDef): string {
  return k.type === 'S' ? 'text' : 'numeric';
}

function columnsOf(pk: KeyDef, sk: KeyDef | undefined): [string, string][] {
  return [
    [pk.name, keyColumnType(pk) + ' not null'],
    ...(sk ? [[sk.name, keyColumnType(sk) + ' not null'] as [string, string]] : []),
    ...COMMON_COLUMNS,
    ['_attrs', 'jsonb'],
  ];
}

/** A DynamoDB value as JSON text, exact digits, B as lower-case hex. */
function jsonText(v: AttributeValue): string {
  if (v.S !== undefined) return JSON.stringify(v.S);
  if (v.N !== undefined) return v.N;
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL !== undefined) return 'null';
  if (v.B !== undefined) return JSON.stringify(Buffer.from(v.B).toString('hex'));
  if (v.L !== undefined) return '[' + v.L.map(jsonText).join(',') + ']';
  if (v.M !== undefined)
    return (
      '{' +
      Object.entries(v.M)
        .map(([k, x]) => JSON.stringify(k) + ':' + jsonText(x))
        .join(',') +
      '}'
    );
  if (v.SS !== undefined) return JSON.stringify(v.SS);
  if (v.NS !== undefined) return '[' + v.NS.join(',') + ']';
  if (v.BS !== undefined) return JSON.stringify(v.BS.map((b) => Buffer.from(b).toString('hex')));
  throw new Error('unexpected attribute value ' + JSON.stringify(v));
}

export const lit = (s: string) => "'" + s.replace(/'/g, "''") + "'";

/** One column's value as a SQL literal, following spec §2 (missing/NULL → NULL, catch-all, coercions). */
function sqlValue(item: Item, column: string, type: string, declared: ReadonlySet<string>): string {
  const v = item[column];
  if (type.startsWith('json')) {
    if (v === undefined) {
      const rest = Object.entries(item).filter(([k]) => !declared.has(k));
      return rest.length
        ? lit('{' + rest.map(([k, x]) => JSON.stringify(k) + ':' + jsonText(x)).join(',') + '}')
        : 'null';
    }
    if (v.NULL) return 'null';
    if (v.S !== undefined) {
      try {
        JSON.parse(v.S.trim());
        return lit(v.S);
      } catch {
        return lit(JSON.stringify(v.S));
      }
    }
    return lit(jsonText(v));
  }
  if (v === undefined || v.NULL) return 'null';
  if (type.endsWith('[]')) {
    const elements = v.SS ?? v.NS ?? v.L!.map((e) => e.S ?? e.N!);
    return lit('{' + elements.map((e) => '"' + e.replace(/["\\]/g, (c) => '\\' + c) + '"').join(',') + '}');
  }
  if (/^(text|character|uuid)/.test(type)) return lit(v.S ?? v.N ?? String(v.BOOL));
  if (type === 'boolean') return String(v.BOOL);
  if (type === 'bytea') return lit('\\x' + Buffer.from(v.B!).toString('hex'));
  if (type.startsWith('timestamp') && v.N !== undefined) {
    const [sec, frac = ''] = v.N.split('.');
    return lit(new Date(Number(sec) * 1000 + Number(frac.padEnd(3, '0'))).toISOString());
  }
  if (type === 'date' && v.N !== undefined)
    return lit(new Date(Number(v.N) * 1000).toISOString().slice(0, 10));
  return lit(v.S ?? v.N!);
}

function localTableSql(t: TableSpec): string {
  const declared = new Set(t.columns.map(([c]) => c));
  const cols = t.columns.map(([c, type]) => `"${c}" ${type}`).join(', ');
  const values = t.items
    .map((item) => '(' + t.columns.map(([c, type]) => sqlValue(item, c, type, declared)).join(', ') + ')')
    .join(',\n');
  return `create table local.${t.local} (${cols});\ninsert into local.${t.local} values\n${values};`;
}

function foreignTableSql(t: TableSpec): string {
  const cols = t.columns.map(([c, type]) => `"${c}" ${type}`).join(', ');
  return `create foreign table dynamodb.${t.local} (${cols}) server dynamodb_server options (table '${t.dynamo}', rowid_column '${t.pk.name}')`;
}

/** Every item as DynamoDB returns it (sets come back in the emulator's order). */
async function scanAll(client: DynamoDBClient, table: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ...(start && { ExclusiveStartKey: start }) }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export const DS_ITEMS = generateItems(11, 400, (i) => ({
  id: { S: ID_PREFIXES[i % ID_PREFIXES.length] + String(i).padStart(4, '0') },
}));
/** ~1.2 MB: a Scan of it takes several DynamoDB pages. */
const DP_ITEMS: Item[] = Array.from({ length: 400 }, (_, i) => ({
  id: { S: `d${String(i).padStart(3, '0')}` },
  n: { N: String((i * 37) % 101) },
  pad: { S: `pad${i}:` + 'x'.repeat(3000) },
  ...(i % 3 === 0 && { extra: { M: { i: { N: String(i) } } } }),
}));
const DN_ITEMS = generateItems(22, 300, (i) => ({
  n: {
    N:
      i % 10 === 0
        ? '1234567890123456789012345678901234' + String(i).padStart(4, '0')
        : i % 10 === 1
          ? `-${i}.5`
          : String(i * 3 - 200),
  },
}));
const CSS_ITEMS = generateItems(33, 400, (i) => {
  const shape = Math.floor(i / CSS_PKS.length) % 3;
  const sk =
    shape === 0
      ? `2024-${String((Math.floor(i / 7) % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}#${i}`
      : shape === 1
        ? `item#${String(i).padStart(4, '0')}`
        : `${i % 2 ? 'Ωmega' : '😀'}-${i}`;
  return { pk: { S: CSS_PKS[i % CSS_PKS.length]! }, sk: { S: sk } };
});
const CSN_ITEMS = generateItems(44, 400, (i) => {
  const j = Math.floor(i / CSN_PKS.length);
  return {
    pk: { S: CSN_PKS[i % CSN_PKS.length]! },
    sk: { N: String(j * 5 - 50) + (j % 4 === 3 ? '.25' : '') },
  };
});

/** A table with two GSIs: items without `age` are missing from `by_cat_age` (spec §6: index safety). */
const DG_ITEMS = generateItems(55, 300, (i) => ({ id: { S: `g${String(i).padStart(3, '0')}` } })).map(
  (item) => {
    // DynamoDB refuses an index key attribute of another type (NULL included).
    for (const k of ['category', 'age', 'name']) if (item[k]?.NULL) delete item[k];
    return item;
  },
);
/** Attribute names that need quoting: mixed case, reserved words, dots, spaces. */
const DQ_ITEMS: Item[] = Array.from({ length: 120 }, (_, i) => ({
  userId: { S: `U${i}` },
  ...(i % 5 !== 0 && { Order: { N: String((i * 13) % 50) } }),
  ...(i % 3 !== 0 && { select: { S: ['x', 'y', 'Zé'][i % 3]! } }),
  ...(i % 4 !== 0 && { 'a.b': { S: `q${i % 7}` } }),
  ...(i % 2 === 0 && { 'with space': { S: `s ${i}` } }),
  ...(i % 6 === 0 && { UserId: { S: 'other case' } }),
}));

/** Every other coercion of spec §2, with values whose Postgres output is easy to get wrong. */
const DT_JSON = [
  '{"b": 1, "a": 2, "b": 3}',
  '{"n": 1.50, "e": 1e2, "big": 123456789012345678901234567890123456789012345, "neg": -0.0}',
  '{"s": "\\u00e9\\/\\ud83d\\ude00\\t", "nested": {"zz": [], "a": {}}}',
  '  [1, "two", null, true]  ',
  '"just a string"',
  '-12.500',
  'not json at all',
];
const DT_ITEMS: Item[] = Array.from({ length: 70 }, (_, i) => {
  const it: Item = { id: { S: `t${String(i).padStart(2, '0')}` } };
  const pick = <T>(xs: readonly T[], k = 1): T => xs[(i * k) % xs.length]!;
  if (i % 7 !== 6)
    it.n52 = { N: pick(['1.5', '123.456', '-0.001', '999.99', '0', '42', '-17.125', '0.005']) };
  if (i % 5 !== 4) it.r = { N: pick(['0.1', '3.14159265358979', '0.00001', '100000000', '-2.5', '1'], 3) };
  if (i % 4 !== 3) it.sm = { N: pick(['-32768', '32767', '0', '-5', '12']) };
  if (i % 3 !== 2) it.vc = { S: pick(['abc', 'é😀', '', ' x ', 'abcde']) };
  if (i % 6 !== 5) it.ch = { S: pick(['ab', 'abcd', 'é', '', 'a b'], 5) };
  if (i % 2 === 0) it.bin = { B: Uint8Array.from([i, 255 - i, 0]) };
  if (i % 3 === 0) it.arr = { SS: [pick(['x', 'y']), 'a "q"', 'b\\c', 'é'] };
  else if (i % 3 === 1) it.arr = { L: [{ S: 'x' }, { S: pick(['p', 'q', 'r']) }] };
  if (i % 4 === 0) it.ints = { NS: [String(i), '-1', '7'] };
  if (i % 2 === 1) it.u = { S: `0000000${i % 10}-1234-5678-9abc-def012345678` };
  if (i % 5 !== 0)
    it.ts = {
      S: pick(['2024-01-05T10:00:00', '2024-01-05 10:00:00.123456', '1999-12-31T23:59:59Z', '2024-02-29']),
    };
  if (i % 3 !== 0) it.d = i % 2 ? { N: String(1_700_000_000 + i * 86_400) } : { S: '2020-02-29' };
  it.j = i % 8 === 7 ? { N: pick(['1.50', '12345678901234567890123456789012345678']) } : { S: pick(DT_JSON) };
  if (i % 2 === 0) it.js = { S: pick(DT_JSON, 3) };
  else if (i % 4 === 1) it.js = { M: { z: { N: '1' }, a: { L: [{ S: 'x' }, { B: Uint8Array.from([1]) }] } } };
  if (i % 3 === 0) it.t = i % 2 ? { N: '-0.5' } : { BOOL: false };
  else it.t = { S: pick(['plain', 'tab\there', 'quote"d', '日本']) };
  return it;
});

/** The differential tables, each with a DynamoDB table name unique to this run. */
export function differentialTables(): TableSpec[] {
  const ds: KeyDef = { name: 'id', type: 'S' };
  const dn: KeyDef = { name: 'n', type: 'N' };
  const pkS: KeyDef = { name: 'pk', type: 'S' };
  const skS: KeyDef = { name: 'sk', type: 'S' };
  const skN: KeyDef = { name: 'sk', type: 'N' };
  return [
    {
      local: 'ds',
      dynamo: uniqueName('diff_ds'),
      pk: ds,
      columns: columnsOf(ds, undefined),
      items: DS_ITEMS,
    },
    {
      local: 'dp',
      dynamo: uniqueName('diff_dp'),
      pk: ds,
      columns: [
        ['id', 'text not null'],
        ['n', 'integer'],
        ['pad', 'text'],
        ['_attrs', 'jsonb'],
      ],
      items: DP_ITEMS,
    },
    {
      local: 'dn',
      dynamo: uniqueName('diff_dn'),
      pk: dn,
      columns: columnsOf(dn, undefined),
      items: DN_ITEMS,
    },
    {
      local: 'css',
      dynamo: uniqueName('diff_css'),
      pk: pkS,
      sk: skS,
      columns: columnsOf(pkS, skS),
      items: CSS_ITEMS,
    },
    {
      local: 'csn',
      dynamo: uniqueName('diff_csn'),
      pk: pkS,
      sk: skN,
      columns: columnsOf(pkS, skN),
      items: CSN_ITEMS,
    },
    // The same kinds of keys under other declarations: a numeric sort key as text, a linguistic collation.
    {
      local: 'cst',
      dynamo: uniqueName('diff_cst'),
      pk: pkS,
      sk: skN,
      columns: [['pk', 'text not null'], ['sk', 'text not null'], ...COMMON_COLUMNS, ['_attrs', 'jsonb']],
      items: CSN_ITEMS,
    },
    {
      local: 'csu',
      dynamo: uniqueName('diff_csu'),
      pk: pkS,
      sk: skS,
      columns: [
        ['pk', 'text not null'],
        ['sk', 'text collate "unicode" not null'],
        ...COMMON_COLUMNS,
        ['_attrs', 'jsonb'],
      ],
      items: CSS_ITEMS,
    },
    {
      local: 'dt',
      dynamo: uniqueName('diff_dt'),
      pk: ds,
      columns: [
        ['id', 'text not null'],
        ['n52', 'numeric(5,2)'],
        ['r', 'real'],
        ['sm', 'smallint'],
        ['vc', 'character varying(5)'],
        ['ch', 'character(4)'],
        ['bin', 'bytea'],
        ['arr', 'text[]'],
        ['ints', 'integer[]'],
        ['u', 'uuid'],
        ['ts', 'timestamp without time zone'],
        ['d', 'date'],
        ['j', 'jsonb'],
        ['js', 'json'],
        ['t', 'text'],
        ['_attrs', 'jsonb'],
      ],
      items: DT_ITEMS,
    },
    {
      local: 'dg',
      dynamo: uniqueName('diff_dg'),
      pk: ds,
      columns: columnsOf(ds, undefined),
      items: DG_ITEMS,
      gsis: [
        { name: 'by_cat_age', pk: { name: 'category', type: 'S' }, sk: { name: 'age', type: 'N' } },
        { name: 'by_name', pk: { name: 'name', type: 'S' }, projection: 'KEYS_ONLY' },
      ],
    },
    {
      local: 'dq',
      dynamo: uniqueName('diff_dq'),
      pk: { name: 'userId', type: 'S' },
      columns: [
        ['userId', 'text not null'],
        ['Order', 'integer'],
        ['select', 'text'],
        ['a.b', 'text'],
        ['with space', 'text'],
        ['_attrs', 'jsonb'],
      ],
      items: DQ_ITEMS,
    },
  ];
}

/**
 * Creates and fills each table's DynamoDB table on `backend` (each spec's items become the items as
 * DynamoDB returns them), then an engine with `dynamodb.x` over it and `local.x` holding the same rows.
 */
export async function loadDifferentialTables(
  backend: Backend,
  tables: readonly TableSpec[],
): Promise<Engine> {
  const client = clientOf(backend);
  for (const t of tables) {
    await createTable(client, t.dynamo, t.pk, t.sk, t.gsis);
    await putItems(client, t.dynamo, t.items);
    const back = await scanAll(client, t.dynamo);
    expect(back.length).toBe(t.items.length);
    t.items = back;
  }
  const engine = await openTestEngine();
  await createDocServer(engine, backend);
  await ok(engine, 'create schema dynamodb; create schema local');
  for (const t of tables) {
    await ok(engine, foreignTableSql(t));
    await ok(engine, localTableSql(t));
  }
  return engine;
}
