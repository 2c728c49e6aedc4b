import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { lit } from './differential-data';

/**
 * The kinds of column the random SELECT generator (random-select.ts) tells apart: what each can be
 * compared, ordered, grouped and aggregated by, its constants at the edges, and an item's value as
 * the SQL literal the host table holds.
 */

export type Kind =
  | 'text'
  | 'bpchar'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'numeric'
  | 'float4'
  | 'float8'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'uuid'
  | 'bytea'
  | 'text[]'
  | 'int4[]'
  | 'jsonb'
  | 'json';

/** What the generator does with a kind of column. */
export interface KindInfo {
  readonly family: 'text' | 'number' | 'bool' | 'time' | 'uuid' | 'bytea' | 'array' | 'json';
  /** Constants at the edges of the kind, beside the values the items hold. */
  readonly edges: readonly string[];
  /** Constants the host refuses for the kind (both answers must then be the same error). */
  readonly bad?: readonly string[];
  /** min/max exist for it. */
  readonly minMax: boolean;
  /** Equal values print alike, so runs of equal ORDER BY keys are told apart by their JSON. */
  readonly sortKey: boolean;
  /** Has equality (GROUP BY, DISTINCT, count(distinct)). */
  readonly equality: boolean;
  readonly float?: boolean;
}

const TEXT_EDGES = [
  `''`,
  `' '`,
  `'A'`,
  `'a'`,
  `'Z'`,
  `'z'`,
  `'é'`,
  `'É'`,
  `'ß'`,
  `'😀'`,
  `'東'`,
  `'~'`,
  `'p'`,
  `'p1 '`,
  `'item#'`,
  `'Ωmega'`,
  `'a%b_c'`,
  `'O''Brien'`,
  `'back\\slash'`,
  lit('x'.repeat(70)),
  `'\u00a0'`,
  `'ａ'`,
  `'true'`,
  `'42'`,
  `'10'`,
  `'5'`,
  `'-0.5'`,
];

/** The values of each integer kind. */
const INTEGER_RANGES = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/**
 * Text an integer column's input refuses: no number (22P02), a decimal point or exponent (22P02),
 * the integers just outside the kind's range (22003) — `age = '4.2'`, `views <= '1e18'`.
 */
function integerBad(kind: keyof typeof INTEGER_RANGES): readonly string[] {
  const [min, max] = INTEGER_RANGES[kind];
  return [`'abc'`, `'4.2'`, `' 1.5 '`, `'1e2'`, `'1e18'`, `'${max + 1n}'`, `'${min - 1n}'`];
}

export const KINDS: Record<Kind, KindInfo> = {
  text: { family: 'text', edges: TEXT_EDGES, minMax: true, sortKey: true, equality: true },
  bpchar: {
    family: 'text',
    edges: [`''`, `'ab'`, `'ab  '`, `'a b'`, `'é'`, `'abcd'`, `'abcde'`, `' '`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  int2: {
    family: 'number',
    edges: ['0', '-0', '12', '-5', '32767', '-32768', '32768', '1.5', `'12'`],
    bad: integerBad('int2'),
    minMax: true,
    sortKey: true,
    equality: true,
  },
  int4: {
    family: 'number',
    edges: [
      '0',
      '-0',
      '1',
      '-1',
      '42',
      '99',
      '100',
      '2147483647',
      '-2147483648',
      '2147483648',
      '1.5',
      '99.99',
      '1e2',
      `'42'`,
      `' 7 '`,
      '0.0',
    ],
    bad: integerBad('int4'),
    minMax: true,
    sortKey: true,
    equality: true,
  },
  int8: {
    family: 'number',
    edges: [
      '0',
      '-1',
      '9223372036854775807',
      '-9223372036854775808',
      '1e18',
      '100000000000000000',
      '9999999999999999999',
      `'-0'`,
    ],
    bad: integerBad('int8'),
    minMax: true,
    sortKey: true,
    equality: true,
  },
  numeric: {
    family: 'number',
    edges: [
      '0',
      '-0',
      '0.0',
      '-0.000',
      '1e30',
      '-1e30',
      '1e-30',
      '1e126',
      '-1e-131',
      '123456789012345678901234567890123456789',
      '0.00000000000000000000000000000000000001',
      `'NaN'`,
      `'Infinity'`,
      `'-Infinity'`,
      '2.5',
      '-1000.99',
      '106.00',
      '123.456',
      '-0.001',
      '0.005',
    ],
    bad: [`'abc'`, `'1..2'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  float4: {
    family: 'number',
    edges: ['0', '0.1', '3.1415927', '0.00001', '100000000', '-2.5', `'NaN'::real`, `'-0'::real`, '1e39'],
    minMax: true,
    sortKey: true,
    equality: true,
    float: true,
  },
  float8: {
    family: 'number',
    edges: [
      '0',
      `'-0'::float8`,
      '0.1',
      '2.5',
      '-3.75',
      '1e308',
      `'NaN'::float8`,
      `'Infinity'::float8`,
      '0.00001',
      '3.14159',
      '1000000.5',
    ],
    minMax: true,
    sortKey: true,
    equality: true,
    float: true,
  },
  bool: {
    family: 'bool',
    edges: ['true', 'false', `'t'`, `'no'`],
    bad: [`'maybe'`],
    minMax: false,
    sortKey: true,
    equality: true,
  },
  date: {
    family: 'time',
    edges: [
      `'2020-01-01'`,
      `'2020-02-29'`,
      `'2024-02-29'`,
      `'2025-12-31'`,
      `'infinity'`,
      `'-infinity'`,
      `'epoch'`,
      `'2023-06-15'::timestamp`,
      `'2023-06-15 12:00'`,
      `'2023-11-20'`,
    ],
    bad: [`'2024-02-30'`, `'yesterday-ish'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  timestamp: {
    family: 'time',
    edges: [
      `'2024-01-05 10:00:00'`,
      `'2024-01-05T10:00:00.123456'`,
      `'1999-12-31 23:59:59'`,
      `'2024-02-29'`,
      `'infinity'`,
      `'2024-01-05'::date`,
    ],
    bad: [`'2024-13-01'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  timestamptz: {
    family: 'time',
    edges: [
      `'2020-01-01'`,
      `'2023-06-15 10:00:00+02'`,
      `'2017-07-14T02:40:00Z'`,
      `'infinity'`,
      `'-infinity'`,
      `'2020-01-01'::date`,
      `'2024-01-01 00:00:00.5'`,
    ],
    bad: [`'2024-13-01'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  uuid: {
    family: 'uuid',
    edges: [
      `'00000000-0000-0000-0000-000000000000'`,
      `'{00000003-1234-5678-9abc-def012345678}'`,
      `'00000005-1234-5678-9ABC-DEF012345678'`,
    ],
    bad: [`'not-a-uuid'`],
    minMax: false,
    sortKey: true,
    equality: true,
  },
  bytea: {
    family: 'bytea',
    edges: [`'\\x'::bytea`, `'\\x00'::bytea`, `'\\xffab'::bytea`, `'\\x02fd00'::bytea`],
    minMax: false,
    sortKey: true,
    equality: true,
  },
  'text[]': {
    family: 'array',
    edges: [`'{x}'`, `'{}'`, `'{x,p}'`, `'{"a \\"q\\"","b\\\\c"}'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  'int4[]': {
    family: 'array',
    edges: [`'{7}'`, `'{-1,7}'`, `'{}'`],
    minMax: true,
    sortKey: true,
    equality: true,
  },
  jsonb: { family: 'json', edges: [], minMax: false, sortKey: false, equality: true },
  json: { family: 'json', edges: [], minMax: false, sortKey: false, equality: false },
};

/** The kind of a declared column type; null: a type the generator does not use. */
export function kindOf(type: string): Kind | null {
  const t = type
    .replace(/ not null$/, '')
    .replace(/ collate .*$/, '')
    .replace(/\(\d+(,\d+)?\)/, '');
  const kinds: Record<string, Kind> = {
    text: 'text',
    'character varying': 'text',
    character: 'bpchar',
    smallint: 'int2',
    integer: 'int4',
    bigint: 'int8',
    numeric: 'numeric',
    real: 'float4',
    'double precision': 'float8',
    boolean: 'bool',
    date: 'date',
    'timestamp without time zone': 'timestamp',
    'timestamp with time zone': 'timestamptz',
    uuid: 'uuid',
    bytea: 'bytea',
    'text[]': 'text[]',
    'integer[]': 'int4[]',
    jsonb: 'jsonb',
    json: 'json',
  };
  return kinds[t] ?? null;
}

/** An array literal's text of elements: `{"a","b \"q\""}`. */
const arrayText = (elements: readonly string[]) =>
  '{' + elements.map((e) => '"' + e.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';

/** A present attribute's value as a SQL literal of the column's kind (what the host table holds), or null. */
export function valueLiteral(v: AttributeValue, kind: Kind): string | null {
  if (v.NULL) return null;
  switch (KINDS[kind].family) {
    case 'text':
    case 'uuid':
      return v.S !== undefined
        ? lit(v.S)
        : v.N !== undefined
          ? lit(v.N)
          : v.BOOL !== undefined
            ? lit(String(v.BOOL))
            : null;
    case 'number':
      return v.N ?? null;
    case 'bool':
      return v.BOOL === undefined ? null : String(v.BOOL);
    case 'time': {
      if (v.S !== undefined) return lit(v.S);
      if (v.N === undefined) return null;
      const [sec, frac = ''] = v.N.split('.');
      const iso = new Date(Number(sec) * 1000 + Number(frac.padEnd(3, '0'))).toISOString();
      return lit(kind === 'date' ? iso.slice(0, 10) : iso);
    }
    case 'bytea':
      return v.B ? lit('\\x' + Buffer.from(v.B).toString('hex')) + '::bytea' : null;
    case 'array': {
      const elements = v.SS ?? v.NS ?? v.L?.map((e) => e.S ?? e.N ?? '');
      return elements ? lit(arrayText(elements)) : null;
    }
    case 'json':
      return null;
  }
}
