import type { CancelledCost } from '../run/cancellation';
import { formatCount, formatRcu } from '../format/format-cell';
import { Icon } from './Icon';

/** A cancelled statement: what it had read and consumed before it stopped (cancellation.ts decides). */
export function CancelledBox({ cost }: { readonly cost: CancelledCost }) {
  return (
    <div className="cancel-box" data-testid="cancel-box" data-final={cost.final}>
      <div className="title">
        <Icon name="stop" size={12} /> Statement {cost.statementIndex + 1} was cancelled
      </div>
      <div className="figures">
        {cost.itemsScanned !== null ? (
          <span>
            <b>{formatCount(cost.itemsScanned)}</b> items scanned
          </span>
        ) : null}
        <span title="Read capacity units DynamoDB charged for the pages read before the cancel">
          <Icon name="bolt" size={12} />{' '}
          <b data-testid="cancelled-rcu">{cost.consumedRcu === null ? '—' : formatRcu(cost.consumedRcu)}</b>{' '}
          RCU consumed before it stopped
        </span>
      </div>
      <div className="hint">
        {cost.final
          ? 'DynamoDB charges the pages read before the cancel; nothing after them was read.'
          : 'Waiting for the server to confirm the cancel (the figure is the last progress report).'}
      </div>
    </div>
  );
}
