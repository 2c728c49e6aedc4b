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
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
            message: `echo ${req.headers['x-amz-security-token'] ?? ''} | ${req.headers.authorization ?? ''}`,
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
    await ok(
      engine,
      `create server evil foreign data wrapper dynamodb_wrapper options (vault_access_key_id 'kid2',
         vault_secret_access_key 'kid2', vault_session_token '${id}', endpoint_url '${endpoint}', region 'us-east-1');
       create foreign table ev (id text) server evil options (table 'x')`,
    );
    const before = seen.length;
    const e = await fails(engine, 'select * from ev');
    expect(e).toMatchObject({
      sqlstate: '42501',
      message: `vault secret "${id}" holds option aws_secret_access_key of server "s1": only that server uses it`,
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
