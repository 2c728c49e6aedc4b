import { qualifiedName, quoteIdent, quoteLiteral } from '../sql/identifiers';

export interface NewServer {
  readonly name: string;
  readonly wrapper: string;
  /** Create the foreign data wrapper first (none exists yet). */
  readonly createWrapper: boolean;
  readonly region: string;
  readonly endpointUrl: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * SQL creating a server whose credentials live in the vault: two `vault.create_secret` calls,
 * then `create server ... options (vault_access_key_id '<name>', ...)` naming the secrets.
 */
export function createServerSql(s: NewServer, maskSecrets = false): string {
  const secret = (v: string): string =>
    maskSecrets ? quoteLiteral('•'.repeat(Math.min(12, Math.max(8, v.length)))) : quoteLiteral(v);
  const idName = `${s.name}_access_key_id`;
  const keyName = `${s.name}_secret_access_key`;
  const opts = [
    `vault_access_key_id ${quoteLiteral(idName)}`,
    `vault_secret_access_key ${quoteLiteral(keyName)}`,
    `region ${quoteLiteral(s.region || 'us-east-1')}`,
    ...(s.endpointUrl ? [`endpoint_url ${quoteLiteral(s.endpointUrl)}`] : []),
  ];
  return [
    ...(s.createWrapper ? [`create foreign data wrapper ${quoteIdent(s.wrapper)};`] : []),
    `select vault.create_secret(${secret(s.accessKeyId)}, ${quoteLiteral(idName)}, ${quoteLiteral(`AWS access key ID for ${s.name}`)});`,
    `select vault.create_secret(${secret(s.secretAccessKey)}, ${quoteLiteral(keyName)}, ${quoteLiteral(`AWS secret access key for ${s.name}`)});`,
    `create server ${quoteIdent(s.name)} foreign data wrapper ${quoteIdent(s.wrapper)} options (\n  ${opts.join(',\n  ')}\n);`,
  ].join('\n');
}

export interface DesignedColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** The DynamoDB attribute it reads, when the column is named otherwise (the column option `attribute`). */
  readonly attribute?: string;
}

export interface ForeignTableDesign {
  readonly schema: string;
  readonly name: string;
  readonly server: string;
  readonly dynamoTable: string;
  readonly columns: readonly DesignedColumn[];
  /** Name of the jsonb catch-all column, or null for none. */
  readonly catchAll: string | null;
  readonly rowidColumn: string | null;
  readonly consistentRead: boolean;
}

/**
 * `create foreign table` for a design, identifiers quoted where needed; a column named otherwise than
 * its attribute maps to it with the column option `attribute`:
 * create foreign table dynamodb.orders (
 *   customer text options (attribute 'customer_id') not null,
 *   _attrs   jsonb
 * ) server dynamodb_server options (table 'orders', rowid_column 'customer');
 */
export function createForeignTableSql(d: ForeignTableDesign): string {
  const cols = d.columns.map(
    (c) =>
      `${quoteIdent(c.name)} ${c.type}${c.attribute !== undefined && c.attribute !== c.name ? ` options (attribute ${quoteLiteral(c.attribute)})` : ''}${c.notNull ? ' not null' : ''}`,
  );
  if (d.catchAll) cols.push(`${quoteIdent(d.catchAll)} jsonb`);
  const width = Math.max(
    0,
    ...d.columns.map((c) => quoteIdent(c.name).length),
    d.catchAll ? quoteIdent(d.catchAll).length : 0,
  );
  const aligned = cols.map((line) => {
    const m = /^("(?:[^"]|"")+"|\S+) (.*)$/.exec(line)!;
    return `  ${m[1]!.padEnd(width)} ${m[2]}`;
  });
  const options = [`table ${quoteLiteral(d.dynamoTable)}`];
  if (d.rowidColumn) options.push(`rowid_column ${quoteLiteral(d.rowidColumn)}`);
  if (d.consistentRead) options.push(`consistent_read 'true'`);
  return `create foreign table ${qualifiedName(d.schema, d.name)} (\n${aligned.join(',\n')}\n) server ${quoteIdent(d.server)} options (${options.join(', ')});`;
}

export interface ImportDesign {
  readonly server: string;
  readonly into: string;
  readonly all: readonly string[];
  readonly selected: readonly string[];
}

/**
 * `import foreign schema`, choosing LIMIT TO or EXCEPT by whichever list is shorter;
 * everything selected → no clause. Also prepends `create schema if not exists`.
 */
export function importSchemaSql(d: ImportDesign): string {
  const selected = new Set(d.selected);
  const excluded = d.all.filter((t) => !selected.has(t));
  const picked = d.all.filter((t) => selected.has(t));
  let clause = '';
  if (excluded.length > 0) {
    clause =
      picked.length <= excluded.length
        ? ` limit to (${picked.map(quoteIdent).join(', ')})`
        : ` except (${excluded.map(quoteIdent).join(', ')})`;
  }
  return `create schema if not exists ${quoteIdent(d.into)};\nimport foreign schema dynamodb${clause} from server ${quoteIdent(d.server)} into ${quoteIdent(d.into)};`;
}

/** A local table name for a DynamoDB table: characters outside [A-Za-z0-9_] become `_`. */
export function localTableName(dynamoTable: string): string {
  return dynamoTable.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Postgres type for a DynamoDB key attribute type. */
export function keyColumnType(t: 'S' | 'N' | 'B'): string {
  return t === 'N' ? 'numeric' : t === 'B' ? 'bytea' : 'text';
}

/** Postgres types offered in the designer. */
export const POSTGRES_TYPES = [
  'text',
  'numeric',
  'bigint',
  'integer',
  'smallint',
  'double precision',
  'real',
  'boolean',
  'timestamptz',
  'timestamp',
  'date',
  'jsonb',
  'bytea',
] as const;
