import { describe, expect, it } from 'vitest';
import type { Workspace } from './workspace';
import { workspaceReducer } from './workspace-reducer';

const ws: Workspace = {
  tabs: [
    { id: 'a', title: 'Query 1', sql: 'select 1' },
    { id: 'b', title: 'Query 2', sql: "select vault.create_secret('s3cr3t')" },
    { id: 'c', title: 'Scan', sql: 'select 3' },
  ],
  activeTabId: 'b',
  history: [],
  theme: 'light',
  scanRcuThreshold: 25,
};

describe('workspaceReducer', () => {
  it('opens a tab with the next free title and makes it active', () => {
    const next = workspaceReducer(ws, { type: 'tab-opened', id: 'd', sql: 'select 4' });
    expect(next.tabs.at(-1)).toEqual({ id: 'd', title: 'Query 4', sql: 'select 4' });
    expect(next.activeTabId).toBe('d');
  });

  it('closes a tab: the one before it becomes active; another active tab stays', () => {
    expect(workspaceReducer(ws, { type: 'tab-closed', id: 'b', freshId: 'x' })).toMatchObject({
      activeTabId: 'a',
      tabs: [{ id: 'a' }, { id: 'c' }],
    });
    expect(
      workspaceReducer({ ...ws, activeTabId: 'a' }, { type: 'tab-closed', id: 'a', freshId: 'x' })
        .activeTabId,
    ).toBe('b');
    expect(workspaceReducer(ws, { type: 'tab-closed', id: 'c', freshId: 'x' }).activeTabId).toBe('b');
    expect(workspaceReducer(ws, { type: 'tab-closed', id: 'zz', freshId: 'x' })).toBe(ws);
  });

  it('closing the last tab leaves a fresh empty one', () => {
    const one = { ...ws, tabs: [ws.tabs[0]!], activeTabId: 'a' };
    expect(workspaceReducer(one, { type: 'tab-closed', id: 'a', freshId: 'x' })).toMatchObject({
      tabs: [{ id: 'x', title: 'Query 1', sql: '' }],
      activeTabId: 'x',
    });
  });

  it('selects only tabs that exist', () => {
    expect(workspaceReducer(ws, { type: 'tab-selected', id: 'c' }).activeTabId).toBe('c');
    expect(workspaceReducer(ws, { type: 'tab-selected', id: 'zz' })).toBe(ws);
  });

  it('renames and edits one tab', () => {
    const renamed = workspaceReducer(ws, { type: 'tab-renamed', id: 'c', title: 'Events' });
    expect(renamed.tabs.map((t) => t.title)).toEqual(['Query 1', 'Query 2', 'Events']);
    const edited = workspaceReducer(ws, { type: 'tab-edited', id: 'a', sql: 'select 10' });
    expect(edited.tabs.map((t) => t.sql)).toEqual(['select 10', ws.tabs[1]!.sql, 'select 3']);
  });

  it("replaces a tab's text under a new id, in place, the active tab staying active", () => {
    const active = workspaceReducer(ws, { type: 'tab-replaced', id: 'b', freshId: 'b2', sql: '-- hi' });
    expect(active.tabs[1]).toEqual({ id: 'b2', title: 'Query 2', sql: '-- hi' });
    expect(active.activeTabId).toBe('b2');
    const other = workspaceReducer(ws, { type: 'tab-replaced', id: 'c', freshId: 'c2', sql: '-- hi' });
    expect(other.tabs.map((t) => t.id)).toEqual(['a', 'b', 'c2']);
    expect(other.activeTabId).toBe('b');
    expect(workspaceReducer(ws, { type: 'tab-replaced', id: 'x', freshId: 'y', sql: '' })).toBe(ws);
  });

  it("masks the secrets the engine found in a tab's saved text", () => {
    const submitted = ws.tabs[1]!.sql;
    const start = submitted.indexOf("'s3cr3t'");
    const next = workspaceReducer(ws, {
      type: 'tab-redacted',
      id: 'b',
      sent: { submitted, base: 0, redactions: [{ start, end: start + 8 }] },
    });
    expect(next.tabs[1]!.sql).toBe("select vault.create_secret('********')");
    expect(next.tabs[0]).toBe(ws.tabs[0]);
  });

  it('records runs newest first', () => {
    const entry = (id: string) => ({
      id,
      sql: 'select 1',
      at: 1,
      ok: true,
      durationMs: 1,
      consumedRcu: 0,
      rowCount: 1,
    });
    const next = workspaceReducer(workspaceReducer(ws, { type: 'run-recorded', entry: entry('h1') }), {
      type: 'run-recorded',
      entry: entry('h2'),
    });
    expect(next.history.map((h) => h.id)).toEqual(['h2', 'h1']);
  });

  it('toggles the theme and sets the cost-guard threshold', () => {
    const dark = workspaceReducer(ws, { type: 'theme-toggled' });
    expect(dark.theme).toBe('dark');
    expect(workspaceReducer(dark, { type: 'theme-toggled' }).theme).toBe('light');
    expect(workspaceReducer(ws, { type: 'threshold-set', rcu: 100 }).scanRcuThreshold).toBe(100);
  });
});
