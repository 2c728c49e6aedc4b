import { useState } from 'react';
import { failureText, type FailureText } from '../../api/failure-text';
import type { WireScriptResult } from '../../api/wire';
import { cascadeMeaning, dropSql } from '../../catalog-menu/drop-sql';
import { nodeLabel, type TreeNode } from '../../catalog-menu/tree-node';
import { ErrorCallout } from '../ErrorCallout';
import { Modal } from '../Modal';
import { SqlPreview } from '../SqlPreview';

/** Drop a tree node: the SQL shown first, CASCADE only when ticked, run through the normal run path. */
export function DropDialog({
  node,
  runSql,
  onDropped,
  onClose,
}: {
  readonly node: TreeNode;
  readonly runSql: (sql: string) => Promise<WireScriptResult>;
  readonly onDropped: () => void;
  readonly onClose: () => void;
}) {
  const [cascade, setCascade] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<FailureText | null>(null);
  const sql = dropSql(node, cascade);
  const drop = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await runSql(sql);
      if (result.error) setFailure({ message: result.error.message, hint: result.error.hint ?? null });
      else {
        onDropped();
        onClose();
      }
    } catch (e) {
      setFailure(failureText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Drop ${nodeLabel(node)}?`}
      subtitle="Only the catalog changes: DynamoDB's tables and items are not touched."
      label="Drop"
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn danger"
            disabled={busy}
            onClick={() => void drop()}
            data-testid="confirm-drop"
          >
            {busy ? 'Dropping…' : 'Drop'}
          </button>
        </>
      }
    >
      <div className="dialog-body">
        <SqlPreview sql={sql} testId="drop-sql" />
        <label className="tree-check">
          <input
            type="checkbox"
            checked={cascade}
            onChange={(e) => setCascade(e.target.checked)}
            data-testid="drop-cascade"
          />
          <span>
            CASCADE
            <small>{cascadeMeaning(node)}</small>
          </span>
        </label>
        {failure ? (
          <div style={{ marginTop: 10 }}>
            <ErrorCallout failure={failure} testId="drop-error" />
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
