import { EngineError, SqlState, throwIfAborted } from '../errors';
import { isHostError } from '../host/host';
import { as, quoteIdent } from '../parse/ast';
import type { StatementContext } from '../run/context';
import { hostError, namingRelation } from '../run/host-error';
import type { CopyProgressReport } from './copy-progress';
import type { CopySink } from './run-query';
import { optionsSql, quotingOf, relationSql, type CopyOption, type CopyStatement } from './copy-statement';
import { RecordChunker } from './record-chunker';

/** Input bytes the host's COPY parses at a time: what a COPY FROM holds in memory, whatever its size. */
export const STAGE_CHUNK_BYTES = 4 << 20;
/** The longest record (line) accepted: past it the input is refused rather than buffered. */
export const MAX_RECORD_BYTES = 64 << 20;
/** The staging table's row number column (1, 2, ... in input order). */
export const ORD = 'dynascope_copy_ord';

/** COPY FROM input staged in a temp table, each row numbered in input order. */
export interface StagedRows {
  /** The target as SQL (`"public"."users"`), schema-qualified. */
  readonly relation: string;
  /** The temp table (`pg_temp."users"`), with the copied columns and `ORD`. */
  readonly table: string;
  /** The copied columns, as SQL (the COPY's list, else every column of the target). */
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** The input line (1-based, as Postgres counts) of the row numbered `ord`. */
  lineOf(ord: number): number;
  /** Postgres's CONTEXT prefix for the input: `COPY users`. */
  readonly context: string;
  drop(): Promise<void>;
}

/**
 * `COPY t [(columns)] FROM STDIN` in text or csv, staged: the input is cut on record boundaries
 * (record-chunker.ts) and each chunk goes through the host's own COPY into a temp table with t's
 * columns, types, NOT NULL and defaults (named t, so errors read `COPY t, line 3, column n: "abc"`;
 * line numbers count on from chunk to chunk). The host parses and checks every value exactly as
 * Postgres does, and memory holds one chunk, not the input.
 *   copy users (user_id, age) from stdin  + 'u1\t30\nu2\tx\n'
 *     → create temp table users (like public.users including defaults); copy pg_temp.users (user_id, age) from '/dev/blob'
 *     → 22P02 invalid input syntax for type integer: "x" (CONTEXT: COPY users, line 2, column age: "x")
 */
export async function stageRows(
  ctx: StatementContext,
  stmt: CopyStatement,
  body: AsyncIterable<Uint8Array>,
  progress: CopyProgressReport,
  onStart?: CopySink['onStart'],
): Promise<StagedRows> {
  // Schema-qualified: a temp table of the same name would otherwise hide it.
  const found = await ctx.host.query(
    'select quote_ident(n.nspname) || $$.$$ || quote_ident(c.relname), to_regclass($2) is null, c.relkind::text, c.relname, exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgtype & 69 = 69) from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass($1)',
    [relationSql(stmt), `pg_temp.${quoteIdent(stmt.relation!.name)}`],
  );
  if (!found.rows.length) {
    throw new EngineError(
      SqlState.undefinedTable,
      `relation "${stmt.relation!.schema ? stmt.relation!.schema + '.' : ''}${stmt.relation!.name}" does not exist`,
      { position: stmt.relation!.location + 1 },
    );
  }
  const [relation = '', free, relkind = '', relname = '', insteadOfInsert] = found.rows[0]!.map(String);
  // The target's columns, a generated one apart: COPY neither takes nor lists it (CopyGetAttnums).
  const attributes = (
    await ctx.host.query(
      "select attname, quote_ident(attname), attgenerated <> '' from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum",
      [relation],
    )
  ).rows;
  // Postgres opens the relation first: an index or a composite type is not one to copy to.
  const notRelation = { i: 'an index', I: 'a partitioned index', c: 'a composite type' }[relkind];
  if (notRelation) throw new EngineError(SqlState.wrongObjectType, `"${relname}" is ${notRelation}`);
  // The list is checked name by name (CopyGetAttnums): a missing or repeated name before a generated
  // one is the host's error (its COPY of no input, below).
  const listed = new Set<string>();
  for (const name of stmt.columns ?? []) {
    const attribute = attributes.find((a) => a[0] === name);
    if (!attribute || listed.has(name)) break;
    if (attribute[2] === 't')
      throw new EngineError(SqlState.invalidColumnReference, `column "${name}" is a generated column`, {
        detail: 'Generated columns cannot be used in COPY.',
      });
    listed.add(name);
  }
  const columns = stmt.columns?.map(quoteIdent) ?? attributes.filter((a) => a[2] !== 't').map((a) => a[1]!);
  // Refused once the data is asked for (a sequence has no copy to check the statement on).
  const refuse = () => insteadOfInsert !== 't' && refuseTarget(relkind, relname);
  if (!['r', 'p', 'f', 'v', 'm'].includes(relkind)) {
    await onStart?.(columns.length);
    refuse();
  }
  // The temp table takes t's name unless a temp table has it already (then errors name the copy).
  const bare = free === 't' ? stmt.relation!.name : ctx.nextTempName();
  const table = `pg_temp.${quoteIdent(bare)}`;
  const drop = () => ctx.host.query(`drop table if exists ${table}`).then(() => undefined);
  try {
    await ctx.host.query(`create temp table ${quoteIdent(bare)} (like ${relation} including defaults)`);
  } catch (e) {
    throw hostError(e);
  }
  try {
    // A foreign table's rows are read whole from the staging table (copy-from.ts rowItems): its
    // defaults are evaluated there, once.
    if (stmt.columns && relkind !== 'f') await dropDefaulted(ctx, table, stmt.columns);
    await ctx.host.query(`alter table ${table} add column ${ORD} int8 generated always as identity`);
    // Errors name the table as the statement does, not as its staging copy is named.
    const names = { staged: bare, shown: stmt.relation!.name };
    const context = `COPY ${names.shown}`;
    // Postgres checks the column list and the options before it asks for the data (BeginCopyFrom):
    // the host's COPY of no input does, its errors naming the table as the statement's would.
    try {
      // With no header (HEADER MATCH would check an empty one) and no FREEZE (Postgres checks it
      // once the data came).
      const checked = stmt.options.filter((o) => o.name !== 'freeze');
      await ctx.host.copyBlob(
        `copy ${table} (${columns.join(', ')}) from '/dev/blob'${optionsSql(checked, false)}`,
        new Uint8Array(),
      );
    } catch (e) {
      throw inputError(e, names, 0);
    }
    await onStart?.(columns.length);
    refuse();
    const header = hasHeader(stmt.options);
    const chunker = new RecordChunker(quotingOf(stmt), STAGE_CHUNK_BYTES, MAX_RECORD_BYTES, () => context);
    let lines = 0;
    let rowCount = 0;
    let bytesRead = 0;
    const copy = async (bytes: Uint8Array, count: number) => {
      const options = optionsSql(stmt.options, lines === 0 ? undefined : false);
      try {
        const r = await ctx.host.copyBlob(
          `copy ${table} (${columns.join(', ')}) from '/dev/blob'${options}`,
          bytes,
        );
        rowCount += r.affectedRows ?? 0;
      } catch (e) {
        throw inputError(e, names, lines);
      }
      lines += count;
    };
    for await (const piece of body) {
      throwIfAborted(ctx.signal);
      bytesRead += piece.byteLength;
      for (const chunk of chunker.push(piece)) await copy(chunk.bytes, chunk.lines);
      progress.read(bytesRead, rowCount);
    }
    const last = chunker.end();
    if (last) await copy(last.bytes, last.lines);
    const lineOf = (ord: number) => chunker.lineOf(ord + (header ? 1 : 0));
    return { relation, table, columns, rowCount, lineOf, context, drop };
  } catch (e) {
    await drop().catch(() => undefined);
    throw e;
  }
}

/**
 * What Postgres's CopyFrom refuses once it has asked for the data: a COPY into anything but a table
 * (ordinary, partitioned or foreign) or a view with an INSTEAD OF INSERT row trigger. Before, a
 * view's rows went into its table.
 */
function refuseTarget(relkind: string, name: string): void {
  if (relkind === 'r' || relkind === 'p' || relkind === 'f') return;
  const what = { v: 'view', m: 'materialized view', S: 'sequence' }[relkind] ?? 'non-table relation';
  throw new EngineError(SqlState.wrongObjectType, `cannot copy to ${what} "${name}"`, {
    ...(relkind === 'v' && { hint: 'To enable copying to a view, provide an INSTEAD OF INSERT trigger.' }),
  });
}

/**
 * Drops from the staging table the columns the COPY does not list that have a default: the write
 * into a host table evaluates their defaults, once, as Postgres's COPY does; evaluated in the staging
 * COPY too, a serial column's sequence was taken twice (ids 3, 4 for two rows) and the user's default
 * ran twice. Listed columns keep theirs (COPY's DEFAULT option); unlisted ones without a default stay,
 * so a NOT NULL among them fails in the staging COPY, naming its line, as Postgres's COPY does.
 *   copy users (name) from stdin, users.id serial → alter table pg_temp.users drop column "id"
 */
async function dropDefaulted(ctx: StatementContext, table: string, listed: readonly string[]): Promise<void> {
  const defaulted = (
    await ctx.host.query(
      'select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and atthasdef and not (attname = any($2::text[]))',
      [table, listed],
    )
  ).rows.map((r) => `drop column ${quoteIdent(r[0]!)}`);
  if (defaulted.length) await ctx.host.query(`alter table ${table} ${defaulted.join(', ')}`);
}

/** Whether the first line is a header (`header`, `header true`, `header match`, `header 1`). */
function hasHeader(options: readonly CopyOption[]): boolean {
  const h = options.findLast((o) => o.name === 'header');
  if (!h) return false;
  if (h.arg === undefined) return true;
  const boolean = as(h.arg, 'Boolean');
  if (boolean) return boolean.boolval === true;
  const int = as(h.arg, 'Integer');
  if (int) return (int.ival ?? 0) !== 0;
  return !/^(false|off|0|no)$/i.test(as(h.arg, 'String')?.sval ?? '');
}

/**
 * The host's error about the input, with its CONTEXT, the line counted from the start of the input
 * (the host counts from its chunk's first line); no position in the statement. The staging table
 * is named as the statement names its target (`COPY t, line 3`, `of relation "t"`), whatever its
 * own name (a temp table of t's name already there, or t one).
 */
function inputError(
  e: unknown,
  names: { readonly staged: string; readonly shown: string },
  linesBefore: number,
): EngineError {
  const err = namingRelation(hostError(e), names);
  const where = isHostError(e) ? (e as { where?: string }).where : undefined;
  const prefix = `COPY ${names.staged}, line `;
  const line = where?.startsWith(prefix) ? /^\d+/.exec(where.slice(prefix.length))?.[0] : undefined;
  const shown = `COPY ${names.shown}, line `;
  const at = line ? shown + (Number(line) + linesBefore) + where!.slice(prefix.length + line.length) : where;
  return new EngineError(err.sqlstate, err.message, {
    ...(err.detail !== undefined && { detail: err.detail }),
    ...(err.hint !== undefined && { hint: err.hint }),
    ...(at && { context: at }),
  });
}
