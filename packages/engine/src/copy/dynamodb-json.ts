import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A DynamoDB item: attribute name → AttributeValue. */
export type Item = Record<string, AttributeValue>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One line of `FORMAT dynamodb_json`, as AWS's export to S3 writes it:
 *   { id: { S: 'a' }, b: { B: Uint8Array [1, 2] } } → `{"Item":{"id":{"S":"a"},"b":{"B":"AQI="}}}`
 */
export function itemLine(item: Item): string {
  return JSON.stringify({ Item: mapJson(item) }) + '\n';
}

/** An item in DynamoDB JSON as a value (binary as base64): { b: { B: Uint8Array [1] } } → { b: { B: 'AQ==' } } */
export function itemJson(item: Item): Record<string, unknown> {
  return mapJson(item);
}

function mapJson(m: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, valueJson(v)]));
}

function valueJson(v: AttributeValue): unknown {
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: v.N };
  if (v.B !== undefined) return { B: base64(v.B) };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: true };
  if (v.SS !== undefined) return { SS: v.SS };
  if (v.NS !== undefined) return { NS: v.NS };
  if (v.BS !== undefined) return { BS: v.BS.map(base64) };
  if (v.M !== undefined) return { M: mapJson(v.M) };
  if (v.L !== undefined) return { L: v.L.map(valueJson) };
  throw new TypeError(`unknown DynamoDB attribute value type: ${Object.keys(v).join(', ')}`);
}

function base64(b: Uint8Array | string): string {
  return typeof b === 'string' ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * A line of DynamoDB JSON (`{"Item": {...}}`, or the item itself) → the item; throws a message
 * saying what is wrong with it (the caller names the line).
 */
export function parseItemLine(line: string): Item {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new TypeError(`not JSON: ${(e as Error).message}`, { cause: e });
  }
  const item =
    isObject(value) && Object.keys(value).length === 1 && isObject(value.Item) ? value.Item : value;
  if (!isObject(item)) throw new TypeError('an item must be a JSON object of attributes');
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, parseValue(v, k)]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseValue(v: unknown, path: string): AttributeValue {
  if (!isObject(v) || Object.keys(v).length !== 1)
    throw new TypeError(`attribute ${path}: a value must be an object of one type, like {"S": "text"}`);
  const [type, x] = Object.entries(v)[0]!;
  const strings = (check?: (s: string) => boolean) =>
    Array.isArray(x) &&
    x.length > 0 &&
    x.every((s) => typeof s === 'string' && (!check || check(s))) &&
    new Set(x).size === x.length;
  const fail = (what: string): never => {
    throw new TypeError(`attribute ${path}: ${type} must be ${what}`);
  };
  switch (type) {
    case 'S':
      return typeof x === 'string' ? { S: x } : fail('a string');
    case 'N':
      return typeof x === 'string' && NUMBER.test(x) ? { N: x } : fail('a number in a string');
    case 'B':
      return typeof x === 'string' && BASE64.test(x) ? { B: fromBase64(x) } : fail('base64 text');
    case 'BOOL':
      return typeof x === 'boolean' ? { BOOL: x } : fail('true or false');
    case 'NULL':
      return x === true ? { NULL: true } : fail('true');
    case 'SS':
      return strings() ? { SS: x as string[] } : fail('a non-empty array of distinct strings');
    case 'NS':
      return strings((s) => NUMBER.test(s))
        ? { NS: x as string[] }
        : fail('a non-empty array of distinct numbers in strings');
    case 'BS':
      return strings((s) => BASE64.test(s))
        ? { BS: (x as string[]).map(fromBase64) }
        : fail('a non-empty array of distinct base64 texts');
    case 'M':
      return isObject(x)
        ? { M: Object.fromEntries(Object.entries(x).map(([k, e]) => [k, parseValue(e, `${path}.${k}`)])) }
        : fail('an object');
    case 'L':
      return Array.isArray(x) ? { L: x.map((e, i) => parseValue(e, `${path}[${i}]`)) } : fail('an array');
    default:
      throw new TypeError(`attribute ${path}: unknown type ${JSON.stringify(type)}`);
  }
}

function fromBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}
