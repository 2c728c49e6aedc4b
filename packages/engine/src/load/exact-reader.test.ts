import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import { columnJson } from './coerce';
import { columnCheck, exactJson, exactKey, exactReader, itemValues, type ValueSlots } from './exact-reader';
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
    { N: '-0' },
    { N: '042' },
    { N: '1.50' },
    { N: '1.' },
    { N: '.5' },
    { N: '-' },
    { N: '' },
    { N: '1e5' },
    { N: '+7' },
    { N: '1.2.3' },
    { N: '123456789012345' },
    { N: '-1234567890123.4' },
    { N: '1234567890123456' },
    { N: '-0.000000000001' },
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

describe('columnCheck', () => {
  const typed = (name: string, typname: string, typmod = -1, elementTypname: string | null = null) => ({
    ...column(name, typname),
    typmod,
    elementTypname,
  });
  // Every kind of column whose check takes attributes as they are, and some it leaves to the coercion.
  const checked: ColumnDef[] = [
    typed('c_bool', 'bool'),
    typed('c_text', 'text'),
    typed('c_varchar', 'varchar', 9),
    typed('c_int2', 'int2'),
    typed('c_int4', 'int4'),
    typed('c_int8', 'int8'),
    typed('c_numeric', 'numeric'),
    typed('c_numeric52', 'numeric', ((5 << 16) | 2) + 4),
    typed('c_float8', 'float8'),
    typed('c_jsonb', 'jsonb'),
    typed('c_date', 'date'),
    typed('c_uuid', 'uuid'),
    typed('c_ints', '_int4', -1, 'int4'),
  ];
  const values: AttributeValue[] = [
    { N: '0' },
    { N: '-32768' },
    { N: '32768' },
    { N: '-2147483648' },
    { N: '2147483648' },
    { N: '999999999' },
    { N: '-999999999999999999' },
    { N: '9223372036854775808' },
    { N: '1.5' },
    { N: '123.456' },
    { N: '1E+3' },
    { S: 'x' },
    { S: '' },
    { S: '2024-02-30' },
    { S: '2024-02-29' },
    { BOOL: false },
    { NULL: true },
    { L: [{ N: '1' }] },
    { M: { a: { S: 'b' } } },
    { NS: ['1', '2'] },
    { B: new Uint8Array([1, 2]) },
  ];
  const outcome = (f: () => unknown) => {
    try {
      f();
      return 'taken';
    } catch (e) {
      return `${(e as { sqlstate?: string }).sqlstate} ${(e as Error).message}`;
    }
  };
  it.each(checked.map((c) => [c.name, c] as const))(
    'refuses in %s exactly what the coercion table refuses, with its error',
    (_, col) => {
      const check = columnCheck(col, checked, context);
      for (const v of [...values, undefined]) {
        const item = v ? { id: { S: 'k' }, [col.name]: v } : { id: { S: 'k' } };
        expect(
          outcome(() => check(item)),
          JSON.stringify(v),
        ).toBe(outcome(() => columnJson(item, col, checked, context)));
      }
    },
  );

  it('reads own columns and checks the others in the table order', () => {
    const cols = [column('a', 'int4'), column('k', 'text'), column('b', 'int4')];
    const read = itemValues([{ column: cols[1]!, kind: 'text' }], cols, cols, context);
    const values: ValueSlots = [null];
    read({ k: { S: 'x' }, a: { N: '1' } }, values);
    expect(values).toEqual(['x']);
    // Two bad values: the first column's is the error, as the host path's load reports it.
    expect(outcome(() => read({ a: { S: 'one' }, k: { L: [] }, b: { S: 'two' } }, values))).toMatch(
      /^42804 .*column "a"/,
    );
    expect(outcome(() => read({ a: { N: '1' }, k: { L: [] }, b: { S: 'two' } }, values))).toMatch(
      /^42804 .*column "k"/,
    );
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

  it('adds 20,000 numbers of mixed scales and sizes as a bigint sum does', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const s = new ExactSum();
    let reference = 0n;
    const SCALE = 6;
    for (let i = 0; i < 20_000; i++) {
      const scale = Math.floor(random() * (SCALE + 1));
      // Mostly small, some near 2^50 and past it (numbers), some bigints.
      const size = [1e4, 1e9, 2 ** 49, 2 ** 51][Math.floor(random() * 4)]!;
      const unscaled = Math.floor((random() - 0.5) * 2 * size);
      const value = i % 97 === 0 ? BigInt(unscaled) * 1_000_000_007n : unscaled;
      s.add(value, scale);
      reference += BigInt(value) * 10n ** BigInt(SCALE - scale);
    }
    expect(s.value().scale).toBe(SCALE);
    expect(BigInt(s.value().unscaled)).toBe(reference);
  });
});
