import type { ColumnDef } from '../catalog/foreign-table';
import { quoteIdent, quoteLiteral } from '../parse/ast';
import { moneyArraySql, storedRecordSql, storedRecordsetSql } from '../write/canonical-text';
import { isBuiltInType } from './built-in-type';

/**
 * Whether a column's value may hold money inside (a composite, an array of them, ...): its text was
 * stored under lc_monetary C (write/canonical-text.ts) and is read back so. A built-in type's input
 * never reads lc_monetary but money's (money and money[] columns are read apart, below).
 */
function mayHoldMoney(c: ColumnDef): boolean {
  return !isBuiltInType(c.elementTypname ?? c.typname);
}

/**
 * The SELECT that reads rows given as one JSON array (`$1`, from load/coerce.ts itemsToRowsJson) as
 * the columns of a row type, in the array's order, each value through the host as a load reads it
 * (`array`: another expression of such an array, session/staged-rows.ts's column):
 *   jsonRowsSelect('pg_temp."t1"', [id text, n int4], false)
 *   → select "id", "n" from jsonb_populate_recordset(null::pg_temp."t1", $1::jsonb)
 * json columns keep their text verbatim (populate_record would re-render it from jsonb); a jsonb
 * column's JSON null is its member as it is (`jsonbNull`: populate_record would read it as SQL NULL);
 * a money amount (a JSON number) is read as numeric, then money, as money's input follows lc_monetary:
 *   jsonRowsSelect('pg_temp."t1"', [id text, mo money], false)
 *   → select p."id", case jsonb_typeof(e -> 'mo') when 'number' then (e ->> 'mo')::numeric::money
 *     else (e ->> 'mo')::money end from jsonb_array_elements($1::jsonb) e,
 *     jsonb_populate_record(null::pg_temp."t1", e - array['mo']) p
 * A row type with a column that may hold money inside (a composite) is read under lc_monetary C, as
 * such text is written: `dynascope.stored_recordset(null::pg_temp."t1", $1::jsonb)`, or
 * `dynascope.stored_record(null::pg_temp."t1", e) p` a row at a time beside the members above.
 */
export function jsonRowsSelect(
  rowType: string,
  columns: readonly ColumnDef[],
  jsonbNull: boolean,
  array = '$1::jsonb',
): string {
  const isMoney = (c: ColumnDef) => c.typname === 'money' || c.elementTypname === 'money';
  const stored = columns.some(mayHoldMoney);
  if (!jsonbNull && !columns.some((c) => c.typname === 'json' || isMoney(c))) {
    const rows = stored
      ? storedRecordsetSql(rowType, array)
      : `jsonb_populate_recordset(null::${rowType}, ${array})`;
    return `select ${columns.map((c) => quoteIdent(c.name)).join(', ')} from ${rows}`;
  }
  const member = (c: ColumnDef): string => {
    const m = quoteLiteral(c.name);
    if (c.typname === 'json') return `(e ->> ${m})::json`;
    if (c.typname === 'jsonb') return `(e -> ${m})`;
    if (c.typname === 'money')
      return `case jsonb_typeof(e -> ${m}) when 'number' then (e ->> ${m})::numeric::money else (e ->> ${m})::money end`;
    // A list of amounts (numbers and nulls, any depth) is read as numeric[], then money[]; a list
    // with strings element by element, at any depth (an amount as numeric then money, a string by
    // money's input): dynascope.money_array (write/canonical-text.ts).
    if (c.elementTypname === 'money')
      return (
        `case when (e -> ${m})::text ~ '^\\[[][0-9eE.,+ nul-]*$' then translate((e -> ${m})::text, '[]', '{}')::numeric[]::money[] ` +
        `else ${moneyArraySql(`e -> ${m}`)} end`
      );
    return `p.${quoteIdent(c.name)}`;
  };
  // populate_record does not see the money members: it would read each amount through money's
  // input, by lc_monetary ('1234.5' is 12345 under de_DE, a large amount out of range).
  const money = columns.filter(isMoney).map((c) => quoteLiteral(c.name));
  const record = money.length ? `e - array[${money.join(', ')}]` : 'e';
  const populate = stored
    ? storedRecordSql(rowType, record)
    : `jsonb_populate_record(null::${rowType}, ${record})`;
  return `select ${columns.map((c) => `${member(c)} as ${quoteIdent(c.name)}`).join(', ')} from jsonb_array_elements(${array}) e, ${populate} p`;
}
