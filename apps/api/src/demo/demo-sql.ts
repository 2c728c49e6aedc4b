/** The name of the demo's foreign server. */
export const DEMO_SERVER = 'demo';
/**
 * dynalite accepts any key pair; the demo still stores one in the vault so that the demo shows how
 * real credentials are kept. These values must never appear in a response or a log line.
 */
export const DEMO_ACCESS_KEY_ID = 'AKIADYNASCOPEDEMO7Q2X';
export const DEMO_SECRET_ACCESS_KEY = 'dYn4sc0pe/Demo/9f3Kq7Lm2Pz8Rt5Wv1Xy6Bn4Cs0Hj3';
export const DEMO_REGION = 'us-east-1';

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** What already exists in the catalog, so the set-up script only creates what is missing. */
export interface DemoCatalogState {
  readonly wrapper: boolean;
  readonly accessKeySecret: boolean;
  readonly secretKeySecret: boolean;
}

/** Query whose single row is a DemoCatalogState (columns in the interface's order). */
export const DEMO_STATE_SQL = `select
  exists (select 1 from pg_foreign_data_wrapper where fdwname = 'dynamodb_wrapper') as wrapper,
  exists (select 1 from vault.secrets where name = 'demo_access_key_id') as access_key_secret,
  exists (select 1 from vault.secrets where name = 'demo_secret_access_key') as secret_key_secret`;

/**
 * The script that wires the demo into a catalog without a `demo` server: the wrapper, the keys in
 * the vault, the server, `dynamodb.*` by IMPORT FOREIGN SCHEMA and typed tables in `public`.
 * It holds the demo's keys: never log it.
 */
export function demoSetupSql(endpoint: string, state: DemoCatalogState): string {
  return [
    state.wrapper
      ? null
      : 'create foreign data wrapper dynamodb_wrapper handler dynamo_db_fdw_handler validator dynamo_db_fdw_validator;',
    state.accessKeySecret
      ? null
      : `select vault.create_secret(${quote(DEMO_ACCESS_KEY_ID)}, 'demo_access_key_id', 'Access key ID of the embedded demo DynamoDB');`,
    state.secretKeySecret
      ? null
      : `select vault.create_secret(${quote(DEMO_SECRET_ACCESS_KEY)}, 'demo_secret_access_key', 'Secret access key of the embedded demo DynamoDB');`,
    `create server ${DEMO_SERVER} foreign data wrapper dynamodb_wrapper options (
  vault_access_key_id 'demo_access_key_id',
  vault_secret_access_key 'demo_secret_access_key',
  region ${quote(DEMO_REGION)},
  endpoint_url ${quote(endpoint)}
);`,
    'create schema if not exists dynamodb;',
    `import foreign schema dynamodb from server ${DEMO_SERVER} into dynamodb;`,
    TYPED_TABLES_SQL,
  ]
    .filter((statement) => statement !== null)
    .join('\n');
}

/** On later starts dynalite has a new port: point the existing server at it. */
export function demoEndpointSql(endpoint: string): string {
  return `alter server ${DEMO_SERVER} options (set endpoint_url ${quote(endpoint)});`;
}

const TYPED_TABLES_SQL = `
create foreign table if not exists public.users (
  user_id        text not null,
  name           text,
  email          text,
  age            integer,
  active         boolean,
  signup_at      timestamptz,
  country        text,
  lifetime_value numeric,
  avatar         bytea,
  _attrs         jsonb
) server ${DEMO_SERVER} options (table 'users', rowid_column 'user_id');

create foreign table if not exists public.orders (
  customer_id text not null,
  order_date  text not null,
  order_id    text,
  status      text,
  total       numeric,
  currency    text,
  items       jsonb,
  shipped_at  timestamptz,
  gift        boolean,
  _attrs      jsonb
) server ${DEMO_SERVER} options (table 'orders', rowid_column 'customer_id');

create foreign table if not exists public.products (
  sku          text not null,
  category     text,
  name         text,
  price        numeric,
  stock        integer,
  rating       numeric,
  discontinued boolean,
  image        bytea,
  _attrs       jsonb
) server ${DEMO_SERVER} options (table 'products', rowid_column 'sku');

create foreign table if not exists public.events (
  device_id   integer not null,
  ts          bigint not null,
  kind        text,
  duration_ms integer,
  value       numeric,
  payload     jsonb,
  _attrs      jsonb
) server ${DEMO_SERVER} options (table 'events', rowid_column 'device_id');
`;
