import { catchAllToWrite } from '../catalog/catch-all';
import { columnOfAttribute } from '../catalog/column-attribute';
import { qualifiedName } from '../catalog/foreign-table';
import { quoteIdent } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { dropTempTables, prepareForeign } from '../plan/statement/prepare-foreign';
import type { WriteTarget } from '../plan/statement/statement-plan';
import type { StatementContext } from '../run/context';
import { hostError } from '../run/host-error';
import { itemFrom, keyColumns } from '../run/run-write';
import { ColumnValueError } from '../write/column-value-error';
import { writeTextSql } from '../write/write-value';
import type { CopyProgressReport } from './copy-progress';
import type { CopyStatement } from './copy-statement';
import type { CopyFromOutcome, CopySink, RunQuery } from './run-query';
import { ORD, stageRows, type StagedRows } from './stage-rows';
import { itemProblem } from './item-limits';
import { insertStaged } from './insert-staged';
import { atLine, checkItems, copyContext, unwritten, writeItems, type ItemSource } from './staged-items';

/**
 * `COPY t [(columns)] FROM STDIN [WITH (...)]` in text or csv. The input is staged by the host's own
 * COPY (stage-rows.ts: parsed and checked exactly as Postgres does, chunk by chunk), then every row of
 * a foreign table is built into its item and checked (staged-items.ts) — so bad input fails, naming
 * its line, before anything is written — and written with PutItems, a batch at a time. `preview`:
 * everything but the writes, with the write capacity they would use. A local table gets
 * `INSERT INTO t SELECT ... FROM` the staged rows (insert-staged.ts: an error about a row names its line).
 *   copy users (user_id, age) from stdin (format csv)  + 'u1,30\nu2,31\n'
 *     → BatchWriteItem users [{ PutRequest: { Item: { user_id: { S: 'u1' }, age: { N: '30' } } } }, ...]
 */
export async function copyRowsFrom(
  ctx: StatementContext,
  stmt: CopyStatement,
  body: AsyncIterable<Uint8Array>,
  run: RunQuery,
  preview: boolean,
  progress: CopyProgressReport,
  onStart?: CopySink['onStart'],
): Promise<CopyFromOutcome> {
  const staged = await stageRows(ctx, stmt, body, progress, onStart);
  try {
    const list = staged.columns.join(', ');
    const insert = `insert into ${staged.relation} (${list}) select ${list} from ${staged.table} order by ${ORD}`;
    const prepared = await prepareForeign(ctx, insert, parseOne(insert));
    if (prepared.shape !== 'write') {
      await dropTempTables(ctx, prepared.tempTables);
      if (preview || !staged.rowCount) return { rowCount: staged.rowCount, plan: null, estimate: null };
      return { ...(await insertStaged(ctx, staged, run)), estimate: null };
    }
    const target = prepared.target;
    await dropTempTables(ctx, prepared.tempTables);
    const source = rowItems(ctx, staged, target);
    const estimate = await checkItems(ctx, source, target.info, target.occurrence.table.name, progress);
    const itemTarget = {
      relation: qualifiedName(target.occurrence.table),
      server: target.occurrence.table.server,
      info: target.info,
    };
    const write = preview ? unwritten(itemTarget) : await writeItems(ctx, source, itemTarget, progress);
    return { rowCount: staged.rowCount, plan: { scans: [], write }, estimate };
  } finally {
    await staged.drop().catch(() => undefined);
  }
}

/**
 * The staged rows as the items an INSERT of them writes (run/run-write.ts's mapping, one definition),
 * each checked against what DynamoDB takes (item-limits.ts); an error names the row's line and,
 * when it is about one, the column and its value: `COPY t, line 7, column n: "NaN"`.
 */
function rowItems(ctx: StatementContext, staged: StagedRows, target: WriteTarget): ItemSource {
  const table = target.occurrence.table;
  const keys = keyColumns(target, 'InsertStmt');
  const catchAll = catchAllToWrite(table);
  const native = table.options.jsonb_write === 'native';
  const select = `select ${ORD}::text, ${table.columns.map((c) => writeTextSql(c, 's')).join(', ')} from ${staged.table} s where s.${ORD} > $1 and s.${ORD} <= $2 order by s.${ORD}`;
  /** The error at row `ord`, with its line and, if it is about one, the column and its value as text. */
  const failed = async (e: unknown, ord: number, column: string | null, isNull: boolean): Promise<never> => {
    const at =
      column === null
        ? undefined
        : {
            column,
            value: isNull
              ? null
              : ((
                  await ctx.host.query(
                    `select s.${quoteIdent(column)}::text from ${staged.table} s where s.${ORD} = $1`,
                    [ord],
                  )
                ).rows[0]?.[0] ?? null),
          };
    return atLine(e, copyContext(staged.context, staged.lineOf(ord), at));
  };
  // Key columns compared as their types compare (numeric 1.0 = 1, as DynamoDB's N; text bytewise, as S).
  const key = keys.list.map((c) => `s.${quoteIdent(c.name)}`).join(', ');
  const repeated = `select min(s.${ORD}), (array_agg(s.${ORD} order by s.${ORD}))[2] from ${staged.table} s group by ${key} having count(*) > 1 order by 2 limit 1`;
  return {
    rowCount: staged.rowCount,
    contextOf: (ordinal) => Promise.resolve(copyContext(staged.context, staged.lineOf(ordinal))),
    repeatedKey: async () => {
      const r = await ctx.host.query(repeated).catch((e: unknown) => Promise.reject(hostError(e)));
      const row = r.rows[0];
      if (!row) return null;
      const [first, second] = [Number(row[0]), Number(row[1])];
      return { ordinal: second, lines: [staged.lineOf(first), staged.lineOf(second)] };
    },
    items: async (from, to) => {
      const r = await ctx.host.query(select, [from, to]).catch((e: unknown) => Promise.reject(hostError(e)));
      const items = [];
      for (const row of r.rows) {
        const ord = Number(row[0]);
        let item;
        try {
          item = itemFrom(table.columns, row.slice(1), catchAll, native, target, keys);
        } catch (e) {
          return e instanceof ColumnValueError
            ? failed(e, ord, e.column, e.isNull)
            : failed(e, ord, null, false);
        }
        const problem = itemProblem(item, target.info);
        if (problem) {
          const column =
            problem.attribute === null
              ? undefined
              : (columnOfAttribute(table.columns, problem.attribute) ?? catchAll);
          return failed(problem.error, ord, column?.name ?? null, false);
        }
        items.push(item);
      }
      return items;
    },
  };
}
