import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { namingRelation } from './host-error';

const staged = { staged: '__ds_1', shown: 'items' };
const renamed = (message: string, detail?: string) =>
  namingRelation(new EngineError('42000', message, detail === undefined ? {} : { detail }), staged);

describe('namingRelation', () => {
  it("names the statement's relation where Postgres names a relation, a table or a type", () => {
    expect(
      renamed('null value in column "a" of relation "__ds_1" violates not-null constraint').message,
    ).toBe('null value in column "a" of relation "items" violates not-null constraint');
    expect(renamed('operator does not exist: __ds_1 = integer').message).toBe(
      'operator does not exist: items = integer',
    );
    expect(renamed('x', 'Failing row contains (1) in relation "__ds_1".').detail).toBe(
      'Failing row contains (1) in relation "items".',
    );
  });

  it("leaves a quoted value, and another temp table's name, as they are (found by helper-126)", () => {
    expect(renamed('invalid input syntax for type bigint: "__ds_1"').message).toBe(
      'invalid input syntax for type bigint: "__ds_1"',
    );
    expect(renamed('operator does not exist: __ds_12 = integer').message).toBe(
      'operator does not exist: __ds_12 = integer',
    );
    // A scan with no temp table: nothing is renamed (an empty name matched between every two words).
    expect(
      namingRelation(new EngineError('22P02', 'cannot read DynamoDB N value 1.5 as integer'), {
        staged: '',
        shown: 'bad',
      }).message,
    ).toBe('cannot read DynamoDB N value 1.5 as integer');
    const other = new Error('x');
    expect(namingRelation(other, staged)).toBe(other);
  });
});
