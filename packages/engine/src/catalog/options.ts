import { EngineError, SqlState } from '../errors';

/** Server and foreign-table options of the throughput governor (dynamo/governor/table-limits.ts). */
const RATE_OPTIONS = ['max_rcu_per_second', 'max_wcu_per_second', 'read_percent', 'write_percent'] as const;

export const SERVER_OPTIONS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'vault_access_key_id',
  'vault_secret_access_key',
  'region',
  'endpoint_url',
  'session_token',
  'vault_session_token',
  'credentials',
  'profile',
  'role_arn',
  'external_id',
  'role_session_name',
  'duration_seconds',
  'sts_endpoint_url',
  'environment',
  ...RATE_OPTIONS,
] as const;

/** Options that only mean something with `role_arn` (the AssumeRole call's parameters). */
const ROLE_PARAMETERS = ['external_id', 'role_session_name', 'duration_seconds'] as const;

export const TABLE_OPTIONS = [
  'table',
  'rowid_column',
  'consistent_read',
  'jsonb_write',
  'catch_all',
  ...RATE_OPTIONS,
] as const;

/** Plain-text server options whose values are moved into the vault. */
export const PLAIN_SECRET_OPTIONS = ['aws_access_key_id', 'aws_secret_access_key', 'session_token'] as const;

/**
 * What an option's name says of its value: a credential when it is a plain key option, or when it is
 * none of the server's options and has a credential's word in it — secret, token, passw(ord), pwd,
 * access key, key id, private key, api key (`aws_session_token`, `secret_access_key`, `access_key`,
 * `aws_secret_key`, `password`). Such a value is masked wherever a statement is shown, and a
 * misspelled one refused (host/statement-policy.ts). The vault options name a secret: not one.
 */
const CREDENTIAL_WORD = /secret|token|passw|pwd|access_?key|key_?id|private_?key|api_?key/i;

/** Whether an option's value is a credential (CREDENTIAL_WORD): to be masked wherever the statement is shown. */
export function isCredentialOption(name: string): boolean {
  return (
    (PLAIN_SECRET_OPTIONS as readonly string[]).includes(name) || misspelledCredential(name) !== undefined
  );
}

/**
 * A name that looks like a credential but is none of the server's options: the option it most
 * likely meant ('' when it says no more than that it is one, `password`).
 *   aws_session_token → session_token;  secret_access_key → aws_secret_access_key;  access_key → aws_access_key_id
 *   vault_secret_key → vault_secret_access_key;  region, vault_session_token → undefined
 */
export function misspelledCredential(name: string): string | undefined {
  if ((SERVER_OPTIONS as readonly string[]).includes(name) || !CREDENTIAL_WORD.test(name)) return undefined;
  const vault = /^vault/i.test(name);
  if (/session|token/i.test(name)) return vault ? 'vault_session_token' : 'session_token';
  if (/secret/i.test(name)) return vault ? 'vault_secret_access_key' : 'aws_secret_access_key';
  if (/access|key_?id/i.test(name)) return vault ? 'vault_access_key_id' : 'aws_access_key_id';
  return '';
}

/** Server options that name a vault secret holding a key. */
export const VAULT_KEY_OPTIONS = [
  'vault_access_key_id',
  'vault_secret_access_key',
  'vault_session_token',
] as const;

export const MASK = '********';

/** Postgres FDW convention: `invalid option "x"` with the valid ones in the hint. */
export function checkOptionNames(names: readonly string[], valid: readonly string[]): void {
  for (const name of names) {
    if (!valid.includes(name)) {
      throw new EngineError(SqlState.fdwInvalidOptionName, `invalid option "${name}"`, {
        hint: `Valid options in this context are: ${valid.join(', ')}`,
      });
    }
  }
}

/**
 * The spec's server validation, in its order (spec §1, "Server options"), then the options that
 * choose the credentials beyond it: `profile` (instead of a key pair or `credentials 'default'`),
 * `role_arn` and its parameters, `sts_endpoint_url`, `environment`.
 */
export function validateServerOptions(options: Record<string, string>): void {
  checkOptionNames(Object.keys(options), SERVER_OPTIONS);
  const requirePair = (a: string, b: string): boolean => {
    const hasA = options[a] !== undefined;
    const hasB = options[b] !== undefined;
    if (hasA !== hasB) {
      throw new EngineError(SqlState.fdwError, `required option \`${hasA ? b : a}\` is not specified`);
    }
    return hasA && hasB;
  };
  const plain = requirePair('aws_access_key_id', 'aws_secret_access_key');
  const vault = requirePair('vault_access_key_id', 'vault_secret_access_key');
  if (options.credentials !== undefined && options.credentials !== 'default') {
    throw invalidValue(
      'credentials',
      options.credentials,
      "the only value is 'default' (the AWS credential chain of the Dynascope process)",
    );
  }
  const profile = options.profile;
  if (profile !== undefined && !PROFILE_NAME.test(profile)) {
    throw invalidValue('profile', profile, 'the name of a profile in the AWS config or credentials file');
  }
  if (!plain && !vault && options.credentials !== 'default' && profile === undefined) {
    throw new EngineError(
      SqlState.fdwError,
      'invalid server options: must provide either (aws_access_key_id + aws_secret_access_key) or (vault_access_key_id + vault_secret_access_key)',
      {
        hint: "or profile '<name>' (a profile of the AWS config files), or credentials 'default' (the AWS credential chain)",
      },
    );
  }
  if (profile !== undefined && (plain || vault || options.credentials !== undefined)) {
    const other = vault ? 'vault_access_key_id' : plain ? 'aws_access_key_id' : 'credentials';
    throw new EngineError(SqlState.fdwError, `option "profile" cannot be combined with option "${other}"`, {
      hint: 'a server takes its base credentials from one place: a key pair, a profile, or the default chain',
    });
  }
  checkUrl(options, 'endpoint_url', "an http(s) URL, e.g. 'http://127.0.0.1:8000'");
  checkRole(options);
  checkUrl(options, 'sts_endpoint_url', "an http(s) URL, e.g. 'https://sts.eu-west-1.amazonaws.com'");
  validateRateOptions(options);
  if (options.environment !== undefined && !ENVIRONMENT.test(options.environment)) {
    throw invalidValue(
      'environment',
      options.environment,
      "a word such as 'production', 'staging' or 'development'",
    );
  }
}

/** The AWS CLI's profile names: no spaces, no brackets. */
const PROFILE_NAME = /^[\w+=,.@:/-]{1,128}$/;
const ENVIRONMENT = /^[A-Za-z][\w-]{0,31}$/;
/** IAM's own constraints on AssumeRole's parameters. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ROLE_PARAMETER_RULES: Record<
  (typeof ROLE_PARAMETERS)[number],
  { test: (v: string) => boolean; hint: string }
> = {
  external_id: {
    test: (v) => /^[\w+=,.@:/-]{2,1224}$/.test(v),
    hint: '2 to 1224 characters of letters, digits and +=,.@:/-',
  },
  role_session_name: {
    test: (v) => /^[\w+=,.@-]{2,64}$/.test(v),
    hint: '2 to 64 characters of letters, digits and +=,.@-',
  },
  duration_seconds: {
    test: (v) => /^\d+$/.test(v) && Number(v) >= 900 && Number(v) <= 43200,
    hint: 'a number of seconds from 900 to 43200',
  },
};

function checkRole(options: Record<string, string>): void {
  const roleArn = options.role_arn;
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    throw invalidValue(
      'role_arn',
      roleArn,
      "an IAM role ARN, e.g. 'arn:aws:iam::123456789012:role/ReadOnly'",
    );
  }
  for (const name of ROLE_PARAMETERS) {
    const value = options[name];
    if (value === undefined) continue;
    if (roleArn === undefined) {
      throw new EngineError(SqlState.fdwError, `option "${name}" needs option "role_arn"`, {
        hint: 'it is a parameter of the role the server assumes',
      });
    }
    if (!ROLE_PARAMETER_RULES[name].test(value))
      throw invalidValue(name, value, ROLE_PARAMETER_RULES[name].hint);
  }
}

function checkUrl(options: Record<string, string>, name: string, hint: string): void {
  const value = options[name];
  if (value !== undefined && !/^https?:\/\/[^\s/]+/.test(value)) throw invalidValue(name, value, hint);
}

function invalidValue(name: string, value: string, hint: string): EngineError {
  return new EngineError(SqlState.fdwError, `invalid value for option "${name}": "${value}"`, { hint });
}

/** The spec's foreign table validation. */
export function validateTableOptions(options: Record<string, string>): void {
  checkOptionNames(Object.keys(options), TABLE_OPTIONS);
  if (options.table === undefined) {
    throw new EngineError(SqlState.fdwError, 'required option `table` is not specified');
  }
  for (const flag of ['consistent_read'] as const) {
    const v = options[flag];
    if (v !== undefined && !['true', 'false', 'on', 'off'].includes(v.toLowerCase())) {
      throw invalidValue(flag, v, "use 'true' or 'false'");
    }
  }
  const jw = options.jsonb_write;
  if (jw !== undefined && jw !== 'string' && jw !== 'native') {
    throw invalidValue('jsonb_write', jw, "use 'string' or 'native'");
  }
  validateRateOptions(options);
}

/**
 * `max_rcu_per_second '50'` → ok; `'-1'`, `'fast'` → 22023; `read_percent '150'` → 22023 (1–100).
 * 0 means no limit, as for the settings.
 */
function validateRateOptions(options: Readonly<Record<string, string>>): void {
  for (const name of RATE_OPTIONS) {
    const value = options[name];
    if (value === undefined) continue;
    const n = Number(value);
    const percent = name.endsWith('_percent');
    const bad = value.trim() === '' || !Number.isFinite(n) || n < 0 || (percent && n > 100);
    if (bad)
      throw new EngineError(
        SqlState.invalidParameterValue,
        `invalid value for option "${name}": "${value}"`,
        {
          hint: percent
            ? "a percentage of the table's provisioned (or on-demand maximum) capacity, from 0 to 100 (0: no limit)"
            : 'capacity units per second, 0 or more (0: no limit)',
        },
      );
  }
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', 'on', 'yes', '1'].includes(value.toLowerCase());
}
