import { describe, expect, it } from 'vitest';
import {
  alterEditor,
  createEditor,
  serverEditorReducer,
  type ServerDraft,
  type ServerEditorState,
} from './server-editor-reducer';
import { serverEditorSql } from './server-editor-sql';

const draft = (s: ServerEditorState, d: Partial<ServerDraft>): ServerEditorState => ({
  ...s,
  draft: { ...s.draft, ...d },
});
const ctx = { wrapper: 'dynamodb_wrapper', createWrapper: false, secretNames: [] };
const role = 'arn:aws:iam::123456789012:role/ReadOnly';

describe('serverEditorSql: create', () => {
  it('a profile with a role and an environment; the wrapper first when there is none', () => {
    const s = draft(createEditor(), {
      name: 'prod',
      profile: 'reader',
      roleArn: role,
      externalId: 'ext-1',
      environment: 'production',
    });
    expect(serverEditorSql(s, { ...ctx, createWrapper: true })).toBe(
      [
        'create foreign data wrapper dynamodb_wrapper;',
        'create server prod foreign data wrapper dynamodb_wrapper options (',
        "  profile 'reader',",
        `  role_arn '${role}',`,
        "  external_id 'ext-1',",
        "  environment 'production'",
        ');',
      ].join('\n'),
    );
  });

  it('keys go to the vault first (masked in the preview), the server names the secrets', () => {
    const s = draft(createEditor(), {
      name: 'keys',
      source: 'keys',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'top-secret',
      region: 'eu-west-1',
    });
    const sql = serverEditorSql(s, ctx);
    expect(sql).toBe(
      [
        "select vault.create_secret('AKIAEXAMPLE', 'keys_access_key_id', 'AWS access key ID for keys');",
        "select vault.create_secret('top-secret', 'keys_secret_access_key', 'AWS secret access key for keys');",
        'create server keys foreign data wrapper dynamodb_wrapper options (',
        "  vault_access_key_id 'keys_access_key_id',",
        "  vault_secret_access_key 'keys_secret_access_key',",
        "  region 'eu-west-1'",
        ');',
      ].join('\n'),
    );
    const masked = serverEditorSql(s, ctx, true);
    expect(masked).not.toContain('top-secret');
    expect(masked).not.toContain('AKIAEXAMPLE');
  });

  it('the default chain; role parameters only with a role', () => {
    const s = draft(createEditor(), {
      name: 'd',
      source: 'default',
      externalId: 'ignored',
      endpointUrl: 'http://127.0.0.1:8000',
    });
    expect(serverEditorSql(s, ctx)).toBe(
      "create server d foreign data wrapper dynamodb_wrapper options (\n  credentials 'default',\n  endpoint_url 'http://127.0.0.1:8000'\n);",
    );
  });
});

describe('serverEditorSql: alter', () => {
  const keysServer = alterEditor({
    name: 'prod',
    wrapper: 'dynamodb_wrapper',
    options: {
      aws_access_key_id: '********',
      aws_secret_access_key: '********',
      region: 'us-east-1',
      max_rcu_per_second: '50',
    },
  });

  it('from keys to a profile with a role: drops the keys, adds the rest, leaves options it does not manage', () => {
    const s = draft(keysServer, { source: 'profile', profile: 'reader', roleArn: role, region: 'eu-west-1' });
    expect(serverEditorSql(s, ctx)).toBe(
      [
        'alter server prod options (',
        '  drop aws_access_key_id,',
        '  drop aws_secret_access_key,',
        "  add profile 'reader',",
        `  add role_arn '${role}',`,
        "  set region 'eu-west-1'",
        ');',
      ].join('\n'),
    );
  });

  it("blank keys keep the server's; nothing changed is an empty script", () => {
    expect(serverEditorSql(keysServer, ctx)).toBe('');
  });

  it('new keys rotate the vault secrets the server names, or create them', () => {
    const vaulted = alterEditor({
      name: 'v',
      wrapper: 'w',
      options: { vault_access_key_id: 'v_id', vault_secret_access_key: 'v_secret' },
    });
    expect(
      serverEditorSql(draft(vaulted, { accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret' }), ctx),
    ).toBe(
      "select vault.update_secret('v_id', 'AKIANEW');\nselect vault.update_secret('v_secret', 'new-secret');",
    );
    const fromProfile = alterEditor({ name: 'p', wrapper: 'w', options: { profile: 'reader' } });
    const sql = serverEditorSql(
      draft(fromProfile, { source: 'keys', accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret' }),
      ctx,
    );
    expect(sql).toContain("select vault.create_secret('AKIANEW', 'p_access_key_id'");
    expect(sql).toContain(
      "alter server p options (\n  add vault_access_key_id 'p_access_key_id',\n  add vault_secret_access_key 'p_secret_access_key',\n  drop profile\n);",
    );
  });

  it('clearing the environment drops it', () => {
    const s = alterEditor({
      name: 'p',
      wrapper: 'w',
      options: { profile: 'reader', environment: 'production' },
    });
    expect(
      serverEditorSql(serverEditorReducer(s, { type: 'field-set', field: 'environment', value: '' }), ctx),
    ).toBe('alter server p options (\n  drop environment\n);');
  });

  describe('an endpoint change that would send stored keys elsewhere (the engine refuses it: 42501)', () => {
    const vaulted = alterEditor({
      name: 'prod',
      wrapper: 'dynamodb_wrapper',
      options: {
        vault_access_key_id: 'prod_access_key_id',
        vault_secret_access_key: 'prod_secret_access_key',
        region: 'eu-west-1',
      },
    });
    const endpoint = 'https://dynamodb.example.invalid';

    it('new keys go to new vault secrets, named in the same ALTER as the endpoint', () => {
      const s = draft(vaulted, {
        endpointUrl: endpoint,
        accessKeyId: 'AKIANEW',
        secretAccessKey: 'new-secret',
      });
      expect(serverEditorSql(s, ctx)).toBe(
        [
          "select vault.create_secret('AKIANEW', 'prod_access_key_id_2', 'AWS access key ID for prod');",
          "select vault.create_secret('new-secret', 'prod_secret_access_key_2', 'AWS secret access key for prod');",
          'alter server prod options (',
          "  set vault_access_key_id 'prod_access_key_id_2',",
          "  set vault_secret_access_key 'prod_secret_access_key_2',",
          `  add endpoint_url '${endpoint}'`,
          ');',
        ].join('\n'),
      );
    });

    it("names no secret another server's options name; plain keys give way to vault ones", () => {
      const plain = alterEditor({
        name: 'p',
        wrapper: 'w',
        options: {
          aws_access_key_id: '********',
          aws_secret_access_key: '********',
          session_token: '********',
          endpoint_url: 'http://127.0.0.1:8000',
        },
      });
      const s = draft(plain, { endpointUrl: '', accessKeyId: 'AKIANEW', secretAccessKey: 'new-secret' });
      expect(serverEditorSql(s, { ...ctx, secretNames: ['p_access_key_id', 'p_access_key_id_2'] })).toBe(
        [
          "select vault.create_secret('AKIANEW', 'p_access_key_id_3', 'AWS access key ID for p');",
          "select vault.create_secret('new-secret', 'p_secret_access_key', 'AWS secret access key for p');",
          'alter server p options (',
          '  drop aws_access_key_id,',
          '  drop aws_secret_access_key,',
          '  drop session_token,',
          "  add vault_access_key_id 'p_access_key_id_3',",
          "  add vault_secret_access_key 'p_secret_access_key',",
          '  drop endpoint_url',
          ');',
        ].join('\n'),
      );
    });

    it('without a move, new keys still rotate the secrets the server names', () => {
      const s = draft(vaulted, {
        endpointUrl: 'https://dynamodb.eu-west-1.amazonaws.com',
        accessKeyId: 'AKIANEW',
        secretAccessKey: 'new-secret',
      });
      expect(serverEditorSql(s, ctx)).toBe(
        [
          "select vault.update_secret('prod_access_key_id', 'AKIANEW');",
          "select vault.update_secret('prod_secret_access_key', 'new-secret');",
          'alter server prod options (',
          "  add endpoint_url 'https://dynamodb.eu-west-1.amazonaws.com'",
          ');',
        ].join('\n'),
      );
      expect(serverEditorSql(draft(vaulted, { region: 'us-east-1' }), ctx)).toBe(
        "alter server prod options (\n  set region 'us-east-1'\n);",
      );
    });
  });
});
