import { LosslessNumber } from '../json/lossless-json';

/**
 * A JSON value as a Python literal, indented like `json.dumps(v, indent=4)`:
 *   { ConsistentRead: true, Key: { id: { S: 'a' } } } → `{"ConsistentRead": True, "Key": {"id": {"S": "a"}}}` (indented)
 */
export function pythonLiteral(value: unknown, depth = 0): string {
  const pad = (d: number) => '\n' + '    '.repeat(d);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof LosslessNumber) return value.text;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${value.map((v) => pad(depth + 1) + pythonLiteral(v, depth + 1)).join(',')}${pad(depth)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  return `{${entries.map(([k, v]) => `${pad(depth + 1)}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)}`).join(',')}${pad(depth)}}`;
}
