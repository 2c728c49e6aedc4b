import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import { ok, openTestEngine } from '../support/harness';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A catalog with what DDL must carry: quoted names, every kind of option, collation, default, NOT NULL. */
const CATALOG = `
  create foreign data wrapper dynamodb_wrapper;
  create server "Prod Server" foreign data wrapper dynamodb_wrapper options (
    aws_access_key_id 'AKIAIOSFODNN7EXAMPLE', aws_secret_access_key '${SECRET}',
    region 'eu-west-1', endpoint_url 'http://127.0.0.1:1', max_rcu_per_second '50', environment 'production');
  create server plain foreign data wrapper dynamodb_wrapper options (credentials 'default', region 'us-east-1');
  create schema "Sales";
  create foreign table "Sales"."Order Lines" (
    "Order" text options (attribute 'order-id') not null,
    line numeric,
    note text collate "C" default 'none',
    placed timestamp with time zone,
    amount numeric(10,2),
    tags text[],
    _attrs jsonb
  ) server "Prod Server" options (table 'order-lines', rowid_column 'Order', consistent_read 'true', read_percent '40');
  create foreign table "Sales".users (id text not null) server plain options (table 'users');
  create foreign table public.events (device_id text, ts bigint) server plain options (table 'events');
  create table public.notes (id int);
  create view public.recent as select 1 as one;
`;

describe('DDL generated from the catalog', () => {
  let source: Engine;
  let copy: Engine;
  beforeAll(async () => {
    [source, copy] = await Promise.all([openTestEngine(), openTestEngine()]);
    await ok(source, CATALOG);
  });
  afterAll(async () => {
    await source?.close();
    await copy?.close();
  });

  it('creates a server without its credentials, naming the ones it leaves out', async () => {
    const sql = await source.ddl({ kind: 'server', name: 'Prod Server' });
    expect(sql).toBe(
      [
        "-- aws_access_key_id, aws_secret_access_key: kept in Dynascope's vault, not shown; put yours in place of '<in the vault>'",
        'create server "Prod Server" foreign data wrapper dynamodb_wrapper options (',
        "  aws_access_key_id '<in the vault>',",
        "  aws_secret_access_key '<in the vault>',",
        "  region 'eu-west-1',",
        "  endpoint_url 'http://127.0.0.1:1',",
        "  max_rcu_per_second '50',",
        "  environment 'production'",
        ');',
      ].join('\n'),
    );
    expect(sql).not.toMatch(/AKIA|wJalr|\*\*\*/);
  });

  it('creates a foreign table with its options and column options', async () => {
    expect(await source.ddl({ kind: 'table', schema: 'Sales', name: 'Order Lines' })).toBe(
      [
        'create foreign table "Sales"."Order Lines" (',
        `  "Order" text options (attribute 'order-id') not null,`,
        '  line numeric,',
        `  note text collate "C" default 'none'::text,`,
        '  placed timestamp with time zone,',
        '  amount numeric(10,2),',
        '  tags text[],',
        '  _attrs jsonb',
        `) server "Prod Server" options (table 'order-lines', rowid_column 'Order', consistent_read 'true', read_percent '40');`,
      ].join('\n'),
    );
  });

  it('round trip: the generated DDL run on a fresh engine gives the same catalog', async () => {
    const script = [
      'create foreign data wrapper dynamodb_wrapper;',
      await source.ddl({ kind: 'server', name: 'Prod Server' }),
      await source.ddl({ kind: 'server', name: 'plain' }),
      await source.ddl({ kind: 'schema', name: 'Sales' }),
      await source.ddl({ kind: 'table', schema: 'public', name: 'events' }),
    ].join('\n');
    await ok(copy, script);
    // The DDL covers the foreign objects: the source's own local table and view are not part of it.
    const local = new Set(['public.notes', 'public.recent']);
    const sourceCatalog = await source.catalog();
    const withoutLocal = {
      ...sourceCatalog,
      tables: sourceCatalog.tables.filter((t) => !local.has(`${t.schema}.${t.name}`)),
    };
    expect(withoutLocal.tables).toHaveLength(sourceCatalog.tables.length - 2);
    expect(await copy.catalog()).toEqual(withoutLocal);
    // And the copy's DDL is the source's, object by object (credentials aside).
    expect(await copy.ddl({ kind: 'schema', name: 'Sales' })).toBe(
      await source.ddl({ kind: 'schema', name: 'Sales' }),
    );
    expect(await copy.ddl({ kind: 'server', name: 'Prod Server' })).toBe(
      await source.ddl({ kind: 'server', name: 'Prod Server' }),
    );
  });

  it('a schema: create schema, then each of its foreign tables; its other relations counted', async () => {
    const sql = await source.ddl({ kind: 'schema', name: 'Sales' });
    expect(sql.split('\n\n').map((s) => s.split('\n')[0])).toEqual([
      'create schema if not exists "Sales";',
      'create foreign table "Sales"."Order Lines" (',
      'create foreign table "Sales".users (',
    ]);
    expect(await source.ddl({ kind: 'schema', name: 'public' })).toMatch(
      /^create schema if not exists public;\n-- and 2 tables or views not shown \(only foreign tables are\)\n\ncreate foreign table public\.events \(/,
    );
  });

  it('names what does not exist with its SQLSTATE', async () => {
    for (const [target, sqlstate] of [
      [{ kind: 'server', name: 'nosuch' }, '42704'],
      [{ kind: 'schema', name: 'nosuch' }, '3F000'],
      [{ kind: 'table', schema: 'Sales', name: 'nosuch' }, '42P01'],
    ] as const) {
      const e = await source.ddl(target).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).sqlstate).toBe(sqlstate);
    }
  });
});
