import { describe, expect, it } from 'vitest';
import type { SavedQuery } from '@dynascope/contract';
import type { HistoryEntry } from '../state/workspace';
import { savedQueryScore, searchHistory, searchWords } from './history-search';

const saved = (name: string, description: string, sql: string): SavedQuery => ({
  name,
  description,
  sql,
  params: [],
  expect: {},
  createdAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:00:00Z',
});
const run = (id: string, sql: string): HistoryEntry => ({
  id,
  sql,
  at: 0,
  ok: true,
  durationMs: 1,
  consumedRcu: 0.5,
  rowCount: 1,
});

const byCustomer = saved(
  'orders of a customer',
  'by_customer index',
  'select * from orders where customer_id = $1',
);
const recent = saved('recent', 'the last week', 'select * from orders where customer_id = $1 and at > now()');
const users = saved('Users by name', '', 'select * from users where name = $1');
const history = [
  run('h3', "select * from orders where customer_id = 'c7'"),
  run('h2', 'select count(*) from users'),
  run('h1', "SELECT * FROM ORDERS WHERE status = 'paid'"),
];

describe('searchHistory', () => {
  it('finds saved queries by name, description and SQL, ranked name first, and the runs holding every word', () => {
    const found = searchHistory('Orders  CUSTOMER', history, [recent, users, byCustomer]);
    expect(found.saved.map((q) => q.name)).toEqual(['orders of a customer', 'recent']);
    expect(found.history.map((h) => h.id)).toEqual(['h3']);
  });

  it('matches a description, any case, and keeps the history newest first', () => {
    const found = searchHistory('WEEK', history, [recent, users, byCustomer]);
    expect(found.saved.map((q) => q.name)).toEqual(['recent']);
    expect(found.history).toEqual([]);
    expect(searchHistory('orders', history, []).history.map((h) => h.id)).toEqual(['h3', 'h1']);
  });

  it('shows the whole history and no saved query without words', () => {
    expect(searchHistory('   ', history, [users])).toEqual({ saved: [], history });
  });

  it('needs every word: one missing word drops a saved query and a run', () => {
    const found = searchHistory('users paid', history, [users, recent]);
    expect(found).toEqual({ saved: [], history: [] });
  });

  it('orders equal scores by name', () => {
    const a = saved('b report', '', 'select 1');
    const b = saved('a report', '', 'select 2');
    expect(searchHistory('report', [], [a, b]).saved.map((q) => q.name)).toEqual(['a report', 'b report']);
  });
});

describe('savedQueryScore', () => {
  it('counts a word in the name 4, in the description 2, only in the SQL 1, and 0 when one is missing', () => {
    expect(savedQueryScore(byCustomer, searchWords('customer'))).toBe(4);
    expect(savedQueryScore(byCustomer, searchWords('index'))).toBe(2);
    expect(savedQueryScore(byCustomer, searchWords('customer_id select'))).toBe(2);
    expect(savedQueryScore(byCustomer, searchWords('customer nothing'))).toBe(0);
  });
});
