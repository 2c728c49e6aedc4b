import { describe, expect, it } from 'vitest';
import { orders, server } from '../test-support/catalog-fixtures';
import { dropSql } from './drop-sql';

describe('dropSql', () => {
  it('drops each kind of node, quoting names, CASCADE only when asked', () => {
    expect(dropSql({ kind: 'server', server }, false)).toBe('drop server demo;');
    expect(dropSql({ kind: 'server', server }, true)).toBe('drop server demo cascade;');
    expect(dropSql({ kind: 'schema', schema: 'Sales' }, true)).toBe('drop schema "Sales" cascade;');
    expect(dropSql({ kind: 'table', table: orders }, false)).toBe('drop foreign table public."Order Lines";');
    expect(dropSql({ kind: 'table', table: { ...orders, kind: 'view', name: 'v' } }, false)).toBe(
      'drop view public.v;',
    );
    expect(dropSql({ kind: 'column', table: orders, column: 'select' }, false)).toBe(
      'alter foreign table public."Order Lines" drop column "select";',
    );
  });
});
