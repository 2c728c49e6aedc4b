import { JSON_NULL, JsonNull, parseLosslessJson, stringifyLossless } from '../api/lossless-json';
import type { Cell } from '../api/wire';
import { formatCell, isJsonType } from '../format/format-cell';

/** Which editor a column of a Postgres type gets. */
export type EditorKind = 'boolean' | 'integer' | 'number' | 'date' | 'timestamp' | 'json' | 'bytea' | 'text';

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** `integer` → integer, `numeric(10,2)` → number, `timestamp with time zone` → timestamp, ... */
export function editorKind(type: string): EditorKind {
  const t = type.toLowerCase();
  if (t === 'boolean') return 'boolean';
  if (t in INT_RANGES) return 'integer';
  if (/^(numeric|decimal|real|double precision)\b/.test(t)) return 'number';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp')) return 'timestamp';
  if (isJsonType(t)) return 'json';
  if (t === 'bytea') return 'bytea';
  return 'text';
}

/** The text an editor starts with: the value in full (jsonb indented), empty for SQL NULL. */
export function editorText(value: Cell, type: string): string {
  if (value === null) return '';
  if (isJsonType(type)) return value instanceof JsonNull ? 'null' : stringifyLossless(value, 2);
  return formatCell(value, type).full;
}

export type Parsed =
  { readonly ok: true; readonly value: Cell } | { readonly ok: false; readonly error: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4,}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4,}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/**
 * An editor's text as the value it writes, checked as Postgres will read it — numbers never go
 * through a JavaScript number (`12345678901234567890.5` stays that text):
 *   ('42', integer) → '42'; ('4.2', integer) → error; ('1e3', numeric) → '1e3'
 *   ('true', boolean) → true; ('{"a": null}', jsonb) → {a: null}; ('null', jsonb) → JSON null
 *   ('00FF', bytea) → '\x00ff'; ('2024-02-30', date) → '2024-02-30' (Postgres judges the calendar)
 */
export function parseEditorText(text: string, type: string): Parsed {
  const kind = editorKind(type);
  const s = text.trim();
  const fail = (error: string): Parsed => ({ ok: false, error });
  switch (kind) {
    case 'boolean':
      if (/^(true|t|yes|on|1)$/i.test(s)) return { ok: true, value: true };
      if (/^(false|f|no|off|0)$/i.test(s)) return { ok: true, value: false };
      return fail('true or false');
    case 'integer': {
      if (!/^[+-]?\d+$/.test(s)) return fail(`a whole number (${type})`);
      const [lo, hi] = INT_RANGES[type.toLowerCase()]!;
      const n = BigInt(s);
      if (n < lo || n > hi) return fail(`out of range for ${type} (${lo} to ${hi})`);
      return { ok: true, value: s.replace(/^\+/, '') };
    }
    case 'number':
      if (NUMBER.test(s) || /^[+-]?(nan|infinity)$/i.test(s))
        return { ok: true, value: s.replace(/^\+/, '') };
      return fail(`a number (${type}), digits as written`);
    case 'date':
      return DATE.test(s) ? { ok: true, value: s } : fail('a date: YYYY-MM-DD');
    case 'timestamp':
      return TIMESTAMP.test(s)
        ? { ok: true, value: s }
        : fail('a timestamp: YYYY-MM-DD HH:MM:SS[.ffffff][+00]');
    case 'json':
      try {
        const v = parseLosslessJson(s);
        return { ok: true, value: v === null ? JSON_NULL : v };
      } catch (e) {
        return fail(`JSON: ${(e as Error).message}`);
      }
    case 'bytea': {
      const hex = s.replace(/^\\x/i, '').replace(/\s+/g, '');
      if (!/^([0-9a-f]{2})*$/i.test(hex)) return fail('hex bytes: \\x00ff (pairs of 0-9, a-f)');
      return { ok: true, value: `\\x${hex.toLowerCase()}` };
    }
    case 'text':
      return { ok: true, value: text };
  }
}
