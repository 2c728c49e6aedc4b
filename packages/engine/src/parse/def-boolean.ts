import type { DefElem } from '@pgsql/types';
import { EngineError, SqlState } from '../errors';
import { as } from './ast';

/**
 * An option's Boolean value as Postgres's defGetBoolean reads it: no value is true; 1 / 0; the words
 * true, false, on, off in any case. The parser gives `analyze false` as a String and `analyze 0` as
 * an Integer (its ival left out of the tree when 0). Anything else is `42601 <name> requires a Boolean value`.
 *   `explain (analyze off) ...` → false; `explain (analyze) ...` → true.
 */
export function defBoolean(d: DefElem): boolean {
  if (d.arg === undefined) return true;
  const boolean = as(d.arg, 'Boolean');
  if (boolean) return boolean.boolval === true;
  const int = as(d.arg, 'Integer');
  if (int) {
    const n = int.ival ?? 0;
    if (n === 0 || n === 1) return n === 1;
  } else {
    const word = as(d.arg, 'String')?.sval?.toLowerCase();
    if (word === 'true' || word === 'on') return true;
    if (word === 'false' || word === 'off') return false;
  }
  throw new EngineError(SqlState.syntaxError, `${d.defname ?? ''} requires a Boolean value`);
}
