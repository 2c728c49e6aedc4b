import type { InferClause } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import type { ColumnDef } from '../catalog/foreign-table';
import { EngineError, SqlState } from '../errors';
import type { Host } from '../host/host';
import { as } from '../parse/ast';

const NO_MATCH = 'there is no unique or exclusion constraint matching the ON CONFLICT specification';

/**
 * The target of an INSERT's ON CONFLICT on a foreign table. An item conflicts with the item of its
 * key (DynamoDB keeps one per key), so the one target that names what the engine checks is the
 * key's columns, in any order; Postgres, with no unique index on a foreign table, refuses every
 * target, and the engine takes that one. Any other would silently mean the key instead: refused as
 * Postgres refuses a target no unique index matches.
 *   insert into t values ('a', 4) on conflict (id) do nothing → conflicts on the key, as without a target
 *   ... on conflict (n) do nothing → 42P10 there is no unique or exclusion constraint matching ...
 *   ... on conflict (nosuch) do nothing → 42703 column "nosuch" does not exist (at the column)
 *   ... on conflict on constraint foo do nothing → 42704 constraint "foo" for table "t" does not exist
 */
export async function checkConflictTarget(
  host: Host,
  infer: InferClause | undefined,
  table: { readonly oid: number; readonly name: string; readonly columns: readonly ColumnDef[] },
  keys: readonly ColumnDef[],
  tokens: readonly ScanToken[],
): Promise<void> {
  if (!infer) return;
  const hint = `on a foreign table the conflict target can only be the item's key: (${keys.map((k) => k.name).join(', ')}), or none`;
  if (infer.conname !== undefined) {
    const r = await host.query('select 1 from pg_constraint where conrelid = $1 and conname = $2', [
      table.oid,
      infer.conname,
    ]);
    if (!r.rows.length)
      throw new EngineError(
        SqlState.undefinedObject,
        `constraint "${infer.conname}" for table "${table.name}" does not exist`,
      );
    throw new EngineError(
      SqlState.wrongObjectType,
      'constraint in ON CONFLICT clause has no associated index',
      {
        hint,
      },
    );
  }
  const named: string[] = [];
  for (const e of infer.indexElems ?? []) {
    const name = as(e, 'IndexElem')?.name;
    if (name === undefined) throw new EngineError(SqlState.invalidColumnReference, NO_MATCH, { hint });
    if (!table.columns.some((c) => c.name === name))
      throw new EngineError(SqlState.undefinedColumn, `column "${name}" does not exist`, {
        position: columnPosition(tokens, infer.location ?? 0, name),
      });
    named.push(name);
  }
  const sameSet = named.length === keys.length && keys.every((k) => named.includes(k.name));
  if (!sameSet || infer.whereClause)
    throw new EngineError(SqlState.invalidColumnReference, NO_MATCH, { hint });
}

/** Where a column of the conflict target is written (1-based), after the clause's start. */
function columnPosition(tokens: readonly ScanToken[], from: number, name: string): number | undefined {
  const t = tokens.find(
    (t) => t.start >= from && (t.text === `"${name.replaceAll('"', '""')}"` || t.text.toLowerCase() === name),
  );
  return t ? t.start + 1 : undefined;
}
