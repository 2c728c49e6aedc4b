import type { Host } from '../host/host';
import { as, names } from '../parse/ast';

/**
 * Whether the procedure a CALL runs may end the transaction it runs in: a body that says COMMIT or
 * ROLLBACK, or CALLs another procedure, or one the host cannot show (a C procedure); any of the
 * procedures of that name (in its schema, when the CALL names one), as the CALL's arguments are not
 * resolved here. A body that only mentions the word (in a string, a comment) counts. Not a CALL: false. A pipeline's block does not open for such
 * a CALL when it comes first (txn/implicit-block.ts): in a block its COMMIT is 2D000.
 *   `call archive()` of `create procedure archive() ... begin ...; commit; end` → true
 */
export async function callEndsTransaction(host: Host, node: unknown): Promise<boolean> {
  const call = as(node, 'CallStmt');
  if (!call) return false;
  const qualified = names(call.funccall?.funcname);
  const name = qualified.at(-1);
  if (!name) return true;
  const schema = qualified.length > 1 ? qualified.at(-2)! : null;
  const r = await host.query(
    `select coalesce(bool_or(p.prosrc ~* '\\m(commit|rollback|call)\\M' or l.lanname not in ('plpgsql', 'sql')), true)
       from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid = p.prolang
      where p.proname = $1 and p.prokind = 'p'
        and ($2::text is null or p.pronamespace = (select n.oid from pg_catalog.pg_namespace n where n.nspname = $2))`,
    [name, schema],
  );
  return r.rows[0]?.[0] !== 'f' && r.rows[0]?.[0] !== 'false';
}
