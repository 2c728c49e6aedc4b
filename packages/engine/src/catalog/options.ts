import { EngineError, SqlState } from '../errors';

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
] as const;

export const TABLE_OPTIONS = ['table', 'rowid_column', 'consistent_read', 'jsonb_write', 'catch_all'] as const;

/** Plain-text server options whose values are moved into the vault. */
export const PLAIN_SECRET_OPTIONS = ['aws_access_key_id', 'aws_secret_access_key', 'session_token'] as const;

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

/** The spec's server validation, in its order (spec §1, "Server options"). */
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
    throw new EngineError(SqlState.fdwError, `invalid value for option "credentials": "${options.credentials}"`, {
      hint: "the only value is 'default' (the AWS credential chain of the Dynascope process)",
    });
  }
  if (!plain && !vault && options.credentials !== 'default') {
    throw new EngineError(
      SqlState.fdwError,
      'invalid server options: must provide either (aws_access_key_id + aws_secret_access_key) or (vault_access_key_id + vault_secret_access_key)',
    );
  }
  if (options.endpoint_url !== undefined && !/^https?:\/\/[^\s/]+/.test(options.endpoint_url)) {
    throw new EngineError(SqlState.fdwError, `invalid value for option "endpoint_url": "${options.endpoint_url}"`, {
      hint: "an http(s) URL, e.g. 'http://127.0.0.1:8000'",
    });
  }
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
      throw new EngineError(SqlState.fdwError, `invalid value for option "${flag}": "${v}"`, { hint: "use 'true' or 'false'" });
    }
  }
  const jw = options.jsonb_write;
  if (jw !== undefined && jw !== 'string' && jw !== 'native') {
    throw new EngineError(SqlState.fdwError, `invalid value for option "jsonb_write": "${jw}"`, { hint: "use 'string' or 'native'" });
  }
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', 'on', 'yes', '1'].includes(value.toLowerCase());
}
