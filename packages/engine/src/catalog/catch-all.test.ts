import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import {
  catchAllColumn,
  catchAllToWrite,
  leftoverAttributes,
  mayReadCatchAll,
  spreadCatchAll,
} from './catch-all';

const col = (name: string, typname: string) => ({ name, typname });
const table = (options: Record<string, string>, ...columns: { name: string; typname: string }[]) => ({
  options: { table: 't', ...options },
  columns,
});

/** Expects fn to throw an EngineError with this SQLSTATE and message. */
function expectError(fn: () => unknown, sqlstate: string, message: string): void {
  expect(fn).toThrow(EngineError);
  expect(fn).toThrow(expect.objectContaining({ sqlstate, message }));
}

describe('catchAllColumn: the column writes spread and the catalog marks', () => {
  it('is the jsonb column _attrs when the table names none', () => {
    const t = table({}, col('id', 'text'), col('doc', 'jsonb'), col('_attrs', 'jsonb'));
    expect(catchAllColumn(t)).toBe(t.columns[2]);
    expect(catchAllToWrite(t)).toBe(t.columns[2]);
  });

  it('is the jsonb column the catch_all option names, whatever its name; _attrs is then an attribute like any other', () => {
    const t = table({ catch_all: 'Rest' }, col('id', 'text'), col('_attrs', 'jsonb'), col('Rest', 'jsonb'));
    expect(catchAllColumn(t)).toBe(t.columns[2]);
    expect(catchAllToWrite(t)).toBe(t.columns[2]);
  });

  it('is none without an option and without a jsonb _attrs', () => {
    expect(catchAllColumn(table({}, col('id', 'text'), col('extra', 'jsonb')))).toBeNull();
    expect(catchAllColumn(table({}, col('id', 'text'), col('_attrs', 'json')))).toBeNull();
    expect(catchAllToWrite(table({}, col('id', 'text'), col('_attrs', 'text')))).toBeNull();
  });

  it('a catch_all naming no jsonb column marks none, and writes refuse it', () => {
    const missing = table({ catch_all: 'rest' }, col('id', 'text'), col('_attrs', 'jsonb'));
    expect(catchAllColumn(missing)).toBeNull();
    expectError(() => catchAllToWrite(missing), 'HV000', 'catch_all column "rest" does not exist');
    const wrongType = table({ catch_all: 'rest' }, col('id', 'text'), col('rest', 'json'));
    expect(catchAllColumn(wrongType)).toBeNull();
    expectError(() => catchAllToWrite(wrongType), '42804', 'catch_all column "rest" must be of type jsonb');
  });
});

describe('reading the catch-all', () => {
  it('json and jsonb columns may read it; no other type does', () => {
    expect(mayReadCatchAll(col('x', 'jsonb'))).toBe(true);
    expect(mayReadCatchAll(col('x', 'json'))).toBe(true);
    for (const t of ['text', 'numeric', '_text', 'bytea']) expect(mayReadCatchAll(col('x', t))).toBe(false);
  });

  it('leftoverAttributes: every attribute no declared column covers, or null', () => {
    const columns = [col('id', 'text'), col('name', 'text'), col('rest', 'jsonb')];
    expect(leftoverAttributes({ id: { S: 'k' }, age: { N: '3' }, Name: { S: 'case' } }, columns)).toEqual({
      age: { N: '3' },
      Name: { S: 'case' },
    });
    // A declared column covers its attribute even when the query does not select it.
    expect(leftoverAttributes({ id: { S: 'k' }, name: { S: 'n' } }, columns)).toBeNull();
    expect(leftoverAttributes({}, columns)).toBeNull();
  });
});

describe('spreadCatchAll: the object written as top-level attributes', () => {
  it('keeps native types and every digit', () => {
    expect(
      spreadCatchAll(
        col('rest', 'jsonb'),
        '{"n": 12345678901234567890123456789012345678, "l": [1, "x"], "m": {"k": null}, "b": true}',
      ),
    ).toEqual({
      n: { N: '12345678901234567890123456789012345678' },
      l: { L: [{ N: '1' }, { S: 'x' }] },
      m: { M: { k: { NULL: true } } },
      b: { BOOL: true },
    });
  });

  it('writes numbers as a numeric column does (fixed defect): DynamoDB form, at most 38 digits', () => {
    // DEFECT: members went out as the JSON text had them ('2.50', 39 digits), so an UpdateItem stored
    // 2.50 on DynamoDB Local, and a number DynamoDB cannot hold was not the engine's 22003 error.
    expect(spreadCatchAll(col('rest', 'jsonb'), '{"a": 2.50, "b": [1.0e2, {"c": -0.0}]}')).toEqual({
      a: { N: '2.5' },
      b: { L: [{ N: '100' }, { M: { c: { N: '0' } } }] },
    });
    expectError(
      () => spreadCatchAll(col('rest', 'jsonb'), `{"a": ${'1'.repeat(39)}}`),
      '22003',
      `value ${'1'.repeat(39)} of column "rest" cannot be stored as a DynamoDB number`,
    );
  });

  it('SQL NULL writes nothing; anything but an object is an error naming the column', () => {
    expect(spreadCatchAll(col('rest', 'jsonb'), null)).toEqual({});
    expectError(
      () => spreadCatchAll(col('rest', 'jsonb'), '[1, 2]'),
      '42804',
      'the catch-all column "rest" must hold a JSON object to be written',
    );
  });
});
