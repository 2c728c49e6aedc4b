import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { ok, openTestEngine, rows } from '../support/harness';
import { testPostgresUrl } from '../support/pg-database';
import { refusingEndpoint, type RefusingEndpoint } from '../support/refusing-endpoint';

/**
 * A vault call prepared with its secret as a parameter — what a driver sends for
 * `client.query('select vault.create_secret($1, $2)', [secret, name])`: Parse is a PREPARE, Bind and
 * Execute an EXECUTE with the values as literals — runs as the vault call it is. The host kept such a
 * statement and ran `execute p('s3cr3t')`, refused by its stub (0A000), and a PostgreSQL host wrote
 * the statement, secret and all, to its server log (log_min_error_statement = error; security review
 * s38-h1). The keys a server then signs with are seen by an HTTP listener standing in for DynamoDB.
 */
describe('vault calls prepared with parameters', () => {
  let engine: Engine;
  let listener: RefusingEndpoint | undefined;
  let endpoint: string;

  beforeAll(async () => {
    listener = await refusingEndpoint();
    endpoint = listener.endpoint;
    engine = await openTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
    await listener?.close();
  });

  /** The PostgreSQL host's server log (the test cluster's, beside its data directory); '' on PGlite. */
  const serverLog = async (): Promise<string> => {
    const url = testPostgresUrl();
    if (!url) return '';
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const dir = (await c.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
      return readFileSync(join(dirname(dir), 'server.log'), 'utf8');
    } finally {
      await c.end();
    }
  };

  it('EXECUTE of a prepared create_secret and update_secret stores the bound values; the host sees none', async () => {
    await ok(engine, "prepare mk as select vault.create_secret($1, $2, 'made by a driver')");
    const made = await engine.execute("execute mk('AKIAPREPARED0001', 'prep_key_id')");
    expect(made.error).toBeUndefined();
    expect(made.statements[0]!.rows[0]![0]).toMatch(/^[0-9a-f-]{36}$/);
    await ok(engine, "execute mk('preparedSecretValue0002', 'prep_secret')");
    await ok(engine, 'prepare upd(text, text) as select vault.update_secret($1, $2)');
    await ok(engine, "execute upd('prep_key_id', 'AKIAPREPARED0003')");
    expect(
      await rows(engine, "select name, description from vault.secrets where name like 'prep%' order by name"),
    ).toEqual([
      ['prep_key_id', 'made by a driver'],
      ['prep_secret', 'made by a driver'],
    ]);
    // The server signs with the secrets as EXECUTE bound them: the key id in its Authorization header.
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper;
       create server p foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'prep_key_id',
         vault_secret_access_key 'prep_secret', region 'us-east-1', endpoint_url '${endpoint}');
       create foreign table t (id text) server p options (table 't', rowid_column 'id')`,
    );
    await engine.execute("select * from t where id = 'x'");
    expect(String(listener!.seen.at(-1)?.authorization)).toContain('Credential=AKIAPREPARED0003/');
    const log = await serverLog();
    for (const secret of ['AKIAPREPARED0001', 'preparedSecretValue0002', 'AKIAPREPARED0003'])
      expect(log).not.toContain(secret);
  });

  it('a vault call prepared with named arguments runs as the vault call too; the host sees none', async () => {
    await ok(engine, 'prepare mkn as select vault.create_secret(secret => $1, name => $2)');
    await ok(engine, "execute mkn('namedSecretValue0006', 'prep_named')");
    await ok(
      engine,
      "prepare updn(text, text) as select vault.update_secret($1, new_description => 'rotated', new_secret => $2)",
    );
    const r = await engine.execute("execute updn('prep_named', 'namedSecretValue0007')");
    expect(r.error).toBeUndefined();
    expect(r.redactedSql).toBe("execute updn('prep_named', '********')");
    expect(
      await rows(engine, "select name, description from vault.secrets where name = 'prep_named'"),
    ).toEqual([['prep_named', 'rotated']]);
    // Refused as it runs (the name is taken): by the engine, not the host's stub, which would log it.
    const dup = await engine.execute("execute mkn('namedSecretValue0008', 'prep_named')");
    expect(dup.error?.sqlstate).toBe('23505');
    const log = await serverLog();
    for (const secret of ['namedSecretValue0006', 'namedSecretValue0007', 'namedSecretValue0008'])
      expect(log).not.toContain(secret);
  });

  it('a prepared vault call refused as it runs puts no secret in an error or the host log', async () => {
    await ok(engine, "prepare dup as select vault.create_secret($1, 'prep_secret')");
    const r = await engine.execute("execute dup('preparedSecretValue0004')");
    expect(r.error).toMatchObject({
      sqlstate: '23505',
      message: 'a vault secret named "prep_secret" already exists',
    });
    expect(await serverLog()).not.toContain('preparedSecretValue0004');
  });
  it("an EXECUTE's arguments bound to a prepared vault call's secret are masked in redactedSql", async () => {
    // Prepared in an earlier script: the session knows it as a vault call.
    await ok(engine, 'prepare hist as select vault.create_secret($1, $2)');
    const made = await engine.execute("execute hist('AKIAHISTORY00001', 'hist_key')");
    expect(made.error).toBeUndefined();
    expect(made.redactedSql).toBe("execute hist('********', 'hist_key')");
    expect(made.statements[0]!.sql).toBe("execute hist('********', 'hist_key')");
    // Prepared in the same script, its secret the second parameter; an EXPLAIN EXECUTE of it too.
    const script =
      'prepare rot(text, text) as select vault.update_secret($2, $1);\n' +
      "execute rot('AKIAHISTORY00002', 'hist_key');\nexplain execute rot(E'AKIAHISTORY'\n'00003', 'hist_key')";
    const rotated = await engine.execute(script);
    expect(rotated.redactedSql).toBe(
      'prepare rot(text, text) as select vault.update_secret($2, $1);\n' +
        "execute rot('********', 'hist_key');\nexplain execute rot('********', 'hist_key')",
    );
    expect(rotated.statements[1]!.sql).toBe("execute rot('********', 'hist_key')");
    // A refused EXECUTE (the name is taken): its error names no secret either.
    const dup = await engine.execute("execute hist('AKIAHISTORY00004', 'hist_key')");
    expect(dup.error?.sqlstate).toBe('23505');
    expect(dup.redactedSql).toBe("execute hist('********', 'hist_key')");
    // Another prepared statement's arguments are its own.
    await ok(engine, 'prepare plain as select $1::text');
    expect((await engine.execute("execute plain('AKIAHISTORY00005')")).redactedSql).toBe(
      "execute plain('AKIAHISTORY00005')",
    );
  });

  it('an EXECUTE after a syntax error, which does not run, is masked in redactedSql and the error', async () => {
    await ok(engine, 'prepare tail as select vault.create_secret($1, $2)');
    for (const [sql, redacted] of [
      ["selec 1; execute tail('AKIATAIL00000001', 'tail_k')", "selec 1; execute tail('********', 'tail_k')"],
      [
        "prepare tail2 as select vault.update_secret($2, $1); execute tail2('AKIATAIL00000001', 'k') selec 1",
        "prepare tail2 as select vault.update_secret($2, $1); execute tail2('********', 'k') selec 1",
      ],
      [
        "selec 1; execute unknown_p('AKIATAIL00000001', 2)",
        "selec 1; execute unknown_p('********', '********')",
      ],
      ["selec 1; execute tail('k', 'AKIATAIL00000001", "selec 1; execute tail('********'"],
    ]) {
      const r = await engine.execute(sql!);
      expect(r.error?.sqlstate).toBe('42601');
      expect(r.redactedSql).toBe(redacted);
      expect(JSON.stringify(r)).not.toContain('AKIATAIL00000001');
    }
    expect(await serverLog()).not.toContain('AKIATAIL00000001');
  });
});
