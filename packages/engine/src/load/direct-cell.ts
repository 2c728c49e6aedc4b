import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { ColumnDef } from '../catalog/foreign-table';
import { attributeOf } from '../catalog/column-attribute';
import { JsonText, type Cell } from '../types';
import { pgJsonbText, pgTextValue } from './pg-text';
import { columnJson, type CoerceContext } from './coerce';
import type { Item } from '../fetch/read-pages';
import type { SessionSettings } from '../session/settings';
import { isCanonicalDecimal } from '../util/decimal';
import { isoDateTimeText } from './iso-datetime';
import { isDomain } from '../catalog/is-domain';

/** The session settings the output of the types below depends on (read by session/settings.ts). */
export type OutputSettings = Pick<SessionSettings, 'byteaOutput' | 'dateStyle' | 'timeZone'>;

/**
 * Column types whose Postgres output the engine can produce itself, exactly, under the session's
 * settings. bytea is output as hex (`\x0a0b`): under `bytea_output = 'escape'` the host outputs it.
 * date and timestamp (no precision given) are output in DateStyle ISO, timestamptz in ISO and
 * TimeZone UTC (load/iso-datetime.ts); any other style or zone, the host outputs them. No other type
 * here has a setting-dependent output (IntervalStyle changes intervals, extra_float_digits floats:
 * those always go through the host). A column of a domain over any of them goes through the host.
 */
export function isDirectType(col: ColumnDef, settings: OutputSettings): boolean {
  // A domain's constraints are the host's to check, as its input does for every value it loads.
  if (isDomain(col)) return false;
  switch (col.typname) {
    case 'bytea':
      return settings.byteaOutput === 'hex';
    case 'text':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'bool':
    case 'jsonb':
      return true;
    case 'varchar':
    case 'numeric':
      return col.typmod < 0;
    case 'date':
      return isoStyle(settings);
    case 'timestamp':
      return col.typmod < 0 && isoStyle(settings);
    case 'timestamptz':
      return col.typmod < 0 && isoStyle(settings) && UTC_ZONES.has(settings.timeZone);
    default:
      return false;
  }
}

/** The TimeZone settings under which a timestamptz is output with the displacement +00. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC']);

const isoStyle = (settings: OutputSettings) => /^ISO\b/i.test(settings.dateStyle);

/**
 * A coerced column value (JSON text from load/coerce.ts) → the cell the host would have returned:
 * `"42"` (int4) → 42;  `"12.5"` (numeric) → '12.5';  `{"b":1,"a":2}` (jsonb) → JsonText('{"a": 2, "b": 1}')
 */
export function directCell(json: string | null, col: ColumnDef): Cell {
  if (json === null) return null;
  switch (col.typname) {
    case 'int2':
    case 'int4':
      return Number(JSON.parse(json));
    case 'bool':
      return json === 'true';
    case 'jsonb':
      return new JsonText(pgJsonbText(json));
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return isoDateTimeText(JSON.parse(json) as string, col.typname);
    default:
      return pgTextValue(JSON.parse(json) as string);
  }
}

/**
 * The common cases without the JSON round trip (same results as `directCell(columnJson(...))`):
 * an S in a text column, an N in a numeric or bigint column, a BOOL in a boolean column.
 * Returns undefined for everything else (missing attributes, NULL, other types, errors to report).
 */
export function fastCell(v: AttributeValue | undefined, col: ColumnDef): Cell | undefined {
  if (!v) return undefined;
  switch (col.typname) {
    case 'text':
    case 'varchar':
      // U+0000: refused as the host refuses it (directCell).
      return v.S?.includes('\u0000') ? undefined : v.S;
    case 'numeric':
      return v.N !== undefined && isCanonicalDecimal(v.N) ? v.N : undefined;
    case 'bool':
      return v.BOOL;
    default:
      return undefined;
  }
}

/** A column of an item as the cell the host would output: the fast path, else coercion and output. */
export function itemCell(
  item: Item,
  col: ColumnDef,
  columns: readonly ColumnDef[],
  context: CoerceContext,
): Cell {
  return fastCell(item[attributeOf(col)], col) ?? directCell(columnJson(item, col, columns, context), col);
}
