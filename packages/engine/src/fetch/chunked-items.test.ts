import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TimeSlice } from '../util/time-slice';
import { attributesText } from '../write/item-keys';
import { itemSpans, parseItems } from './chunked-items';
import { stringEnd } from './json-bytes';

type Item = Record<string, AttributeValue>;

/** A response body as DynamoDB writes it (binary values as base64), and the items as the SDK gives them. */
function response(items: Item[], extra: Record<string, unknown> = {}): Buffer {
  const wire = JSON.parse(attributesText(items)) as unknown;
  return Buffer.from(
    JSON.stringify({
      ConsumedCapacity: { CapacityUnits: 1 },
      Count: items.length,
      Items: wire,
      ...extra,
      ScannedCount: items.length,
    }),
  );
}

const tricky: Item[] = [
  { id: { S: 'a}]{["' }, note: { S: 'quote " and backslash \\ and \\" end' } },
  { id: { S: 'Items' }, n: { N: '-1.50' }, nil: { NULL: true }, ok: { BOOL: false } },
  {
    id: { S: 'ünïcødé 😀 {' },
    m: {
      M: {
        B: { B: new Uint8Array([0, 255, 7]) },
        l: { L: [{ BS: [new Uint8Array([1]), new Uint8Array([2, 3])] }, { SS: ['x', '}'] }] },
      },
    },
  },
  { id: { S: 'bin' }, b: { B: new Uint8Array([104, 105]) }, ns: { NS: ['1', '2.5'] } },
];

describe('chunked items', () => {
  it('finds each item of the top-level Items array, not an "Items" inside a key or value', async () => {
    const body = response(tricky, { LastEvaluatedKey: { id: { S: '"Items":[{}]' } } });
    const spans = await itemSpans(body, new TimeSlice());
    expect(spans.items.map(([a, b]) => JSON.parse(body.toString('utf8', a, b)) as unknown)).toHaveLength(4);
    expect(
      body.toString('utf8', spans.array![0], spans.array![1]).startsWith('[{"id":{"S":"a}]{[\\""}'),
    ).toBe(true);
  });

  it('gives the items as the SDK does (bytes for B and BS) and the rest of the body without them', async () => {
    const body = response(tricky, { LastEvaluatedKey: { id: { S: 'bin' } } });
    const { items, rest } = await parseItems(body, new TimeSlice());
    expect(items).toEqual(tricky);
    expect(items![2]!.m!.M!.B!.B).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(rest.toString())).toEqual({
      ConsumedCapacity: { CapacityUnits: 1 },
      Count: 4,
      Items: [],
      LastEvaluatedKey: { id: { S: 'bin' } },
      ScannedCount: 4,
    });
  });

  it('parses a page of several chunks in item order', async () => {
    const many: Item[] = Array.from({ length: 5000 }, (_, i) => ({
      id: { N: String(i) },
      pad: { S: 'x'.repeat(i % 300) },
    }));
    const { items } = await parseItems(response(many), new TimeSlice());
    expect(items).toEqual(many);
  });

  it('turns a binary value of a later chunk into bytes', async () => {
    const many: Item[] = Array.from({ length: 3000 }, (_, i) => ({
      id: { N: String(i) },
      pad: { S: 'x'.repeat(50) },
    }));
    many[2999] = { id: { N: '2999' }, b: { B: new Uint8Array([0, 9, 255]) } };
    const { items } = await parseItems(response(many), new TimeSlice());
    expect(items).toEqual(many);
    expect(items![2999]!.b!.B).toBeInstanceOf(Uint8Array);
  });

  it('finds the items of pages of random strings: escapes, quotes and brackets at every length around the short-string switch', async () => {
    const alphabet = ['"', '\\', 'a', 'é', '😀', '\n', '}', ']', '{', '[', ':', ','];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 60) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let page = 0; page < 20; page++) {
      const items: Item[] = Array.from({ length: 50 }, () => ({
        [text() || 'k']: { S: text() },
        id: { S: text() },
        l: { L: [{ S: text() }, { M: { [text() || 'm']: { S: text() } } }] },
      }));
      expect((await parseItems(response(items), new TimeSlice())).items).toEqual(items);
    }
  });

  it('finds the items of a body with whitespace between its tokens', async () => {
    const body = Buffer.from(
      JSON.stringify(
        { Count: 4, Items: JSON.parse(attributesText(tricky)) as unknown, ScannedCount: 4 },
        null,
        2,
      ),
    );
    const spans = await itemSpans(body, new TimeSlice());
    expect(spans.items.map(([a, b]) => JSON.parse(body.toString('utf8', a, b)) as unknown)).toEqual(
      JSON.parse(attributesText(tricky)),
    );
    expect(JSON.parse(body.toString('utf8', ...spans.array!))).toEqual(JSON.parse(attributesText(tricky)));
  });

  it('a body cut short inside its Items: no items, at every length (never read past its end)', async () => {
    const whole = response(tricky.slice(0, 2));
    const arrayEnd = (await itemSpans(whole, new TimeSlice())).array![1];
    for (let length = 0; length < whole.length; length++) {
      const { items, rest } = await parseItems(whole.subarray(0, length), new TimeSlice());
      expect(items).toEqual(length < arrayEnd ? undefined : tricky.slice(0, 2));
      if (length < arrayEnd) expect(rest.length).toBe(length);
    }
  });

  it('leaves an answer without Items (Select COUNT) to the SDK', async () => {
    const body = Buffer.from('{"Count":3,"ScannedCount":3}');
    expect(await parseItems(body, new TimeSlice())).toEqual({ items: undefined, rest: body });
  });

  it('reads an empty Items array as no items', async () => {
    const { items, rest } = await parseItems(
      Buffer.from('{"Count":0,"Items":[],"ScannedCount":0}'),
      new TimeSlice(),
    );
    expect(items).toEqual([]);
    expect(JSON.parse(rest.toString())).toEqual({ Count: 0, Items: [], ScannedCount: 0 });
  });
});

describe('stringEnd: the closing quote of a JSON string, found with indexOf', () => {
  /** The contents of the string `json` starts with (after its opening quote) and where stringEnd puts its end. */
  const end = (json: string) => {
    const body = Buffer.from(`${json},"next"`);
    const at = stringEnd(body, 1);
    return body.toString('utf8', 0, at + 1);
  };

  it.each([
    ['plain', 'abc'],
    ['an escaped quote', 'say \\"hi\\"'],
    ['a backslash before the closing quote', 'ends with \\\\'],
    ['an escaped backslash, then an escaped quote', 'a \\\\\\" b'],
    ['three backslashes and a quote inside', '\\\\\\\\\\"x'],
    ['unicode, escaped and not', 'ünï 😀 \\u0022 \\ud83d\\ude00 é'],
    ['only backslashes', '\\\\\\\\'],
    ['empty', ''],
    // Past the bytes read one by one (24): the rest is searched with indexOf.
    ['long, an escaped quote at the switch', `${'x'.repeat(22)}\\"${'y'.repeat(30)}\\"z`],
    ['long, a backslash escaped at the switch', `${'x'.repeat(23)}\\\\`],
    ['long, backslashes before the end', `${'é'.repeat(40)}\\\\\\\\`],
  ])('%s', (_, contents) => {
    const json = JSON.stringify(JSON.parse(`"${contents}"`));
    expect(end(json)).toBe(json);
  });

  it('agrees with JSON.parse on random strings of quotes, backslashes and multi-byte characters', () => {
    const alphabet = ['"', '\\', 'a', 'é', '😀', '\n', '}', ']', '{', '\u0000'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const value = Array.from(
        { length: Math.floor(random() * 40) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const json = JSON.stringify(value);
      expect(JSON.parse(end(json))).toBe(value);
    }
  });

  it('every length across the switch to indexOf, an escape at every place', () => {
    for (let length = 0; length < 60; length++)
      for (let at = 0; at < length; at++)
        for (const escaped of ['\\"', '\\\\']) {
          const value = JSON.parse(`"${'a'.repeat(at)}${escaped}${'b'.repeat(length - at)}"`) as string;
          const json = JSON.stringify(value);
          expect(JSON.parse(end(json))).toBe(value);
        }
  });

  it('gives the body length when the string never ends', () => {
    const body = Buffer.from('"abc\\"');
    expect(body.length).toBe(6);
    expect(stringEnd(body, 1)).toBe(6);
  });

  it('finds the items of a page whose strings end in backslashes and hold escaped quotes', async () => {
    const items: Item[] = [
      { id: { S: 'x\\' }, v: { S: '\\"}],{' } },
      { id: { S: '\\\\' }, v: { S: '"\\"\\\\"' } },
      { id: { S: 'Items' }, v: { S: '😀\\' } },
    ];
    const body = response(items);
    const spans = await itemSpans(body, new TimeSlice());
    expect(spans.items.map(([a, b]) => JSON.parse(body.toString('utf8', a, b)) as unknown)).toEqual(
      JSON.parse(attributesText(items)),
    );
    expect((await parseItems(body, new TimeSlice())).items).toEqual(items);
  });
});
