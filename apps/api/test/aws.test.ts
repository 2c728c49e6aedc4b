import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '@dynascope/engine';
import { createApp, type AppType } from '../src/app';
import { AwsFiles } from '../../../packages/engine/test/support/aws-files';
import { startMoto, type Moto } from '../../../packages/engine/test/support/moto';
import { call, TEST_TOKEN } from './support/demo-fixture';

const SECRET = 'api-test-secret-access-key-0c41';

/** The server editor's routes: the profiles of the API's AWS config files, and a server's identity. */
describe('AWS routes', () => {
  const aws = new AwsFiles();
  let moto: Moto;
  let engine: Engine;
  let app: AppType;

  beforeAll(async () => {
    moto = await startMoto();
    aws.use(
      [
        '[profile analyst]',
        'role_arn = arn:aws:iam::123456789012:role/analyst',
        'source_profile = base',
        'region = eu-central-1',
        '[profile tokens]',
        `credential_process = /bin/echo ${SECRET}`,
        '[profile corp]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = ReadOnly',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
      ],
      [
        '[base]',
        `aws_access_key_id = ${moto.admin.accessKeyId}`,
        `aws_secret_access_key = ${moto.admin.secretAccessKey}`,
      ],
    );
    engine = await Engine.open({});
    const at = `endpoint_url '${moto.endpoint}', sts_endpoint_url '${moto.endpoint}'`;
    const r = await engine.execute(`
      create foreign data wrapper dynamodb_wrapper;
      create server base_srv foreign data wrapper dynamodb_wrapper options (profile 'base', environment 'production', ${at});
      create server missing_srv foreign data wrapper dynamodb_wrapper options (profile 'gone', ${at});`);
    expect(r.error).toBeUndefined();
    app = createApp({ engine, token: TEST_TOKEN });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    aws.dispose();
    await moto?.stop();
  });

  it('GET /api/aws/profiles lists name, region and kind of every profile, and nothing secret', async () => {
    const res = await call(app, 'GET', '/api/aws/profiles');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      profiles: [
        { name: 'analyst', region: 'eu-central-1', kind: 'role' },
        { name: 'base', region: null, kind: 'static' },
        { name: 'corp', region: null, kind: 'sso' },
        { name: 'tokens', region: null, kind: 'process' },
      ],
    });
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain(moto.admin.secretAccessKey);
    expect(res.text).not.toContain(moto.admin.accessKeyId);
    expect((await call(app, 'GET', '/api/aws/profiles', { token: null })).status).toBe(401);
  });

  it("GET /api/servers/:server/identity answers GetCallerIdentity through the server's credentials", async () => {
    const res = await call(app, 'GET', '/api/servers/base_srv/identity');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      server: 'base_srv',
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/admin',
      userId: expect.any(String),
      source: 'profile base',
      expiresAt: null,
    });
    expect(res.text).not.toContain(moto.admin.secretAccessKey);
  });

  it('a server whose credentials fail answers the engine error with its fix; an unknown server is 404', async () => {
    const failed = await call(app, 'GET', '/api/servers/missing_srv/identity');
    expect(failed.status).toBe(400);
    expect(failed.body.error).toMatchObject({
      sqlstate: '28000',
      message: 'AWS profile "gone" not found (server "missing_srv")',
    });
    expect(failed.body.error.hint).toContain(aws.path('config'));
    const unknown = await call(app, 'GET', '/api/servers/nobody/identity');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ sqlstate: '42704' });
  });
});
