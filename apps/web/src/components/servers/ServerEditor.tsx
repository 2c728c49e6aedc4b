import { useEffect, useReducer } from 'react';
import { api } from '../../api/client';
import { failureLine } from '../../api/failure-text';
import type { CatalogServer, WireScriptResult } from '../../api/wire';
import { runError } from '../../designer/designer-sql';
import {
  defaultRegion,
  draftProblem,
  serverEditorReducer,
  type CredentialChoice,
  type DraftField,
  type ServerEditorState,
} from '../../servers/server-editor-reducer';
import { serverEditorSql } from '../../servers/server-editor-sql';
import { keysMove, keysMoveLine } from '../../servers/keys-move';
import { Icon } from '../Icon';
import { Modal } from '../Modal';
import { SqlPreview } from '../SqlPreview';
import './servers.css';

interface ServerEditorProps {
  readonly initial: ServerEditorState;
  readonly servers: readonly CatalogServer[];
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  readonly onSaved: (server: string) => void;
  readonly onClose: () => void;
}

const SOURCES: readonly [CredentialChoice, string][] = [
  ['profile', 'AWS profile'],
  ['keys', 'Vault keys'],
  ['default', 'Default chain'],
];

const ENVIRONMENTS = [
  ['', '—'],
  ['development', 'development'],
  ['staging', 'staging'],
  ['production', 'production (writes ask first)'],
] as const;

/** Create or alter a server: its credential source, an optional role on top, region, environment. */
export function ServerEditor({ initial, servers, runSql, onSaved, onClose }: ServerEditorProps) {
  const [s, dispatch] = useReducer(serverEditorReducer, initial);
  useEffect(() => {
    api.profiles().then(
      (profiles) => dispatch({ type: 'profiles-loaded', profiles }),
      (e: unknown) => dispatch({ type: 'profiles-failed', message: failureLine(e) }),
    );
  }, []);
  const d = s.draft;
  const ctx = {
    wrapper: servers[0]?.wrapper ?? 'dynamodb_wrapper',
    createWrapper: servers.length === 0,
    secretNames: servers.flatMap((server) =>
      Object.entries(server.options).flatMap(([k, v]) => (k.startsWith('vault_') ? [v] : [])),
    ),
  };
  const problem = draftProblem(s);
  const preview = problem ? '' : serverEditorSql(s, ctx, true);
  const save = async () => {
    dispatch({ type: 'save-started' });
    try {
      const error = runError(await runSql(serverEditorSql(s, ctx)));
      if (error) dispatch({ type: 'save-failed', message: error });
      else onSaved(d.name);
    } catch (e) {
      dispatch({ type: 'save-failed', message: failureLine(e) });
    }
  };
  const field = (
    key: DraftField,
    label: string,
    options: { help?: string; placeholder?: string; type?: string; disabled?: boolean } = {},
  ) => (
    <div className="field">
      <label htmlFor={`server-${key}`}>{label}</label>
      <input
        id={`server-${key}`}
        className="input"
        type={options.type ?? 'text'}
        value={d[key]}
        placeholder={options.placeholder}
        disabled={options.disabled}
        autoComplete="off"
        data-testid={`server-${key}`}
        onChange={(e) => dispatch({ type: 'field-set', field: key, value: e.target.value })}
      />
      {options.help ? <span className="help">{options.help}</span> : null}
    </div>
  );
  const select = (
    key: DraftField,
    label: string,
    choices: readonly (readonly [string, string])[],
    help?: string,
  ) => (
    <div className="field">
      <label htmlFor={`server-${key}`}>{label}</label>
      <select
        id={`server-${key}`}
        className="input"
        value={d[key]}
        data-testid={`server-${key}`}
        onChange={(e) => dispatch({ type: 'field-set', field: key, value: e.target.value })}
      >
        {choices.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {help ? <span className="help">{help}</span> : null}
    </div>
  );
  const profileChoices: [string, string][] = [
    ['', s.profiles === null ? 'Loading profiles…' : 'Pick a profile'],
    // A profile the files no longer have stays visible as the server names it.
    ...(d.profile && !s.profiles?.some((p) => p.name === d.profile)
      ? [[d.profile, d.profile] as [string, string]]
      : []),
    ...(s.profiles ?? []).map((p): [string, string] => [
      p.name,
      `${p.name} — ${p.kind}${p.region ? ` · ${p.region}` : ''}`,
    ]),
  ];
  const profileHelp =
    s.profilesError ??
    (s.profiles?.length === 0
      ? 'No profiles in the AWS config files of the Dynascope server.'
      : 'From the AWS config and credentials files of the Dynascope server.');
  const move = keysMove(s);
  const keysKept =
    s.mode === 'alter' &&
    (s.original?.vault_access_key_id !== undefined || s.original?.aws_access_key_id !== undefined);
  const keysTyped = Boolean(d.accessKeyId && d.secretAccessKey);
  const keysPlaceholder = move ? 'enter again' : keysKept ? 'unchanged' : undefined;
  return (
    <Modal
      label="Server editor"
      size="mid"
      title={s.mode === 'create' ? 'New DynamoDB server' : `Server ${d.name}`}
      subtitle="Who Dynascope is in AWS when it reads and writes through this server."
      icon={<Icon name="server" size={18} />}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn primary"
            disabled={Boolean(problem) || !preview || s.saving}
            onClick={() => void save()}
            data-testid="server-save"
          >
            {s.mode === 'create' ? 'Create server' : 'Save changes'}
          </button>
        </>
      }
    >
      <div className="server-editor" data-testid="server-editor">
        <div className="pad">
          {field('name', 'Server name', { disabled: s.mode === 'alter', placeholder: 'prod' })}
          <div className="field">
            <label>Credentials</label>
            <div className="seg">
              {SOURCES.map(([source, label]) => (
                <button
                  key={source}
                  className={d.source === source ? 'on' : ''}
                  onClick={() => dispatch({ type: 'source-set', source })}
                  data-testid={`server-source-${source}`}
                >
                  {label}
                </button>
              ))}
            </div>
          </div>
          {d.source === 'profile' ? (
            select('profile', 'Profile', profileChoices, profileHelp)
          ) : d.source === 'keys' ? (
            <>
              <div className="form-row">
                {field('accessKeyId', 'Access key ID', { placeholder: keysPlaceholder ?? 'AKIA…' })}
                {field('secretAccessKey', 'Secret access key', {
                  type: 'password',
                  placeholder: keysPlaceholder,
                })}
              </div>
              {move ? (
                <div className="keys-moved" data-testid="server-keys-moved">
                  <Icon name="key" size={12} /> {keysMoveLine(move, keysTyped)}
                </div>
              ) : null}
            </>
          ) : (
            <div className="help">
              The AWS credential chain of the Dynascope server: environment, ~/.aws, SSO, instance role.
            </div>
          )}
          {field('roleArn', 'Assume a role (optional)', {
            placeholder: 'arn:aws:iam::123456789012:role/ReadOnly',
          })}
          {d.roleArn ? (
            <div className="form-row">
              {field('externalId', 'External ID')}
              {field('roleSessionName', 'Session name', { placeholder: 'dynascope' })}
            </div>
          ) : null}
          <div className="form-row">
            {field('region', 'Region', { placeholder: defaultRegion(s) })}
            {select('environment', 'Environment', ENVIRONMENTS)}
          </div>
          <div className="form-row">
            {field('endpointUrl', 'DynamoDB endpoint (optional)', { placeholder: 'http://127.0.0.1:8000' })}
            {field('stsEndpointUrl', 'STS endpoint (optional)', {
              placeholder: 'https://sts.eu-west-1.amazonaws.com',
            })}
          </div>
        </div>
        <div className="pad">
          <div className="h3">Generated SQL</div>
          {preview ? (
            <SqlPreview sql={preview} testId="server-editor-sql" />
          ) : (
            <div className="help">
              {/* The keys asked for again say why beside their fields. */}
              {move && !keysTyped
                ? 'The SQL shows once the keys are entered.'
                : (problem ?? 'Nothing to change.')}
            </div>
          )}
          {s.error ? (
            <div className="error" role="alert" data-testid="server-error">
              {s.error}
            </div>
          ) : null}
          <div className="callout">
            <Icon name="key" size={12} /> Keys go into the encrypted vault; a profile's secrets stay in its
            files. Nothing secret is shown or kept in history.
          </div>
        </div>
      </div>
    </Modal>
  );
}
