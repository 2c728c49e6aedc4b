import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import {
  SERVER_OPTIONS,
  TABLE_OPTIONS,
  checkOptionNames,
  isTrue,
  validateServerOptions,
  validateTableOptions,
} from './options';

function errorOf(fn: () => void): EngineError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected an error');
}

const plain = { aws_access_key_id: 'AKID', aws_secret_access_key: 'secret' };
const vault = { vault_access_key_id: 'key-name', vault_secret_access_key: 'secret-name' };

describe('validateServerOptions (spec §1, in its order)', () => {
  it.each([
    ['the plain pair', plain],
    ['the vault pair', vault],
    ['both pairs', { ...plain, ...vault }],
    ["credentials 'default'", { credentials: 'default' }],
    [
      'every optional setting',
      {
        ...vault,
        region: 'eu-west-1',
        endpoint_url: 'http://127.0.0.1:8000',
        session_token: 't',
        vault_session_token: 'v',
      },
    ],
    ['an https endpoint', { ...plain, endpoint_url: 'https://dynamodb.eu-west-1.amazonaws.com' }],
  ])('accepts %s', (_name, options) => {
    expect(() => validateServerOptions(options)).not.toThrow();
  });

  it.each([
    [{ aws_access_key_id: 'a' }, 'aws_secret_access_key'],
    [{ aws_secret_access_key: 'a' }, 'aws_access_key_id'],
    [{ vault_access_key_id: 'a' }, 'vault_secret_access_key'],
    [{ vault_secret_access_key: 'a' }, 'vault_access_key_id'],
  ])('1–2. half a pair %j → required option `%s` is not specified (HV000)', (options, missing) => {
    const e = errorOf(() => validateServerOptions(options));
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toBe(`required option \`${missing}\` is not specified`);
  });

  it('1 before 2: half of the plain pair is reported before half of the vault pair', () => {
    const e = errorOf(() => validateServerOptions({ aws_access_key_id: 'a', vault_secret_access_key: 'b' }));
    expect(e.message).toBe('required option `aws_secret_access_key` is not specified');
  });

  it('a half pair is an error even when the other pair is complete', () => {
    expect(errorOf(() => validateServerOptions({ ...vault, aws_access_key_id: 'a' })).message).toBe(
      'required option `aws_secret_access_key` is not specified',
    );
    expect(errorOf(() => validateServerOptions({ ...plain, vault_access_key_id: 'a' })).message).toBe(
      'required option `vault_secret_access_key` is not specified',
    );
  });

  it.each([[{}], [{ region: 'us-east-1' }], [{ endpoint_url: 'http://localhost:8000', session_token: 'x' }]])(
    '3. neither pair complete %j → invalid server options (HV000)',
    (options) => {
      const e = errorOf(() => validateServerOptions(options));
      expect(e.sqlstate).toBe('HV000');
      expect(e.message).toBe(
        'invalid server options: must provide either (aws_access_key_id + aws_secret_access_key) or (vault_access_key_id + vault_secret_access_key)',
      );
    },
  );

  it('an unknown option is rejected first, with the valid ones in the hint (HV00D)', () => {
    const e = errorOf(() => validateServerOptions({ aws_access_key_id: 'a', regoin: 'x' }));
    expect(e.sqlstate).toBe('HV00D');
    expect(e.message).toBe('invalid option "regoin"');
    expect(e.hint).toBe(`Valid options in this context are: ${SERVER_OPTIONS.join(', ')}`);
    for (const name of [
      'region',
      'endpoint_url',
      'vault_access_key_id',
      'aws_secret_access_key',
      'session_token',
      'vault_session_token',
    ]) {
      expect(e.hint).toContain(name);
    }
  });

  it('option names are case-sensitive, like Postgres FDW options', () => {
    expect(errorOf(() => validateServerOptions({ ...plain, Region: 'x' })).message).toBe(
      'invalid option "Region"',
    );
  });

  it("credentials accepts only 'default'", () => {
    const e = errorOf(() => validateServerOptions({ credentials: 'env' }));
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toContain('"credentials"');
  });

  it('endpoint_url must be an http(s) URL', () => {
    for (const bad of ['localhost:8000', 'ftp://x', '']) {
      const e = errorOf(() => validateServerOptions({ ...plain, endpoint_url: bad }));
      expect(e.sqlstate).toBe('HV000');
      expect(e.message).toContain('endpoint_url');
    }
  });

  it('never echoes a credential value in an error', () => {
    const cases: Record<string, string>[] = [
      { aws_access_key_id: 'AKIASECRETVALUE' },
      { aws_secret_access_key: 'SECRETVALUE' },
      { ...plain, bogus: 'x' },
    ];
    for (const options of cases) {
      const e = errorOf(() => validateServerOptions(options));
      expect(JSON.stringify({ m: e.message, h: e.hint, d: e.detail })).not.toMatch(
        /SECRETVALUE|AKID|"secret"/,
      );
    }
  });
});

describe('validateTableOptions', () => {
  it('accepts the documented options', () => {
    expect(() => validateTableOptions({ table: 'orders' })).not.toThrow();
    expect(() =>
      validateTableOptions({
        table: 'orders',
        rowid_column: 'id',
        consistent_read: 'true',
        jsonb_write: 'native',
        catch_all: 'rest',
      }),
    ).not.toThrow();
    expect(() =>
      validateTableOptions({ table: 'orders', consistent_read: 'FALSE', jsonb_write: 'string' }),
    ).not.toThrow();
  });

  it('table is required: required option `table` is not specified (HV000)', () => {
    const e = errorOf(() => validateTableOptions({ rowid_column: 'id' }));
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toBe('required option `table` is not specified');
  });

  it('an unknown option is rejected with the valid ones in the hint (HV00D)', () => {
    const e = errorOf(() => validateTableOptions({ table: 't', rowid: 'id' }));
    expect(e.sqlstate).toBe('HV00D');
    expect(e.message).toBe('invalid option "rowid"');
    expect(e.hint).toBe(`Valid options in this context are: ${TABLE_OPTIONS.join(', ')}`);
  });

  it('the unknown option is reported before the missing table', () => {
    expect(errorOf(() => validateTableOptions({ tabel: 't' })).message).toBe('invalid option "tabel"');
  });

  it('bad values of consistent_read and jsonb_write', () => {
    expect(errorOf(() => validateTableOptions({ table: 't', consistent_read: 'maybe' })).message).toContain(
      'consistent_read',
    );
    expect(errorOf(() => validateTableOptions({ table: 't', jsonb_write: 'map' })).message).toContain(
      'jsonb_write',
    );
  });
});

describe('checkOptionNames / isTrue', () => {
  it('reports the first invalid name', () => {
    expect(errorOf(() => checkOptionNames(['a', 'x', 'y'], ['a'])).message).toBe('invalid option "x"');
    expect(() => checkOptionNames([], [])).not.toThrow();
  });
  it('isTrue', () => {
    for (const t of ['true', 'TRUE', 'on', 'yes', '1']) expect(isTrue(t)).toBe(true);
    for (const f of ['false', 'off', '0', '', undefined]) expect(isTrue(f)).toBe(false);
  });
});

describe('validateServerOptions: credential sources beyond the wrapper', () => {
  const role = 'arn:aws:iam::123456789012:role/ReadOnly';

  it.each([
    ['a profile', { profile: 'reader' }],
    ['a profile with a region', { profile: 'sso-dev', region: 'eu-west-1' }],
    [
      'a role on vault keys',
      {
        ...vault,
        role_arn: role,
        external_id: 'ext-42',
        role_session_name: 'dynascope',
        duration_seconds: '900',
      },
    ],
    ['a role on plain keys', { ...plain, role_arn: role }],
    [
      'a role on a profile',
      { profile: 'base', role_arn: 'arn:aws-us-gov:iam::123456789012:role/path/Reader' },
    ],
    [
      'a role on the default chain',
      { credentials: 'default', role_arn: role, sts_endpoint_url: 'http://127.0.0.1:5000' },
    ],
    ['an environment', { profile: 'p', environment: 'production' }],
  ])('accepts %s', (_name, options) => {
    expect(() => validateServerOptions(options)).not.toThrow();
  });

  it('a profile alone is a complete set of credentials; without any the hint names the other sources', () => {
    const e = errorOf(() => validateServerOptions({ region: 'eu-west-1' }));
    expect(e.hint).toContain("profile '<name>'");
    expect(e.hint).toContain("credentials 'default'");
  });

  it.each([
    [{ profile: 'p', ...vault }, 'vault_access_key_id'],
    [{ profile: 'p', ...plain }, 'aws_access_key_id'],
    [{ profile: 'p', credentials: 'default' }, 'credentials'],
  ])('a profile with another base source %j is refused, naming it', (options, other) => {
    const e = errorOf(() => validateServerOptions(options));
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toBe(`option "profile" cannot be combined with option "${other}"`);
  });

  it.each([
    [{ profile: '' }, 'profile'],
    [{ profile: 'two words' }, 'profile'],
    [{ ...plain, role_arn: 'ReadOnly' }, 'role_arn'],
    [{ ...plain, role_arn: 'arn:aws:iam::123:role/x' }, 'role_arn'],
    [{ ...plain, role_arn: role, duration_seconds: '60' }, 'duration_seconds'],
    [{ ...plain, role_arn: role, duration_seconds: '1h' }, 'duration_seconds'],
    [{ ...plain, role_arn: role, role_session_name: 'has space' }, 'role_session_name'],
    [{ ...plain, role_arn: role, external_id: 'x' }, 'external_id'],
    [{ ...plain, sts_endpoint_url: 'sts.local:5000' }, 'sts_endpoint_url'],
    [{ ...plain, environment: 'prod env' }, 'environment'],
  ])('a bad value %j → invalid value for option "%s" (HV000)', (options, name) => {
    const e = errorOf(() => validateServerOptions(options));
    expect(e.sqlstate).toBe('HV000');
    expect(e.message).toMatch(new RegExp(`^invalid value for option "${name}"`));
    expect(e.hint).toBeTruthy();
  });

  it.each(['external_id', 'role_session_name', 'duration_seconds'])(
    '%s without role_arn is refused',
    (name) => {
      const e = errorOf(() => validateServerOptions({ ...plain, [name]: '3600' }));
      expect(e.message).toBe(`option "${name}" needs option "role_arn"`);
    },
  );

  it("the wrapper's checks come first: half a pair is reported before a bad role", () => {
    expect(errorOf(() => validateServerOptions({ aws_access_key_id: 'a', role_arn: 'x' })).message).toBe(
      'required option `aws_secret_access_key` is not specified',
    );
  });
});

describe('throughput options (max_rcu_per_second, max_wcu_per_second, read_percent, write_percent)', () => {
  const table = { table: 't' };

  it.each<Record<string, string>>([
    { max_rcu_per_second: '50' },
    { max_wcu_per_second: '2.5', write_percent: '10' },
    { read_percent: '100' },
    { max_rcu_per_second: '0', read_percent: '0' },
  ])('are accepted on a server and a foreign table: %j', (options) => {
    expect(() => validateServerOptions({ ...plain, ...options })).not.toThrow();
    expect(() => validateTableOptions({ ...table, ...options })).not.toThrow();
  });

  it.each([
    ['max_rcu_per_second', '-1'],
    ['max_rcu_per_second', 'fast'],
    ['max_wcu_per_second', ''],
    ['read_percent', '150'],
    ['write_percent', '-5'],
    ['write_percent', '10%'],
  ])('%s %j → 22023 with what a good value is', (name, value) => {
    for (const validate of [
      () => validateServerOptions({ ...plain, [name]: value }),
      () => validateTableOptions({ ...table, [name]: value }),
    ]) {
      const e = errorOf(validate);
      expect(e.sqlstate).toBe('22023');
      expect(e.message).toBe(`invalid value for option "${name}": "${value}"`);
      expect(e.hint).toMatch(name.endsWith('_percent') ? /from 0 to 100/ : /capacity units per second/);
    }
  });

  it('are valid option names in both contexts', () => {
    for (const name of ['max_rcu_per_second', 'max_wcu_per_second', 'read_percent', 'write_percent']) {
      expect(SERVER_OPTIONS).toContain(name);
      expect(TABLE_OPTIONS).toContain(name);
    }
  });
});
