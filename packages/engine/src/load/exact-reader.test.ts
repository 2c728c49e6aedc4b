import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import { columnJson } from './coerce';
import { exactJson, exactKey, exactReader } from './exact-reader';
import { ExactSum, parseValue, scaledText, type ValueKind } from './exact-value';

const column = (name: string, typname: string): ColumnDef => ({
  name,
  type: typname,
  typname,
  elementTypname: null,
  typmod: -1,
  notNull: false,
  collation: typname === 'text' ? 'default' : null,
});

const COLUMNS = [
  column('i', 'int4'),
  column('b', 'int8'),
  column('n', 'numeric'),
  column('t', 'text'),
  column('f', 'bool'),
];
const KINDS: Record<string, ValueKind> = {
  i: 'integer',
  b: 'integer',
  n: 'numeric',
  t: 'text',
  f: 'boolean',
};
const context = { relation: 'public.t', keyNames: ['id'] };

/** What the coercion table makes of an attribute: the value, or its error. */
function viaCoercion(col: ColumnDef, v: AttributeValue | undefined): unknown {
  try {
    const json = columnJson(v ? { [col.name]: v } : {}, col, COLUMNS, context);
    return json === null ? null : parseValue(KINDS[col.name]!, json);
  } catch (e) {
    return (e as Error).message;
  }
}

function viaReader(col: ColumnDef, v: AttributeValue | undefined): unknown {
  try {
    return exactReader(col, KINDS[col.name]!, COLUMNS, context)(v ? { [col.name]: v } : {});
  } catch (e) {
    return (e as Error).message;
  }
}

describe('exactReader', () => {
  const values: AttributeValue[] = [
    { N: '42' },
    { N: '-2147483648' },
    { N: '2147483648' },
    { N: '999999999999999' },
    { N: '9223372036854775807' },
    { N: '1.5' },
    { N: '-0.05' },
    { N: '12345678901234567890.123' },
    { N: '0' },
    { S: 'x' },
    { S: '' },
    { S: '42' },
    { BOOL: true },
    { NULL: true },
    { L: [] },
  ];
  it.each(COLUMNS.map((c) => [c.name, c] as const))('reads %s as the coercion table does', (_, col) => {
    for (const v of [...values, undefined]) {
      const a = viaReader(col, v);
      const b = viaCoercion(col, v);
      // Numbers and bigints, Scaled of either: the same value.
      const same = (x: unknown) =>
        x && typeof x === 'object' ? exactJson(KINDS[col.name]!, x as never) : String(x);
      expect(same(a), JSON.stringify(v)).toBe(same(b));
    }
  });

  it('keys equal values alike', () => {
    expect(exactKey('numeric', { unscaled: 15, scale: 1 })).toBe(
      exactKey('numeric', { unscaled: 15n, scale: 1 }),
    );
    expect(exactKey('integer', 5)).toBe(exactKey('integer', 5n));
  });
});

describe('ExactSum', () => {
  it('adds past 2^53 and across scales exactly', () => {
    const s = new ExactSum();
    for (let i = 0; i < 1000; i++) s.add(999_999_999_999_999);
    s.add(1n);
    expect(scaledText(s.value())).toBe('999999999999999001');
    const d = new ExactSum();
    d.add(15, 1);
    d.add(-5, 2);
    d.add(123456789012345678901234567890n, 0);
    expect(scaledText(d.value())).toBe('123456789012345678901234567891.45');
  });
});
