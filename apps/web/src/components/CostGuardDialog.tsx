import { useEffect, useRef } from 'react';
import { describeReason, type GuardDecision } from '../guard/cost-guard';
import { formatRcu } from '../format/format-cell';
import { Icon } from './Icon';
import { Modal } from './Modal';
import { WritePreview } from './WritePreview';

interface CostGuardDialogProps {
  readonly decision: GuardDecision;
  readonly threshold: number;
  readonly onThreshold: (n: number) => void;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * Asks before an expensive Scan, an unfiltered write, a write to production, or writes whose
 * preview needs confirmation (each previewed write of the script is shown: count, before → after,
 * WCU, atomic or batched, the read's RCU). Cancel has the focus.
 */
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
  const previews = decision.reasons.flatMap((r) => (r.kind === 'write-preview' ? [r] : []));
  const onlyPreviews = previews.length === decision.reasons.length;
  return (
    <Modal
      label="Confirm expensive statement"
      size={previews.length ? 'mid' : 'normal'}
      title={
        decision.reasons.some((r) => r.kind === 'production-write')
          ? 'This statement writes to production'
          : onlyPreviews
            ? 'Review the writes before they run'
            : 'This statement may be expensive'
      }
      subtitle={
        onlyPreviews ? (
          'Previewed in this tab’s session: nothing has been written yet.'
        ) : unknown ? (
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
            {onlyPreviews ? 'Run' : 'Run anyway'}
          </button>
        </>
      }
    >
      <div className="dialog-body" data-testid="cost-guard">
        {onlyPreviews ? null : (
          <ul className="reasons">
            {decision.reasons.map((r, i) =>
              r.kind === 'write-preview' ? null : (
                <li key={i}>
                  <span style={{ color: 'var(--muted)', marginRight: 6 }}>
                    Statement {r.statementIndex + 1}
                  </span>
                  {describeReason(r)}
                </li>
              ),
            )}
            {decision.writesNotPreviewed ? (
              <li data-testid="writes-not-previewed">
                The writes were not previewed: finding their rows takes a Scan above your {threshold} RCU
                limit, which a preview would read once more before the run reads it again.
              </li>
            ) : null}
          </ul>
        )}
        {previews.length ? (
          <div className="preview-list" style={{ marginTop: onlyPreviews ? 0 : 10 }}>
            {previews.map((r) => (
              <WritePreview key={r.statementIndex} statementIndex={r.statementIndex} preview={r.preview} />
            ))}
          </div>
        ) : null}
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
