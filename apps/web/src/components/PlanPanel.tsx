import { consumedPrice, estimatedPrice, scanPrice } from '@dynascope/contract';
import type { WireScan, WireStatement, WireWrite } from '../api/wire';
import { formatCount, formatRcu } from '../format/format-cell';
import { formatRateLimit } from '../format/format-rate';
import { samplingNote } from '../plan/sampling-note';
import { joinSummary, type JoinSummary } from '../plan/join-summary';
import { engineEvaluationLine, type EngineEvaluationLine } from '../plan/engine-evaluation-line';
import { executionShapeText } from '../plan/execution-shape';
import { writeManner } from '../plan/write-manner';
import {
  accessFacts,
  estimateDrift,
  filterOf,
  keyConditionOf,
  operationTone,
  scanRatio,
  selectivity,
} from '../plan/plan-view';
import type { PlanPanelStatement } from '../run/plan-panel-statement';
import { Icon } from './Icon';
import { scanEstimate } from '../plan/estimate-range';
import { scanPredicates } from '../plan/scan-predicates';
import { keyFetchDeclinedNote, keyFetchView, type KeyFetchView } from '../plan/key-fetch-view';
import { ScanCode } from './ScanCode';
import { PriceLabel, ScanPriceLabel } from '../price/PriceLabel';
import { scanFiguresScope, type LoadedPages, type ScanFiguresScope } from '../plan/scan-figures';

function ScanCard({
  scan,
  explainOnly,
  notRun,
  itemsNotRun,
  scope,
}: {
  scan: WireScan;
  explainOnly: boolean;
  notRun: string;
  /** What the items cell shows instead of the figures: never an RCU figure (`6,267 scanned · cancelled`). */
  itemsNotRun: string;
  /** What the actual figures cover: only the whole read ('actual') is held against the estimate. */
  scope: ScanFiguresScope;
}) {
  const tone = operationTone(scan);
  const key = keyConditionOf(scan);
  const lists = scanPredicates(scan);
  const filter = filterOf(scan);
  const sel = selectivity(scan);
  const ratio = scanRatio(scan);
  const drift = explainOnly || scope !== 'actual' ? null : estimateDrift(scan.estimatedRcu, scan.consumedRcu);
  const scopeTitle =
    explainOnly || scope === 'actual'
      ? undefined
      : scope === 'so far'
        ? 'More pages remain: what the pages loaded so far read'
        : "The statement's first page: later pages count in the total above, not per scan";
  const estimate = scanEstimate(scan, formatRcu);
  const fetch = keyFetchView(scan, !explainOnly);
  const declined = keyFetchDeclinedNote(scan);
  return (
    <div className="scan-card" data-testid="scan-card" data-operation={scan.operation}>
      <div className="scan-top">
        <span className={`op ${tone}`} data-testid="op-badge">
          {scan.operation}
        </span>
        <span className="rel" title={scan.relation}>
          {scan.relation}
        </span>
      </div>
      <div className="scan-table">
        DynamoDB table <code>{scan.table}</code>
        {scan.index ? (
          <>
            {' '}
            · index <code>{scan.index}</code>
          </>
        ) : null}
        {accessFacts(scan).map((f) => (
          <span key={f}> · {f}</span>
        ))}
      </div>
      {scan.identity ? (
        <div className="scan-table" data-testid="scan-identity">
          server <code>{scan.server}</code> as {scan.identity}
        </div>
      ) : null}
      {fetch ? (
        <div className="scan-table key-fetch-step" data-testid="key-fetch-scan-step">
          {fetch.scanStep}
        </div>
      ) : null}
      {scan.rateLimit ? (
        <div className="scan-table" data-testid="scan-rate-limit">
          {formatRateLimit(scan.rateLimit)}
        </div>
      ) : null}
      <div className="metrics">
        <div className="metric">
          <div className="label" data-testid="rcu-label" title={scopeTitle}>
            RCU estimated → {explainOnly ? 'actual' : scope}
          </div>
          <div className="val" data-testid="rcu">
            <span title={estimate.title}>
              {estimate.text ?? <small>unknown</small>}
              {estimate.range ? <small data-testid="rcu-range"> ({estimate.range})</small> : null}
            </span>
            <small>→</small>
            <span
              data-testid="rcu-actual"
              className={drift ? 'drift' : undefined}
              title={
                drift
                  ? `${drift > 1 ? `${Math.round(drift * 10) / 10}× more` : `${Math.round((1 / drift) * 10) / 10}× less`} than estimated`
                  : undefined
              }
            >
              {explainOnly ? <small>{notRun}</small> : formatRcu(scan.consumedRcu)}
            </span>
          </div>
          {explainOnly && scan.estimatedRcu === null ? null : (
            <div className="scan-price">
              <ScanPriceLabel
                part={scanPrice(scan, explainOnly)}
                prefix={explainOnly ? 'estimated ≈' : scope === 'so far' ? 'so far ≈' : '≈'}
              />
            </div>
          )}
        </div>
        <div className="metric">
          <div className="label">Items scanned → returned</div>
          <div className="val">
            {explainOnly ? (
              <small data-testid="items-not-run">{itemsNotRun}</small>
            ) : (
              <>
                {formatCount(scan.scannedCount)}
                <small>→</small>
                {formatCount(scan.returnedCount)}
                {ratio ? <small title="items read per item returned">{ratio}</small> : null}
              </>
            )}
          </div>
          {sel !== null ? (
            <div className="meter" title={`${Math.round(sel * 100)}% of read items returned`}>
              <i className={sel < 0.25 ? 'warn' : ''} style={{ width: `${Math.max(3, sel * 100)}%` }} />
            </div>
          ) : null}
        </div>
      </div>
      {!explainOnly && scope === 'first page' ? (
        <div className="note" data-testid="scan-first-page">
          These figures are the first page&apos;s: the later pages&apos; RCU is in the statement&apos;s total
          above.
        </div>
      ) : null}
      <div className="kv">
        {lists.keys ? (
          <div className="kv-row">
            <div className="k">Keys read</div>
            <div className="chips" data-testid="keys">
              {lists.keys.map((k) => (
                <span key={k} className="chip pushed" title={k}>
                  {k}
                </span>
              ))}
              {lists.moreKeys ? <span className="chip">… {formatCount(lists.moreKeys)} more</span> : null}
            </div>
          </div>
        ) : key ? (
          <div className="kv-row">
            <div className="k">Key condition</div>
            <code data-testid="key-condition">{key}</code>
          </div>
        ) : null}
        {filter ? (
          <div className="kv-row">
            <div className="k">Filter (evaluated by DynamoDB)</div>
            <code>{filter}</code>
          </div>
        ) : null}
        <div className="kv-row">
          <div className="k">Pushed to DynamoDB</div>
          <div className="chips">
            {lists.pushed.length ? (
              lists.pushed.map((p) => (
                <span key={p} className="chip pushed" title={p}>
                  {p}
                </span>
              ))
            ) : (
              <span className="chip">none</span>
            )}
          </div>
        </div>
        <div className="kv-row">
          <div className="k">Residual (evaluated locally)</div>
          <div className="chips">
            {lists.residual.length ? (
              lists.residual.map((p) => (
                <span key={p} className="chip residual" title={p}>
                  {p}
                </span>
              ))
            ) : (
              <span className="chip">none</span>
            )}
          </div>
        </div>
        {lists.join.length ? (
          <div className="kv-row">
            <div className="k">Join condition (evaluated by the join)</div>
            <div className="chips" data-testid="join-conditions">
              {lists.join.map((p) => (
                <span key={p} className="chip join" title={p}>
                  {p}
                </span>
              ))}
            </div>
          </div>
        ) : null}
        <div className="kv-row">
          <div className="k">Projection</div>
          <div className="chips">
            {scan.projection && scan.projection.length ? (
              scan.projection.map((p) => (
                <span key={p} className="chip" title={p}>
                  {p}
                </span>
              ))
            ) : (
              <span className="chip">all attributes</span>
            )}
          </div>
        </div>
      </div>
      {scan.alternatives && scan.alternatives.length ? (
        <div className="kv" style={{ paddingTop: 6 }}>
          <div className="kv-row">
            <div className="k">Alternatives priced by the planner</div>
            <div className="chips">
              {scan.alternatives.map((a, i) => (
                <span key={i} className="chip" data-testid="alternative">
                  {a.operation}
                  {a.index ? ` · ${a.index}` : ''} ~{formatRcu(a.estimatedRcu)} RCU
                </span>
              ))}
            </div>
          </div>
        </div>
      ) : null}
      {scan.estimateNote ? <div className="note">{scan.estimateNote}</div> : null}
      {declined ? (
        <div className="note" data-testid="key-fetch-declined">
          {declined}
        </div>
      ) : null}
      {fetch ? <KeyFetchStep view={fetch} notRun={notRun} /> : null}
      <ScanCode scan={scan} />
    </div>
  );
}

/** Step 2 of a top-N read by keys: the kept items read whole by key, its RCU estimated → consumed. */
function KeyFetchStep({ view, notRun }: { view: KeyFetchView; notRun: string }) {
  return (
    <div className="key-fetch" data-testid="key-fetch" data-operation={view.operation}>
      <div className="scan-top">
        <span className="op green" data-testid="key-fetch-op">
          {view.operation}
        </span>
        <span className="rel">Step 2 · {view.title}</span>
      </div>
      <div className="scan-table">
        the kept items only, read by key · projection <code>{view.projection}</code>
      </div>
      <div className="metrics">
        <div className="metric">
          <div className="label">RCU estimated → actual</div>
          <div className="val" data-testid="key-fetch-rcu">
            {view.estimatedRcu === null ? <small>unknown</small> : `~${formatRcu(view.estimatedRcu)}`}
            <small>→</small>
            {view.actual ? formatRcu(view.actual.rcu) : <small>{notRun}</small>}
          </div>
        </div>
        <div className="metric">
          <div className="label">Items returned · requests</div>
          <div className="val" data-testid="key-fetch-items">
            {view.actual ? (
              <>
                {formatCount(view.actual.returned)} <small>· {formatCount(view.actual.requests)} req</small>
              </>
            ) : (
              <small>{notRun}</small>
            )}
          </div>
        </div>
      </div>
      {view.readAgain ? (
        <div className="note" data-testid="key-fetch-read-again">
          {view.readAgain}
        </div>
      ) : null}
    </div>
  );
}

function JoinCard({ join }: { join: JoinSummary }) {
  return (
    <div className={`join-card ${join.where}`} data-testid="join-card" data-join={join.where}>
      <span className="join-icon">
        <Icon name="join" size={13} />
      </span>
      <div className="join-text">
        <b>{join.title}</b> — {join.detail}
        {join.condition ? (
          <>
            {' '}
            <code data-testid="join-condition">{join.condition}</code>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** What the engine evaluates while the pages arrive: a streaming aggregate, DISTINCT or top N. */
function EvaluationCard({ line }: { line: EngineEvaluationLine }) {
  return (
    <div
      className="join-card engine"
      data-testid="engine-evaluation"
      title="Computed from the items as each page arrives, in memory bounded by the groups or N; Postgres finishes over that small set"
    >
      <span className="join-icon">
        <Icon name="bolt" size={13} />
      </span>
      <div className="join-text">
        <b>Evaluated in the engine while reading:</b> {line.title}
        {line.detail ? (
          <>
            {' '}
            <code>{line.detail}</code>
          </>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The write: atomic or batched, its throughput limit, items written (or held), and WCU estimated →
 * consumed as a read's RCU (the plan's estimate: WritePlan.estimatedWcu); a previewed write's estimate
 * (the items it changes, priced) has its own metric instead.
 */
function WriteCard({
  write,
  estimatedWcu,
  explainOnly,
  notRun,
}: {
  write: WireWrite;
  estimatedWcu: number | undefined;
  explainOnly: boolean;
  notRun: string;
}) {
  const manner = writeManner(write);
  const planned = estimatedWcu === undefined ? write.estimatedWcu : undefined;
  return (
    <div className="scan-card" data-testid="write-card">
      <div className="scan-top">
        <span className="op blue">{write.operation}</span>
        <span className="rel">{write.relation}</span>
      </div>
      <div className="scan-table">
        DynamoDB table <code>{write.table}</code>
        {write.condition ? (
          <>
            {' '}
            · condition <code>{write.condition}</code>
          </>
        ) : null}
      </div>
      <div
        className={`scan-table write-manner ${manner.atomic ? 'atomic' : 'batched'}`}
        data-testid="write-manner"
      >
        <b>{manner.title}</b> — {manner.detail}
      </div>
      {write.rateLimit ? (
        <div className="scan-table" data-testid="write-rate-limit">
          {formatRateLimit(write.rateLimit)}
        </div>
      ) : null}
      <div className={estimatedWcu === undefined ? 'metrics' : 'metrics three'}>
        <div className="metric">
          <div className="label">{manner.itemsLabel}</div>
          <div className="val" data-testid="write-items">
            {formatCount(write.itemsWritten)}
          </div>
        </div>
        <div className="metric">
          <div className="label">
            {planned === undefined ? 'WCU · requests' : 'WCU estimated → actual · requests'}
          </div>
          <div className="val" data-testid="write-wcu">
            {planned === undefined ? null : (
              <>
                <span data-testid="write-wcu-estimated">
                  {planned === null ? <small>unknown</small> : `~${formatRcu(planned)}`}
                </span>{' '}
                <small>→</small>{' '}
              </>
            )}
            {manner.capacityNote ? (
              <small>{manner.capacityNote}</small>
            ) : explainOnly && planned !== undefined ? (
              <small>{notRun}</small>
            ) : (
              <>
                {formatRcu(write.consumedWcu)} <small>· {formatCount(write.requests)} req</small>
              </>
            )}
          </div>
        </div>
        {estimatedWcu === undefined ? null : (
          <div className="metric" data-testid="write-estimated-wcu">
            <div className="label">WCU estimated</div>
            <div className="val">~{formatRcu(estimatedWcu)}</div>
          </div>
        )}
      </div>
    </div>
  );
}

interface PlanPanelProps {
  readonly statement: WireStatement | null;
  /**
   * `explain`: plan only; `preview`: the plan of a statement that is running now; `failed` /
   * `cancelled`: the plan, made before the run, of the statement that did not finish.
   */
  readonly mode: PlanPanelStatement['mode'];
  readonly statementIndex?: number | undefined;
  /** The WCU the write preview estimated for the statement's write (planPanelStatement). */
  readonly estimatedWcu?: number | undefined;
  /** What the cost guard's plan read sampling tables for estimates before the run (planPanelStatement). */
  readonly guardSamplingRcu?: number | undefined;
  /** The pages loaded after the first, with theirs in the statement's RCU (planPanelStatement). */
  readonly pages?: LoadedPages | undefined;
  /** A failed or cancelled statement's RCU consumed before it stopped (planPanelStatement). */
  readonly stoppedRcu?: number | undefined;
  /** A failed or cancelled statement's items scanned by its last progress report (planPanelStatement). */
  readonly stoppedItemsScanned?: number | undefined;
  readonly onExplain: () => void;
  readonly busy: boolean;
}

/** The signature panel: one card per DynamoDB access in the selected statement. */
export function PlanPanel({
  statement,
  mode,
  statementIndex,
  estimatedWcu,
  guardSamplingRcu,
  pages,
  stoppedRcu,
  stoppedItemsScanned,
  onExplain,
  busy,
}: PlanPanelProps) {
  const stopped = mode === 'failed' || mode === 'cancelled';
  const explainOnly = mode !== 'result';
  // What a card shows instead of an actual figure when the statement has not run (or did not finish).
  const notRun = mode === 'preview' ? 'running…' : stopped ? mode : 'not run';
  const scans = statement?.plan?.scans ?? [];
  const write = statement?.plan?.write;
  // One read stopped: its card shows what the statement used with its state (`0.5 RCU · failed`).
  const scanNotRun =
    stopped && stoppedRcu !== undefined && scans.length === 1
      ? `${formatRcu(stoppedRcu)} RCU · ${mode}`
      : notRun;
  // Its items cell: the items it had scanned with its state, or the state alone (the RCU is beside it).
  const itemsNotRun = !stopped
    ? notRun
    : stoppedItemsScanned !== undefined && scans.length === 1
      ? `${formatCount(stoppedItemsScanned)} scanned · ${mode}`
      : mode;
  // A top-N's key read after its Scan is part of what the statement reads (as its price counts it).
  const est = scans.reduce((a, s) => a + (s.estimatedRcu ?? 0) + (s.keyFetch?.estimatedRcu ?? 0), 0);
  const unknownEstimate = scans.some((s) => s.estimatedRcu === null);
  const join = joinSummary(statement?.plan);
  const evaluation = engineEvaluationLine(statement?.plan);
  const sampling = samplingNote(statement?.plan, guardSamplingRcu);
  const shapeText = executionShapeText(statement?.plan);
  // The statement's RCU over every page loaded, as the result bar says it.
  const used = pages?.consumedRcu ?? statement?.consumedRcu ?? 0;
  const scope = scanFiguresScope(!!statement?.cursor, pages);
  return (
    <aside className="plan" data-testid="plan-panel">
      <div className="plan-head">
        <span>
          DynamoDB plan{' '}
          {mode === 'explain' ? (
            <span className="explain-tag">explain</span>
          ) : mode === 'preview' ? (
            <span className="explain-tag">planned</span>
          ) : stopped ? (
            <span
              className={`explain-tag ${mode}`}
              title={`Statement ${(statementIndex ?? 0) + 1} ${mode}`}
              data-testid="plan-stopped"
            >
              {mode}
            </span>
          ) : null}
        </span>
        <button className="btn sm" onClick={onExplain} disabled={busy} title="Explain (Ctrl+E)">
          <Icon name="plan" size={13} /> Explain
        </button>
      </div>
      <div className="plan-body">
        {!statement && stopped ? (
          <div className="plan-empty" data-testid="plan-unknown">
            Statement {(statementIndex ?? 0) + 1} {mode === 'failed' ? 'failed' : 'was cancelled'} before its
            plan was known. <b>Explain</b> it to see how it reads DynamoDB.
          </div>
        ) : !statement ? (
          <div className="plan-empty">
            Run or <b>Explain</b> a statement to see how it reads DynamoDB: Query or Scan, pushed and residual
            predicates, and the capacity it costs.
          </div>
        ) : scans.length === 0 && !write ? (
          <div className="plan-empty">This statement does not read DynamoDB.</div>
        ) : (
          <>
            <div className="plan-total">
              <span>
                {scans.length} access{scans.length > 1 ? 'es' : ''}
              </span>
              <span>
                est.{' '}
                <b>{unknownEstimate ? (est ? `≥ ${formatRcu(est)}` : 'unknown') : `~${formatRcu(est)}`}</b>
                {unknownEstimate && !est ? '' : ' RCU'}
                {stopped && stoppedRcu !== undefined ? (
                  <>
                    {' '}
                    · used <b data-testid="plan-used">{formatRcu(stoppedRcu)}</b> RCU before it{' '}
                    {mode === 'failed' ? 'failed' : 'was cancelled'}
                  </>
                ) : null}
                {explainOnly ? null : (
                  <>
                    {' '}
                    · used <b data-testid="plan-used">{formatRcu(used)}</b>
                    {pages ? (
                      <small data-testid="plan-pages"> ({formatCount(pages.count)} pages)</small>
                    ) : null}
                  </>
                )}
              </span>
              {est ? (
                <PriceLabel
                  price={estimatedPrice(statement.plan, estimatedWcu ?? 0)}
                  prefix="estimated ≈"
                  testId="plan-price"
                />
              ) : null}
              {explainOnly ? null : (
                <PriceLabel
                  price={consumedPrice(statement.plan, used)}
                  prefix="used ≈"
                  testId="plan-used-price"
                />
              )}
            </div>
            {sampling ? (
              <div className="plan-sampling" data-testid="plan-sampling">
                {sampling}
              </div>
            ) : null}
            {shapeText ? (
              <div className="plan-shape" data-testid="plan-shape" data-shape={statement.plan?.shape}>
                {shapeText}
              </div>
            ) : null}
            {write ? (
              <WriteCard
                write={write}
                estimatedWcu={estimatedWcu}
                explainOnly={explainOnly}
                notRun={notRun}
              />
            ) : null}
            {join ? <JoinCard join={join} /> : null}
            {evaluation ? <EvaluationCard line={evaluation} /> : null}
            {scans.map((scan, i) => (
              <ScanCard
                key={`${scan.relation}-${i}`}
                scan={scan}
                explainOnly={explainOnly}
                notRun={scanNotRun}
                itemsNotRun={itemsNotRun}
                scope={scope}
              />
            ))}
          </>
        )}
      </div>
    </aside>
  );
}
