import { innerQuery } from '../bind/statement-text';
import type { Host } from '../host/host';
import { parseOne } from '../parse/parse';
import { commandTag } from './command-tag';

/**
 * The command of an EXECUTE of a statement the host keeps: that statement's, as Postgres tags it
 * (the host's result does not tell it), so its rows written are counted.
 *   `prepare p (int) as insert into t select generate_series(1, $1)`, then `execute p(5)` → 'INSERT'
 * 'EXECUTE' when the host keeps no statement of that name.
 */
export async function hostExecuteCommand(host: Host, name: string): Promise<string> {
  const r = await host.query('select statement from pg_catalog.pg_prepared_statements where name = $1', [
    name,
  ]);
  const prepare = r.rows[0]?.[0];
  if (!prepare) return 'EXECUTE';
  const inner = innerQuery(prepare, 'as');
  return commandTag(parseOne(inner.text), inner.text);
}
