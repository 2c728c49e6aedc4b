import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { attributeOf, attributeOfName, columnOfAttribute } from './column-attribute';
import { validateColumnOptions } from './column-options';
import { leftoverAttributes } from './catch-all';
import { importedColumn, importedTableSql } from './import-foreign-schema';

const col = (name: string, fdwOptions: Record<string, string> = {}, typname = 'text') => ({
  name,
  typname,
  fdwOptions,
});
const sqlstateOf = (f: () => void): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as EngineError).sqlstate;
  }
  return undefined;
};

describe('the column option attribute', () => {
  it('names the attribute a column reads, else its own name', () => {
    expect(attributeOf({ name: 'customer', attribute: 'cid' })).toBe('cid');
    expect(attributeOf({ name: 'total' })).toBe('total');
    const columns = [{ name: 'customer', attribute: 'cid' }, { name: 'total' }];
    expect(attributeOfName(columns, 'customer')).toBe('cid');
    expect(attributeOfName(columns, 'not_a_column')).toBe('not_a_column');
    expect(columnOfAttribute(columns, 'cid')?.name).toBe('customer');
    expect(columnOfAttribute(columns, 'customer')).toBeUndefined();
  });

  it('leaves the attributes mapped columns read out of the catch-all, and keeps one whose same-named column reads another', () => {
    const item = { cid: { S: 'c1' }, customer: { S: 'Ann' }, n: { N: '1' } };
    expect(leftoverAttributes(item, [{ name: 'customer', attribute: 'cid' }, { name: 'n' }])).toEqual({
      customer: { S: 'Ann' },
    });
  });

  it('validates: only attribute (HV00D), non-empty and not on the catch-all (22023), one column per attribute (42701)', () => {
    expect(() =>
      validateColumnOptions({ options: {} }, [col('a', { attribute: 'x' }), col('x2')]),
    ).not.toThrow();
    expect(sqlstateOf(() => validateColumnOptions({ options: {} }, [col('a', { column_name: 'x' })]))).toBe(
      'HV00D',
    );
    expect(sqlstateOf(() => validateColumnOptions({ options: {} }, [col('a', { attribute: '' })]))).toBe(
      '22023',
    );
    expect(
      sqlstateOf(() => validateColumnOptions({ options: {} }, [col('_attrs', { attribute: 'x' }, 'jsonb')])),
    ).toBe('22023');
    expect(
      sqlstateOf(() =>
        validateColumnOptions({ options: { catch_all: 'rest' } }, [col('rest', { attribute: 'x' }, 'jsonb')]),
      ),
    ).toBe('22023');
    // Two options naming one attribute, or an option naming another column's own attribute.
    expect(
      sqlstateOf(() =>
        validateColumnOptions({ options: {} }, [col('a', { attribute: 'x' }), col('b', { attribute: 'x' })]),
      ),
    ).toBe('42701');
    expect(
      sqlstateOf(() => validateColumnOptions({ options: {} }, [col('x'), col('b', { attribute: 'x' })])),
    ).toBe('42701');
    // Naming a column's own name is allowed (no mapping).
    expect(() => validateColumnOptions({ options: {} }, [col('a', { attribute: 'a' })])).not.toThrow();
  });
});

describe('IMPORT FOREIGN SCHEMA columns', () => {
  it('keeps a key attribute of [A-Za-z0-9_] as its column and maps any other', () => {
    expect(importedColumn('userId')).toEqual({ name: 'userId' });
    expect(importedColumn('customer_id')).toEqual({ name: 'customer_id' });
    expect(importedColumn('Order-Id')).toEqual({ name: 'Order_Id', attribute: 'Order-Id' });
    expect(importedColumn('a.b', ['a_b'])).toEqual({ name: 'a_b_2', attribute: 'a.b' });
    expect(importedColumn('_attrs', ['_attrs'])).toEqual({ name: '_attrs_2', attribute: '_attrs' });
    const long = 'k'.repeat(70);
    expect(importedColumn(long)).toEqual({ name: 'k'.repeat(63), attribute: long });
  });

  it('writes the option into the CREATE FOREIGN TABLE, rowid_column by the column', () => {
    expect(
      importedTableSql(
        's',
        'srv',
        'Order-Lines',
        { name: 'Order-Id', type: 'S' },
        { name: 'LineNo', type: 'N' },
      ),
    ).toBe(
      `create foreign table "s"."Order_Lines" ("Order_Id" text options (attribute 'Order-Id') not null, "LineNo" numeric, "_attrs" jsonb) ` +
        `server "srv" options (table 'Order-Lines', rowid_column 'Order_Id')`,
    );
  });
});
