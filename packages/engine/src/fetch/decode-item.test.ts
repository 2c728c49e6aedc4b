import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { attributesText } from '../write/item-keys';
import { decodeItem } from './decode-item';

type Item = Record<string, AttributeValue>;

/** What JSON.parse and the SDK make of an item's JSON: its binary values as bytes. */
function reference(json: string): Item {
  const bytes = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(bytes);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'B' && typeof x === 'string') out[k] = new Uint8Array(Buffer.from(x, 'base64'));
      else if (k === 'BS' && Array.isArray(x))
        out[k] = (x as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64')));
      else out[k] = bytes(x);
    }
    return out;
  };
  return bytes(JSON.parse(json)) as Item;
}

/** `json` decoded from a body where other bytes stand before and after it. */
function decoded(json: string): Item | null {
  const body = Buffer.from(`[1,${json},2]`);
  const start = Buffer.byteLength('[1,');
  return decodeItem(body, start, start + Buffer.byteLength(json));
}

/** The item as DynamoDB writes it (binary values as base64). */
const wire = (item: Item) => attributesText([item]).slice(1, -1);

describe('decodeItem: a page item read from its bytes as JSON.parse and the SDK read it', () => {
  it.each<[string, Item]>([
    ['scalars', { kind: { S: 'click' }, value: { N: '-12.50' }, ok: { BOOL: false }, nil: { NULL: true } }],
    ['an empty item', {}],
    ['empty text and collections', { s: { S: '' }, l: { L: [] }, m: { M: {} } }],
    [
      'sets and binary values, nested',
      {
        ss: { SS: ['a', 'é'] },
        ns: { NS: ['1', '2.5'] },
        b: { B: new Uint8Array([0, 255, 7]) },
        bs: { BS: [new Uint8Array([1]), new Uint8Array([])] },
        m: { M: { l: { L: [{ B: new Uint8Array([104, 105]) }, { M: { deep: { BOOL: true } } }] } } },
      },
    ],
    ['escapes', { 'na"me': { S: 'quote " backslash \\ newline \n tab \t nul \u0000 end\\' } }],
    ['unicode', { ünï: { S: 'ünïcødé 😀 東京' }, '😀': { N: '1' } }],
    [
      'texts either side of the short-text path (12 bytes), ASCII or not, escaped or not',
      {
        a: { S: 'twelve_bytes' },
        b: { S: 'thirteen_byte' },
        c: { S: 'eleven_byté' },
        d: { S: 'tab\there' },
        e: { N: '-1234567.891' },
        f: { SS: ['x', 'é', '12345678901234'] },
      },
    ],
    ['names a JavaScript object holds already', { constructor: { S: 'c' }, toString: { N: '2' } }],
    [
      'integer-like names, in the order JSON.parse gives them',
      { b: { S: 'x' }, '1': { S: 'y' }, '0': { S: 'z' } },
    ],
  ])('%s', (_, item) => {
    const json = wire(item);
    const got = decoded(json);
    expect(got).toEqual(reference(json));
    expect(Object.keys(got!)).toEqual(Object.keys(reference(json)));
  });

  it('reads text escaped as \\u sequences (surrogate pairs too) as JSON.parse does', () => {
    const json = '{"k\\u00e9":{"S":"\\u00fc\\ud83d\\ude00\\/x"},"t":{"S":"\\ud83d"}}';
    expect(decoded(json)).toEqual(reference(json));
  });

  it.each([
    ['whitespace between tokens', '{ "a":{"S":"x"}}'],
    ['an attribute value of two members', '{"a":{"S":"x","N":"1"}}'],
    ['an unknown type', '{"a":{"X":"1"}}'],
    ['a member named __proto__', '{"__proto__":{"S":"x"}}'],
    ['a number where text belongs', '{"a":{"N":1}}'],
  ])('declines %s (the caller then uses JSON.parse)', (_, json) => {
    expect(decoded(json)).toBeNull();
  });

  it('decodes 2,000 random items as JSON.parse does, names interned across items', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const alphabet = ['a', 'Z', '"', '\\', 'é', '😀', '\n', '\u0001', '}', ']', ':', ',', ' ', '東'];
    const text = (max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () => pick(alphabet)).join('');
    const value = (depth: number): AttributeValue => {
      switch (Math.floor(random() * (depth > 2 ? 7 : 10))) {
        case 0:
          return { S: text(30) };
        case 1:
          return { N: String(Math.floor(random() * 1e6) - 5e5) + (random() < 0.5 ? '.25' : '') };
        case 2:
          return { BOOL: random() < 0.5 };
        case 3:
          return { NULL: true };
        case 4:
          return {
            B: Uint8Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * 256)),
          };
        case 5:
          return {
            SS: [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => text(6) || 's'))],
          };
        case 6:
          return { NS: ['1', '-2.5'] };
        case 7:
          return { L: Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1)) };
        case 8:
          return { BS: [new Uint8Array([1, 2]), new Uint8Array([255])] };
        default:
          return {
            M: Object.fromEntries(
              Array.from({ length: Math.floor(random() * 3) }, () => [text(5), value(depth + 1)]),
            ),
          };
      }
    };
    const names = ['id', 'kind', 'value', 'ünï', 'a"b', 'long_attribute_name_of_a_table'];
    for (let n = 0; n < 2000; n++) {
      const item: Item = {};
      for (let a = Math.floor(random() * 6); a > 0; a--)
        item[random() < 0.8 ? pick(names) : text(8)] = value(0);
      const json = wire(item);
      expect(decoded(json), json).toEqual(reference(json));
    }
  });
});
