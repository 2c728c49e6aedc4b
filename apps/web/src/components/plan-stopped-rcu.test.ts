import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { scanPlan, statement } from '../test-support/wire-fixtures';
import { PlanPanel } from './PlanPanel';

const text = (html: string) => html.replace(/<[^>]+>/g, '');

// Review h4 item 9: a plan card said only "failed" / "cancelled" where the statement had consumed
// RCU (a failed write's GetItem 0.5 RCU; a cancelled Scan 1,228 RCU): it shows what was used too.
describe('PlanPanel of a statement that stopped', () => {
  const html = (mode: 'failed' | 'cancelled', stoppedRcu?: number, stoppedItemsScanned?: number) =>
    renderToStaticMarkup(
      createElement(PlanPanel, {
        statement: statement({ plan: { scans: [scanPlan({ estimatedRcu: 2000 })] } }),
        mode,
        statementIndex: 0,
        ...(stoppedRcu !== undefined && { stoppedRcu }),
        ...(stoppedItemsScanned !== undefined && { stoppedItemsScanned }),
        onExplain: () => undefined,
        busy: false,
      }),
    );
  const panel = (mode: 'failed' | 'cancelled', stoppedRcu?: number) => text(html(mode, stoppedRcu));

  it('shows the RCU consumed with the cancelled or failed state, in the total and on the card', () => {
    const cancelled = panel('cancelled', 1228);
    expect(cancelled).toContain('used 1,228 RCU before it was cancelled');
    expect(cancelled).toContain('1,228 RCU · cancelled');
    expect(panel('failed', 0.5)).toContain('used 0.5 RCU before it failed');
  });

  // Session 39's workbench round: a cancelled Scan's "Items scanned → returned" cell said
  // "72 RCU · cancelled", the RCU figure of the cell beside it; it shows the items scanned.
  it('shows the items scanned in the items cell, never the RCU', () => {
    const itemsCell = (markup: string) =>
      text(/<small data-testid="items-not-run">(.*?)<\/small>/.exec(markup)?.[1] ?? '');
    expect(itemsCell(html('cancelled', 72, 6267))).toBe('6,267 scanned · cancelled');
    expect(itemsCell(html('cancelled', 72))).toBe('cancelled');
    expect(itemsCell(html('failed', 0.5, 0))).toBe('0 scanned · failed');
    expect(text(html('cancelled', 72, 6267)).match(/72 RCU · cancelled/g)).toHaveLength(1);
  });

  it('says only the state when what it used is not known', () => {
    const failed = panel('failed');
    expect(failed).not.toContain('used');
    expect(failed).toContain('failed');
  });
});
