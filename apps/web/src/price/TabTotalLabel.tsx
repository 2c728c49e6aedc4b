import { formatUsd } from '@dynascope/contract';
import { useSyncExternalStore } from 'react';
import { formatRcu } from '../format/format-cell';
import type { RunView } from '../state/run-view';
import { runSpend, tabSpend } from './tab-spend';

/**
 * The tab's running total in the results bar: `tab total ≈ $0.0000012`, the sum of its statements'
 * prices (each as it ran), of the cost guard's samples for estimates and of completion's samples;
 * the samples show beside it when there are any (`incl. completion samples 3.5 RCU`). Redrawn when
 * completion counts a sample.
 */
export function TabTotalLabel({ session, run }: { session: string; run: RunView }) {
  useSyncExternalStore(tabSpend.subscribe, tabSpend.snapshot);
  const total = tabSpend.record(session, run.id, runSpend(run));
  const { statements, estimateSamples, samples } = total;
  const title = [
    `statements: ${formatRcu(statements.rcu)} RCU, ${formatRcu(statements.wcu)} WCU ≈ ${formatUsd(statements.usd)} (each priced by its tables, as it ran; what cancelled statements read included)`,
    `the cost guard's samples for estimates: ${formatRcu(estimateSamples.rcu)} RCU ≈ ${formatUsd(estimateSamples.usd)}`,
    `completion samples: ${samples.count} Scan${samples.count === 1 ? '' : 's'}, ${formatRcu(samples.rcu)} RCU ≈ ${formatUsd(samples.usd)}`,
  ].join('\n');
  return (
    <>
      <span className="stat" title={title} data-testid="tab-price" data-usd={total.usd}>
        tab total ≈ <b>{formatUsd(total.usd)}</b>
      </span>
      {estimateSamples.rcu ? (
        <span className="stat" title={title} data-testid="estimate-samples" data-usd={estimateSamples.usd}>
          incl. estimate samples <b>{formatRcu(estimateSamples.rcu)}</b> RCU
        </span>
      ) : null}
      {samples.count ? (
        <span className="stat" title={title} data-testid="completion-samples" data-usd={samples.usd}>
          incl. completion samples <b>{formatRcu(samples.rcu)}</b> RCU
        </span>
      ) : null}
    </>
  );
}
