import { quoteIdent } from '../parse/ast';
import { scanTokens } from '../parse/parse';
import { applySplices, type Splice, type Spliced } from '../bind/splice';
import { engineColumnsFirst, type StatementTail } from './returning-clause';

export interface OldRowUpdate extends Spliced {
  /** The old row's relation name in the statement. */
  readonly old: string;
  /**
   * Its columns, `<old>.<ctid>` and `<old>.<attrs>`: names of the relation's own (`dynascope_old_ctid`)
   * that a `RETURNING *` of the statement also lists — the rows' columns by those names are not the user's.
   */
  readonly ctid: string;
  readonly attrs: string;
}

/**
 * The host UPDATE of a write's temp table, joined to the table's rows as they were before it, so that
 * RETURNING can give each updated row's old ctid (its item's key was remembered at load,
 * write/item-keys.ts; the updated row has a new ctid) and its old catch-all value — what
 * `returning old.ctid` gives on Postgres 18, in SQL Postgres 15 accepts as well. `columns` (of the
 * old row's names) go first in RETURNING, the statement's own list after them:
 *
 *   update pg_temp.t as a set x = 1 from u where u.k = a.k returning a.x
 *   → update pg_temp.t as a set x = 1 from (select ctid as dynascope_old_ctid, "attrs" as
 *     dynascope_old_attrs from pg_temp.t) as dynascope_old, u where a.ctid = dynascope_old.dynascope_old_ctid
 *     and (u.k = a.k) returning dynascope_old.dynascope_old_ctid::text, a.x
 *
 * `originalPosition` maps a position in the result back to `text` (a host error's position, in the
 * RETURNING list too). The user's FROM list, WHERE and RETURNING stay as written; a `WHERE CURRENT
 * OF` is left alone (no cursor reads this statement's temp table: the host refuses it).
 */
export function updateWithOldRow(
  text: string,
  tail: StatementTail,
  target: { readonly tempTable: string; readonly alias: string; readonly catchAll: string | null },
  columns: (names: {
    readonly old: string;
    readonly ctid: string;
    readonly attrs: string;
  }) => readonly string[],
): OldRowUpdate {
  const head = tail.head;
  const tokens = scanTokens(head).filter((t) => !t.tokenName.endsWith('COMMENT'));
  const lower = text.toLowerCase();
  let old = 'dynascope_old';
  for (let n = 1; lower.includes(old); n++) old = `dynascope_old${n}`;
  const ctid = `${old}_ctid`;
  const attrs = `${old}_attrs`;
  const source =
    `(select ctid as ${ctid}${target.catchAll ? `, ${quoteIdent(target.catchAll)} as ${attrs}` : ''}` +
    ` from pg_temp.${quoteIdent(target.tempTable)}) as ${old}`;
  const join = `${quoteIdent(target.alias)}.ctid = ${old}.${ctid}`;

  let depth = 0;
  let inUpdate = false;
  let from: number | null = null;
  let where: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]!.text.toLowerCase();
    if (word === '(' || word === '[') depth++;
    else if (word === ')' || word === ']') depth--;
    else if (depth !== 0) continue;
    else if (!inUpdate) inUpdate = word === 'update';
    else if (word === 'from' && from === null && tokens[i - 1]?.text.toLowerCase() !== 'distinct') from = i;
    else if (word === 'where') {
      where = i;
      break;
    }
  }
  const end = tokens.at(-1)?.end ?? head.length;
  const splices: Splice[] = [];
  const at = (p: number, replacement: string): Splice => ({ start: p, end: p, replacement });
  if (from !== null) splices.push(at(tokens[from]!.end, ` ${source},`));
  else splices.push(at(where === null ? end : tokens[where]!.start, ` from ${source} `));
  if (where === null) splices.push(at(end, ` where ${join}`));
  else if (tokens[where + 1]?.text.toLowerCase() !== 'current') {
    splices.push(at(tokens[where]!.end, ` ${join} and (`));
    splices.push(at(end, ')'));
  }
  splices.push(engineColumnsFirst(tail, columns({ old, ctid, attrs })));
  return { ...applySplices(text, splices), old, ctid, attrs };
}
