import { describe, expect, it } from 'vitest';
import {
  addHistory,
  HISTORY_LIMIT,
  loadWorkspace,
  nextTabTitle,
  saveWorkspace,
  WORKSPACE_KEY,
} from './workspace';

class MemoryStore {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
}

describe('workspace persistence', () => {
  it('starts with one tab holding the fallback SQL', () => {
    const ws = loadWorkspace(new MemoryStore(), 'select 1');
    expect(ws.tabs).toHaveLength(1);
    expect(ws.tabs[0]!.sql).toBe('select 1');
    expect(ws.activeTabId).toBe(ws.tabs[0]!.id);
  });
  it('round-trips tabs, history, theme and threshold', () => {
    const store = new MemoryStore();
    const ws = {
      tabs: [
        { id: 'a', title: 'Query 1', sql: 'select 1' },
        { id: 'b', title: 'Scan', sql: 'select 2' },
      ],
      activeTabId: 'b',
      history: [{ id: 'h', sql: 'select 1', at: 1, ok: true, durationMs: 2, consumedRcu: 0.5, rowCount: 1 }],
      theme: 'dark' as const,
      scanRcuThreshold: 100,
    };
    saveWorkspace(store, ws);
    expect(loadWorkspace(store)).toEqual(ws);
  });
  it('repairs malformed data', () => {
    const store = new MemoryStore();
    store.setItem(
      WORKSPACE_KEY,
      JSON.stringify({
        tabs: [{ id: 1 }],
        activeTabId: 'zz',
        history: 'x',
        theme: 'neon',
        scanRcuThreshold: -1,
      }),
    );
    const ws = loadWorkspace(store, 'x');
    expect(ws.tabs).toHaveLength(1);
    expect(ws.activeTabId).toBe(ws.tabs[0]!.id);
    expect(ws.history).toEqual([]);
    expect(ws.theme).toBe('light');
    expect(ws.scanRcuThreshold).toBe(25);
    store.setItem(WORKSPACE_KEY, '{not json');
    expect(loadWorkspace(store).tabs).toHaveLength(1);
  });
});

describe('history', () => {
  it('adds newest first and caps the length', () => {
    let h = addHistory([], {
      id: '1',
      sql: 'a',
      at: 1,
      ok: true,
      durationMs: null,
      consumedRcu: null,
      rowCount: null,
    });
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      h = addHistory(h, {
        id: `x${i}`,
        sql: `s${i}`,
        at: i,
        ok: true,
        durationMs: null,
        consumedRcu: null,
        rowCount: null,
      });
    }
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[0]!.sql).toBe(`s${HISTORY_LIMIT + 4}`);
  });
  it('numbers new tabs', () => {
    expect(
      nextTabTitle([
        { id: 'a', title: 'Query 1', sql: '' },
        { id: 'b', title: 'Query 3', sql: '' },
      ]),
    ).toBe('Query 4');
    expect(nextTabTitle([{ id: 'a', title: 'Query 2', sql: '' }])).toBe('Query 3');
  });
});
