import type { CatalogServer } from '../../api/wire';
import { serverTables } from '../../designer/designer-reducer';
import { ErrorCallout } from '../ErrorCallout';
import { Icon } from '../Icon';
import type { DesignerPartProps } from './designer-props';

/** The left column: servers (and "New server…"), and the picked server's DynamoDB tables. */
export function ServerPicker({
  state,
  dispatch,
  servers,
}: DesignerPartProps & { readonly servers: readonly CatalogServer[] }) {
  const { mode, server, dynamoTable } = state;
  const list = serverTables(state);
  return (
    <div className="pad">
      <div className="h3">Server</div>
      <div className="pick-list">
        {servers.map((s) => (
          <button
            key={s.name}
            className={`pick${mode !== 'server' && s.name === server ? ' on' : ''}`}
            onClick={() => dispatch({ type: 'server-picked', server: s.name })}
          >
            <Icon name="server" size={13} /> {s.name}
            <span className="meta">{s.options.region ?? ''}</span>
          </button>
        ))}
        <button
          className={`pick${mode === 'server' ? ' on' : ''}`}
          onClick={() => dispatch({ type: 'mode-chosen', mode: 'server' })}
          data-testid="new-server"
        >
          <Icon name="plus" size={13} /> New server…
        </button>
      </div>
      {mode === 'table' ? (
        <>
          <div className="h3">DynamoDB tables</div>
          {list.kind === 'failed' ? <ErrorCallout failure={list.failure} testId="tables-error" /> : null}
          {list.kind === 'listing' ? <div className="tree-empty">Listing tables…</div> : null}
          <div className="pick-list" data-testid="ddb-tables">
            {(list.kind === 'listed' ? list.tables : []).map((t) => (
              <button
                key={t}
                className={`pick${t === dynamoTable ? ' on' : ''}`}
                onClick={() => dispatch({ type: 'table-picked', dynamoTable: t })}
                data-testid="ddb-table"
              >
                <Icon name="table" size={13} /> {t}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
