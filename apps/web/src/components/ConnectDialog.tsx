import type { ConnectionInfo } from '@dynascope/contract';
import { connectCommands } from '../connect/connect-commands';
import { Modal } from './Modal';
import './connect-dialog.css';

interface ConnectDialogProps {
  /** undefined while it loads. */
  readonly info: ConnectionInfo | undefined;
  readonly error: string | null;
  /** The page's host name (`location.hostname`). */
  readonly pageHost: string;
  readonly onCopy: (text: string, what: string) => void;
  readonly onClose: () => void;
}

/** How to connect psql, JDBC and other Postgres clients: host, port, user, a psql command and a JDBC URL. */
export function ConnectDialog({ info, error, pageHost, onCopy, onClose }: ConnectDialogProps) {
  const endpoint = info?.postgres ?? null;
  const commands = endpoint ? connectCommands(endpoint, pageHost) : null;
  const rows: readonly [string, string, boolean][] =
    endpoint && commands
      ? [
          ['Host', commands.host, false],
          ['Port', String(endpoint.port), false],
          ['User', endpoint.user, false],
          ['Database', endpoint.database, false],
          ['psql', commands.psql, true],
          ['JDBC URL', commands.jdbcUrl, true],
        ]
      : [];
  return (
    <Modal label="Connect a Postgres client" title="Connect a Postgres client" size="mid" onClose={onClose}>
      <div className="dialog-body" data-testid="connect">
        {error ? <p className="error-text">{error}</p> : null}
        {info === undefined && !error ? <p>Loading…</p> : null}
        {info && !endpoint ? (
          <p data-testid="connect-off">
            The Postgres wire protocol is off. Start Dynascope with <code>DYNASCOPE_PG_PORT</code> set to a
            free port (the default is 5481) to connect psql, JDBC and BI tools.
          </p>
        ) : null}
        {endpoint ? (
          <>
            <p>
              psql, JDBC, DBeaver and other Postgres clients connect here. The password is the API token (the
              one this page was opened with, or <code>DYNASCOPE_TOKEN</code>); SCRAM-SHA-256.
            </p>
            <dl className="connect-rows">
              {rows.map(([label, value, copyable]) => (
                <div key={label} className="connect-row">
                  <dt>{label}</dt>
                  <dd>
                    <code data-testid={`connect-${label.toLowerCase().replace(/\s+/g, '-')}`}>{value}</code>
                    {copyable ? (
                      <button className="btn ghost" onClick={() => onCopy(value, label)}>
                        Copy
                      </button>
                    ) : null}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
      </div>
    </Modal>
  );
}
