import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { parseDecimal } from '../util/decimal';

/**
 * An item's size as DynamoDB bills it: attribute names plus values (UTF-8 strings, binary bytes,
 * numbers about one byte per two significant digits, 3 bytes of overhead per list or map).
 *   itemSize({ id: { S: 'u1' } }) → 4
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  // Leading and trailing zeros are trimmed: one byte per two significant digits, plus one.
  if (v.N !== undefined) return Math.ceil((parseDecimal(v.N)?.digits ?? v.N).length / 2) + 1;
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + valueSize({ N: s }), 0);
  if (v.BS !== undefined) return v.BS.reduce((n, b) => n + b.byteLength, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
  return 0;
}
