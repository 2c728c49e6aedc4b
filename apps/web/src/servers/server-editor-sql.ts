import { quoteIdent, quoteLiteral } from '../sql/identifiers';
import { freshSecretName, KEY_OPTIONS, keysMove } from './keys-move';
import type { ServerEditorState } from './server-editor-reducer';

/** The server options the editor manages; others (set in SQL) are left as they are. */
const MANAGED = [
  ...KEY_OPTIONS,
  'credentials',
  'profile',
  'role_arn',
  'external_id',
  'role_session_name',
  'region',
  'endpoint_url',
  'sts_endpoint_url',
  'environment',
] as const;

export interface ServerSqlContext {
  /** The wrapper new servers use; created first when `createWrapper`. */
  readonly wrapper: string;
  readonly createWrapper: boolean;
  /** The vault secrets the catalog's servers name: new secrets get other names. */
  readonly secretNames: readonly string[];
}

/**
 * The script that creates or alters the server: typed keys go to the vault first (shown masked
 * when `masked`), then `create server ... options (...)` or `alter server ... options (set/add/drop ...)`.
 * New keys rotate the secrets the server names, unless the edit sends them elsewhere (keysMove): a
 * stored key goes only where it was first sent, so they go to new secrets the same ALTER names.
 *
 *   profile 'reader' + role → create server prod foreign data wrapper dynamodb_wrapper options (
 *     profile 'reader', role_arn 'arn:aws:iam::123456789012:role/ReadOnly', environment 'production');
 */
export function serverEditorSql(s: ServerEditorState, ctx: ServerSqlContext, masked = false): string {
  const d = s.draft;
  const secret = (v: string) => quoteLiteral(masked ? '•'.repeat(Math.min(12, Math.max(8, v.length))) : v);
  const script: string[] = [];
  const wanted: Record<string, string> = {};
  const original = s.original ?? {};
  if (d.source === 'profile') wanted.profile = d.profile;
  if (d.source === 'default') wanted.credentials = 'default';
  if (d.source === 'keys') {
    if (d.accessKeyId && d.secretAccessKey) {
      const moved = keysMove(s) !== null;
      const pair = [
        ['vault_access_key_id', d.accessKeyId, `${d.name}_access_key_id`, `AWS access key ID for ${d.name}`],
        [
          'vault_secret_access_key',
          d.secretAccessKey,
          `${d.name}_secret_access_key`,
          `AWS secret access key for ${d.name}`,
        ],
      ] as const;
      for (const [option, value, base, description] of pair) {
        // A server that already names a vault secret gets it rotated, where it goes still; otherwise a new secret.
        const current = original[option];
        if (current !== undefined && !moved) {
          script.push(`select vault.update_secret(${quoteLiteral(current)}, ${secret(value)});`);
          wanted[option] = current;
          continue;
        }
        const name = freshSecretName(current, base, ctx.secretNames);
        script.push(
          `select vault.create_secret(${secret(value)}, ${quoteLiteral(name)}, ${quoteLiteral(description)});`,
        );
        wanted[option] = name;
      }
    } else {
      for (const k of KEY_OPTIONS) if (original[k] !== undefined) wanted[k] = original[k];
    }
  }
  const optional = [
    ['role_arn', d.roleArn],
    ['external_id', d.roleArn && d.externalId],
    ['role_session_name', d.roleArn && d.roleSessionName],
    ['region', d.region],
    ['endpoint_url', d.endpointUrl],
    ['sts_endpoint_url', d.stsEndpointUrl],
    ['environment', d.environment],
  ] as const;
  for (const [k, v] of optional) if (v) wanted[k] = v;

  const name = quoteIdent(d.name);
  if (s.mode === 'create') {
    if (ctx.createWrapper) script.unshift(`create foreign data wrapper ${quoteIdent(ctx.wrapper)};`);
    const opts = Object.entries(wanted).map(([k, v]) => `${k} ${quoteLiteral(v)}`);
    script.push(
      `create server ${name} foreign data wrapper ${quoteIdent(ctx.wrapper)} options (\n  ${opts.join(',\n  ')}\n);`,
    );
    return script.join('\n');
  }
  const ops: string[] = [];
  for (const k of MANAGED) {
    const before = original[k];
    const after = wanted[k];
    if (before !== undefined && after === undefined) ops.push(`drop ${k}`);
    else if (before === undefined && after !== undefined) ops.push(`add ${k} ${quoteLiteral(after)}`);
    else if (before !== undefined && after !== undefined && before !== after)
      ops.push(`set ${k} ${quoteLiteral(after)}`);
  }
  if (ops.length) script.push(`alter server ${name} options (\n  ${ops.join(',\n  ')}\n);`);
  return script.join('\n');
}
