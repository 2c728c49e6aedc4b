import { JsonText, type Cell } from '@dynascope/engine';

/**
 * A result cell as Postgres's text output: booleans `t`/`f`, json verbatim, integers as their
 * digits; every other type, floats included (the wire asks the engine for them as text,
 * `floatsAsText`, so they follow the session's extra_float_digits), is already the host's text.
 * null stays null (SQL NULL).
 */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell ? 't' : 'f';
  if (typeof cell === 'number') return String(cell);
  if (cell instanceof JsonText) return cell.text;
  return cell;
}
