import { useEffect, useRef } from 'react';
import { describeReason, type GuardDecision } from '../guard/cost-guard';
import { formatRcu } from '../format/format-cell';
import { Icon } from './Icon';
import { Modal } from './Modal';

interface CostGuardDialogProps {
  readonly decision: GuardDecision;
  readonly threshold: number;
  readonly onThreshold: (n: number) => void;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Asks before an expensive Scan or an unfiltered write. Cancel has the focus. */
export function CostGuardDialog({
  decision,
  threshold,
  onThreshold,
  onConfirm,
  onCancel,
}: CostGuardDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  const scans = decision.reasons.some((r) => r.kind === 'scan');
  const unknown = decision.reasons.some((r) => r.kind === 'scan' && r.estimatedRcu === null);
  return (
    <Modal
      label="Confirm expensive statement"
      title={
        decision.reasons.some((r) => r.kind === 'production-write')
          ? 'This statement writes to production'
          : 'This statement may be expensive'
      }
      subtitle={
        unknown ? (
          'A full Scan of unknown cost reads every item of the table.'
        ) : scans ? (
          <>
            Worst case: <b>~{formatRcu(decision.totalEstimatedRcu)} RCU</b> if it reads every item it may
            read.
          </>
        ) : (
          'Review before it runs.'
        )
      }
      icon={
        <span className="warn-ico">
          <Icon name="alert" size={18} />
        </span>
      }
      onClose={onCancel}
      footer={
        <>
          <button className="btn" ref={cancelRef} onClick={onCancel} data-testid="guard-cancel">
            Cancel
          </button>
          <button
            className="btn primary"
            onClick={onConfirm}
            data-testid="guard-confirm"
            style={{ background: 'var(--amber)', borderColor: 'var(--amber)' }}
          >
            Run anyway
          </button>
        </>
      }
    >
      <div className="dialog-body" data-testid="cost-guard">
        <ul className="reasons">
          {decision.reasons.map((r, i) => (
            <li key={i}>
              <span style={{ color: 'var(--muted)', marginRight: 6 }}>Statement {r.statementIndex + 1}</span>
              {describeReason(r)}
            </li>
          ))}
        </ul>
        {scans ? (
          <label className="threshold">
            Ask before Scans above
            <input
              className="input"
              type="number"
              min={0}
              value={threshold}
              onChange={(e) => onThreshold(Math.max(0, Number(e.target.value) || 0))}
              data-testid="guard-threshold"
            />
            RCU
          </label>
        ) : null}
      </div>
    </Modal>
  );
}
