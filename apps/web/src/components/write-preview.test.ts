import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GuardDecision } from '../guard/cost-guard';
import { withWritePreview } from '../guard/with-write-preview';
import { previewStatement, writePlan } from '../test-support/preview-fixtures';
import { statement } from '../test-support/wire-fixtures';
import { CostGuardDialog } from './CostGuardDialog';
import { PlanPanel } from './PlanPanel';

const none: GuardDecision = { confirm: false, reasons: [], totalEstimatedRcu: 0 };
const dialog = (decision: GuardDecision) =>
  renderToStaticMarkup(
    createElement(CostGuardDialog, {
      decision,
      threshold: 25,
      onThreshold: () => undefined,
      onConfirm: () => undefined,
      onCancel: () => undefined,
    }),
  );
/** The text of the markup, tags and entities out. */
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'");

describe('CostGuardDialog with write previews', () => {
  it('shows an UPDATE’s count, its changed cells before → after, WCU, batched and the read’s RCU; Run / Cancel', () => {
    const html = dialog(withWritePreview(none, [{ statementIndex: 1, preview: previewStatement() }]));
    expect(html).toContain('Review the writes before they run');
    expect(text(html)).toContain('Statement 2');
    expect(text(html)).toContain('Changes 2 rows of public.orders (DynamoDB table orders).');
    expect(text(html)).toContain('~4 WCU estimated');
    expect(text(html)).toContain('batched as it runs, not atomic');
    expect(text(html)).toContain('finding the rows (Query of orders) read 0.5 RCU');
    // One changed cell (status new → held); the unchanged row shows its values only.
    expect(html.match(/data-testid="wp-changed"/g)).toHaveLength(1);
    expect(text(html)).toContain('new → held');
    expect(html).toMatch(/data-testid="guard-confirm"[^>]*>Run</);
    expect(html).toContain('data-testid="guard-cancel"');
  });

  it('shows a DELETE’s rows as they are, an INSERT’s as they will be and the items it replaces', () => {
    const del = previewStatement({
      command: 'DELETE',
      rowCount: 40,
      hasWhere: false,
      sample: [{ before: { customer_id: 'c9', status: 'gone' }, after: null }],
    });
    const insert = previewStatement({
      command: 'INSERT',
      rowCount: 2,
      needsConfirmation: false,
      plan: { scans: [], write: writePlan({ operation: 'PutItem' }) },
      consumedRcu: 2,
      sample: [
        { before: { customer_id: 'c1', status: 'old' }, after: { customer_id: 'c1', status: 'fresh' } },
        { before: null, after: { customer_id: 'c2', status: 'fresh' } },
      ],
    });
    const html = dialog(
      withWritePreview(none, [
        { statementIndex: 0, preview: del },
        { statementIndex: 1, preview: insert },
      ]),
    );
    expect(text(html)).toContain(
      'DELETE without a WHERE clause deletes every item of public.orders (DynamoDB table orders): 40 rows.',
    );
    expect(text(html)).toContain('The first 1 of 40 rows.');
    expect(html).toMatch(/class="deleted"><span class="wp-val text">gone</);
    expect(text(html)).toContain('Inserts 2 rows into public.orders.');
    expect(text(html)).toContain('replaces 1 existing item');
    expect(text(html)).toContain('looking up the items it would replace read 2 RCU');
    expect(text(html)).toContain('old → fresh');
    expect(html).toMatch(/class="inserted"><span class="wp-val text">c2</);
  });

  it('keeps the cost guard’s wording when a Scan asks too', () => {
    const decision: GuardDecision = {
      confirm: true,
      totalEstimatedRcu: 900,
      reasons: [
        {
          kind: 'scan',
          statementIndex: 0,
          relation: 'public.events',
          table: 'events',
          estimatedRcu: 900,
          firstPageRcu: 128,
          threshold: 25,
        },
      ],
    };
    const html = dialog(withWritePreview(decision, [{ statementIndex: 1, preview: previewStatement() }]));
    expect(html).toContain('This statement may be expensive');
    expect(html).toMatch(/data-testid="guard-confirm"[^>]*>Run anyway</);
    expect(text(html)).toContain('Full Scan of events');
    expect(html).toContain('data-testid="write-preview"');
  });

  it('says when the writes were not previewed', () => {
    const decision: GuardDecision = {
      confirm: true,
      totalEstimatedRcu: 900,
      reasons: [
        {
          kind: 'scan',
          statementIndex: 0,
          relation: 'public.orders',
          table: 'orders',
          estimatedRcu: 900,
          firstPageRcu: 128,
          threshold: 25,
        },
      ],
      writesNotPreviewed: true,
    };
    expect(text(dialog(decision))).toContain(
      'The writes were not previewed: finding their rows takes a Scan above your 25 RCU limit',
    );
    expect(dialog({ ...decision, writesNotPreviewed: undefined })).not.toContain('writes-not-previewed');
  });
});

describe('PlanPanel write card', () => {
  const written = statement({
    command: 'UPDATE',
    plan: { scans: [], write: writePlan({ itemsWritten: 2, consumedWcu: 3, requests: 2 }) },
  });
  const panel = (estimatedWcu?: number) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: written,
        mode: 'result',
        estimatedWcu,
        onExplain: () => undefined,
        busy: false,
      }),
    );
  it('shows WCU consumed and, when the write was previewed, estimated', () => {
    expect(text(panel(4))).toContain('WCU estimated~4');
    expect(text(panel(4))).toContain('WCU · requests3 · 2 req');
    expect(panel()).not.toContain('write-estimated-wcu');
  });
});
