import { findRangeVars } from '../bind/range-vars';
import type { Splice } from '../bind/splice';
import { explainedQueryStart } from '../bind/statement-text';
import { as, kindOf } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import type { NamedStatements } from './named-statements';

const VIEW = 'pg_prepared_statements';
const MENTIONED = /pg_prepared_statements/i;

/** The alias of the view inside the rows it is replaced by: a reference the rewrite leaves alone. */
const OWN_ALIAS = '__ds_prepared';

/** Statements that read the view when they run (a view, a function or a PREPARE keeps its query for later). */
const RUN_NOW = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'DeclareCursorStmt',
]);

/**
 * `pg_prepared_statements` as the session sees it: the statements the host keeps for it, under the
 * session's names and with the PREPAREs it wrote (named-statements.ts gives them host names of their
 * own). The host lists every name on its connection — on PGlite every session's — so each reference
 * in a statement that reads it now is replaced by those rows:
 *   select name from pg_prepared_statements
 *   → select name from (select r.* from pg_catalog.pg_prepared_statements __ds_prepared
 *       join (values ('__dsp_s1_1', 'foo', 'prepare foo as select 1')) m(host_name, name, statement)
 *       on __ds_prepared.name = m.host_name cross join lateral jsonb_populate_record(...) r) as pg_prepared_statements
 * Statements over foreign tables, which the engine keeps, are listed from what the engine knows of them.
 */
export function preparedStatementsView(named: NamedStatements, node: unknown, text: string): Splice[] {
  if (!MENTIONED.test(text) || !readsNow(node, text)) return [];
  const tokens = scanTokens(text);
  const splices: Splice[] = [];
  for (const { fields: rv, writeTarget } of findRangeVars(node)) {
    if (writeTarget || rv.relname !== VIEW || rv.catalogname || rv.alias?.aliasname === OWN_ALIAS) continue;
    if (rv.schemaname && rv.schemaname !== 'pg_catalog') continue;
    const at = tokens.findIndex((t) => t.start === rv.location);
    const last = tokens[at + (rv.schemaname ? 2 : 0)];
    if (at < 0 || !last) continue;
    const rows = sessionRows(named);
    // `TABLE pg_prepared_statements` takes a name only.
    const before = tokens[at - 1];
    if (before?.text.toLowerCase() === 'table')
      splices.push({ start: before.start, end: last.end, replacement: `select * from ${rows} as ${VIEW}` });
    else
      splices.push({
        start: tokens[at]!.start,
        end: last.end,
        replacement: rv.alias ? rows : `${rows} as ${VIEW}`,
      });
  }
  return splices;
}

/** Whether the statement reads the view now (EXPLAIN of such a statement, CREATE TABLE AS too). */
function readsNow(node: unknown, text: string): boolean {
  const kind = kindOf(node) ?? '';
  if (RUN_NOW.has(kind)) return true;
  if (kind === 'CreateTableAsStmt') return as(node, 'CreateTableAsStmt')?.objtype === 'OBJECT_TABLE';
  if (kind !== 'ExplainStmt') return false;
  const inner = text.slice(explainedQueryStart(text));
  return inner !== '' && readsNow(parseOne(inner), inner);
}

/**
 * The view's rows of the session's statements: those the host keeps, named and written as the session
 * did, and those the engine keeps, made from what it knows of them (prepared-types.ts).
 */
function sessionRows(named: NamedStatements): string {
  const kept = named.hostKeptStatements();
  const view = `pg_catalog.${VIEW} ${OWN_ALIAS}`;
  const hostRows = kept.length
    ? `select r.* from ${view} join (values ${kept
        .map((k) => `(${literal(k.hostName)}, ${literal(k.name)}, ${literal(k.text)})`)
        .join(', ')}) as m(host_name, name, statement)` +
      ` on ${OWN_ALIAS}.name = m.host_name cross join lateral pg_catalog.jsonb_populate_record(${OWN_ALIAS},` +
      ` pg_catalog.jsonb_build_object('name', m.name, 'statement', m.statement)) as r`
    : `select ${OWN_ALIAS}.* from ${view} where false`;
  const engineKept = named.engineKeptStatements();
  if (!engineKept.length) return `(${hostRows})`;
  // As Postgres lists a PREPARE: from SQL, planned anew at each EXECUTE (custom plans). A column
  // this host's view lacks (result_types before PostgreSQL 16) is left out by jsonb_populate_record.
  const rows = engineKept.map(({ name, prepared: { paramTypes, listing, executions } }) =>
    literal(
      JSON.stringify({
        name,
        statement: listing.statement,
        prepare_time: listing.preparedAt,
        parameter_types: paramTypes.map((t) => t || 'unknown'),
        result_types: listing.resultTypes?.map(String) ?? null,
        from_sql: true,
        generic_plans: 0,
        custom_plans: executions,
      }),
    ),
  );
  return (
    `(${hostRows} union all select r.* from (values (${rows.join('), (')})) as e(row)` +
    ` cross join lateral pg_catalog.jsonb_populate_record(null::pg_catalog.${VIEW}, e.row::pg_catalog.jsonb) as r)`
  );
}

/** A string constant whatever standard_conforming_strings says. */
function literal(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
