import { createHash } from 'node:crypto';

/**
 * A key's text (item-keys.ts keyText, or any text equal keys share) as the engine's temp tables of the
 * host hold it when they must find it again (a unique column): its SHA-256, in hex for `decode(x, 'hex')`.
 * Not the text itself: DynamoDB's largest keys (a 2,048-byte partition key and a 1,024-byte sort key,
 * binary as base64) outgrow a btree entry (2,704 bytes), which Postgres refuses (54000).
 *   keyDigest('{"dev":{"S":"d1"}}') → '5c0e…' (64 hex digits)
 */
export function keyDigest(keyText: string): string {
  return createHash('sha256').update(keyText).digest('hex');
}
