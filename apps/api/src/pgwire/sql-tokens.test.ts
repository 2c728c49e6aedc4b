import { describe, expect, it } from 'vitest';
import { highestParameter, sqlTokens } from './sql-tokens';

const params = (sql: string) =>
  sqlTokens(sql)
    .filter((t) => t.kind === 'param')
    .map((t) => t.text);

describe('SQL tokens', () => {
  it('finds the `$n` parameters Postgres reads, none in strings, names, comments or bodies', () => {
    expect(params(`select $1, '$2', "$3", $$ $4 $$, $f$ $5 $f$, a$6, E'\\' $7', U&'$8' -- $9`)).toEqual([
      '$1',
    ]);
    expect(params('select /* $1 /* nested $2 */ $3 */ $4 + $10')).toEqual(['$4', '$10']);
    expect(params(`select 'it''s $1' || $2`)).toEqual(['$2']);
    expect(highestParameter(sqlTokens('select $2, $12, $3'))).toBe(12);
    expect(highestParameter(sqlTokens('select 1'))).toBe(0);
  });

  it('reads words in lower case with their places in the text', () => {
    expect(sqlTokens('EXPLAIN (Analyze) x.y;').map((t) => [t.kind, t.text, t.start])).toEqual([
      ['word', 'explain', 0],
      ['other', '(', 8],
      ['word', 'analyze', 9],
      ['other', ')', 16],
      ['word', 'x', 18],
      ['other', '.', 19],
      ['word', 'y', 20],
      ['other', ';', 21],
    ]);
  });
});
