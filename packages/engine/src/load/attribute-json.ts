import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { normalizeNumber } from '../util/decimal';

/**
 * A DynamoDB attribute as JSON text, keeping every digit (spec §2, "Inside JSON"):
 *   { N: '12345678901234567890123456789012345678' } → `12345678901234567890123456789012345678`
 *   { B: <01 ff> } → `"01ff"`;  { SS: ['a'] } → `["a"]`;  { NULL: true } → `null`
 */
export function attributeJson(v: AttributeValue): string {
  if (v.S !== undefined) return JSON.stringify(v.S);
  if (v.N !== undefined) return jsonNumber(v.N);
  if (v.BOOL !== undefined) return v.BOOL ? 'true' : 'false';
  if (v.NULL !== undefined) return 'null';
  if (v.B !== undefined) return JSON.stringify(hex(v.B));
  if (v.L !== undefined) return '[' + v.L.map(attributeJson).join(',') + ']';
  if (v.M !== undefined) return mapJson(v.M);
  if (v.SS !== undefined) return JSON.stringify(v.SS);
  if (v.NS !== undefined) return '[' + v.NS.map(jsonNumber).join(',') + ']';
  if (v.BS !== undefined) return JSON.stringify(v.BS.map(hex));
  return 'null';
}

export function mapJson(m: Record<string, AttributeValue>): string {
  return (
    '{' +
    Object.entries(m)
      .map(([k, v]) => JSON.stringify(k) + ':' + attributeJson(v))
      .join(',') +
    '}'
  );
}

/** DynamoDB number text → a JSON number literal with the same digits. */
export function jsonNumber(n: string): string {
  return normalizeNumber(n.trim()) ?? n;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The DynamoDB type letter of a value: `{ S: 'x' }` → 'S'. */
export function attributeType(v: AttributeValue): string {
  return (
    Object.keys(v).find(
      (k) => (v as unknown as Record<string, unknown>)[k] !== undefined && k !== '$unknown',
    ) ?? '?'
  );
}
