import { JsonText } from './types';

/**
 * JSON.stringify that writes JsonText verbatim, so JSON numbers with 38 digits reach the wire intact.
 * `toJson({ a: new JsonText('{"n": 12345678901234567890123456789012345678}') })`
 *   → `{"a":{"n": 12345678901234567890123456789012345678}}`
 */
export function toJson(value: unknown): string {
  const raw: string[] = [];
  const marker = `\u0000jt${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
    const original = (this as Record<string, unknown>)[_key];
    if (original instanceof JsonText) {
      raw.push(original.text);
      return marker + (raw.length - 1);
    }
    return v;
  });
  if (raw.length === 0) return text;
  const escapedMarker = JSON.stringify(marker).slice(1, -1);
  return text.replace(new RegExp(`"${escapeRegExp(escapedMarker)}(\\d+)"`, 'g'), (_m, i: string) => raw[Number(i)]!);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
