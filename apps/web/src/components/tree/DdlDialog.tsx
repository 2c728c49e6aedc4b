import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { failureText, type FailureText } from '../../api/failure-text';
import type { DdlTarget } from '../../api/wire';
import { ErrorCallout } from '../ErrorCallout';
import { Modal } from '../Modal';
import { SqlPreview } from '../SqlPreview';

/** The SQL that creates a server, schema or foreign table, as the engine writes it from the catalog. */
export function DdlDialog({
  target,
  title,
  onOpen,
  onClose,
}: {
  readonly target: DdlTarget;
  readonly title: string;
  /** Opens the SQL in a new editor tab. */
  readonly onOpen: (sql: string) => void;
  readonly onClose: () => void;
}) {
  const [sql, setSql] = useState<string | null>(null);
  const [failure, setFailure] = useState<FailureText | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    api
      .ddl(target)
      .then((s) => live && setSql(s))
      .catch((e: unknown) => live && setFailure(failureText(e)));
    return () => {
      live = false;
    };
  }, [target]);
  return (
    <Modal
      title={`DDL of ${title}`}
      subtitle="Written by the engine from the catalog; credentials stay in the vault."
      size="mid"
      label="DDL"
      onClose={onClose}
      footer={
        <>
          <button
            className="btn"
            disabled={sql === null}
            onClick={() => {
              void navigator.clipboard?.writeText(sql ?? '').then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button
            className="btn primary"
            disabled={sql === null}
            onClick={() => {
              onOpen(`${sql}\n`);
              onClose();
            }}
          >
            Open in a new tab
          </button>
        </>
      }
    >
      <div className="dialog-body">
        {failure ? (
          <ErrorCallout failure={failure} testId="ddl-error" />
        ) : sql === null ? (
          <div className="tree-note">Reading the catalog…</div>
        ) : (
          <SqlPreview sql={sql} testId="ddl-sql" />
        )}
      </div>
    </Modal>
  );
}
