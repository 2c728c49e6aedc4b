import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine, rows } from '../support/harness';

/**
 * A server's keys stay out of SQL's reach however a server is made to send them (found by
 * helper-122). The endpoint here is an HTTP listener that records each request's headers and
 * answers with an error quoting them — an endpoint a user pointed a server at, which no emulator
 * plays: the stand-in is the attack itself.
 */
describe('vault secrets and the endpoints they are sent to', () => {
  let engine: Engine;
  let listener: Server;
  let endpoint: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    listener = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        const echo = `echo ${req.headers['x-amz-security-token'] ?? ''} | ${req.headers.authorization ?? ''}`;
        // STS speaks the query protocol (an XML error), DynamoDB JSON.
        if (String(req.headers['content-type']).includes('x-www-form-urlencoded')) {
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>${echo}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
          );
          return;
        }
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
            message: echo,
          }),
        );
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    engine = await openTestEngine();
    await ok(
      engine,
      `create foreign data wrapper dynamodb_wrapper;
       create server s1 foreign data wrapper dynamodb_wrapper
         options (aws_access_key_id 'AKIAEXAMPLESECRET1', aws_secret_access_key 'wJalrSECRETSECRETSECRET', region 'us-east-1')`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it("a secret the vault keeps for one server's plain key is not another server's to send", async () => {
    const [[id]] = (await rows(
      engine,
      "select id::text from vault.secrets where description = 'option aws_secret_access_key of server s1'",
    )) as [[string]];
    await ok(engine, "select vault.create_secret('AKIAVAULTKEYID2', 'kid2')");
    const before = seen.length;
    // Refused as the server is made: s1's key is bound to AWS (and only s1 reads it: vault.ts read).
    const e = await fails(
      engine,
      `create server evil foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'kid2',
         vault_secret_access_key 'kid2', vault_session_token '${id}', endpoint_url '${endpoint}', region 'us-east-1')`,
    );
    expect(e).toMatchObject({
      sqlstate: '42501',
      message: `vault secret "${id}" goes only to aws: server "evil" would send it to this machine`,
    });
    expect(seen.length).toBe(before);
  });

  it('an error quoting the credentials a request was signed with shows none of them', async () => {
    await ok(
      engine,
      `select vault.create_secret('KEYIDVALUE-0001', 'echo_key');
       select vault.create_secret('SECRETVALUE-0001', 'echo_secret');
       select vault.create_secret('TOKENVALUE-ABCDEFGH-0001', 'echo_token');
       create server echo foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'echo_key',
         vault_secret_access_key 'echo_secret', vault_session_token 'echo_token', endpoint_url '${endpoint}', region 'us-east-1');
       create foreign table echoed (id text) server echo options (table 'x')`,
    );
    const e = await fails(engine, "select * from echoed where id = 'a'");
    // The endpoint did get the token (SigV4 sends it as a header) and quoted it back.
    expect(seen.at(-1)!['x-amz-security-token']).toBe('TOKENVALUE-ABCDEFGH-0001');
    expect(e.message).toContain('echo ********');
    expect(e.message).not.toContain('TOKENVALUE');
    expect(e.message).not.toContain('KEYIDVALUE');
  });

  it('a stored key goes only where it was first sent: another server naming it, or its server moved, is refused', async () => {
    // aws_keys is bound to AWS by the server that names it (CREATE SERVER binds; nothing is sent here).
    await ok(
      engine,
      `select vault.create_secret('AKIAPRODUCTIONKEY01', 'prod_key');
       select vault.create_secret('PRODUCTIONSECRETVALUE01', 'prod_secret');
       create server prod foreign data wrapper dynamodb_wrapper
         options (vault_access_key_id 'prod_key', vault_secret_access_key 'prod_secret', region 'eu-west-1')`,
    );
    const before = seen.length;
    const named = await fails(
      engine,
      `create server thief foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'prod_key',
         vault_secret_access_key 'prod_secret', endpoint_url '${endpoint}', region 'eu-west-1')`,
    );
    expect(named).toMatchObject({
      sqlstate: '42501',
      message: `vault secret "prod_key" goes only to aws: server "thief" would send it to this machine`,
    });
    const moved = await fails(engine, `alter server prod options (add endpoint_url '${endpoint}')`);
    expect(moved).toMatchObject({
      sqlstate: '42501',
      message: `vault secret "prod_key" goes only to aws: server "prod" would send it to this machine`,
    });
    // A host under amazonaws.com that is not DynamoDB's own endpoint is not AWS's service.
    const gateway = await fails(
      engine,
      "alter server prod options (add endpoint_url 'https://abc.execute-api.eu-west-1.amazonaws.com')",
    );
    expect(gateway.message).toBe(
      'vault secret "prod_key" goes only to aws: server "prod" would send it to https://abc.execute-api.eu-west-1.amazonaws.com',
    );
    // A server of the same keys in another region sends them to AWS too; its own endpoint, named, is AWS.
    await ok(
      engine,
      `create server prod_us foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'prod_key',
         vault_secret_access_key 'prod_secret', region 'us-east-1', endpoint_url 'https://dynamodb.us-east-1.amazonaws.com')`,
    );
    // Plain keys: the server's own move is refused unless new keys come with it.
    await fails(engine, `alter server s1 options (add endpoint_url '${endpoint}')`);
    await ok(
      engine,
      `alter server s1 options (add endpoint_url '${endpoint}', set aws_access_key_id 'AKIALOCALKEY0001', set aws_secret_access_key 'LOCALSECRETVALUE01')`,
    );
    await ok(engine, "create foreign table s1_items (id text) server s1 options (table 'x')");
    await fails(engine, 'select * from s1_items');
    expect(seen.at(-1)!.authorization).toContain('Credential=AKIALOCALKEY0001/');
    expect(seen.slice(before).every((h) => !String(h.authorization).includes('AKIAPRODUCTIONKEY01'))).toBe(
      true,
    );
  });

  it("a profile's or the default chain's credentials go to AWS or this machine only", async () => {
    await ok(
      engine,
      `create server ambient foreign data wrapper dynamodb_wrapper options (credentials 'default', endpoint_url 'https://dynamo.example.com', region 'us-east-1');
       create foreign table ambient_items (id text) server ambient options (table 'x')`,
    );
    const e = await fails(engine, 'select * from ambient_items');
    expect(e).toMatchObject({
      sqlstate: '42501',
      message: `server "ambient" would send this machine's AWS credentials (the default chain) to https://dynamo.example.com`,
    });
  });

  it('the binding holds however the key is named, and for STS as for DynamoDB (found by helper-125)', async () => {
    const [[key, secret]] = (await rows(
      engine,
      "select (select id::text from vault.secrets where name = 'prod_key'), (select id::text from vault.secrets where name = 'prod_secret')",
    )) as [[string, string]];
    // An id in upper case names the same secret (read() takes it as a uuid): it was neither bound nor checked.
    const upper = await fails(
      engine,
      `create server upper foreign data wrapper dynamodb_wrapper options (vault_access_key_id '${key.toUpperCase()}',
         vault_secret_access_key '${secret.toUpperCase()}', endpoint_url '${endpoint}', region 'eu-west-1')`,
    );
    expect(upper.message).toMatch(
      /^vault secret ".*" goes only to aws: server "upper" would send it to this machine$/i,
    );
    // sts_endpoint_url without a role: GetCallerIdentity (server_identity) sends the keys there.
    const sts = await fails(engine, `alter server prod options (add sts_endpoint_url '${endpoint}')`);
    expect(sts.message).toBe(
      'vault secret "prod_key" goes only to aws: server "prod" would send it to aws, through STS at this machine',
    );
    // The machine's own credentials: STS elsewhere is refused before anything is sent.
    const elsewhere = endpoint.replace('127.0.0.1', '0.0.0.0');
    await ok(
      engine,
      `create server amb foreign data wrapper dynamodb_wrapper options (credentials 'default', sts_endpoint_url '${elsewhere}', region 'us-east-1')`,
    );
    const before = seen.length;
    const identity = await fails(engine, "select * from dynascope.server_identity('amb')");
    expect(identity).toMatchObject({
      sqlstate: '42501',
      message: `server "amb" would send this machine's AWS credentials (the default chain) to ${elsewhere}`,
    });
    expect(seen.length).toBe(before);
  });

  it("an STS error quoting the machine's credentials shows none of them (server_identity)", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAMACHINEKEY0001',
      AWS_SECRET_ACCESS_KEY: 'MACHINESECRETVALUE0001',
      AWS_SESSION_TOKEN: 'MACHINE-TOKEN-VALUE-0001',
    });
    try {
      await ok(
        engine,
        `create server amb_local foreign data wrapper dynamodb_wrapper options (credentials 'default', sts_endpoint_url '${endpoint}', region 'us-east-1')`,
      );
      const e = await fails(engine, "select * from dynascope.server_identity('amb_local')");
      expect(seen.at(-1)!['x-amz-security-token']).toBe('MACHINE-TOKEN-VALUE-0001');
      expect(e.message).toContain('echo ********');
      expect(e.message).not.toContain('MACHINE-TOKEN');
    } finally {
      process.env = saved;
    }
  });

  it("plain keys written U&'...' are kept in the vault like any other", async () => {
    await ok(
      engine,
      `create server unicode_keys foreign data wrapper dynamodb_wrapper options (aws_access_key_id U&'AKIA\\0055NICODE1',
         aws_secret_access_key U&'uni!0063ode-secret' UESCAPE '!', region 'us-east-1')`,
    );
    const shown = await rows(
      engine,
      "select array_to_string(srvoptions, ',') from pg_foreign_server where srvname = 'unicode_keys'",
    );
    expect(shown).toEqual([['aws_access_key_id=********,aws_secret_access_key=********,region=us-east-1']]);
  });

  it('CREATE/ALTER SERVER in a DO block is refused: the host would keep its plain keys', async () => {
    const e = await fails(
      engine,
      "do $$ begin alter server s1 options (set aws_secret_access_key 'S6PLAINVIA_DO'); end $$",
    );
    expect(e).toMatchObject({
      sqlstate: '42501',
      message: 'ALTER SERVER is not allowed in a function body or DO block',
    });
    const shown = await rows(
      engine,
      "select array_to_string(srvoptions, ',') from pg_foreign_server where srvname = 's1'",
    );
    expect(JSON.stringify(shown)).not.toContain('S6PLAINVIA_DO');
  });
});
