import { names } from '../parse/ast';
import type { RangeVarFields } from './range-vars';

/**
 * A relation's columns by the names its query sees them by: FROM column aliases rename the first
 * columns by position (`from ev as e(device, id)` calls ev's first column `device` and its second
 * `id`; the rest keep their names, and a declared name an alias took is no longer visible). A name
 * two columns have (`from ev as e(kind)` over `id, device, kind`) is left out: a reference to it is
 * ambiguous (Postgres's 42702, which the host raises), and `*` lists the columns by visibleNames. The
 * one owner of that rule: the binder, the pushed shapes and the local shapes resolve references with it.
 */
export function visibleColumns<C extends { readonly name: string }>(
  rv: RangeVarFields,
  columns: readonly C[],
): ReadonlyMap<string, C> {
  const listed = starColumns(rv, columns);
  const seen = new Map<string, number>();
  for (const { name } of listed) seen.set(name, (seen.get(name) ?? 0) + 1);
  return new Map(listed.filter(({ name }) => seen.get(name) === 1).map(({ name, def }) => [name, def]));
}

/** The visible names of a relation's columns, in order (see visibleColumns). */
export function visibleNames(rv: RangeVarFields, columns: readonly string[]): string[] {
  const aliases = names(rv.alias?.colnames);
  return columns.map((c, i) => aliases[i] ?? c);
}

/**
 * The columns `*` lists, in order, each by its visible name (see visibleColumns): two may have one
 * (`from ev as e(kind)` lists `kind, device, kind`), which the Map of visibleColumns cannot hold.
 */
export function starColumns<C extends { readonly name: string }>(
  rv: RangeVarFields,
  columns: readonly C[],
): { def: C; name: string }[] {
  return visibleNames(
    rv,
    columns.map((c) => c.name),
  ).map((name, i) => ({ def: columns[i]!, name }));
}
