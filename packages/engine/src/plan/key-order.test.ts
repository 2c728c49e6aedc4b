import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../catalog/foreign-table';
import { keyOrderIsColumnOrder } from './key-order';

const col = (typname: string, collation: string | null = null, typmod = -1): ColumnDef => ({
  name: 'sk',
  type: typname,
  typname,
  elementTypname: null,
  typmod,
  notNull: true,
  collation,
});

describe('keyOrderIsColumnOrder', () => {
  it('N keys: integer and numeric columns, not text or floats', () => {
    for (const t of ['int2', 'int4', 'int8', 'numeric'])
      expect(keyOrderIsColumnOrder({ name: 'sk', type: 'N' }, col(t), true)).toBe(true);
    expect(keyOrderIsColumnOrder({ name: 'sk', type: 'N' }, col('numeric', null, 655366), true)).toBe(true);
    for (const t of ['text', 'float8', 'timestamptz'])
      expect(keyOrderIsColumnOrder({ name: 'sk', type: 'N' }, col(t, t === 'text' ? 'C' : null), true)).toBe(
        false,
      );
  });

  it('S keys: text and varchar under a bytewise collation only', () => {
    const s = { name: 'sk', type: 'S' } as const;
    expect(keyOrderIsColumnOrder(s, col('text', 'C'), false)).toBe(true);
    expect(keyOrderIsColumnOrder(s, col('varchar', 'POSIX'), false)).toBe(true);
    expect(keyOrderIsColumnOrder(s, col('text', 'default'), true)).toBe(true);
    expect(keyOrderIsColumnOrder(s, col('text', 'default'), false)).toBe(false);
    for (const c of ['en_US', 'unicode', 'und-x-icu'])
      expect(keyOrderIsColumnOrder(s, col('text', c), true)).toBe(false);
    for (const t of ['bpchar', 'name', 'timestamp', 'date', 'numeric', 'bytea'])
      expect(keyOrderIsColumnOrder(s, col(t, 'C'), true)).toBe(false);
  });

  it('B keys: bytea only', () => {
    expect(keyOrderIsColumnOrder({ name: 'sk', type: 'B' }, col('bytea'), true)).toBe(true);
    expect(keyOrderIsColumnOrder({ name: 'sk', type: 'B' }, col('text', 'C'), true)).toBe(false);
  });
});
