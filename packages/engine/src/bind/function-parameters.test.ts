import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse/parse';
import { bindFunctionParameters } from './function-parameters';

beforeAll(loadParser);

const C = [{ name: 'c', type: 'text', value: "'c1'" }];
const columns = (cols: Record<string, string[]>) => (rv: { relname: string }) => cols[rv.relname] ?? null;

describe('bindFunctionParameters', () => {
  it('replaces $n, the name and the function-qualified name by the constant, cast to the type', () => {
    expect(
      bindFunctionParameters(
        'select count(*) from orders where cid = c and cid = $1 and cid = f.c',
        'f',
        C,
        columns({ orders: ['cid', 'total'] }),
      ),
    ).toBe(
      "select count(*) from orders where cid = ('c1')::text and cid = ('c1')::text and cid = ('c1')::text",
    );
  });

  it('leaves the statement to the shared copy where a name may not be the parameter', () => {
    // A column of that name wins in Postgres.
    expect(bindFunctionParameters('select c from orders', 'f', C, columns({ orders: ['c'] }))).toBeNull();
    // A relation's columns unknown, a subquery, a function in FROM, a whole-row reference.
    expect(bindFunctionParameters('select 1 from orders where cid = c', 'f', C, columns({}))).toBeNull();
    expect(bindFunctionParameters('select * from (select 1) s where c = 1', 'f', C, columns({}))).toBeNull();
    expect(bindFunctionParameters('select c from orders c', 'f', C, columns({ orders: ['cid'] }))).toBeNull();
    // Not a SELECT.
    expect(
      bindFunctionParameters('delete from orders where cid = c', 'f', C, columns({ orders: ['cid'] })),
    ).toBeNull();
  });
});
