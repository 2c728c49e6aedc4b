import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { answer, statement } from '../test-support/wire-fixtures';
import { initialRuns, runReducer } from '../run/run-reducer';
import { ResultsPane } from './ResultsPane';

const noop = () => undefined;

/** The results pane of a run whose second statement failed (its error tab selected). */
function pane(): string {
  const started = runReducer(initialRuns({}), {
    type: 'started',
    tabId: 't',
    start: { id: 'r', requestId: 'q', kind: 'run', submitted: 'a; b', base: 0, preview: [], at: 0 },
  });
  const run = runReducer(started, {
    type: 'finished',
    tabId: 't',
    runId: 'r',
    result: answer([statement({ command: 'SELECT' })], { error: { message: 'boom', statementIndex: 1 } }),
    at: 1,
  }).byTab.t!;
  return renderToStaticMarkup(
    createElement(ResultsPane, {
      run,
      catalog: null,
      onSelect: noop,
      onCancel: noop,
      onNextPage: noop,
      onExport: noop,
      onCancelExport: noop,
      onDismissExport: noop,
      onOpenJson: noop,
      onCellMenu: noop,
      onCopyCell: noop,
      copyExport: null,
      onCopyText: noop,
    }),
  );
}

// The result tabs were plain buttons: a screen reader heard no tab list and no selected tab.
describe('ResultsPane result tabs', () => {
  it('are a tab list: each tab a tab, the shown one selected and focusable, controlling the panel', () => {
    const html = pane();
    const list = /<div[^>]*role="tablist"[^>]*>(.*?)<\/div>/.exec(html);
    expect(list?.[0]).toContain('aria-label="Statement results"');
    const tabs = [...(list?.[1] ?? '').matchAll(/<button([^>]*)>/g)].map((m) => m[1]!);
    expect(tabs).toHaveLength(2);
    for (const tab of tabs) expect(tab).toContain('role="tab"');
    expect(tabs.map((t) => /aria-selected="(\w+)"/.exec(t)?.[1])).toEqual(['false', 'true']);
    expect(tabs.map((t) => /tabindex="(-?\d)"/.exec(t)?.[1])).toEqual(['-1', '0']);
    const controls = /aria-controls="([^"]+)"/.exec(tabs[1]!)?.[1];
    expect(controls).toBeTruthy();
    expect(html).toMatch(new RegExp(`role="tabpanel" id="${controls}"`));
  });
});
