import { describe, expect, it } from 'vitest';
import { completionText } from './completion-text';

// Review h4 item 10: a DDL statement's result said "0 row(s) affected"; psql prints the command tag.
describe('a statement without rows is reported by its command tag', () => {
  it('DDL and other commands without a count: the tag alone', () => {
    expect(completionText('CREATE TABLE', 0, String)).toBe('CREATE TABLE');
    expect(completionText('DROP FOREIGN TABLE', 0, String)).toBe('DROP FOREIGN TABLE');
    expect(completionText('BEGIN', null, String)).toBe('BEGIN');
  });

  it('a write: its tag and count', () => {
    expect(completionText('UPDATE', 5, String)).toBe('UPDATE 5 — 5 row(s) affected.');
    expect(completionText('INSERT', 1200, (n) => n.toLocaleString('en-US'))).toBe(
      'INSERT 0 1200 — 1,200 row(s) affected.',
    );
  });
});
