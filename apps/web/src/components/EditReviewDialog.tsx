import type { EditReview } from '../edit/edit-review';
import { Icon } from './Icon';
import { Modal } from './Modal';
import { SqlPreview } from './SqlPreview';
import { WritePreview } from './WritePreview';

interface EditReviewDialogProps {
  readonly review: EditReview;
  readonly onApply: () => void;
  readonly onClose: () => void;
}

/**
 * An edit made in the grid as the SQL it runs, with the write preview of each of its statements
 * (nothing is written until Apply; Apply runs it in the tab's session). A preview that changes other
 * than the items edited blocks Apply, and says why.
 */
export function EditReviewDialog({ review, onApply, onClose }: EditReviewDialogProps) {
  const { phase } = review;
  return (
    <Modal
      title={review.title}
      subtitle="The SQL this edit runs, previewed: nothing is written until you apply it."
      icon={<Icon name="pencil" size={16} />}
      label="Review the edit"
      size="mid"
      onClose={phase === 'applying' ? () => undefined : onClose}
      footer={
        <>
          {phase === 'failed' && review.partial ? (
            <span className="left er-partial">
              Part of it was written: run the query again to see the table as it is.
            </span>
          ) : null}
          <button className="btn" onClick={onClose} disabled={phase === 'applying'} data-testid="edit-cancel">
            {phase === 'failed' || phase === 'blocked' ? 'Close' : 'Cancel'}
          </button>
          <button
            className="btn primary"
            onClick={onApply}
            disabled={phase !== 'ready'}
            data-testid="edit-apply"
          >
            {phase === 'applying' ? 'Applying…' : 'Apply'}
          </button>
        </>
      }
    >
      <div className="dialog-body edit-review" data-testid="edit-review" data-phase={phase}>
        {review.warning ? (
          <div className="er-warning" role="alert" data-testid="edit-production">
            <Icon name="alert" size={14} /> {review.warning}
          </div>
        ) : null}
        <SqlPreview sql={review.sql} testId="edit-sql" />
        {phase === 'previewing' ? (
          <div className="er-wait">
            <span className="spinner" style={{ width: 12, height: 12 }} /> Previewing: the engine reads what
            the write would change and writes nothing…
          </div>
        ) : null}
        {review.blocked ? (
          <div className="er-blocked" role="alert" data-testid="edit-blocked">
            <Icon name="alert" size={14} /> {review.blocked}
          </div>
        ) : null}
        {review.previews.map((p, i) => (
          <WritePreview key={i} statementIndex={i} preview={p} />
        ))}
        {review.error ? (
          <div className="error-box" data-testid="edit-error">
            {review.error.sqlstate ? <span className="code">{review.error.sqlstate}</span> : null}
            <div className="msg">{review.error.message}</div>
          </div>
        ) : null}
      </div>
    </Modal>
  );
}
