import { formatUsd } from '@dynascope/contract';
import { useSyncExternalStore } from 'react';
import { formatRcu } from '../format/format-cell';
import type { RunView } from '../state/run-view';
import { runSpend, tabSpend } from './tab-spend';

/**
 * The tab's running total in the results bar: `tab total ≈ $0.0000012`, the sum of its statements'
 * prices (each as it ran) and of completion's samples, which show beside it when there are any
 * (`completion samples 3.5 RCU`). Redrawn when completion counts a sample.
 */
export function TabTotalLabel({ session, run }: { session: string; run: RunView }) {
  useSyncExternalStore(tabSpend.subscribe, tabSpend.snapshot);
  const total = tabSpend.record(session, run.id, runSpend(run));
  const { statements, samples } = total;
  const title = [
    `statements: ${formatRcu(statements.rcu)} RCU, ${formatRcu(statements.wcu)} WCU ≈ ${formatUsd(statements.usd)} (each priced by its tables, as it ran; the cost guard's samples and what cancelled statements read included)`,
    `completion samples: ${samples.count} Scan${samples.count === 1 ? '' : 's'}, ${formatRcu(samples.rcu)} RCU ≈ ${formatUsd(samples.usd)}`,
  ].join('\n');
  return (
    <>
      <span className="stat" title={title} data-testid="tab-price" data-usd={total.usd}>
        tab total ≈ <b>{formatUsd(total.usd)}</b>
      </span>
      {samples.count ? (
        <span className="stat" title={title} data-testid="completion-samples" data-usd={samples.usd}>
          incl. completion samples <b>{formatRcu(samples.rcu)}</b> RCU
        </span>
      ) : null}
    </>
  );
}
