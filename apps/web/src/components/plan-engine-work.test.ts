import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { WirePlan } from '../api/wire';
import { writePlan } from '../test-support/preview-fixtures';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

const panel = (plan: WirePlan, mode: 'explain' | 'result' = 'result') =>
  renderToStaticMarkup(
    createElement(PlanPanel, {
      statement: statement({ consumedRcu: 1, plan }),
      mode,
      onExplain: () => undefined,
      busy: false,
    }),
  );

describe('PlanPanel: what the engine evaluates and how a write is applied', () => {
  it('a streaming aggregate is named with what it groups and computes', () => {
    const html = panel({
      scans: [scanPlan({ operation: 'Scan', estimatedRcu: 4, consumedRcu: 1 })],
      engineEvaluation: 'Streaming Aggregate in the engine  (group by kind: count(*))',
    });
    expect(html).toContain('data-testid="engine-evaluation"');
    expect(text(html)).toContain(
      'Evaluated in the engine while reading: Streaming Aggregate group by kind: count(*)',
    );
  });

  it('no line when the engine evaluates nothing', () => {
    expect(panel({ scans: [scanPlan({ estimatedRcu: 4, consumedRcu: 1 })] })).not.toContain(
      'engine-evaluation',
    );
  });

  it('a write inside BEGIN is held for COMMIT: its items counted as held (not written), no WCU until COMMIT', () => {
    const out = text(
      panel({
        scans: [],
        write: writePlan({ operation: 'PutItem', condition: null, atomic: true, itemsWritten: 2 }),
      }),
    );
    expect(out).toContain(
      'Atomic: held for COMMIT — sent at COMMIT as one TransactWriteItems, all or nothing',
    );
    expect(out).toContain('Items held2');
    expect(out).not.toContain('Items written');
    expect(out).toContain('WCU · requestsat COMMIT');
  });

  it('a write outside a block is batched as it runs: items written, WCU and requests', () => {
    const out = text(
      panel({
        scans: [],
        write: writePlan({
          operation: 'PutItem',
          condition: null,
          itemsWritten: 3,
          consumedWcu: 3,
          requests: 1,
        }),
      }),
    );
    expect(out).toContain('Not atomic: batched — written as the statement runs');
    expect(out).toContain('Items written3');
    expect(out).toContain('WCU · requests3 · 1 req');
  });

  it("a write's estimated WCU beside the consumed, as a read's RCU, and its rate limit with the time it takes", () => {
    const write = writePlan({
      operation: 'BatchWriteItem',
      condition: null,
      estimatedWcu: 10,
      rateLimit: { wcuPerSecond: 2, source: 'session', estimatedSeconds: 5 },
    });
    const explained = text(panel({ scans: [], write }, 'explain'));
    expect(explained).toContain('WCU estimated → actual · requests~10 → not run');
    expect(explained).toContain('limited to 2 WCU/s (session setting) · about 5 s at that rate');
    const run = text(
      panel({ scans: [], write: { ...write, itemsWritten: 10, consumedWcu: 10, requests: 1 } }),
    );
    expect(run).toContain('WCU estimated → actual · requests~10 → 10 · 1 req');
  });

  it('a write whose WCU are known only as it runs says unknown; a plan without the field shows the WCU alone', () => {
    const unknown = writePlan({
      operation: 'BatchWriteItem',
      estimatedWcu: null,
      consumedWcu: 4,
      requests: 1,
    });
    expect(text(panel({ scans: [], write: unknown }))).toContain(
      'WCU estimated → actual · requestsunknown → 4 · 1 req',
    );
    const held = writePlan({ operation: 'PutItem', atomic: true, estimatedWcu: 2 });
    expect(text(panel({ scans: [], write: held }))).toContain('~2 → at COMMIT');
    expect(panel({ scans: [], write: writePlan() })).not.toContain('write-wcu-estimated');
    expect(panel({ scans: [], write: writePlan() })).not.toContain('write-rate-limit');
  });
});
