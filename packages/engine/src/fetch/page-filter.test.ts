import { describe, expect, it } from 'vitest';
import { withPageFilter, type PageFilter } from './page-filter';

const filter: PageFilter = {
  expression: '#pf0 >= :pf0',
  names: { '#pf0': 'ts' },
  values: { ':pf0': { N: '5' } },
};

describe('withPageFilter: a request and a run-time condition in, the request sent out', () => {
  it("ANDs the condition to the request's own filter, with both sets of placeholders", () => {
    expect(
      withPageFilter(
        {
          TableName: 't',
          FilterExpression: '#n0 > :v0 OR #n0 < :v1',
          ExpressionAttributeNames: { '#n0': 'amount' },
          ExpressionAttributeValues: { ':v0': { N: '1' }, ':v1': { N: '0' } },
        },
        filter,
      ),
    ).toEqual({
      TableName: 't',
      FilterExpression: '(#n0 > :v0 OR #n0 < :v1) AND #pf0 >= :pf0',
      ExpressionAttributeNames: { '#n0': 'amount', '#pf0': 'ts' },
      ExpressionAttributeValues: { ':v0': { N: '1' }, ':v1': { N: '0' }, ':pf0': { N: '5' } },
    });
  });

  it('parenthesises an operand only where an OR would bind looser, and never twice (DynamoDB refuses redundant parentheses)', () => {
    const and = (planned: string, added: string) =>
      withPageFilter({ TableName: 't', FilterExpression: planned }, { ...filter, expression: added })
        .FilterExpression;
    expect(and('(attribute_exists(#n0) AND #n0 > :v0)', '#pf0 >= :pf0')).toBe(
      '(attribute_exists(#n0) AND #n0 > :v0) AND #pf0 >= :pf0',
    );
    expect(and('(#n0 = :v0 OR #n0 = :v1)', '#pf0 >= :pf0 OR NOT attribute_type(#pf0, :pf1)')).toBe(
      '(#n0 = :v0 OR #n0 = :v1) AND (#pf0 >= :pf0 OR NOT attribute_type(#pf0, :pf1))',
    );
    expect(and('(#n0 = :v0) OR (#n0 = :v1)', 'NOT (#pf0 IN (:pf0))')).toBe(
      '((#n0 = :v0) OR (#n0 = :v1)) AND NOT (#pf0 IN (:pf0))',
    );
    expect(and('#n0 = :v0 AND #n1 < :v1', '#pf0 <= :pf0')).toBe('#n0 = :v0 AND #n1 < :v1 AND #pf0 <= :pf0');
  });

  it('is the filter alone on a request without one', () => {
    expect(withPageFilter({ TableName: 't', ProjectionExpression: '#n0' }, filter)).toEqual({
      TableName: 't',
      ProjectionExpression: '#n0',
      FilterExpression: '#pf0 >= :pf0',
      ExpressionAttributeNames: { '#pf0': 'ts' },
      ExpressionAttributeValues: { ':pf0': { N: '5' } },
    });
  });

  it('leaves the request as it is: no condition, a count, a placeholder taken', () => {
    const input = { TableName: 't', ExpressionAttributeNames: { '#pf0': 'x' } };
    expect(withPageFilter(input, null)).toBe(input);
    expect(withPageFilter(input, filter)).toBe(input);
    const count = { TableName: 't', Select: 'COUNT' as const };
    expect(withPageFilter(count, filter)).toBe(count);
  });
});
