import { innerQuery } from '../bind/statement-text';
import { parseOne } from '../parse/parse';
import { commandTag } from './command-tag';

/**
 * The command of an EXECUTE of a statement the host keeps: that statement's, as Postgres tags it
 * (the host's result does not tell it), so its rows written are counted. `prepare` is the PREPARE as
 * the session wrote it, which the session keeps beside the statement's host name (named-statements.ts
 * hostKeptText: no host call, and no name to look up in pg_prepared_statements, where the host lists
 * it under that host name).
 *   `prepare p (int) as insert into t select generate_series(1, $1)`, then `execute p(5)` → 'INSERT'
 * 'EXECUTE' when the session keeps no such statement.
 */
export function hostExecuteCommand(prepare: string | undefined): string {
  if (!prepare) return 'EXECUTE';
  const inner = innerQuery(prepare, 'as');
  return commandTag(parseOne(inner.text), inner.text);
}
