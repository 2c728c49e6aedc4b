import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';
import type { StatementContext } from '../run/context';
import { checkCostGuard } from '../plan/statement/cost-guard';
import { readScan } from '../run/load-scan';
import { dropTempTables, prepareForeign } from '../plan/statement/prepare-foreign';
import type { PlannedScan } from '../plan/statement/statement-plan';
import { parseOne } from '../parse/parse';
import type { Plan, WritePlan } from '../types';
import { batchWrite } from '../write/batch-write';
import { relationSql, type CopyStatement } from './copy-statement';
import { itemLine, parseItemLine, type Item } from './dynamodb-json';
import type { CopyOutcome } from './run-query';

/** Items per write: validated input is written a slice at a time. */
const WRITE_SLICE = 1000;

/**
 * `COPY t TO STDOUT (FORMAT dynamodb_json)`: every item of the foreign table exactly as DynamoDB
 * holds it (every attribute, native types), one `{"Item": {...}}` line each, page by page.
 */
export async function copyItemsTo(
  ctx: StatementContext,
  stmt: CopyStatement,
  onChunk: (bytes: Uint8Array) => Promise<void>,
): Promise<CopyOutcome> {
  const { scan, plan, release } = await planTable(ctx, stmt);
  let rowCount = 0;
  try {
    checkCostGuard((await ctx.settings()).maxStatementRcu, plan.scans, ctx.notices);
    // The whole item: no projection, whatever columns the table declares.
    const { ProjectionExpression: _p, ExpressionAttributeNames: _n, ...input } = scan.input;
    const encoder = new TextEncoder();
    await readScan(ctx, { ...scan, input }, async (items) => {
      if (!items.length) return;
      rowCount += items.length;
      await onChunk(encoder.encode(items.map((item) => itemLine(item)).join('')));
    });
  } finally {
    await release();
  }
  return { rowCount, plan };
}

/**
 * `COPY t FROM STDIN (FORMAT dynamodb_json)`: each line an item (`{"Item": {...}}`, AWS's export
 * format) written as it is with PutItems (BatchWriteItem). Every line is checked first — JSON, types,
 * the table's key attributes — so bad input writes nothing and the error names its line.
 */
export async function copyItemsFrom(
  ctx: StatementContext,
  stmt: CopyStatement,
  input: Uint8Array,
): Promise<CopyOutcome> {
  const { scan, release } = await planTable(ctx, stmt);
  await release();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new EngineError('22021', 'invalid byte sequence for encoding "UTF8"', {
      context: `COPY ${stmt.relation!.name}`,
    });
  }
  const keys = [scan.info.partitionKey, ...(scan.info.sortKey ? [scan.info.sortKey] : [])];
  // Last one wins, as sequential PutItems would (BatchWriteItem refuses a key twice in one call).
  const items = new Map<string, Item>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line.trim()) continue;
    const context = `COPY ${stmt.relation!.name}, line ${i + 1}`;
    let item: Item;
    try {
      item = parseItemLine(line);
    } catch (e) {
      throw new EngineError(
        SqlState.invalidTextRepresentation,
        `invalid DynamoDB JSON: ${(e as Error).message}`,
        { context },
      );
    }
    for (const k of keys) {
      const v = item[k.name];
      const type = v && Object.entries(v).find(([, x]) => x !== undefined)?.[0];
      if (type !== k.type)
        throw new EngineError('23502', `missing key attribute "${k.name}" of type ${k.type}`, { context });
    }
    items.set(JSON.stringify(keys.map((k) => item[k.name])), item);
  }
  const table = scan.occurrence.table;
  const write: WritePlan = {
    relation: `${table.schema}.${table.name}`,
    table: scan.input.TableName,
    operation: 'BatchWriteItem',
    condition: null,
    requests: 0,
    itemsWritten: 0,
    consumedWcu: 0,
  };
  const client = await ctx.clients.clientFor(table.server);
  const all = [...items.values()];
  try {
    for (let i = 0; i < all.length; i += WRITE_SLICE) {
      const requests: WriteRequest[] = all
        .slice(i, i + WRITE_SLICE)
        .map((Item) => ({ PutRequest: { Item } }));
      const r = await batchWrite(client, write.table, requests, {
        signal: ctx.signal ?? new AbortController().signal,
      });
      write.requests += r.requests;
      write.consumedWcu += r.consumedWcu;
      write.itemsWritten += requests.length;
    }
  } catch (e) {
    if (e instanceof EngineError)
      throw new EngineError(e.sqlstate, e.message, {
        ...(e.hint && { hint: e.hint }),
        detail: `${write.itemsWritten} of ${all.length} items were written; running the same COPY again completes it`,
      });
    throw e;
  }
  return { rowCount: lines.filter((l) => l.trim()).length, plan: { scans: [], write } };
}

/** The foreign table's single planned read (`select * from t`); `release` gives back its temp tables. */
async function planTable(
  ctx: StatementContext,
  stmt: CopyStatement,
): Promise<{ scan: PlannedScan; plan: Plan; release: () => Promise<void> }> {
  if (!stmt.relation || stmt.columns) {
    throw new EngineError(
      SqlState.featureNotSupported,
      'FORMAT dynamodb_json copies whole items of a foreign table: COPY t TO STDOUT / COPY t FROM STDIN, without a query or a column list',
    );
  }
  if (
    stmt.options.some(
      (o) =>
        o.name !== 'format' &&
        !(
          o.name === 'encoding' &&
          /^utf-?8$/i.test(String((o.arg as { String?: { sval?: string } })?.String?.sval))
        ),
    )
  ) {
    throw new EngineError(
      SqlState.featureNotSupported,
      "FORMAT dynamodb_json takes no other option (but ENCODING 'UTF8')",
    );
  }
  const sql = `select * from ${relationSql(stmt)}`;
  const prepared = await prepareForeign(ctx, sql, parseOne(sql)).catch((e: unknown) => {
    if (e instanceof EngineError && e.position !== undefined) e.position = stmt.relation!.location + 1;
    throw e;
  });
  if (!prepared || prepared.scans.length !== 1) {
    if (prepared) await dropTempTables(ctx, prepared.tempTables);
    throw new EngineError(
      SqlState.featureNotSupported,
      `FORMAT dynamodb_json needs a foreign table: "${stmt.relation.name}" is not one`,
      { position: stmt.relation.location + 1 },
    );
  }
  return {
    scan: prepared.scans[0]!,
    plan: ctx.run.plan(prepared),
    release: () => dropTempTables(ctx, prepared.tempTables),
  };
}
