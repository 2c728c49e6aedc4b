import type { CatalogTable } from '../api/wire';
import { qualifiedName, quoteIdent, quoteLiteral } from '../sql/identifiers';
import type { ColumnChoice } from './initial-columns';

/** A foreign table as the catalog holds it, which the designer changes (ALTER) instead of creating. */
export interface AlterOrigin {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly {
    readonly name: string;
    readonly type: string;
    readonly notNull: boolean;
    /** The attribute option, when the column reads an attribute of another name. */
    readonly attribute?: string;
  }[];
  readonly catchAll: string | null;
  readonly options: Readonly<Record<string, string>>;
}

/** What the designer shows now, to compare with the origin. */
export interface AlterDesign {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnChoice[];
  readonly catchAll: string | null;
  readonly consistentRead: boolean;
}

/** `format_type` names → the designer's type names (`timestamp with time zone` → `timestamptz`). */
export function designerType(type: string): string {
  return type === 'timestamp with time zone'
    ? 'timestamptz'
    : type === 'timestamp without time zone'
      ? 'timestamp'
      : type;
}

/** The origin of a catalog foreign table. */
export function alterOrigin(t: CatalogTable): AlterOrigin {
  const catchAll = t.columns.find((c) => c.catchAll)?.name ?? null;
  return {
    schema: t.schema,
    name: t.name,
    columns: t.columns
      .filter((c) => c.name !== catchAll)
      .map((c) => ({
        name: c.name,
        type: designerType(c.type),
        notNull: c.notNull,
        ...(c.attribute !== undefined && { attribute: c.attribute }),
      })),
    catchAll,
    options: t.options,
  };
}

/** The designer's rows for the origin's columns: each knows the column it edits (`from`). */
export function originColumns(t: CatalogTable, origin: AlterOrigin): ColumnChoice[] {
  return origin.columns.map((c) => ({
    attribute: c.attribute ?? c.name,
    include: true,
    name: c.name,
    type: c.type,
    notNull: c.notNull,
    keyRole: t.columns.find((k) => k.name === c.name)?.keyRole ?? null,
    seen: '',
    frequency: null,
    from: c.name,
  }));
}

/**
 * The statements that turn the origin into the design, or '' when nothing changed: column renames
 * (one statement each, as Postgres wants), then one ALTER with the drops, type, NOT NULL and
 * `attribute` option changes, new columns and table options, then the table's rename and schema.
 *   `alter foreign table public.orders rename column total to amount;`
 *   `alter foreign table public.orders alter column amount options (add attribute 'total'), add column note text;`
 */
export function alterTableSql(origin: AlterOrigin, design: AlterDesign): string {
  const table = qualifiedName(origin.schema, origin.name);
  const renames: string[] = [];
  const actions: string[] = [];
  const byName = new Map(origin.columns.map((c) => [c.name, c]));
  for (const c of design.columns) {
    const was = c.from === undefined ? undefined : byName.get(c.from);
    const mapped = c.attribute !== c.name;
    const option = mapped ? ` options (attribute ${quoteLiteral(c.attribute)})` : '';
    if (!was) {
      if (c.include)
        actions.push(`add column ${quoteIdent(c.name)} ${c.type}${option}${c.notNull ? ' not null' : ''}`);
      continue;
    }
    if (!c.include) {
      actions.push(`drop column ${quoteIdent(was.name)}`);
      continue;
    }
    const col = quoteIdent(c.name);
    if (c.name !== was.name) renames.push(`rename column ${quoteIdent(was.name)} to ${col}`);
    if (c.type !== was.type) actions.push(`alter column ${col} type ${c.type}`);
    if (c.notNull !== was.notNull) actions.push(`alter column ${col} ${c.notNull ? 'set' : 'drop'} not null`);
    if (mapped && was.attribute === undefined)
      actions.push(`alter column ${col} options (add attribute ${quoteLiteral(c.attribute)})`);
    else if (mapped && was.attribute !== c.attribute)
      actions.push(`alter column ${col} options (set attribute ${quoteLiteral(c.attribute)})`);
    else if (!mapped && was.attribute !== undefined)
      actions.push(`alter column ${col} options (drop attribute)`);
  }
  if (origin.catchAll !== design.catchAll) {
    if (origin.catchAll && design.catchAll)
      renames.push(`rename column ${quoteIdent(origin.catchAll)} to ${quoteIdent(design.catchAll)}`);
    else if (origin.catchAll) actions.push(`drop column ${quoteIdent(origin.catchAll)}`);
    else if (design.catchAll) actions.push(`add column ${quoteIdent(design.catchAll)} jsonb`);
  }
  const options: string[] = [];
  const option = (name: string, value: string | null) => {
    const had = origin.options[name];
    if (value === null) {
      if (had !== undefined) options.push(`drop ${name}`);
    } else if (had !== value)
      options.push(`${had === undefined ? 'add' : 'set'} ${name} ${quoteLiteral(value)}`);
  };
  // rowid_column follows its column's rename or drop (it names a column, and Postgres keeps it as text).
  const rowid = design.columns.find((c) => c.from !== undefined && c.from === origin.options.rowid_column);
  if (rowid) option('rowid_column', rowid.include ? rowid.name : null);
  const consistent = (origin.options.consistent_read ?? 'false') === 'true';
  if (consistent !== design.consistentRead) option('consistent_read', design.consistentRead ? 'true' : null);
  if (options.length) actions.push(`options (${options.join(', ')})`);

  const alter = `alter foreign table ${table}`;
  const out = [...renames.map((r) => `${alter} ${r};`)];
  if (actions.length) out.push(`${alter}\n  ${actions.join(',\n  ')};`);
  let current = table;
  if (design.name && design.name !== origin.name) {
    out.push(`alter foreign table ${current} rename to ${quoteIdent(design.name)};`);
    current = qualifiedName(origin.schema, design.name);
  }
  if (design.schema && design.schema !== origin.schema)
    out.push(`alter foreign table ${current} set schema ${quoteIdent(design.schema)};`);
  return out.join('\n');
}
