import type { SavedQueryParam } from '@dynascope/contract';
import { EngineError } from '../errors';
import { scanTokens } from '../parse/parse';
import { quoteLiteral } from '../parse/ast';
import { applySplices } from '../bind/splice';

/**
 * A saved query's text with `$1`, `$2`... replaced by their values as literals (cast to the
 * parameter's type when it has one), so it runs like any statement. Only real parameter tokens are
 * replaced: `'$1'` in a string and `-- $1` in a comment stay. `values` missing or shorter than the
 * parameters: the parameters' examples.
 *   `select * from orders where customer_id = $1 and total > $2`, params [{ example: 'c1' },
 *   { type: 'numeric', example: '10' }], values ["it's"]
 *     → `select * from orders where customer_id = 'it''s' and total > '10'::numeric`
 */
export function savedQuerySql(
  sql: string,
  params: readonly SavedQueryParam[],
  values: readonly (string | null)[] = [],
): string {
  const splices = scanTokens(sql)
    .filter((t) => t.tokenName === 'PARAM')
    .map((t) => {
      const n = Number(sql.slice(t.start + 1, t.end));
      const param = params[n - 1];
      if (!param)
        throw new EngineError(
          '42P02',
          `there is no parameter $${n}: the saved query declares ${params.length}`,
          {
            position: t.start + 1,
          },
        );
      const value = n - 1 < values.length ? values[n - 1]! : param.example;
      const literal = value === null ? 'NULL' : quoteLiteral(value);
      return { start: t.start, end: t.end, replacement: param.type ? `${literal}::${param.type}` : literal };
    });
  return applySplices(sql, splices).text;
}
