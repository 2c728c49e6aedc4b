import { stringifyLossless } from '../json/lossless-json';
import type { CodeScan } from './read-calls';

/**
 * The JSON body of the first request a scan sends, exactly (its operation, the X-Amz-Target header
 * `DynamoDB_20120810.<operation>`, is `scan.request.operation`).
 *   → `{\n  "TableName": "orders",\n  "KeyConditionExpression": "#n0 = :v0", … }`
 */
export function requestJson(scan: Pick<CodeScan, 'request'>): string {
  return `${stringifyLossless(scan.request.input, 2)}\n`;
}
