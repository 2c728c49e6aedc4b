import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse/parse';
import { functionDefinition } from './function-definition';

beforeAll(loadParser);

describe('functionDefinition', () => {
  it('a body in dollar quotes (pg_get_functiondef)', () => {
    expect(
      functionDefinition(`CREATE OR REPLACE FUNCTION public.f(p text, n integer DEFAULT 1)
 RETURNS TABLE(a text, b numeric)
 LANGUAGE sql
 STABLE SET search_path TO 'app'
AS $function$ select a, b from orders where cid = p limit n $function$
`),
    ).toEqual({
      head: `CREATE OR REPLACE FUNCTION {name}(p text, n integer DEFAULT 1)
 RETURNS TABLE(a text, b numeric)
 LANGUAGE sql
 STABLE SET search_path TO 'app'`,
      body: ' select a, b from orders where cid = p limit n ',
    });
  });

  it('a BEGIN ATOMIC body and a RETURN body', () => {
    expect(
      functionDefinition(`CREATE OR REPLACE FUNCTION "My"."g"(p text)
 RETURNS bigint
 LANGUAGE sql
BEGIN ATOMIC
 SELECT count(*) AS count FROM dynamodb.orders WHERE (orders.cid = g.p);
END`),
    ).toEqual({
      head: `CREATE OR REPLACE FUNCTION {name}(p text)
 RETURNS bigint
 LANGUAGE sql`,
      body: `
 SELECT count(*) AS count FROM dynamodb.orders WHERE (orders.cid = g.p);
`,
    });
    expect(
      functionDefinition(
        `CREATE OR REPLACE FUNCTION public.h()\n RETURNS bigint\n LANGUAGE sql\nRETURN (SELECT count(*) FROM o)`,
      ).body,
    ).toBe('select (SELECT count(*) FROM o)');
  });
});
