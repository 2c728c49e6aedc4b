import { statSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  fails,
  ok,
  openTestEngine,
  putItems,
  rows,
  uniqueName,
} from '../support/harness';
import { startRequestLog } from '../support/request-log';
import { testClient } from '../support/ports';

/** Spec §1: the wrapper, the vault, servers, foreign tables, IMPORT FOREIGN SCHEMA. */
describe.each(BACKENDS)('objects on %s', (backend) => {
  let engine: Engine;
  const orders = uniqueName('orders');
  const odd = uniqueName('Order-Items.v2');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, orders, { name: 'customer_id', type: 'S' }, { name: 'order_date', type: 'S' });
    await putItems(client, orders, [
      { customer_id: { S: 'c1' }, order_date: { S: '2024-01-01' }, total: { N: '10.5' } },
    ]);
    await createTable(client, odd, { name: 'userId', type: 'N' }, { name: 'sk', type: 'S' });
    await putItems(client, odd, [{ userId: { N: '7' }, sk: { S: 'a' }, qty: { N: '3' } }]);
    engine = await openTestEngine();
  });
  afterAll(() => engine?.close());

  it('accepts the documented setup verbatim, and the short wrapper form', async () => {
    await createDocServer(engine, backend);
    await ok(engine, 'create foreign data wrapper short_wrapper');
    expect(await rows(engine, 'select fdwname from pg_foreign_data_wrapper order by 1')).toEqual([
      ['dynamodb_wrapper'],
      ['short_wrapper'],
    ]);
  });

  it('vault.create_secret returns a uuid; vault.secrets shows metadata, never the secret', async () => {
    const [r] = await ok(engine, "select vault.create_secret('s3cr3t-value', 'my_secret', 'a description')");
    expect(r!.columns).toEqual([{ name: 'create_secret', type: 'uuid' }]);
    expect(String(r!.rows[0]![0])).toMatch(/^[0-9a-f-]{36}$/);
    expect(r!.sql).not.toContain('s3cr3t-value');
    const listed = await ok(engine, "select * from vault.secrets where name = 'my_secret'");
    expect(listed[0]!.columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'description',
      'created_at',
      'updated_at',
    ]);
    expect(toJson(listed)).not.toContain('s3cr3t-value');
    // The ciphertexts are the engine's: user SQL cannot read them, and they hold no plain text.
    expect((await fails(engine, 'select * from dynascope.secret_values')).sqlstate).toBe('42501');
    const host = engine['host'];
    const dump = await host.asOwner(() =>
      host.query("select string_agg(encode(ciphertext, 'escape'), '') from dynascope.secret_values"),
    );
    expect(dump.rows[0]![0]).toBeTruthy();
    expect(toJson(dump.rows)).not.toContain('s3cr3t-value');
  });

  it('vault references accept a uuid as well as a name', async () => {
    const [key] = await ok(engine, "select vault.create_secret('AKIDTESTTESTTEST', null, 'by id')");
    const [secret] = await ok(engine, "select vault.create_secret('test-secret', null, 'by id')");
    await ok(
      engine,
      `create server by_uuid foreign data wrapper dynamodb_wrapper options (vault_access_key_id '${key!.rows[0]![0]}', vault_secret_access_key '${secret!.rows[0]![0]}', endpoint_url '${endpointOf(backend)}');
       create foreign table public.orders_by_uuid (customer_id text, total numeric) server by_uuid options (table '${orders}')`,
    );
    expect(await rows(engine, 'select customer_id, total from public.orders_by_uuid')).toEqual([
      ['c1', '10.5'],
    ]);
  });

  it('vault.update_secret rotates a secret: the next request is signed with it; the SQL never shows it', async () => {
    const relay = await startRequestLog(endpointOf(backend));
    const rotating = uniqueName('rotating');
    // The same table under both key ids: DynamoDB Local keeps tables per access key id.
    for (const akid of ['AKIDOLDOLDOLD', 'AKIDNEWNEWNEW']) {
      const keyed = testClient(endpointOf(backend), akid);
      await createTable(keyed, rotating, { name: 'customer_id', type: 'S' }).catch((e: Error) => {
        if (e.name !== 'ResourceInUseException') throw e;
      });
      await putItems(keyed, rotating, [{ customer_id: { S: 'c1' } }]);
      keyed.destroy();
    }
    try {
      await ok(
        engine,
        "select vault.create_secret('AKIDOLDOLDOLD', 'rot_key', 'rotating key id'); select vault.create_secret('old-secret', 'rot_secret')",
      );
      await ok(
        engine,
        `create server rotating foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'rot_key', vault_secret_access_key 'rot_secret', endpoint_url '${relay.endpoint}');
         create foreign table public.orders_rotating (customer_id text) server rotating options (table '${rotating}')`,
      );
      expect(await rows(engine, 'select customer_id from public.orders_rotating')).toEqual([['c1']]);
      expect(relay.requests.at(-1)!.accessKeyId).toBe('AKIDOLDOLDOLD');
      const [r] = await ok(engine, "select vault.update_secret('rot_key', 'AKIDNEWNEWNEW', null, 'rotated')");
      expect(r!.columns).toEqual([{ name: 'update_secret', type: 'void' }]);
      expect(r!.sql).toBe("select vault.update_secret('rot_key', '********', null, 'rotated')");
      expect(await rows(engine, 'select customer_id from public.orders_rotating')).toEqual([['c1']]);
      expect(relay.requests.at(-1)!.accessKeyId).toBe('AKIDNEWNEWNEW');
      expect(
        await rows(
          engine,
          "select description, updated_at > created_at from vault.secrets where name = 'rot_key'",
        ),
      ).toEqual([['rotated', true]]);
      // By uuid, renaming; the old name then names nothing.
      const id = (await rows(engine, "select id from vault.secrets where name = 'rot_secret'"))[0]![0];
      await ok(engine, `select vault.update_secret('${id}', null, 'rot_secret_2')`);
      expect(await rows(engine, `select name from vault.secrets where id = '${id}'`)).toEqual([
        ['rot_secret_2'],
      ]);
      expect((await fails(engine, "select vault.update_secret('no_such_secret', 'x')")).sqlstate).toBe(
        '42704',
      );
      expect(
        (await fails(engine, "select vault.update_secret('rot_key', null, 'rot_secret_2')")).sqlstate,
      ).toBe('23505');
      expect(
        (await fails(engine, "select vault.update_secret('rot_key', 'x') from pg_class limit 1")).sqlstate,
      ).toBe('0A000');
      // Only literals: an expression is refused, not taken as NULL (which would keep the old secret).
      const host = engine['host'];
      const nonce = () =>
        host.asOwner(
          async () =>
            (
              await host.query(
                "select encode(v.nonce, 'hex') from dynascope.secret_values v join vault.secrets s using (id) where s.name = 'rot_key'",
              )
            ).rows,
        );
      const before = await nonce();
      expect(before[0]![0]).toMatch(/^[0-9a-f]{24}$/);
      // (A string cast to text is a constant, as EXECUTE binds a parameter: run/vault-call.ts.)
      expect((await fails(engine, "select vault.update_secret('rot_key', lower('AKIDEXPR'))")).sqlstate).toBe(
        '0A000',
      );
      expect(
        (await fails(engine, "select vault.update_secret('rot_key', 'AKID' || 'EXPR'::text)")).sqlstate,
      ).toBe('0A000');
      expect(await nonce()).toEqual(before);
      // EXPLAIN VERBOSE would print the arguments.
      const explained = await fails(
        engine,
        "explain verbose select vault.update_secret('rot_key', 'AKIDEXPLAIN')",
      );
      expect(explained.sqlstate).toBe('0A000');
      expect(JSON.stringify(explained)).not.toContain('AKIDEXPLAIN');
    } finally {
      await relay.close();
    }
  });

  it('a vault reference that names no secret is a clear error at first use', async () => {
    await ok(
      engine,
      `create server dangling foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'nope', vault_secret_access_key 'nope2', endpoint_url '${endpointOf(backend)}');
       create foreign table public.dangling (customer_id text) server dangling options (table '${orders}')`,
    );
    const e = await fails(engine, 'select * from public.dangling');
    expect(e.message).toBe('vault secret "nope" not found');
    expect(e.sqlstate).toBe('HV000');
  });

  it('validates server options in the spec order with its exact messages', async () => {
    const cases: [string, string, string][] = [
      ["aws_access_key_id 'a'", 'required option `aws_secret_access_key` is not specified', 'HV000'],
      ["aws_secret_access_key 'a'", 'required option `aws_access_key_id` is not specified', 'HV000'],
      ["vault_access_key_id 'a'", 'required option `vault_secret_access_key` is not specified', 'HV000'],
      ["vault_secret_access_key 'a'", 'required option `vault_access_key_id` is not specified', 'HV000'],
      [
        "region 'eu-west-1'",
        'invalid server options: must provide either (aws_access_key_id + aws_secret_access_key) or (vault_access_key_id + vault_secret_access_key)',
        'HV000',
      ],
      ["credentials 'default', bogus 'x'", 'invalid option "bogus"', 'HV00D'],
    ];
    for (const [opts, message, sqlstate] of cases) {
      const e = await fails(
        engine,
        `create server bad foreign data wrapper dynamodb_wrapper options (${opts})`,
      );
      expect(e.message).toBe(message);
      expect(e.sqlstate).toBe(sqlstate);
    }
    // Nothing was half-created.
    expect(await rows(engine, "select count(*) from pg_foreign_server where srvname = 'bad'")).toEqual([
      ['0'],
    ]);
    // credentials 'default' alone is valid (the AWS credential chain).
    await ok(
      engine,
      "create server chain foreign data wrapper dynamodb_wrapper options (credentials 'default', region 'eu-west-1')",
    );
  });

  it('ALTER SERVER is validated against the resulting options and rolled back when invalid', async () => {
    const e = await fails(engine, 'alter server dynamodb_server options (drop vault_secret_access_key)');
    expect(e.message).toBe('required option `vault_secret_access_key` is not specified');
    expect(
      await rows(
        engine,
        "select count(*) from pg_options_to_table((select srvoptions from pg_foreign_server where srvname = 'dynamodb_server')) where option_name = 'vault_secret_access_key'",
      ),
    ).toEqual([['1']]);
  });

  it('plain credentials go to the vault; the catalog shows ******** everywhere', async () => {
    const [created] = await ok(
      engine,
      `create server plain foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIDTESTTESTTEST', aws_secret_access_key 'plain-secret-xyz', endpoint_url '${endpointOf(backend)}')`,
    );
    expect(created!.sql).not.toContain('plain-secret-xyz');
    const views = await ok(
      engine,
      `select srvoptions::text from pg_foreign_server where srvname = 'plain';
       select option_value from information_schema.foreign_server_options where foreign_server_name = 'plain';
       select * from pg_options_to_table((select srvoptions from pg_foreign_server where srvname = 'plain'));`,
    );
    const text = toJson(views);
    expect(text).not.toContain('plain-secret-xyz');
    expect(text).not.toContain('AKIDTESTTESTTEST');
    expect(text).toContain('********');
    // ... and the server still works: the engine reads them from the vault.
    await ok(
      engine,
      `create foreign table public.orders_plain (customer_id text, total numeric) server plain options (table '${orders}')`,
    );
    expect(await rows(engine, 'select total from public.orders_plain')).toEqual([['10.5']]);
    // ALTER SERVER ... SET replaces the stored secret.
    await ok(engine, "alter server plain options (set aws_secret_access_key 'another-secret-abc')");
    expect(
      toJson(await ok(engine, "select srvoptions from pg_foreign_server where srvname = 'plain'")),
    ).not.toContain('another-secret-abc');
  });

  it('endpoint_url is per server: two servers on two endpoints never leak into each other', async () => {
    const other = backend === 'dynalite' ? 'dynamodb-local' : 'dynalite';
    const otherTable = uniqueName('elsewhere');
    await createTable(clientOf(other), otherTable, { name: 'id', type: 'S' });
    await putItems(clientOf(other), otherTable, [{ id: { S: 'there' } }]);
    await ok(
      engine,
      `create server other_endpoint foreign data wrapper dynamodb_wrapper options (aws_access_key_id 'AKIDTESTTESTTEST', aws_secret_access_key 'x', endpoint_url '${endpointOf(other)}');
       create foreign table public.here (customer_id text) server dynamodb_server options (table '${orders}');
       create foreign table public.there (id text) server other_endpoint options (table '${otherTable}');`,
    );
    expect(
      await rows(
        engine,
        'select (select customer_id from public.here), (select id from public.there), (select customer_id from public.here)',
      ),
    ).toEqual([['c1', 'there', 'c1']]);
    // The table exists only behind the other endpoint.
    const e = await fails(
      engine,
      `create foreign table public.wrong (id text) server dynamodb_server options (table '${otherTable}'); select * from public.wrong`,
    );
    expect(e.sqlstate).toBe('HV00R');
    expect(e.message).toMatch(/ResourceNotFoundException/);
  });

  it('foreign tables: `table` is required, unknown options are rejected', async () => {
    const missing = await fails(
      engine,
      "create foreign table public.t1 (id text) server dynamodb_server options (rowid_column 'id')",
    );
    expect(missing.message).toBe('required option `table` is not specified');
    const unknown = await fails(
      engine,
      "create foreign table public.t2 (id text) server dynamodb_server options (table 'x', colour 'red')",
    );
    expect(unknown.message).toBe('invalid option "colour"');
    expect(unknown.position).toBeGreaterThan(0);
    const alter = await fails(
      engine,
      `create foreign table public.t3 (id text) server dynamodb_server options (table 'x'); alter foreign table public.t3 options (drop table)`,
    );
    expect(alter.message).toBe('required option `table` is not specified');
    expect(
      await rows(engine, "select count(*) from pg_foreign_table where ftrelid = 'public.t3'::regclass"),
    ).toEqual([['1']]);
  });

  it('TRUNCATE of a foreign table is refused as upstream does', async () => {
    const e = await fails(engine, 'truncate public.orders_plain');
    expect(e).toMatchObject({ sqlstate: '0A000', message: 'cannot truncate foreign table "orders_plain"' });
  });

  it('IMPORT FOREIGN SCHEMA: typed keys, quoted identifiers, sanitised names, LIMIT TO / EXCEPT, skips existing', async () => {
    await ok(engine, 'create schema imported');
    await ok(
      engine,
      `import foreign schema dynamodb limit to ("${odd}") from server dynamodb_server into imported`,
    );
    const local = odd.replace(/[^A-Za-z0-9_]/g, '_');
    const cols = await rows(
      engine,
      `select attname, format_type(atttypid, atttypmod), attnotnull from pg_attribute where attrelid = 'imported."${local}"'::regclass and attnum > 0 order by attnum`,
    );
    expect(cols).toEqual(
      [
        ['userId', 'numeric', true],
        ['sk', 'text', false],
        ['_attrs', 'jsonb', false],
      ]
        .map(([a, b, c]) => [a, b, c ? 't' : 'f'])
        .map((r) => [r[0], r[1], r[2] === 't']),
    );
    const opts = await rows(
      engine,
      `select ftoptions::text from pg_foreign_table where ftrelid = 'imported."${local}"'::regclass`,
    );
    expect(opts[0]![0]).toContain(`table=${odd}`);
    expect(opts[0]![0]).toContain('rowid_column=userId');
    expect(
      await rows(engine, `select "userId", sk, _attrs from imported."${local}" where "userId" = 7`),
    ).toEqual([['7', 'a', { qty: 3 }]]);
    // Again: the existing table is skipped with a NOTICE; EXCEPT by local name leaves it out.
    const again = await ok(
      engine,
      `import foreign schema dynamodb limit to ("${local}") from server dynamodb_server into imported`,
    );
    expect(again[0]!.notices.join('\n')).toMatch(/already exists, skipping/);
    await ok(engine, 'create schema imported2');
    await ok(
      engine,
      `import foreign schema dynamodb except ("${local}") from server dynamodb_server into imported2`,
    );
    const names = (
      await rows(
        engine,
        "select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'imported2'",
      )
    ).flat();
    expect(names).toContain(orders);
    expect(names).not.toContain(local);
  });

  it('keeps the catalog and the vault across reopening a data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynascope-data-'));
    const first = await Engine.open({ dataDir: dir });
    await ok(first, "select vault.create_secret('persisted-secret', 'p', '')");
    await first.close();
    expect(statSync(join(dir, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'vault.key'), 'utf8')).not.toContain('persisted-secret');
    const second = await Engine.open({ dataDir: dir });
    expect(await rows(second, 'select name from vault.secrets')).toEqual([['p']]);
    await second.close();
  }, 120_000);
});
