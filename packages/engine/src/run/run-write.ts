import type { InsertStmt, UpdateStmt } from '@pgsql/types';
import { setMaxListeners } from 'node:events';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { catchAllToWrite, spreadCatchAll } from '../catalog/catch-all';
import { attributeOf, columnOfAttribute } from '../catalog/column-attribute';
import type { ColumnDef } from '../catalog/foreign-table';
import { qualifiedName } from '../catalog/foreign-table';
import { retryBudgetFromSetting, withRetriesUntil, withRetryBudget } from '../dynamo/retry-budget';
import { EngineError, SqlState } from '../errors';
import type { Item } from '../fetch/read-pages';
import { as, kindOf, quoteIdent } from '../parse/ast';
import { withUpdateDefaults } from './update-defaults';
import type { Cell, Plan, WritePlan } from '../types';
import type { ItemChange, ReadItem, WriteOutcome as ItemOutcome } from '../write/conditional-write';
import { keyText, type ItemKey } from '../write/item-keys';
import { IMAGE_COLUMNS, ReadImages } from '../write/read-images';
import type { HostTable } from '../write/host-table';
import { KeysSeen, SEEN_KEY_COLUMNS } from '../write/keys-seen';
import { duplicateKeyError } from '../write/duplicate-key';
import { refuseOversizedItem } from '../write/item-size-limit';
import { inColumn } from '../write/column-value-error';
import { runLimited } from '../write/run-limited';
import { pagedWrites } from '../write/paged-writes';
import { tempTablePages } from '../write/temp-table-pages';
import { WriteProgress } from '../write/write-progress';
import { writeLimitPlan } from '../dynamo/governor/rate-limit-plan';
import { estimatedWriteWcu, type WriteEstimateSource } from '../plan/write-estimate';
import { valuesItems } from './values-items';
import { sendingSink, type WriteSink } from '../write/write-sink';
import { heldSink } from '../txn/held-sink';
import { applyOperation } from '../txn/pending-write';
import { previewSink } from '../preview/preview-sink';
import { toWriteAttribute, writeTextSql } from '../write/write-value';
import { attributeType } from '../load/attribute-json';
import { normalizeNumber } from '../util/decimal';
import { toCells } from './cells';
import { compositeFields } from './composite-fields';
import { canonicalRows } from './canonical-rows';
import type { StatementContext } from './context';
import { hostError, namingRelation } from './host-error';
import { insertItems, loadScan, readScan } from './load-scan';
import { updateWithOldRow } from './update-old-row';
import { applySplices, type Spliced } from '../bind/splice';
import { engineColumnsFirst, statementTail } from './returning-clause';
import { checkTransitionReturning, insertReturning } from './insert-returning';
import { transitionNames } from '../bind/returning-transition';
import { writesHeld } from './writes-held';
import { returningBeforeConflicts } from './returning-before-conflicts';
import { existingItems } from '../write/item-exists';
import { checkConflictTarget } from '../write/conflict-target';
import { scanTokens } from '../parse/parse';
import type { HostResult } from '../host/host';
import { dropTempTables } from '../plan/statement/prepare-foreign';
import { tablePricing } from '../plan/price-overrides';
import type { WriteStatementPlan, WriteTarget } from '../plan/statement/statement-plan';

export interface WriteOutcome {
  readonly columns: readonly { name: string; typeId: number }[];
  readonly rows: Cell[][];
  readonly affectedRows: number;
  readonly plan: Plan;
}

type WriteKind = 'InsertStmt' | 'UpdateStmt' | 'DeleteStmt';

/**
 * INSERT/UPDATE/DELETE on a foreign table (spec §4). The host evaluates the statement on a temp copy
 * of the rows (defaults, NOT NULL, expressions over the old row, RETURNING); the engine then applies
 * the difference to DynamoDB: PutItem/BatchWriteItem, and UpdateItem/DeleteItem addressed by the key
 * each item was read with (write/item-keys.ts) and conditioned on the item being as read
 * (write/conditional-write.ts: a retried write never applies twice; a concurrent change is `40001`).
 * UPDATE and DELETE count, and return, only the items DynamoDB changed. Every DynamoDB call retries
 * within `dynascope.retry_budget_seconds`; the first failure stops all of the statement's writes, and
 * its error says how many rows were written and which (write/write-progress.ts).
 */
export async function runWrite(
  ctx: StatementContext,
  prepared: WriteStatementPlan,
  kind: WriteKind,
  node: unknown,
  planOnly: boolean,
): Promise<WriteOutcome> {
  // The host writes the rows into the target's temp table: its errors name the target, as Postgres's do.
  const names = { staged: prepared.target.tempTable, shown: prepared.target.occurrence.table.name };
  return writeRows(ctx, prepared, kind, node, planOnly).catch((e) =>
    Promise.reject(namingRelation(e, names)),
  );
}

async function writeRows(
  ctx: StatementContext,
  prepared: WriteStatementPlan,
  kind: WriteKind,
  node: unknown,
  planOnly: boolean,
): Promise<WriteOutcome> {
  const target = prepared.target;
  const keys = keyColumns(target, kind);
  const insertStmt = as(node, 'InsertStmt');
  const updateStmt = as(node, 'UpdateStmt');
  const conflict = insertStmt?.onConflictClause;
  if (conflict && conflict.action !== 'ONCONFLICT_NOTHING') {
    throw new EngineError(
      SqlState.featureNotSupported,
      'ON CONFLICT DO UPDATE is not supported on foreign tables',
      {
        hint: 'INSERT replaces an item with the same key; use UPDATE to change existing items',
      },
    );
  }
  if (conflict)
    await checkConflictTarget(
      ctx.host,
      conflict.infer,
      target.occurrence.table,
      keys.list,
      scanTokens(prepared.boundText),
    );
  if (updateStmt) refuseKeyUpdates(updateStmt, keys);
  const tail = statementTail(prepared.rewritten.text, kind === 'InsertStmt');
  const { head, returning } = tail;
  const t = `pg_temp.${quoteIdent(target.tempTable)} as ${quoteIdent(target.alias)}`;
  const columns = target.occurrence.table.columns;
  const native = target.occurrence.table.options.jsonb_write === 'native';
  const catchAll = kind === 'DeleteStmt' ? null : catchAllToWrite(target.occurrence.table);
  const rowsSql = `select ctid::text, ${columns.map((c) => writeTextSql(c, target.alias)).join(', ')} from ${t}`;
  const toItem = (row: (string | null)[]) => itemFrom(columns, row.slice(1), catchAll, native, target, keys);
  const setNames = new Set((updateStmt?.targetList ?? []).map((t) => as(t, 'ResTarget')?.name ?? ''));
  const setCols = columns.filter((c) => setNames.has(c.name));
  const setCatchAll = catchAll && setNames.has(catchAll.name) ? catchAll : null;
  const atomic = writesHeld(ctx);
  // What the writes will consume, known before they run (plan/write-estimate.ts). An INSERT's items
  // are made ahead (a rolled-back host INSERT: five host round trips) only where the estimate is wanted
  // before the run — EXPLAIN, or a write limit whose time the plan states; any other INSERT fills it in
  // from its rows as the host makes them, before the first is sent, at no cost.
  const settings = await ctx.settings();
  const ahead = planOnly || writeLimitPlan(settings, target.occurrence.table, null).rateLimit !== undefined;
  const made =
    insertStmt &&
    ahead &&
    (await valuesItems(ctx, insertStmt, target.occurrence.table, { head, select: rowsSql }, toItem));
  const estimatedWcu = estimatedWriteWcu(
    insertStmt
      ? made
        ? { kind: 'insert', items: made }
        : UNKNOWN
      : readEstimate(target, kind === 'UpdateStmt' ? (setCatchAll ? 'any' : setCols.map(attributeOf)) : null),
    target.info,
    atomic,
  );
  const write: WritePlan = {
    relation: qualifiedName(target.occurrence.table),
    table: target.occurrence.table.options.table!,
    operation:
      kind === 'UpdateStmt'
        ? 'UpdateItem'
        : kind === 'DeleteStmt'
          ? 'DeleteItem'
          : conflict || singleValuesRow(insertStmt)
            ? 'PutItem'
            : 'BatchWriteItem',
    condition: conflict
      ? `attribute_not_exists(${attributeOf(keys.pk)})`
      : kind === 'InsertStmt'
        ? null
        : `attribute_exists(${attributeOf(keys.pk)})`,
    atomic,
    requests: 0,
    itemsWritten: 0,
    consumedWcu: 0,
    estimatedWcu,
    ...writeLimitPlan(settings, target.occurrence.table, estimatedWcu),
    ...tablePricing(
      target.info.billingMode,
      await ctx.clients.regionFor(target.occurrence.table.server),
      await ctx.settings(),
    ),
  };
  const plan: Plan = { ...ctx.run.plan(prepared), write };
  if (planOnly) {
    await dropTempTables(ctx, prepared.tempTables);
    return { columns: [], rows: [], affectedRows: 0, plan };
  }
  const budgetMs = retryBudgetFromSetting((await ctx.settings()).retryBudgetSeconds);
  // Temp tables of the engine's own the run acquires (write/read-images.ts), released with the statement's.
  const own: string[] = [];
  try {
    return await withRetryBudget(budgetMs, async () => {
      const relation = qualifiedName(target.occurrence.table);
      // An UPDATE or DELETE that sends as it runs writes a page of rows at a time once its target's
      // items outgrow memory (write/read-images.ts): not one whose RETURNING is the rows, nor one
      // whose own WITH writes (the host refuses that WITH inside the one the rows are kept by).
      const pageable =
        kind !== 'InsertStmt' &&
        !returning &&
        !write.atomic &&
        !ctx.preview &&
        !ctx.deferredWrites &&
        !writingWith(node);
      const acquire = async (columns: string) => {
        const name = await ctx.temps.acquire(ctx.host, columns);
        own.push(name);
        return name;
      };
      /** A pooled table of these columns, made when first needed, its rows counted for the pool (write/host-table.ts). */
      const hostTable = (columns: string): HostTable => ({
        make: () => acquire(columns),
        loaded: (name, rows) => ctx.temps.loaded(name, rows),
      });
      // The item each row of the target was loaded from, as read: what its write is conditioned on.
      const images = new ReadImages(
        ctx.host,
        target.info,
        relation,
        pageable ? hostTable(IMAGE_COLUMNS) : undefined,
      );
      for (const scan of prepared.scans) {
        if (scan.occurrence !== target.occurrence) await loadScan(ctx, scan);
        else {
          await readScan(ctx, scan, async (items) => {
            const ctids = await insertItems(ctx, scan, items, { ctids: true });
            await images.add(items, ctids);
          });
        }
      }
      const client = await ctx.clients.clientFor(target.occurrence.table.server);
      const sink = sinkFor(ctx, client, target, write, attributeOf(keys.pk));
      const deferred = ctx.deferredWrites;
      const progress =
        deferred?.progress ?? new WriteProgress({ held: write.atomic || ctx.preview !== undefined });
      /** Sends now, or once every write of the statement is made (ctx.deferredWrites): then false. */
      const sendOrDefer = async (send: () => Promise<void>): Promise<boolean> => {
        if (!deferred) await send();
        else deferred.defer(() => withRetryBudget(budgetMs, send));
        return !deferred;
      };
      const readNames = readAttributeNames(prepared, target);
      const readOf = (ctid: string | null): ReadItem => ({
        table: write.table,
        ...images.of(ctid),
        readNames,
      });
      /** Runs `sql` in the host, a position in it mapped back to the rewritten statement's (a string as it is). */
      const run = (sql: string | Spliced) =>
        ctx.host
          .query(typeof sql === 'string' ? sql : sql.text, [], (m) => ctx.notices.push(m))
          .catch((e) =>
            Promise.reject(
              hostError(e, (p) =>
                prepared.rewritten.originalPosition(typeof sql === 'string' ? p : sql.originalPosition(p)),
              ),
            ),
          );
      const eachItem = (rows: (string | null)[][], prepare: Parameters<typeof writeEachItem>[6]) =>
        writeEachItem(ctx, write, progress, sendOrDefer, rows, readOf, prepare);
      /**
       * The rows of an UPDATE or DELETE (`statement`, `width` text columns, the old row's ctid first)
       * whose items' images are in the host: kept there by a WITH around it, each joined to its image
       * (an item read twice has one), then written a page at a time (write/paged-writes.ts) — every
       * page's writes made first (`check`: an UPDATE's refusals) when a row can be refused.
       *   update pg_temp.t as a set n = n + 1 ... returning <ctid, n>
       *   → with dynascope_rows (c0, c1) as (update ...) insert into pg_temp.<rows>
       *       select r.*, i.image from dynascope_rows as r join pg_temp.<images> as i on i."row" = r.c0::tid
       */
      const pagedRows = async (
        statement: Spliced,
        width: number,
        prepare: Parameters<typeof writeEachItem>[6],
        check: boolean,
      ) => {
        const names = Array.from({ length: width }, (_, i) => `c${i}`);
        const rowsTable = await acquire([...names, 'image'].map((n) => `"${n}" text`).join(', '));
        const t = `pg_temp.${quoteIdent(rowsTable)}`;
        let cte = 'dynascope_rows';
        for (let n = 1; statement.text.toLowerCase().includes(cte); n++) cte = `dynascope_rows${n}`;
        const end = statement.text.length;
        const wrapped = applySplices(statement.text, [
          { start: 0, end: 0, replacement: `with ${cte} (${names.join(', ')}) as (` },
          {
            start: end,
            end,
            replacement:
              `) insert into ${t} select r.*, i.image from ${cte} as r` +
              ` join ${images.inHost!} as i on i."row" = r.c0::tid`,
          },
        ]);
        const kept = await run({
          text: wrapped.text,
          originalPosition: (p) => statement.originalPosition(wrapped.originalPosition(p)),
        });
        ctx.temps.loaded(rowsTable, kept.affectedRows ?? 0);
        let rows = 0;
        let written = 0;
        const writeOf = (row: (string | null)[]) => {
          const read: ReadItem = { table: write.table, ...images.fromHost(row.at(-1)!), readNames };
          return { read, write: prepare(read, row) };
        };
        await pagedWrites(
          {
            pages: () => tempTablePages(ctx.host, `select r.* from ${t} as r`, rowsTable, 'r'),
            itemOf: writeOf,
            ...(check && { check: () => undefined }),
            batch: 1,
            send: (writes) =>
              writeAll(
                ctx,
                write,
                progress,
                writes,
                16,
                ({ read }) => read.key,
                async (w, signal) => {
                  rows++;
                  const r = await w.write(signal);
                  if (r.outcome === 'written') written++;
                  return r;
                },
              ),
          },
          ctx.signal,
        );
        // No RETURNING reads these rows (pageable): the count is the answer.
        return { count: written, gone: rows - written, rows: <R>(r: R) => r };
      };
      let affected = 0;
      let out: { columns: { name: string; typeId: number }[]; rows: Cell[][] } = { columns: [], rows: [] };

      const keyOf = (item: Item): ItemKey =>
        Object.fromEntries(keys.list.map((k) => [attributeOf(k), item[attributeOf(k)]!]));
      if (
        kind === 'InsertStmt' &&
        !returning &&
        !conflict &&
        !ahead &&
        !write.atomic &&
        !ctx.preview &&
        !deferred &&
        write.operation === 'BatchWriteItem'
      ) {
        // Its rows read from the host a page at a time, twice: every item checked, then sent (write/paged-writes.ts).
        await run(head);
        // The keys put so far, in the host once they outgrow memory (write/keys-seen.ts).
        const seen = new KeysSeen(ctx.host, hostTable(SEEN_KEY_COLUMNS));
        let wcu = 0;
        affected = await pagedWrites(
          {
            pages: () => tempTablePages(ctx.host, rowsSql, target.tempTable, target.alias),
            itemOf: toItem,
            check: async (page) => {
              // Each row's refusal in row order: its size, then its key put by an earlier row.
              const repeat = await seen.firstRepeat(page.map((item) => keyString(item, keys)));
              const checked = repeat < 0 ? page.length : repeat + 1;
              for (let i = 0; i < checked; i++) refuseOversizedItem(relation, keyOf(page[i]!), page[i]!);
              if (repeat >= 0) throw sameKeyTwiceError(target.occurrence.table.name, keyOf(page[repeat]!));
              write.estimatedWcu = wcu +=
                estimatedWriteWcu({ kind: 'insert', items: page }, target.info, atomic) ?? 0;
            },
            batch: 25,
            send: (page) => putAllRecorded(sink, write, progress, page, keyOf, ctx.signal),
          },
          ctx.signal,
        );
      } else if (kind === 'InsertStmt') {
        await run(head);
        const r = await run(rowsSql);
        const items = r.rows.map((row) => ({ ctid: row[0]!, item: toItem(row) }));
        if (!ahead)
          write.estimatedWcu = estimatedWriteWcu(
            { kind: 'insert', items: items.map((i) => i.item) },
            target.info,
            atomic,
          );
        for (const { item } of items) refuseOversizedItem(relation, keyOf(item), item);
        // RETURNING (each row's ctid first), evaluated before any write, so that its error writes nothing.
        const transition = transitionNames(
          insertStmt!,
          target.alias,
          columns.map((c) => c.name),
        );
        if (transition.old || transition.new) await checkTransitionReturning(ctx, prepared.rewritten, tail);
        const returnRows = insertReturning(ctx, prepared.rewritten, tail, target, transition);
        let returned: HostResult | undefined;
        let toWrite = items;
        if (returnRows && !conflict) returned = await returnRows.query([]);
        else if (returnRows && !write.atomic && !ctx.preview) {
          // Sent as it runs: RETURNING only of the rows written, none written if one of those fails.
          const before = await returningBeforeConflicts(
            items.map(({ ctid, item }) => ({ ctid, key: keyOf(item) })),
            {
              evaluate: (leftOut) => ctx.host.transaction(() => returnRows.query(leftOut)),
              check: (ctids) => returnRows.check(ctids),
              existing: async (list) =>
                new Set((await existingItems(client, write.table, list, ctx.signal)).items.keys()),
            },
          );
          returned = before.rows;
          toWrite = items.filter((i) => !before.leftOut.includes(i.ctid));
        } else if (returnRows) await returnRows.describe();
        const written = new Set<string>();
        if (!conflict)
          ctx.statementPuts?.claim(
            write,
            target.occurrence.table.server.name,
            write.table,
            target.occurrence.table.name,
            items.map(({ item }) => keyOf(item)),
          );
        if (conflict) {
          // Which rows it writes is DynamoDB's answer, which RETURNING and the statement go on with.
          await deferred?.flush();
          await writeAll(
            ctx,
            write,
            progress,
            toWrite,
            1,
            ({ item }) => keyOf(item),
            async ({ ctid, item }, signal) => {
              const r = await sink.putIfAbsent(item, signal);
              if (r.outcome === 'written') written.add(ctid);
              return { outcome: r.outcome === 'written' ? 'written' : 'gone', consumedWcu: r.consumedWcu };
            },
          );
          affected = written.size;
        } else if (write.operation === 'PutItem' && items.length === 1) {
          await sendOrDefer(() =>
            writeAll(
              ctx,
              write,
              progress,
              items,
              1,
              ({ item }) => keyOf(item),
              async ({ item }, signal) => sink.put(item, signal),
            ),
          );
          affected = 1;
        } else if (items.length) {
          const unique = new Map<string, Record<string, AttributeValue>>();
          for (const { item } of items) {
            const k = keyString(item, keys);
            if (unique.has(k)) throw sameKeyTwiceError(target.occurrence.table.name, keyOf(item));
            unique.set(k, item);
          }
          await sendOrDefer(() =>
            putAllRecorded(sink, write, progress, [...unique.values()], keyOf, ctx.signal),
          );
          affected = unique.size;
        }
        if (returnRows) {
          // With ON CONFLICT DO NOTHING, the rows written only (held or previewed: evaluated for those alone).
          const r =
            returned ??
            (await returnRows.query(items.filter((i) => !written.has(i.ctid)).map((i) => i.ctid)));
          const shown = conflict ? { ...r, rows: r.rows.filter((row) => written.has(row[0]!)) } : r;
          out = returningRowsFrom(returnedColumns(ctx, shown, 1), 1, ctx.floatsAsText);
        }
      } else if (kind === 'UpdateStmt') {
        // The old row's ctid: the row as loaded, whose item's key was remembered (the updated row has a new ctid).
        const prefix = (u: { old: string; ctid: string; attrs: string }) => [
          `${u.old}.${u.ctid}::text`,
          ...setCols.map((c) => writeTextSql(c, target.alias)),
          ...(setCatchAll ? [`${u.old}.${u.attrs}::text`] : []),
        ];
        const update = updateWithOldRow(
          prepared.rewritten.text,
          tail,
          { ...target, catchAll: setCatchAll?.name ?? null },
          prefix,
        );
        const skip = prefix(update).length;
        const prepare: Parameters<typeof eachItem>[1] = (read, row) => {
          const values = row.slice(1, 1 + setCols.length);
          const oldCatchAll = setCatchAll ? row[1 + setCols.length]! : null;
          const change = itemChange(setCols, values, setCatchAll, oldCatchAll, native);
          // Of the attributes read: an item that passes may still be refused, never the other way.
          refuseOversizedItem(relation, read.key, applyOperation({ kind: 'update', change }, read.image)!);
          return (signal) => sink.update(read, change, signal);
        };
        const defaults = <T>(fn: () => Promise<T>) =>
          withUpdateDefaults(ctx.host, updateStmt!, target.tempTable, target.occurrence.table.oid, fn);
        let r: HostResult | undefined;
        const changed = images.inHost
          ? await defaults(() => pagedRows(update, skip, prepare, true))
          : await eachItem(
              (r = await defaults(() => run(returning ? canonicalRows(ctx, update) : update))).rows,
              prepare,
            );
        affected = changed.count;
        if (changed.gone)
          ctx.notices.push(
            `${changed.gone} item(s) were deleted in DynamoDB while this statement ran and were not recreated`,
          );
        if (returning && r) {
          const returned = returnedColumns(ctx, changed.rows(r), skip, [update.ctid, update.attrs]);
          out = returningRowsFrom(returned, skip, ctx.floatsAsText);
        }
      } else {
        const text = prepared.rewritten.text;
        const deleted = applySplices(text, [
          engineColumnsFirst(tail, [`${quoteIdent(target.alias)}.ctid::text`]),
        ]);
        const prepare: Parameters<typeof eachItem>[1] = (read) => (signal) => sink.delete(read, signal);
        const r = images.inHost ? undefined : await run(returning ? canonicalRows(ctx, deleted) : deleted);
        const changed = r ? await eachItem(r.rows, prepare) : await pagedRows(deleted, 1, prepare, false);
        affected = changed.count;
        if (changed.gone)
          ctx.notices.push(
            `${changed.gone} item(s) were deleted in DynamoDB by another writer while this statement ran`,
          );
        if (returning && r)
          out = returningRowsFrom(returnedColumns(ctx, changed.rows(r), 1), 1, ctx.floatsAsText);
      }
      return { columns: out.columns, rows: out.rows, affectedRows: affected, plan };
    });
  } finally {
    await dropTempTables(ctx, [...prepared.tempTables, ...own]);
  }
}

export interface Keys {
  readonly pk: ColumnDef;
  readonly sk: ColumnDef | null;
  readonly list: readonly ColumnDef[];
  readonly types: Readonly<Record<string, 'S' | 'N' | 'B'>>;
}

const UNKNOWN = { kind: 'unknown' } as const;

/**
 * What an UPDATE's or DELETE's writes can be priced from before it runs: the items its read of the
 * target is expected to return, at the table's average item size (every one of them written: a
 * Scan's filter is not known to keep fewer); unknown when the read has no estimate. `set`: the
 * attributes an UPDATE sets (`'any'`: through the catch-all column), null for a DELETE.
 */
function readEstimate(target: WriteTarget, set: readonly string[] | 'any' | null): WriteEstimateSource {
  const scan = target.scan;
  if (!scan || scan.plan.estimatedRcu === null) return UNKNOWN;
  return {
    kind: set === null ? 'delete' : 'update',
    items: scan.access.estimatedItems,
    avgItemBytes: scan.avgItemBytes,
    ...(set !== null && { setAttributes: set }),
  };
}

/** The declared key columns (the columns reading the key attributes), with the spec's rowid_column errors (§4). */
export function keyColumns(target: WriteTarget, kind: WriteKind): Keys {
  const t = target.occurrence.table;
  const rowid = t.options.rowid_column;
  if (rowid === undefined) {
    throw new EngineError(
      SqlState.fdwError,
      kind === 'InsertStmt'
        ? "option 'rowid_column' is required"
        : 'required option `rowid_column` is not specified',
    );
  }
  const col = (attribute: string) => columnOfAttribute(t.columns, attribute);
  // rowid_column names the key column, or its attribute (IMPORT FOREIGN SCHEMA's awkward names).
  if (!t.columns.some((c) => c.name === rowid) && !col(rowid))
    throw new EngineError(SqlState.fdwError, `rowid_column attribute "${rowid}" does not exist`);
  const info = target.info;
  const pk = col(info.partitionKey.name);
  const sk = info.sortKey ? col(info.sortKey.name) : null;
  const missing = !pk ? info.partitionKey.name : info.sortKey && !sk ? info.sortKey.name : null;
  if (missing) {
    throw new EngineError(
      SqlState.fdwError,
      `foreign table "${qualifiedName(t)}" must declare the key attribute "${missing}" as a column to be written`,
      {
        hint: `DynamoDB table "${info.name}" is keyed by ${[info.partitionKey.name, info.sortKey?.name].filter(Boolean).join(' + ')}`,
      },
    );
  }
  const types: Record<string, 'S' | 'N' | 'B'> = { [info.partitionKey.name]: info.partitionKey.type };
  if (info.sortKey) types[info.sortKey.name] = info.sortKey.type;
  return { pk: pk!, sk: sk ?? null, list: sk ? [pk!, sk] : [pk!], types };
}

/** Whether a statement's own WITH has a query that writes (a host table's: a foreign table's are run apart, run/modifying-ctes.ts). */
function writingWith(node: unknown): boolean {
  const statement = as(node, 'UpdateStmt') ?? as(node, 'DeleteStmt');
  return (statement?.withClause?.ctes ?? []).some(
    (c) => kindOf(as(c, 'CommonTableExpr')?.ctequery) !== 'SelectStmt',
  );
}

function refuseKeyUpdates(update: UpdateStmt, keys: Keys): void {
  for (const t of update.targetList ?? []) {
    const r = as(t, 'ResTarget')!;
    if (keys.list.some((k) => k.name === r.name)) {
      throw new EngineError(
        SqlState.featureNotSupported,
        `cannot update key column "${r.name}": DynamoDB does not support key updates`,
        {
          position: (r.location ?? 0) + 1,
          hint: 'insert the item under its new key and delete the old one',
        },
      );
    }
  }
}

export function itemFrom(
  columns: readonly ColumnDef[],
  values: (string | null)[],
  catchAll: ColumnDef | null,
  native: boolean,
  target: WriteTarget,
  keys: Keys,
): Record<string, AttributeValue> {
  // Each error names the column it is about (write/column-value-error.ts): COPY's CONTEXT says it.
  const spread = catchAll ? (values[columns.indexOf(catchAll)] ?? null) : null;
  const item: Record<string, AttributeValue> = catchAll
    ? inColumn(catchAll.name, spread, () => spreadCatchAll(catchAll, spread))
    : {};
  columns.forEach((c, i) => {
    if (c === catchAll) return;
    const v = inColumn(c.name, values[i] ?? null, () => toWriteAttribute(c, values[i] ?? null, native));
    if (v) item[attributeOf(c)] = v;
  });
  for (const k of keys.list) {
    const attribute = attributeOf(k);
    const v = item[attribute];
    item[attribute] = inColumn(k.name, v ?? null, () => keyAttribute(k, v, keys.types[attribute], target));
  }
  return item;
}

/** A key column's attribute as the table's key takes it (a number written as text becomes N), or why it cannot be. */
function keyAttribute(
  k: ColumnDef,
  v: AttributeValue | undefined,
  type: string | undefined,
  target: WriteTarget,
): AttributeValue {
  if (!v) {
    throw new EngineError(
      '23502',
      `null value in key column "${k.name}" of foreign table "${qualifiedName(target.occurrence.table)}"`,
    );
  }
  if (v.S !== undefined && type === 'N') return { N: numericKey(k, v.S) };
  if (attributeType(v) !== type) {
    throw new EngineError(
      SqlState.datatypeMismatch,
      `key column "${k.name}" is written as DynamoDB ${attributeType(v)} but the table's key is ${type}`,
      {
        hint: `declare "${k.name}" as ${type === 'N' ? 'numeric' : type === 'B' ? 'bytea' : 'text'}`,
      },
    );
  }
  return v;
}

/** A signal that never aborts, which every write request in flight listens to (at most 16 each statement, every session's). */
const NEVER = new AbortController().signal;
setMaxListeners(0, NEVER);

/**
 * Writes the item of each row the host changed (`row[0]` is its ctid), 16 at a time, each item
 * once. Every key is found and every write made (`prepare`: its refusals — a value DynamoDB cannot
 * hold, an item over 400 KB — are thrown there) before the first is sent, so a row that cannot be
 * addressed or written fails the statement with nothing written, as an INSERT's items are all made
 * first. A prepared write answers whether DynamoDB changed the item (or it was gone); a deferred
 * send (`send` answers false) counts every item changed.
 *   update t set d = case when k = 'r40' then 'infinity' else d end → 22008 at r40, no UpdateItem sent
 */
async function writeEachItem(
  ctx: StatementContext,
  plan: WritePlan,
  progress: WriteProgress,
  send: (writes: () => Promise<void>) => Promise<boolean>,
  rows: readonly (string | null)[][],
  readOf: (ctid: string | null) => ReadItem,
  prepare: (read: ReadItem, row: (string | null)[]) => (signal: AbortSignal) => Promise<ItemOutcome>,
): Promise<{ count: number; gone: number; rows: <R extends { rows: (string | null)[][] }>(r: R) => R }> {
  const seen = new Set<string>();
  const targets: { index: number; read: ReadItem; write: (signal: AbortSignal) => Promise<ItemOutcome> }[] =
    [];
  rows.forEach((row, index) => {
    const read = readOf(row[0] ?? null);
    const text = keyText(read.key);
    if (seen.has(text)) return;
    seen.add(text);
    targets.push({ index, read, write: prepare(read, row) });
  });
  const changed = new Set<number>();
  const sent = await send(() =>
    writeAll(
      ctx,
      plan,
      progress,
      targets,
      16,
      ({ read }) => read.key,
      async ({ index, write }, signal) => {
        const r = await write(signal);
        if (r.outcome === 'written') changed.add(index);
        return r;
      },
    ),
  );
  if (!sent) for (const t of targets) changed.add(t.index);
  return {
    count: changed.size,
    gone: targets.length - changed.size,
    // RETURNING shows the rows whose items were changed, as many as the count says.
    rows: (r) => ({ ...r, rows: r.rows.filter((_, i) => changed.has(i)) }),
  };
}

/**
 * Runs single-item writes, `limit` at once, recording each on the write plan and the progress; the
 * first failure, a cancel or the statement's timeout stops the others at once — nothing new starts and
 * nothing is retried; a request in flight still gets its answer, so the error that ends the statement
 * says exactly which rows were written.
 */
async function writeAll<T>(
  ctx: StatementContext,
  plan: WritePlan,
  progress: WriteProgress,
  list: readonly T[],
  limit: number,
  keyOf: (t: T) => ItemKey,
  write: (t: T, signal: AbortSignal) => Promise<ItemOutcome>,
): Promise<void> {
  try {
    await runLimited(list, limit, ctx.signal, async (t, signal) => {
      // A held write sends no request (COMMIT sends one for all).
      if (!plan.atomic) plan.requests++;
      try {
        // Stopping (a failure, a cancel, statement_timeout) ends retries, not the request in flight:
        // DynamoDB applies a write whose request was sent, so its answer is awaited and counted.
        const r = await withRetriesUntil(signal, () => write(t, NEVER));
        plan.consumedWcu += r.consumedWcu;
        if (r.outcome === 'written') {
          plan.itemsWritten++;
          progress.wrote(keyOf(t));
        }
      } catch (e) {
        if (signal.aborted) progress.notRetried(keyOf(t));
        throw e;
      }
    });
  } catch (e) {
    throw progress.failed(e, `${plan.operation} ${plan.table}`);
  }
}

/** A text key column over a numeric key attribute writes the number its text holds: `'007'` → N `7`. */
function numericKey(col: ColumnDef, text: string): string {
  const n = normalizeNumber(text);
  if (n === null) {
    throw new EngineError(
      SqlState.invalidTextRepresentation,
      `invalid input for key column "${col.name}": "${text}" is not a DynamoDB number`,
      {
        hint: `the table's key attribute "${col.name}" is a number (N)`,
      },
    );
  }
  return n;
}

/**
 * Two rows of one INSERT with the same key: DynamoDB keeps one item per key, so the second PutItem
 * would silently replace the first row. Refused before anything is written, as Postgres refuses it on
 * a table with that key (23505, write/duplicate-key.ts); ON CONFLICT DO NOTHING keeps the first row
 * instead, as Postgres does.
 */
function sameKeyTwiceError(relation: string, key: ItemKey): EngineError {
  return duplicateKeyError(
    relation,
    `Key ${keyText(key)} is inserted twice by this INSERT: DynamoDB keeps one item per key, so the second row would replace the first.`,
    {
      hint: 'Ensure that no rows proposed for insertion within the same command have duplicate key values (DISTINCT ON the key columns, or ON CONFLICT DO NOTHING to keep the first).',
    },
  );
}

function keyString(item: Record<string, AttributeValue>, keys: Keys): string {
  return JSON.stringify(keys.list.map((k) => item[attributeOf(k)]));
}

/** What an UPDATE writes to an item: SET the new values, REMOVE the NULLs; a catch-all change SETs and REMOVEs its members. */
function itemChange(
  setCols: readonly ColumnDef[],
  values: (string | null)[],
  catchAll: ColumnDef | null,
  oldCatchAll: string | null,
  native: boolean,
): ItemChange {
  const set: Record<string, AttributeValue> = {};
  const remove: string[] = [];
  setCols.forEach((c, i) => {
    if (c === catchAll) {
      const before = spreadCatchAll(c, oldCatchAll);
      const after = spreadCatchAll(c, values[i] ?? null);
      for (const k of Object.keys(before))
        if (!(k in after) && !setCols.some((s) => attributeOf(s) === k)) remove.push(k);
      for (const [k, v] of Object.entries(after)) if (!setCols.some((s) => attributeOf(s) === k)) set[k] = v;
      return;
    }
    const v = toWriteAttribute(c, values[i] ?? null, native);
    if (v) set[attributeOf(c)] = v;
    else remove.push(attributeOf(c));
  });
  return { set, remove };
}

/** The attributes a read of the target asked for: its projection, or every declared column (the catch-all holds the rest). */
function readAttributeNames(prepared: WriteStatementPlan, target: WriteTarget): string[] {
  const scan = prepared.scans.find((s) => s.occurrence === target.occurrence);
  const projection = scan?.input.ProjectionExpression;
  if (projection) return projection.split(', ').map((n) => scan.input.ExpressionAttributeNames?.[n] ?? n);
  const catchAll = catchAllToWrite(target.occurrence.table);
  return target.occurrence.table.columns.filter((c) => c !== catchAll).map(attributeOf);
}

/** Where the statement's writes go: a preview's record, the transaction block's held writes, or DynamoDB now. */
function sinkFor(
  ctx: StatementContext,
  client: DynamoDBClient,
  target: WriteTarget,
  write: WritePlan,
  pkName: string,
): WriteSink {
  const table = target.occurrence.table;
  const relation = qualifiedName(table);
  if (ctx.preview)
    return previewSink(
      ctx.preview,
      client,
      {
        server: table.server.oid,
        relation,
        rowType: `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
        columns: table.columns,
        info: target.info,
      },
      ctx.transaction,
    );
  return write.atomic
    ? heldSink(ctx.transaction, client, { server: table.server, relation, info: target.info })
    : sendingSink(client, write.table, pkName);
}

/** An INSERT's items through the sink (BatchWriteItem outside a transaction), recorded on the write plan and the progress. */
async function putAllRecorded(
  sink: WriteSink,
  write: WritePlan,
  progress: WriteProgress,
  items: readonly Item[],
  keyOf: (item: Item) => ItemKey,
  signal?: AbortSignal,
): Promise<void> {
  let calls = 0;
  try {
    const res = await sink.putAll(
      items,
      (item) => {
        write.itemsWritten++;
        progress.wrote(keyOf(item));
      },
      signal,
    );
    calls = res.requests;
    write.consumedWcu += res.consumedWcu;
  } catch (e) {
    throw progress.failed(e, `BatchWriteItem ${write.table}`);
  } finally {
    write.requests += calls;
  }
}

/**
 * The rows with the engine's `skip` columns and the user's RETURNING columns only: not the old row's
 * columns an UPDATE's `RETURNING *` also lists (`hidden`, run/update-old-row.ts), nor canonicalRows'
 * last column, whose text of the user's columns goes to ctx.canonicalReturning.
 */
function returnedColumns<
  R extends { fields: readonly { name: string; typeId: number }[]; rows: (string | null)[][] },
>(ctx: StatementContext, r: R, skip: number, hidden: readonly string[] = []): R {
  const last = r.fields.length - (ctx.canonicalReturning ? 1 : 0);
  const kept = r.fields.flatMap((f, i) => (i >= skip && i < last && !hidden.includes(f.name) ? [i] : []));
  if (ctx.canonicalReturning)
    for (const row of r.rows) ctx.canonicalReturning.push(compositeFields(row.at(-1)!, kept));
  const pick = <T>(list: readonly T[]) => [...list.slice(0, skip), ...kept.map((i) => list[i]!)];
  return { ...r, fields: pick(r.fields), rows: r.rows.map(pick) };
}

function returningRowsFrom(
  r: { fields: readonly { name: string; typeId: number }[]; rows: (string | null)[][] },
  skip: number,
  floatsAsText: boolean | undefined,
) {
  const fields = r.fields.slice(skip);
  return {
    columns: fields.map((f) => ({ name: f.name, typeId: f.typeId })),
    rows: toCells(
      r.rows.map((row) => row.slice(skip)),
      fields.map((f) => f.typeId),
      floatsAsText,
    ),
  };
}

/**
 * An INSERT of one VALUES row is one PutItem; any other INSERT (several rows, or a query whose row
 * count the plan cannot know) is BatchWriteItem, even when it yields one row — so the plan names the
 * request the run sends.  `insert into t values ('a', 1)` → PutItem;  `insert into t select …` → BatchWriteItem
 */
function singleValuesRow(insert: InsertStmt | undefined): boolean {
  return as(insert?.selectStmt, 'SelectStmt')?.valuesLists?.length === 1;
}
