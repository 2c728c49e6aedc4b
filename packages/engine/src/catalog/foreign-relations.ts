import type { RangeVar } from '@pgsql/types';
import { quotedName } from '../bind/range-vars';
import type { Host } from '../host/host';

/**
 * Which of the relations named are foreign tables, in one host look-up (a name that resolves to
 * nothing is not): `analyze lt, ft` → { ft }.
 */
export async function foreignAmong<R extends Pick<RangeVar, 'schemaname' | 'relname'>>(
  host: Host,
  rels: readonly R[],
): Promise<Set<R>> {
  if (!rels.length) return new Set();
  const r = await host.query(
    `select n::int from unnest($1::text[]) with ordinality u(name, n)
      join pg_class c on c.oid = to_regclass(u.name) where c.relkind = 'f'`,
    [rels.map(quotedName)],
  );
  return new Set(r.rows.map((row) => rels[Number(row[0]) - 1]!));
}

/** Whether the relation named is a foreign table. */
export async function isForeignTable(
  host: Host,
  rel: Pick<RangeVar, 'schemaname' | 'relname'>,
): Promise<boolean> {
  return (await foreignAmong(host, [rel])).size > 0;
}
