import { EngineError } from '../errors';
import type { Host } from '../host/host';

/** Postgres's read_only_sql_transaction. */
const READ_ONLY_SQL_TRANSACTION = '25006';

/**
 * Postgres's refusal of a statement that writes a relation other than a temp table inside a
 * read-only transaction (`BEGIN READ ONLY`, `SET TRANSACTION READ ONLY`, or outside a block with
 * default_transaction_read_only on), named by the statement's command. The engine asks before it
 * makes anything for a write to a foreign table or a COPY FROM into one — its own temp tables were
 * what the host refused before, `cannot execute CREATE TABLE in a read-only transaction`.
 *   begin read only; update ft set v = 2 → 25006 cannot execute UPDATE in a read-only transaction
 *   set default_transaction_read_only = on; copy ft from stdin → 25006 cannot execute COPY FROM in a read-only transaction
 */
export async function refuseWriteIfReadOnly(host: Host, command: string): Promise<void> {
  if (await transactionReadOnly(host))
    throw new EngineError(READ_ONLY_SQL_TRANSACTION, `cannot execute ${command} in a read-only transaction`);
}

/** Whether the host's current transaction is read-only (where it refuses CREATE TABLE too). */
export async function transactionReadOnly(host: Host): Promise<boolean> {
  const r = await host.query("select pg_catalog.current_setting('transaction_read_only')");
  return r.rows[0]?.[0] === 'on';
}
