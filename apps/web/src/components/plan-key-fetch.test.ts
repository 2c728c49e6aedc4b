import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { WirePlan, WireScan } from '../api/wire';
import { keyFetchPlan, scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');

const panel = (plan: WirePlan, mode: 'explain' | 'result') =>
  renderToStaticMarkup(
    createElement(PlanPanel, {
      statement: statement({ consumedRcu: 19, plan }),
      mode,
      onExplain: () => undefined,
      busy: false,
    }),
  );

/** `select * from events order by ts desc limit 10` read by keys: a narrow Scan of 60 RCU, then 10 keys. */
const byKeys = (over: Partial<NonNullable<WireScan['keyFetch']>> = {}, scan: Partial<WireScan> = {}) =>
  scanPlan({
    operation: 'Scan',
    table: 'events',
    projection: ['device_id', 'ts'],
    estimatedRcu: 60,
    keyFetch: keyFetchPlan(over),
    ...scan,
  });

describe('PlanPanel: a top-N read by keys draws its two steps', () => {
  it('EXPLAIN: the narrow Scan, then the BatchGetItem of 10 keys with its estimate; the total counts both', () => {
    const html = panel({ scans: [byKeys()] }, 'explain');
    const out = text(html);
    expect(html).toContain('data-testid="key-fetch"');
    expect(out).toContain('Step 1 · narrow Scan: device_id, ts of every item it reads; keeps the best 10');
    expect(out).toContain('BatchGetItemStep 2 · up to 10 kept keys');
    expect(out).toContain('the kept items only, read by key · projection all attributes');
    expect(out).toContain('RCU estimated → actual~5→not run');
    expect(out).toContain('est. ~65 RCU');
  });

  it('after a run: what the Scan and the key read each consumed', () => {
    const out = text(
      panel(
        {
          scans: [
            byKeys(
              { consumedRcu: 4.5, returnedCount: 10, requests: 1, readScanAgain: false },
              { consumedRcu: 14.5, scannedCount: 1000, returnedCount: 1000, pages: 1 },
            ),
          ],
        },
        'result',
      ),
    );
    expect(out).toContain('RCU estimated → actual~60→14.5');
    expect(out).toContain('RCU estimated → actual~5→4.5');
    expect(out).toContain('Items returned · requests10 · 1 req');
    expect(out).not.toContain('read again whole');
  });

  it('a kept item changed before its key read: the panel says the Scan was read again', () => {
    const html = panel(
      { scans: [byKeys({ consumedRcu: 5, returnedCount: 10, requests: 1, readScanAgain: true })] },
      'result',
    );
    expect(html).toContain('data-testid="key-fetch-read-again"');
  });

  it('a plain top-N (no key read considered): one Scan card, no key read drawn', () => {
    const html = panel({ scans: [scanPlan({ operation: 'Scan', estimatedRcu: 60 })] }, 'explain');
    expect(html).not.toContain('key-fetch');
    expect(text(html)).toContain('est. ~60 RCU');
  });

  it('a key read considered and declined: one Scan card and a muted note saying why', () => {
    const reason = "key read 3 RCU, more than a quarter of the Scan's 8";
    for (const mode of ['explain', 'result'] as const) {
      const html = panel(
        {
          scans: [
            scanPlan({ operation: 'Scan', estimatedRcu: 8, keyFetchDeclined: { maxKeys: 10, reason } }),
          ],
        },
        mode,
      );
      // No step drawn: the Scan reads whole items.
      expect(html).not.toContain('data-testid="key-fetch"');
      expect(html).not.toContain('data-testid="key-fetch-scan-step"');
      const note = /<div class="note" data-testid="key-fetch-declined">([^<]*)<\/div>/.exec(html);
      expect(note, mode).not.toBeNull();
      expect(text(note![1]!)).toBe(`Reads keys then fetches the 10 kept items: not chosen — ${reason}`);
      expect(text(html)).toContain('est. ~8 RCU');
    }
  });

  it('a key read chosen: no declined note', () => {
    expect(panel({ scans: [byKeys()] }, 'explain')).not.toContain('key-fetch-declined');
  });
});
