import type { ServerForm } from '../../designer/designer-reducer';
import { Icon } from '../Icon';
import { SqlPreview } from '../SqlPreview';
import type { DesignerPartProps } from './designer-props';
import { Outcome } from './Outcome';

/** The middle column in server mode: name, region, endpoint and the credentials. */
export function NewServerForm({ state, dispatch }: DesignerPartProps) {
  const field = (key: keyof ServerForm, label: string, help?: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`srv-${key}`}>{label}</label>
      <input
        id={`srv-${key}`}
        className="input"
        type={type}
        value={state.serverForm[key]}
        onChange={(e) => dispatch({ type: 'server-form-set', key, value: e.target.value })}
        autoComplete="off"
      />
      {help ? <span className="help">{help}</span> : null}
    </div>
  );
  return (
    <div className="pad">
      <div className="h3">New DynamoDB server</div>
      <div className="form-grid">
        {field('name', 'Server name')}
        {field('region', 'Region')}
      </div>
      <div style={{ height: 10 }} />
      {field(
        'endpointUrl',
        'Endpoint URL (optional)',
        'For DynamoDB Local, dynalite or LocalStack, e.g. http://127.0.0.1:8000',
      )}
      <div className="h3">Credentials</div>
      <div className="form-grid">
        {field('accessKeyId', 'Access key ID')}
        {field('secretAccessKey', 'Secret access key', undefined, 'password')}
      </div>
      <div style={{ height: 12 }} />
      <div className="callout">
        <Icon name="key" size={12} /> Credentials are stored in the encrypted vault with{' '}
        <code>vault.create_secret</code>; the server options only name the secrets. They are never kept in
        history.
      </div>
    </div>
  );
}

/** The right column in server mode: the generated SQL, secrets masked. */
export function ServerSql({
  sql,
  message,
}: {
  readonly sql: string;
  readonly message: DesignerPartProps['state']['message'];
}) {
  return (
    <div className="pad">
      <div className="h3">Generated SQL</div>
      <SqlPreview sql={sql} testId="server-sql" />
      <div style={{ height: 12 }} />
      <Outcome message={message} />
    </div>
  );
}
