import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import { itemAt } from '../fetch/chunked-items';
import { attributesText } from '../write/item-keys';
import { itemValues, type OwnColumn, type ValueSlots } from './exact-reader';
import { rawValues } from './raw-values';

type Item = Record<string, AttributeValue>;

const column = (name: string, typname: string, typmod = -1, attribute?: string): ColumnDef => ({
  name,
  type: typname,
  typname,
  elementTypname: null,
  typmod,
  notNull: false,
  collation: typname === 'text' ? 'default' : null,
  ...(attribute && { attribute }),
});

const context = { relation: 'public.t', keyNames: ['id'] };

/** Items as DynamoDB writes a page's (write/item-keys.ts attributesText), each's span in the bytes. */
function page(items: Item[]): { body: Buffer; spans: [number, number][] } {
  const texts = items.map((item) => attributesText([item]).slice(1, -1));
  const spans: [number, number][] = [];
  let at = 1;
  for (const t of texts) {
    const length = Buffer.byteLength(t);
    spans.push([at, at + length]);
    at += length + 1;
  }
  return { body: Buffer.from(`[${texts.join(',')}]`), spans };
}

/** The object path's values of an item (itemValues over the item made of its bytes), or its error. */
function objectPath(own: OwnColumn[], checked: ColumnDef[], columns: ColumnDef[], item: Item): unknown {
  const values: ValueSlots = own.map(() => null);
  try {
    itemValues(own, checked, columns, context)(item, values);
    return values;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('rawValues: an item read from its bytes as itemValues reads it', () => {
  const columns = [
    column('id', 'text'),
    column('kind', 'text'),
    column('value', 'numeric'),
    column('n', 'int4'),
    column('big', 'int8'),
    column('ok', 'bool'),
    column('f', 'float8'),
    column('v', 'varchar'),
    column('s', 'int2'),
    column('label', 'text', -1, 'the label'),
  ];
  const own: OwnColumn[] = [
    { column: columns[1]!, kind: 'text' },
    { column: columns[2]!, kind: 'numeric' },
    { column: columns[3]!, kind: 'integer' },
    { column: columns[4]!, kind: 'integer' },
    { column: columns[5]!, kind: 'boolean' },
    // count(f), count(label): whether present
    { column: columns[6]!, kind: null },
    { column: columns[9]!, kind: null },
  ];
  const checked = [columns[7]!, columns[8]!, columns[1]!];

  it('reads the common attributes, and leaves every other to the object path', () => {
    const read = rawValues(own, checked)!;
    expect(read).not.toBeNull();
    const cases: [Item, boolean][] = [
      [
        { id: { S: 'a' }, kind: { S: 'click' }, value: { N: '-0.05' }, n: { N: '42' }, ok: { BOOL: true } },
        true,
      ],
      [
        {
          kind: { S: 'ünïcødé 😀' },
          big: { N: '-999999999999999' },
          f: { N: '1e300' },
          'the label': { S: '' },
        },
        true,
      ],
      [{ id: { S: 'only the key' }, extra: { S: 'not read' }, other: { N: '1.50' } }, true],
      [{}, true],
      // A number in a text column is coerced; an escape may hide U+0000; 16 characters; a leading zero.
      [{ kind: { N: '7' } }, false],
      [{ kind: { S: 'tab\there' } }, false],
      [{ value: { N: '1234567890.123456' } }, false],
      [{ n: { N: '042' } }, false],
      // int4's range, int2's (checked only), an S in an integer column (22P02 on the object path).
      [{ n: { N: '2147483648' } }, false],
      [{ s: { N: '40000' } }, false],
      [{ n: { S: 'x' } }, false],
      // NULL, a map, a list, a set — even of an attribute not read.
      [{ kind: { NULL: true } }, false],
      [{ payload: { M: { a: { S: 'b' } } } }, false],
      [{ tags: { SS: ['a'] } }, false],
      [{ ok: { S: 'true' } }, false],
    ];
    for (const [item, taken] of cases) {
      const { body, spans } = page([item]);
      const values: ValueSlots = own.map(() => null);
      expect(read(body, spans[0]![0], spans[0]![1], values), JSON.stringify(item)).toBe(taken);
      if (taken) expect(values).toEqual(objectPath(own, checked, columns, item));
    }
    const { body, spans } = page([cases[0]![0]]);
    const values: ValueSlots = own.map(() => null);
    read(body, spans[0]![0], spans[0]![1], values);
    expect(values).toEqual(['click', { unscaled: -5, scale: 2 }, 42, null, true, null, null]);
  });

  it('agrees with the object path on random items (values of every type, edge numbers and texts)', () => {
    const read = rawValues(own, checked)!;
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const numbers = [
      '0',
      '-0',
      '7',
      '-7',
      '42',
      '042',
      '1.5',
      '1.50',
      '-0.05',
      '.5',
      '5.',
      '1e3',
      '12.30',
      '9007199254740993',
      '999999999999999',
      '-999999999999999',
      '1000000000000000',
      '32767',
      '32768',
      '-32769',
      '2147483647',
      '2147483648',
      '-2147483649',
      '123456789012.34',
      '1234567890123.45',
      '0.000000000001',
      '3.14159',
      '-',
      '1.2.3',
      '0.0',
      '00',
    ];
    const texts = [
      '',
      'a',
      'click',
      'twelve bytes',
      'thirteen byte',
      'é',
      '😀',
      'a"b',
      'a\\b',
      '\u0000',
      'x'.repeat(40),
      'true',
    ];
    const value = (): AttributeValue => {
      switch (pick(['S', 'S', 'N', 'N', 'N', 'BOOL', 'NULL', 'M', 'L', 'SS'])) {
        case 'S':
          return { S: pick(texts) };
        case 'N':
          return { N: pick(numbers) };
        case 'BOOL':
          return { BOOL: random() < 0.5 };
        case 'NULL':
          return { NULL: true };
        case 'M':
          return { M: { a: { N: '1' } } };
        case 'L':
          return { L: [{ S: 'x' }] };
        default:
          return { SS: ['x', 'y'] };
      }
    };
    const names = ['id', 'kind', 'value', 'n', 'big', 'ok', 'f', 'v', 's', 'the label', 'label', 'other'];
    const items: Item[] = Array.from({ length: 3000 }, () => {
      const item: Item = {};
      for (const name of names) if (random() < 0.45) item[name] = value();
      return item;
    });
    const { body, spans } = page(items);
    let taken = 0;
    for (const [k, [start, end]] of spans.entries()) {
      const values: ValueSlots = own.map(() => 'stale' as never);
      if (!read(body, start, end, values)) continue;
      taken++;
      expect(itemAt(body, start, end)).toEqual(items[k]);
      expect(values, JSON.stringify(items[k])).toEqual(objectPath(own, checked, columns, items[k]!));
    }
    // Most of these items hold something the reader leaves (a NULL, a map, an escape...): some do not.
    expect(taken).toBeGreaterThan(20);
    expect(taken).toBeLessThan(spans.length);
  });

  it('is null for a column it does not read (varchar(n), real, json, an array) or two columns of one attribute', () => {
    const text = column('t', 'text');
    expect(rawValues([{ column: column('v', 'varchar', 14), kind: null }], [])).toBeNull();
    expect(rawValues([{ column: text, kind: 'text' }], [column('r', 'float4')])).toBeNull();
    expect(rawValues([{ column: text, kind: 'text' }], [column('j', 'jsonb')])).toBeNull();
    expect(
      rawValues([{ column: text, kind: 'text' }], [{ ...column('a', 'int4'), elementTypname: 'int4' }]),
    ).toBeNull();
    expect(rawValues([{ column: text, kind: 'text' }], [column('u', 'int4', -1, 't')])).toBeNull();
    expect(rawValues([{ column: text, kind: 'text' }], [column('n', 'numeric', 655366)])).toBeNull();
    expect(
      rawValues([{ column: text, kind: 'text' }], [column('n', 'numeric'), column('f', 'float8')]),
    ).not.toBeNull();
  });
});
