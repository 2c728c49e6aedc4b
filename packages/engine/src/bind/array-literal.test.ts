import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteralElements } from './array-literal';

/** Each literal as Postgres's array input reads it (a text[]), compared with the engine's reading. */
describe('arrayLiteralElements', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  const postgres = async (literal: string) =>
    (
      await db.query<{ u: string | null }>(
        'select u from unnest($1::text[]) with ordinality as t(u, i) order by i',
        [literal],
      )
    ).rows.map((r) => r.u);

  it.each([
    '{a,b}',
    '{}',
    ' { } ',
    '{ a , b }',
    '{a b, c}',
    '{"a,b","c\\"d","e\\\\f"}',
    '{" padded ", x}',
    '{NULL,null,Null,"NULL"}',
    '{1,2.5,-3,1e3}',
    '{"",x}',
    '{é,"日本"}',
    ' {a}',
    // A no-break space is no whitespace to Postgres: kept (String.trim would drop it).
    '{a\u00a0,\u00a0b, c\u3000}',
  ])('%s as Postgres reads it', async (literal) => {
    const ours = arrayLiteralElements(literal);
    expect(ours).not.toBeNull();
    expect(ours).toEqual(await postgres(literal));
  });

  it.each(['{{1},{2}}', '[1:2]={a,b}', '{a,}', '{,a}', '{a\\,b}', '{"a}', 'a,b', '{a}x', '{"a" b}'])(
    '%s is left to the host',
    (literal) => {
      expect(arrayLiteralElements(literal)).toBeNull();
    },
  );
});
