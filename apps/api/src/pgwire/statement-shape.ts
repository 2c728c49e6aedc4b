import { sqlTokens, type SqlToken } from './sql-tokens';

/** Statements PREPARE takes (the extended protocol runs them as PREPARE + EXECUTE). */
const PREPARABLE = new Set(['select', 'insert', 'update', 'delete', 'with', 'values', 'table', 'merge']);

/**
 * The first keyword of a statement, past comments, whitespace and opening parentheses:
 * `/* x *\/ (SELECT 1)` → `select`.
 */
export function firstKeyword(sql: string): string {
  const rest = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z_]+/.exec(rest)?.[0] ?? '').toLowerCase();
}

/**
 * Whether a statement ends the transaction it runs in, and with it the protocol's portals (Postgres's
 * AtCommit/AtAbort_Portals): COMMIT, END, ROLLBACK, ABORT (AND CHAIN too), PREPARE TRANSACTION — not
 * ROLLBACK TO SAVEPOINT, COMMIT PREPARED or ROLLBACK PREPARED.
 *   'commit' → true   'rollback to savepoint a' → false   'commit prepared $$x$$' → false
 */
export function endsTransaction(sql: string): boolean {
  const tokens = sqlTokens(sql);
  const words = tokens.filter((t) => t.kind === 'word').map((t) => t.text);
  const [first, second] = words;
  // PREPARE TRANSACTION 'id' (not PREPARE transaction AS ..., a statement of that name).
  if (first === 'prepare') return second === 'transaction' && tokens[2]?.text.startsWith("'") === true;
  if (first === 'rollback' || first === 'abort') return !words.includes('to') && second !== 'prepared';
  return (first === 'commit' || first === 'end') && second !== 'prepared';
}

/**
 * What a statement does to the savepoint it names, and so to the portals bound since (Postgres's
 * AtSubAbort/AtSubCommit_Portals): ROLLBACK TO ends them, RELEASE gives them to the savepoint before.
 *   'rollback to savepoint a' → 'rollback-to'   'release a' → 'release'   'rollback' → null
 */
export function savepointEnd(sql: string): 'rollback-to' | 'release' | null {
  // Most statements hold neither word: their text (a long INSERT's) is not read token by token.
  if (!/rollback|release/i.test(sql)) return null;
  const words = sqlTokens(sql)
    .filter((t) => t.kind === 'word')
    .map((t) => t.text);
  const [first, second] = words;
  if (first === 'release') return 'release';
  if (first !== 'rollback') return null;
  // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name.
  const to = second === 'work' || second === 'transaction' ? words[2] : second;
  return to === 'to' ? 'rollback-to' : null;
}

export function isPreparable(sql: string): boolean {
  return PREPARABLE.has(firstKeyword(sql));
}

/** Statements PREPARE does not take that still answer rows: Describe asks the engine for their columns. */
const ROW_UTILITIES = new Set(['show', 'explain']);

/**
 * Whether Describe asks the engine for a statement's columns (the rest answer NoData):
 * `select 1 as x` → true, `show timezone` → true, `begin` → false.
 */
export function isDescribable(sql: string): boolean {
  return isPreparable(sql) || ROW_UTILITIES.has(firstKeyword(sql));
}

/**
 * Where a statement PREPARE does not take has parameters, as Postgres's parse analysis reads them:
 * the query of EXPLAIN, DECLARE ... CURSOR FOR and CREATE TABLE AS (`sql.slice(start, end)`, which
 * PREPARE takes) and CALL's arguments. A `$n` anywhere else is not a parameter (CREATE VIEW's,
 * COPY's, EXECUTE's arguments, a function's body): null. CREATE MATERIALIZED VIEW's query is one
 * Postgres refuses parameters in.
 *   `explain analyze select * from t where a = $1` → { kind: 'query', start: 16, end: 44 }
 *   `create temp table t as select $1::int with no data` → { kind: 'query', start: 23, end: 37 }
 *   `call p($1)` → { kind: 'call' };  `show $1` → null
 */
export type ParameterSite =
  | { readonly kind: 'query'; readonly start: number; readonly end: number }
  | { readonly kind: 'call' }
  | { readonly kind: 'materialized-view' }
  | null;

export function parameterSite(tokens: readonly SqlToken[]): ParameterSite {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.text === ';') end--;
  return siteAt(tokens, 0, end);
}

/** EXPLAIN's old-style options, before the statement it explains. */
const EXPLAIN_WORDS = new Set(['analyze', 'analyse', 'verbose']);
/** What may stand between CREATE and TABLE in CREATE TABLE AS. */
const TABLE_WORDS = new Set(['global', 'local', 'temp', 'temporary', 'unlogged']);

function siteAt(tokens: readonly SqlToken[], at: number, end: number): ParameterSite {
  let first = at;
  while (tokens[first]?.text === '(') first++;
  if (first >= end) return null;
  if (PREPARABLE.has(word(tokens, first)))
    return { kind: 'query', start: tokens[at]!.start, end: tokens[end - 1]!.end };
  switch (word(tokens, at)) {
    case 'explain': {
      let next = at + 1;
      if (tokens[next]?.text === '(') next = closing(tokens, next) + 1;
      else while (EXPLAIN_WORDS.has(word(tokens, next))) next++;
      return siteAt(tokens, next, end);
    }
    case 'declare': {
      // DECLARE name [options] CURSOR [WITH HOLD] FOR query (the name may be the word `cursor`).
      const cursor = wordAt(tokens, 'cursor', at + 2, end);
      const query = cursor < 0 ? -1 : wordAt(tokens, 'for', cursor + 1, end);
      return query < 0 ? null : siteAt(tokens, query + 1, end);
    }
    case 'create':
      return createSite(tokens, at + 1, end);
    case 'call':
      return { kind: 'call' };
    default:
      return null;
  }
}

/** CREATE [TEMP ...] TABLE ... AS query [WITH [NO] DATA], CREATE MATERIALIZED VIEW ... AS query. */
function createSite(tokens: readonly SqlToken[], at: number, end: number): ParameterSite {
  let next = at;
  while (TABLE_WORDS.has(word(tokens, next))) next++;
  const view = word(tokens, next) === 'materialized' && word(tokens, next + 1) === 'view';
  if (!view && word(tokens, next) !== 'table') return null;
  const as = wordAt(tokens, 'as', next + 1, end);
  if (as < 0) return null;
  let queryEnd = end;
  if (word(tokens, end - 1) === 'data' && word(tokens, end - 2) === 'with') queryEnd = end - 2;
  else if (
    word(tokens, end - 1) === 'data' &&
    word(tokens, end - 2) === 'no' &&
    word(tokens, end - 3) === 'with'
  )
    queryEnd = end - 3;
  const query = siteAt(tokens, as + 1, queryEnd);
  return query && view ? { kind: 'materialized-view' } : query;
}

function word(tokens: readonly SqlToken[], at: number): string {
  const t = tokens[at];
  return t?.kind === 'word' ? t.text : '';
}

/** The first `word` from `from` on, outside parentheses; -1 when none. */
function wordAt(tokens: readonly SqlToken[], text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.text === text) return i;
  }
  return -1;
}

/** The `)` that closes the `(` at `open` (the last token when none does). */
function closing(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}
