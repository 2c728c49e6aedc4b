import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { GetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { ScriptResult } from '../../src/types';
import { AwsFiles } from '../support/aws-files';
import { createTable, openTestEngine, putItems } from '../support/harness';
import { policy, startMoto, type AccessKey, type Moto } from '../support/moto';

const ACCOUNT = '123456789012';
const READ_ACTIONS = [
  'dynamodb:DescribeTable',
  'dynamodb:ListTables',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'sts:*',
];
const SECRET_MARK = 'SECRETLEAK-credential-process-output';

/**
 * Credentials per server against moto with IAM enforced: a user `base` allowed only to assume roles,
 * a read-only role `reader` (with an external id) and a read-write role `writer`; profiles in
 * temporary config files; vault keys with a role on top. Every answer is kept to check for secrets.
 */
describe('servers with their own AWS identities (moto, IAM enforced)', () => {
  let moto: Moto;
  let engine: Engine;
  let base: AccessKey;
  let admin: DynamoDBClient;
  const aws = new AwsFiles();
  const answers: ScriptResult[] = [];

  const run = async (sql: string) => {
    const r = await engine.execute(sql, { pageSize: 1000 });
    answers.push(r);
    return r;
  };
  const ok = async (sql: string) => {
    const r = await run(sql);
    if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    return r.statements;
  };
  const rowsOf = async (sql: string) => JSON.parse(toJson((await ok(sql)).at(-1)!.rows)) as unknown[][];
  const fails = async (sql: string) => {
    const r = await run(sql);
    if (!r.error) throw new Error(`expected an error from: ${sql}`);
    return r.error;
  };

  beforeAll(async () => {
    moto = await startMoto();
    const endpoint = moto.endpoint;
    const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: moto.admin, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'base' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'base',
        PolicyName: 'assume-only',
        PolicyDocument: policy(['sts:*']),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'base' }))).AccessKey!;
    base = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const trust = (condition?: object) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/base` },
            Action: 'sts:AssumeRole',
            ...(condition && { Condition: condition }),
          },
        ],
      });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: trust({ StringEquals: { 'sts:ExternalId': 'ext-reader' } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'reader',
        PolicyName: 'read',
        PolicyDocument: policy(READ_ACTIONS),
      }),
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'writer', AssumeRolePolicyDocument: trust() }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'writer',
        PolicyName: 'write',
        PolicyDocument: policy(['dynamodb:*', 'sts:*']),
      }),
    );
    iam.destroy();

    // "prod" lives in us-west-2 (the reader profile's region), "staging" in us-east-1.
    const west = new DynamoDBClient({ region: 'us-west-2', endpoint, credentials: moto.admin });
    await createTable(west, 'accounts', { name: 'id', type: 'S' });
    await putItems(west, 'accounts', [
      { id: { S: 'a1' }, name: { S: 'Ada' } },
      { id: { S: 'a2' }, name: { S: 'Bob' } },
    ]);
    west.destroy();
    admin = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: moto.admin });
    await createTable(admin, 'orders', { name: 'id', type: 'S' });
    await putItems(admin, 'orders', [{ id: { S: 'o1' }, account_id: { S: 'a1' }, total: { N: '12.5' } }]);
    await createTable(admin, 'accounts_copy', { name: 'id', type: 'S' });

    const helper = aws.path('helper.mjs');
    writeFileSync(
      helper,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(base.accessKeyId)}, SecretAccessKey: ${JSON.stringify(base.secretAccessKey)} }));\n`,
    );
    const broken = aws.path('broken.mjs');
    writeFileSync(
      broken,
      `console.log(${JSON.stringify(SECRET_MARK)}); console.error(${JSON.stringify(SECRET_MARK)}); process.exit(3);\n`,
    );
    // Helpers that count their runs: one with long-lived keys, one whose keys expire in 4 minutes.
    const counted = (name: string, expiresInMs: number | null) => {
      const file = aws.path(`${name}.mjs`);
      const expiration =
        expiresInMs === null ? '' : `, Expiration: new Date(Date.now() + ${expiresInMs}).toISOString()`;
      writeFileSync(
        file,
        `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(aws.path(`${name}.runs`))}, 'x');\n` +
          `console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(base.accessKeyId)}, SecretAccessKey: ${JSON.stringify(base.secretAccessKey)}${expiration} }));\n`,
      );
      return file;
    };
    const longLived = counted('long-lived', null);
    const shortLived = counted('short-lived', 4 * 60_000);
    for (const f of [helper, broken, longLived, shortLived]) chmodSync(f, 0o600);
    aws.use(
      [
        '[profile reader]',
        `role_arn = arn:aws:iam::${ACCOUNT}:role/reader`,
        'source_profile = base',
        'external_id = ext-reader',
        'role_session_name = reader-session',
        'region = us-west-2',
        '[profile helper]',
        `credential_process = ${process.execPath} ${helper}`,
        '[profile long-lived]',
        `credential_process = ${process.execPath} ${longLived}`,
        '[profile short-lived]',
        `credential_process = ${process.execPath} ${shortLived}`,
        '[profile broken-helper]',
        `credential_process = ${process.execPath} ${broken}`,
        '[profile dev]',
        'sso_session = corp',
        `sso_account_id = ${ACCOUNT}`,
        'sso_role_name = Dev',
        '[sso-session corp]',
        'sso_start_url = https://dynascope-test-never-logged-in.awsapps.com/start',
        'sso_region = us-east-1',
      ],
      [
        '[base]',
        `aws_access_key_id = ${base.accessKeyId}`,
        `aws_secret_access_key = ${base.secretAccessKey}`,
      ],
    );

    engine = await openTestEngine();
    const at = `endpoint_url '${endpoint}', sts_endpoint_url '${endpoint}'`;
    await ok(`
      create foreign data wrapper dynamodb_wrapper;
      select vault.create_secret('${base.accessKeyId}', 'base_key', 'base user');
      select vault.create_secret('${base.secretAccessKey}', 'base_secret', 'base user');
      create server prod foreign data wrapper dynamodb_wrapper options (profile 'reader', environment 'production', ${at});
      create server staging foreign data wrapper dynamodb_wrapper options (profile 'helper', role_arn 'arn:aws:iam::${ACCOUNT}:role/writer', region 'us-east-1', ${at});
      create server helper_only foreign data wrapper dynamodb_wrapper options (profile 'helper', ${at});
      create server base_only foreign data wrapper dynamodb_wrapper options (profile 'base', ${at});
      create server vaulted foreign data wrapper dynamodb_wrapper options (
        vault_access_key_id 'base_key', vault_secret_access_key 'base_secret',
        role_arn 'arn:aws:iam::${ACCOUNT}:role/reader', external_id 'ext-reader', region 'us-west-2', ${at});
      create server wrong_external_id foreign data wrapper dynamodb_wrapper options (
        vault_access_key_id 'base_key', vault_secret_access_key 'base_secret',
        role_arn 'arn:aws:iam::${ACCOUNT}:role/reader', external_id 'not-the-one', ${at});
      create server long_lived foreign data wrapper dynamodb_wrapper options (profile 'long-lived', ${at});
      create server short_lived foreign data wrapper dynamodb_wrapper options (profile 'short-lived', ${at});
      create server nope foreign data wrapper dynamodb_wrapper options (profile 'nope', ${at});
      create server dev_sso foreign data wrapper dynamodb_wrapper options (profile 'dev', ${at});
      create server broken foreign data wrapper dynamodb_wrapper options (profile 'broken-helper', ${at});
      create schema p; create schema s;
      create foreign table p.accounts (id text not null, name text) server prod options (table 'accounts', rowid_column 'id');
      create foreign table s.orders (id text not null, account_id text, total numeric) server staging options (table 'orders', rowid_column 'id');
      create foreign table s.accounts_copy (id text not null, name text) server staging options (table 'accounts_copy', rowid_column 'id');
      create foreign table public.orders_as_base (id text not null) server base_only options (table 'orders', rowid_column 'id');
      create foreign table public.accounts_nope (id text not null) server nope options (table 'accounts', rowid_column 'id');
      create foreign table public.accounts_sso (id text not null) server dev_sso options (table 'accounts', rowid_column 'id');
    `);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    admin?.destroy();
    aws.dispose();
    await moto?.stop();
  });

  const identity = async (server: string) => {
    const [row] = await rowsOf(
      `select account, arn, user_id, source, expires_at from dynascope.server_identity('${server}')`,
    );
    const [account, arn, userId, source, expiresAt] = row as (string | null)[];
    return { account, arn, userId, source, expiresAt };
  };

  it('server_identity: a role profile (source_profile), with its external id and session name', async () => {
    const i = await identity('prod');
    expect(i).toMatchObject({
      account: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/reader-session`,
      source: 'profile reader',
    });
    expect(i.userId).toMatch(/:reader-session$/);
    expect(Date.parse(i.expiresAt!)).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it('server_identity: a credential_process profile, alone and with a role on top', async () => {
    expect(await identity('helper_only')).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT}:user/base`,
      source: 'profile helper',
      expiresAt: null,
    });
    expect(await identity('staging')).toMatchObject({
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/writer/dynascope`,
      source: 'profile helper → assume-role writer',
    });
  });

  it('server_identity: static keys of a profile, and vault keys with role_arn + external_id', async () => {
    expect(await identity('base_only')).toMatchObject({
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:user/base`,
      source: 'profile base',
      expiresAt: null,
    });
    expect(await identity('vaulted')).toMatchObject({
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/dynascope`,
      source: 'vault keys → assume-role reader',
    });
  });

  it('one credential resolution per server option set; credentials about to expire are obtained again before use', async () => {
    const runs = (name: string) => readFileSync(aws.path(`${name}.runs`), 'utf8').length;
    for (let i = 0; i < 3; i++) await identity('long_lived');
    await rowsOf('select count(*) from pg_foreign_server'); // other statements do not resolve again
    expect(runs('long-lived')).toBe(1);
    for (let i = 0; i < 3; i++)
      expect((await identity('short_lived')).arn).toBe(`arn:aws:iam::${ACCOUNT}:user/base`);
    // Each use finds them within 5 minutes of expiring, so each use refreshes them first.
    expect(runs('short-lived')).toBeGreaterThanOrEqual(3);
    // ALTER SERVER: a new option set, a new resolution.
    await ok("alter server long_lived options (add region 'us-west-2')");
    await identity('long_lived');
    expect(runs('long-lived')).toBe(2);
  });

  it('server_identity works wherever a set-returning function does, and only for servers that exist', async () => {
    expect(
      await rowsOf(
        "select s.srvname, i.source from pg_foreign_server s, dynascope.server_identity('staging') i where s.srvname = 'staging'",
      ),
    ).toEqual([['staging', 'profile helper → assume-role writer']]);
    expect(await rowsOf("select (dynascope.server_identity('base_only')).arn")).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/base`],
    ]);
    const e = await fails("select * from dynascope.server_identity('no_such_server')");
    expect(e).toMatchObject({
      sqlstate: '42704',
      message: 'server "no_such_server" does not exist',
      position: 15,
    });
    // The identities are the engine's: user SQL cannot set the setting they are kept in — by SET,
    // set_config or a function's SET clause — nor stand in for it with a table or view of its own,
    // whether the engine filled it for the call or not.
    const real = [[`arn:aws:iam::${ACCOUNT}:user/base`]];
    const forged = `[{"server": "base_only", "account": "1", "arn": "arn:forged", "user_id": "u", "source": "s"}]`;
    expect(await fails(`set dynascope.caller_identities = '${forged}'`)).toMatchObject({
      sqlstate: '42501',
      message: 'permission denied to set parameter "dynascope.caller_identities"',
    });
    expect((await fails(`set local dynascope.caller_identities = '${forged}'`)).sqlstate).toBe('42501');
    expect((await fails('reset dynascope.caller_identities')).sqlstate).toBe('42501');
    expect(
      (await fails(`select pg_catalog.set_config('dynascope.caller_identities', '${forged}', false)`))
        .sqlstate,
    ).toBe('42501');
    expect(
      (
        await fails(
          `create function forge() returns text language sql set dynascope.caller_identities = '${forged}' as $$ select (dynascope.server_identity('base_' || 'only')).arn $$`,
        )
      ).sqlstate,
    ).toBe('42501');
    const columns = 'server text, account text, arn text, user_id text, source text, expires_at timestamptz';
    await ok(
      `create temp table caller_identities (${columns}); insert into caller_identities values ('base_only', '1', 'arn:forged', 'u', 's', null);
       create temp view server_identities as select * from caller_identities`,
    );
    expect(await rowsOf("select arn from dynascope.server_identity('base_only')")).toEqual(real);
    // Not a constant: the engine fills nothing; the function reads the session's last answers.
    expect(await rowsOf("select arn from dynascope.server_identity('base_' || 'only')")).toEqual(real);
    await ok('drop view server_identities; drop table caller_identities');
  });

  it('server_identity writes nothing: it answers in a READ ONLY block, and each session keeps its own answers', async () => {
    // It used to write a table: in a READ ONLY block that was 25006, and the block was lost.
    const [begin, arn, commit] = await ok(
      "begin read only; select arn from dynascope.server_identity('base_only'); commit",
    );
    expect([begin!.command, commit!.command]).toEqual(['BEGIN', 'COMMIT']);
    expect(JSON.parse(toJson(arn!.rows))).toEqual([[`arn:aws:iam::${ACCOUNT}:user/base`]]);
    // Two sessions (on PGlite, one connection taking turns): B's answers do not replace A's.
    const inSession = async (session: string, sql: string) => {
      const r = await engine.execute(sql, { pageSize: 1000, session });
      if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
      return JSON.parse(toJson(r.statements.at(-1)!.rows)) as unknown[][];
    };
    await inSession('identities-a', "select arn from dynascope.server_identity('base_only')");
    await inSession('identities-b', "select arn from dynascope.server_identity('prod')");
    const lastAnswer = (server: string) => `select arn from dynascope.server_identity(${server})`;
    expect(await inSession('identities-a', lastAnswer("'base_' || 'only'"))).toEqual([
      [`arn:aws:iam::${ACCOUNT}:user/base`],
    ]);
    expect(await inSession('identities-b', lastAnswer("'pr' || 'od'"))).toEqual([
      [`arn:aws:sts::${ACCOUNT}:assumed-role/reader/reader-session`],
    ]);
    // A's last statement named base_only, not prod: a call for prod there has no answer.
    await expect(inSession('identities-a', lastAnswer("'pr' || 'od'"))).rejects.toThrow(
      /0A000 dynascope.server_identity takes a server name as a constant/,
    );
  });

  it("the read-only role reads (in its profile's region), and its writes are denied and reported as 42501", async () => {
    expect(await rowsOf('select id, name from p.accounts order by id')).toEqual([
      ['a1', 'Ada'],
      ['a2', 'Bob'],
    ]);
    const e = await fails("insert into p.accounts (id, name) values ('a3', 'Cy')");
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toMatch(/AccessDenied/);
    expect(e.message).toContain('accounts');
  });

  it('the read-write role writes', async () => {
    await ok("insert into s.orders (id, account_id, total) values ('o2', 'a2', 7)");
    const item = await admin.send(new GetItemCommand({ TableName: 'orders', Key: { id: { S: 'o2' } } }));
    expect(item.Item).toMatchObject({ account_id: { S: 'a2' }, total: { N: '7' } });
  });

  it("one statement joins across two identities, and copies from one account's role to another's", async () => {
    const [s] = await ok(
      'select a.name, o.id, o.total from p.accounts a join s.orders o on o.account_id = a.id order by o.id',
    );
    expect(JSON.parse(toJson(s!.rows))).toEqual([
      ['Ada', 'o1', '12.5'],
      ['Bob', 'o2', '7'],
    ]);
    expect(Object.fromEntries(s!.plan!.scans.map((scan) => [scan.server, scan.identity]))).toEqual({
      prod: `profile reader (arn:aws:sts::${ACCOUNT}:assumed-role/reader/reader-session)`,
      staging: `profile helper → assume-role writer (arn:aws:sts::${ACCOUNT}:assumed-role/writer/dynascope)`,
    });
    const [explained] = await ok(
      'explain select a.name, o.id from p.accounts a join s.orders o on o.account_id = a.id',
    );
    const text = (explained!.rows as string[][]).map((r) => r[0]).join('\n');
    expect(text).toContain(
      `Server: prod as profile reader (arn:aws:sts::${ACCOUNT}:assumed-role/reader/reader-session)`,
    );
    expect(text).toContain('Server: staging as profile helper → assume-role writer');
    await ok('insert into s.accounts_copy select * from p.accounts');
    expect(await rowsOf('select id, name from s.accounts_copy order by id')).toEqual([
      ['a1', 'Ada'],
      ['a2', 'Bob'],
    ]);
  });

  it('a user allowed only to assume roles cannot read: 42501, not a parse error', async () => {
    const e = await fails('select * from public.orders_as_base');
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toMatch(/^AccessDenied/);
  });

  it('an unknown profile is a clear error naming it, on use and in server_identity', async () => {
    for (const sql of [
      "select * from dynascope.server_identity('nope')",
      'select * from public.accounts_nope',
    ]) {
      const e = await fails(sql);
      expect(e.sqlstate).toBe('28000');
      expect(e.message).toBe('AWS profile "nope" not found (server "nope")');
      expect(e.hint).toContain(aws.path('config'));
    }
  });

  it('an SSO profile without a session says to log in', async () => {
    for (const sql of [
      "select * from dynascope.server_identity('dev_sso')",
      'select * from public.accounts_sso',
    ]) {
      const e = await fails(sql);
      expect(e.sqlstate).toBe('28000');
      expect(e.message).toContain('SSO session of profile "dev"');
      expect(e.hint).toBe('run: aws sso login --profile dev');
    }
  });

  it("a role whose trust policy refuses the external id: AccessDenied (42501) with AWS's message", async () => {
    const e = await fails("select * from dynascope.server_identity('wrong_external_id')");
    expect(e.sqlstate).toBe('42501');
    expect(e.message).toMatch(/^AccessDenied: .*not authorized to perform: sts:AssumeRole/);
  });

  it('a failing credential_process: 28000, and nothing it printed reaches the error', async () => {
    const e = await fails("select * from dynascope.server_identity('broken')");
    expect(e.sqlstate).toBe('28000');
    expect(e.message).toContain('credential_process');
    expect(JSON.stringify(e)).not.toContain(SECRET_MARK);
  });

  it('no answer contains a secret: keys, session tokens, credential_process output', async () => {
    expect(answers.length).toBeGreaterThan(15);
    const all = JSON.stringify(answers);
    for (const secret of [base.secretAccessKey, base.accessKeyId, moto.admin.secretAccessKey, SECRET_MARK]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
    const catalog = JSON.stringify(await engine.catalog());
    expect(catalog).not.toContain(base.secretAccessKey);
    expect(catalog).toContain('"environment":"production"');
  });
});

/** Web identity (CI's OIDC token files): moto answers AssumeRoleWithWebIdentity only without IAM enforced. */
describe('a web identity profile (moto, IAM not enforced)', () => {
  let moto: Moto;
  let engine: Engine;
  const aws = new AwsFiles();

  beforeAll(async () => {
    moto = await startMoto({ enforceIam: false });
    writeFileSync(aws.path('token'), 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJjaSJ9.');
    aws.use([
      '[profile ci]',
      `role_arn = arn:aws:iam::${ACCOUNT}:role/deployer`,
      `web_identity_token_file = ${aws.path('token')}`,
      'role_session_name = ci-session',
    ]);
    engine = await openTestEngine();
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    aws.dispose();
    await moto?.stop();
  });

  it("server_identity: the role the token file assumes, through the server's STS endpoint", async () => {
    const r = await engine.execute(`
      create foreign data wrapper dynamodb_wrapper;
      create server ci foreign data wrapper dynamodb_wrapper options (profile 'ci', sts_endpoint_url '${moto.endpoint}');
      select arn, source from dynascope.server_identity('ci');`);
    expect(r.error).toBeUndefined();
    expect(JSON.parse(toJson(r.statements.at(-1)!.rows))).toEqual([
      [`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-session`, 'profile ci'],
    ]);
  });
});
