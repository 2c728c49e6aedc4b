import type { FailureText } from '../api/failure-text';
import type { CatalogTable, TableDescription } from '../api/wire';
import { alterOrigin, originColumns, type AlterOrigin } from './alter-design';
import { localTableName } from './generate-sql';
import { initialColumns, type ColumnChoice } from './initial-columns';

export type DesignerMode = 'table' | 'import' | 'server';

/** The new-server form as typed (the secrets stay in memory only, and go into vault calls). */
export interface ServerForm {
  readonly name: string;
  readonly region: string;
  readonly endpointUrl: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The designer's whole state: what is picked, what was loaded, the choices, and the last outcome. */
export interface DesignerState {
  readonly mode: DesignerMode;
  readonly server: string;
  /** The DynamoDB tables of `server`; null while listing or when listing failed. */
  readonly tables: readonly string[] | null;
  readonly tablesError: FailureText | null;
  readonly dynamoTable: string;
  readonly desc: TableDescription | null;
  readonly descLoading: boolean;
  readonly columns: readonly ColumnChoice[];
  readonly schema: string;
  readonly tableName: string;
  readonly catchAll: boolean;
  readonly catchAllName: string;
  readonly consistent: boolean;
  readonly importSel: readonly string[];
  readonly busy: boolean;
  readonly message: { readonly ok: boolean; readonly text: string } | null;
  readonly serverForm: ServerForm;
  /** The foreign table being changed (ALTER), or null when designing a new one. */
  readonly origin: AlterOrigin | null;
}

type TextOption = 'schema' | 'tableName' | 'catchAllName';
type FlagOption = 'catchAll' | 'consistent';

export type DesignerAction =
  | { readonly type: 'mode-chosen'; readonly mode: DesignerMode }
  | { readonly type: 'server-picked'; readonly server: string }
  | { readonly type: 'tables-loaded'; readonly server: string; readonly tables: readonly string[] }
  | { readonly type: 'tables-failed'; readonly server: string; readonly failure: FailureText }
  | { readonly type: 'table-picked'; readonly dynamoTable: string }
  /** `existing`: `schema.name` of every relation, so the suggested name is free. */
  | {
      readonly type: 'description-loaded';
      readonly dynamoTable: string;
      readonly desc: TableDescription;
      readonly existing: ReadonlySet<string>;
    }
  | { readonly type: 'description-failed'; readonly dynamoTable: string; readonly message: string }
  | { readonly type: 'column-changed'; readonly index: number; readonly patch: Partial<ColumnChoice> }
  | { readonly type: 'text-set'; readonly key: TextOption; readonly value: string }
  | { readonly type: 'flag-set'; readonly key: FlagOption; readonly value: boolean }
  | { readonly type: 'import-all-set'; readonly on: boolean }
  | { readonly type: 'import-toggled'; readonly table: string; readonly on: boolean }
  | { readonly type: 'server-form-set'; readonly key: keyof ServerForm; readonly value: string }
  | { readonly type: 'submitted' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'succeeded' }
  | { readonly type: 'server-created'; readonly name: string };

/** Opens on the first server's tables, or on the new-server form when there is none. */
export function initialDesigner(servers: readonly { readonly name: string }[]): DesignerState {
  return {
    mode: servers.length ? 'table' : 'server',
    server: servers[0]?.name ?? '',
    tables: null,
    tablesError: null,
    dynamoTable: '',
    desc: null,
    descLoading: false,
    columns: [],
    schema: 'dynamodb',
    tableName: '',
    catchAll: true,
    catchAllName: '_attrs',
    consistent: false,
    importSel: [],
    busy: false,
    message: null,
    serverForm: {
      name: 'my_dynamodb',
      region: 'us-east-1',
      endpointUrl: '',
      accessKeyId: '',
      secretAccessKey: '',
    },
    origin: null,
  };
}

/** Opens on a foreign table to change it: its columns, catch-all and options as the catalog holds them. */
export function alterDesigner(table: CatalogTable): DesignerState {
  const origin = alterOrigin(table);
  return {
    ...initialDesigner([{ name: table.server ?? '' }]),
    dynamoTable: table.dynamoTable ?? '',
    descLoading: true,
    columns: originColumns(table, origin),
    schema: table.schema,
    tableName: table.name,
    catchAll: origin.catchAll !== null,
    catchAllName: origin.catchAll ?? '_attrs',
    consistent: table.options.consistent_read === 'true',
    origin,
  };
}

/**
 * The columns once the table is described: a new design starts from the sample; a changed table
 * keeps its columns (with the types seen) and offers the sampled attributes it does not map, unticked.
 */
function describedColumns(s: DesignerState, desc: TableDescription): readonly ColumnChoice[] {
  const sampled = initialColumns(desc);
  if (!s.origin) return sampled;
  const seen = new Map(sampled.map((c) => [c.attribute, c]));
  const kept = s.columns.map((c) => {
    const d = seen.get(c.attribute);
    return d ? { ...c, keyRole: d.keyRole, seen: d.seen, frequency: d.frequency } : c;
  });
  const mapped = new Set(s.columns.map((c) => c.attribute));
  return [...kept, ...sampled.filter((c) => !mapped.has(c.attribute)).map((c) => ({ ...c, include: false }))];
}

/** `orders` → `orders`, or `orders_2`, `orders_3`, ... when `schema.orders` exists. */
export function freeTableName(dynamoTable: string, schema: string, existing: ReadonlySet<string>): string {
  const local = localTableName(dynamoTable).toLowerCase();
  let name = local;
  for (let n = 2; existing.has(`${schema}.${name}`); n++) name = `${local}_${n}`;
  return name;
}

/** Another server: its tables are listed anew, nothing of the last one stays picked. */
function withServer(s: DesignerState, server: string): DesignerState {
  return server === s.server
    ? s
    : { ...s, server, tables: null, tablesError: null, dynamoTable: '', desc: null, descLoading: false };
}

/** The designer after `action`; answers for a server or table no longer picked are ignored. */
export function designerReducer(s: DesignerState, action: DesignerAction): DesignerState {
  switch (action.type) {
    case 'mode-chosen':
      return { ...s, mode: action.mode };
    case 'server-picked':
      return { ...withServer(s, action.server), mode: s.mode === 'server' ? 'table' : s.mode };
    case 'tables-loaded':
      return action.server === s.server ? { ...s, tables: action.tables, importSel: action.tables } : s;
    case 'tables-failed':
      return action.server === s.server ? { ...s, tablesError: action.failure } : s;
    case 'table-picked':
      return action.dynamoTable === s.dynamoTable
        ? s
        : { ...s, dynamoTable: action.dynamoTable, desc: null, descLoading: true };
    case 'description-loaded':
      if (action.dynamoTable !== s.dynamoTable) return s;
      return {
        ...s,
        desc: action.desc,
        descLoading: false,
        columns: describedColumns(s, action.desc),
        tableName: s.origin ? s.tableName : freeTableName(action.dynamoTable, s.schema, action.existing),
      };
    case 'description-failed':
      return action.dynamoTable === s.dynamoTable
        ? { ...s, descLoading: false, message: { ok: false, text: action.message } }
        : s;
    case 'column-changed':
      return { ...s, columns: s.columns.map((c, i) => (i === action.index ? { ...c, ...action.patch } : c)) };
    case 'text-set':
      return { ...s, [action.key]: action.value };
    case 'flag-set':
      return { ...s, [action.key]: action.value };
    case 'import-all-set':
      return { ...s, importSel: action.on ? (s.tables ?? []) : [] };
    case 'import-toggled':
      return {
        ...s,
        importSel: action.on
          ? [...s.importSel.filter((t) => t !== action.table), action.table]
          : s.importSel.filter((t) => t !== action.table),
      };
    case 'server-form-set':
      return { ...s, serverForm: { ...s.serverForm, [action.key]: action.value } };
    case 'submitted':
      return { ...s, busy: true, message: null };
    case 'failed':
      return { ...s, busy: false, message: { ok: false, text: action.message } };
    case 'succeeded':
      return { ...s, busy: false };
    case 'server-created':
      return {
        ...withServer(s, action.name),
        busy: false,
        mode: 'table',
        message: { ok: true, text: `Server ${action.name} created.` },
      };
  }
}

/** What the server's table list shows: nothing to list, listing, the failure, or the tables. */
export type ServerTables =
  | { readonly kind: 'no-server' }
  | { readonly kind: 'listing' }
  | { readonly kind: 'failed'; readonly failure: FailureText }
  | { readonly kind: 'listed'; readonly tables: readonly string[] };

/** The one answer every mode's list renders (a failed listing is never "Listing tables…" or empty). */
export function serverTables(s: DesignerState): ServerTables {
  if (s.tablesError) return { kind: 'failed', failure: s.tablesError };
  if (s.tables) return { kind: 'listed', tables: s.tables };
  return s.server ? { kind: 'listing' } : { kind: 'no-server' };
}
