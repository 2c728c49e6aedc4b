import type { CopyFormat } from '@dynascope/contract';
import { as, kindOf } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { servedCopy } from './run-copy';

/**
 * The format of a `COPY ... TO STDOUT` / `FROM STDIN` statement (what an HTTP answer's Content-Type
 * says), null for anything else: `copy t to stdout (format csv)` → 'csv'. Needs the parser loaded
 * (an open Engine has it).
 */
export function copyFormat(sql: string): CopyFormat | null {
  try {
    const node = parseOne(sql);
    const copy = kindOf(node) === 'CopyStmt' ? as(node, 'CopyStmt') : undefined;
    return copy ? (servedCopy(copy, sql)?.format ?? null) : null;
  } catch {
    return null;
  }
}
