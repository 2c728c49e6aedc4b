import type { CopyFormat } from '@dynascope/contract';
import { as, kindOf } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { servedCopy } from './run-copy';

/** What a `COPY ... TO STDOUT` / `FROM STDIN` statement moves, and which way. */
export interface CopyShape {
  readonly format: CopyFormat;
  readonly direction: 'to' | 'from';
}

/**
 * The format and direction of a `COPY ... TO STDOUT` / `FROM STDIN` statement, as the parser reads
 * it (words in its strings and comments are none of its own), null for anything else. Needs the
 * parser loaded (an open Engine has it).
 *   `copy t to stdout (format csv)` → { format: 'csv', direction: 'to' }
 *   `copy (select 'from stdin') to stdout` → { format: 'text', direction: 'to' }
 */
export function copyShape(sql: string): CopyShape | null {
  try {
    const node = parseOne(sql);
    const copy = kindOf(node) === 'CopyStmt' ? as(node, 'CopyStmt') : undefined;
    const served = copy ? servedCopy(copy, sql) : null;
    return served ? { format: served.format, direction: served.direction } : null;
  } catch {
    return null;
  }
}

/** The format of a COPY TO STDOUT / FROM STDIN (what an HTTP answer's Content-Type says), null for anything else. */
export function copyFormat(sql: string): CopyFormat | null {
  return copyShape(sql)?.format ?? null;
}
