import { names } from '../parse/ast';
import type { RangeVarFields } from './range-vars';

/**
 * A relation's columns by the names its query sees them by: FROM column aliases rename the first
 * columns by position (`from ev as e(device, id)` calls ev's first column `device` and its second
 * `id`; the rest keep their names, and a declared name an alias took is no longer visible). The one
 * owner of that rule: the binder, the pushed shapes and the local shapes resolve references with it.
 */
export function visibleColumns<C extends { readonly name: string }>(
  rv: RangeVarFields,
  columns: readonly C[],
): ReadonlyMap<string, C> {
  const aliases = names(rv.alias?.colnames);
  return new Map(columns.map((c, i) => [aliases[i] ?? c.name, c]));
}

/** The visible names of a relation's columns, in order (see visibleColumns). */
export function visibleNames(rv: RangeVarFields, columns: readonly string[]): string[] {
  const aliases = names(rv.alias?.colnames);
  return columns.map((c, i) => aliases[i] ?? c);
}
