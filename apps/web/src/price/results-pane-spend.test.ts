import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ResultsPane } from '../components/ResultsPane';
import type { RunView } from '../state/run-view';
import { tabSpend } from './tab-spend';

type Props = Parameters<typeof ResultsPane>[0];

// Issue 17, defect 8: a run cancelled before any statement finished read capacity too; the results
// pane counts it in the tab's total when it shows the run (no results bar shows it then).
describe('ResultsPane counts every run it shows in the tab total', () => {
  it('a run cancelled in its first statement adds what that statement read', () => {
    const run: RunView = {
      id: 'run-cancelled',
      requestId: 'req',
      kind: 'run',
      submitted: 'select count(*) from events',
      base: 0,
      redacted: null,
      status: 'cancelled',
      progress: null,
      statements: [],
      error: {
        sqlstate: '57014',
        message: 'canceling statement due to user request',
        statementIndex: 0,
        consumedRcu: 12.5,
      },
      startedAt: 0,
      finishedAt: 1,
      activeIndex: 0,
      preview: [],
      restored: null,
    } as RunView;
    const noop = () => undefined;
    // Every callback (on...) a no-op: the pane is only rendered.
    const props = new Proxy({ run, catalog: null, session: 'tab-cancelled', copyExport: null } as Props, {
      get: (target, key) =>
        key in target ? target[key as keyof Props] : String(key).startsWith('on') ? noop : undefined,
    });
    const html = renderToStaticMarkup(createElement(ResultsPane, props));
    expect(html).toContain('data-status="cancelled"');
    expect(tabSpend.total('tab-cancelled')).toMatchObject({ rcu: 12.5, usd: (12.5 * 0.125) / 1e6 });
  });
});
