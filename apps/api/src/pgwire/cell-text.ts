import { JsonText, type Cell } from '@dynascope/engine';
import { floatText } from './float-text';

/**
 * A result cell as Postgres's text output for a column of type `type` (a `format_type` name):
 * booleans `t`/`f`, json verbatim, floats as `float8out` prints them, every other type is already
 * the host's text. null stays null (SQL NULL).
 */
export function cellText(cell: Cell, type: string): string | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (typeof cell === 'number')
    return type === 'real' || type === 'double precision' ? floatText(cell, type) : String(cell);
  if (cell instanceof JsonText) return cell.text;
  return cell;
}
