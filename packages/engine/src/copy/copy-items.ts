import { EngineError, SqlState, throwIfAborted } from '../errors';
import type { StatementContext } from '../run/context';
import { checkCostGuard } from '../plan/statement/cost-guard';
import { readScan } from '../run/load-scan';
import { dropTempTables, prepareForeign } from '../plan/statement/prepare-foreign';
import type { PlannedScan } from '../plan/statement/statement-plan';
import { parseOne } from '../parse/parse';
import type { TableInfo } from '../plan/key-schema';
import type { Plan } from '../types';
import { as, quoteIdent } from '../parse/ast';
import type { CopyProgressReport } from './copy-progress';
import { relationSql, type CopyStatement } from './copy-statement';
import { itemLine, parseItemLine, type Item } from './dynamodb-json';
import type { CopyFromOutcome, CopyOutcome, CopySink } from './run-query';
import { MAX_RECORD_BYTES } from './stage-rows';
import { itemProblem } from './item-limits';
import {
  atLine,
  checkItems,
  ITEM_BATCH,
  storedKey,
  unwritten,
  writeItems,
  type ItemSource,
} from './staged-items';
import { keyText } from '../write/item-keys';

/**
 * `COPY t TO STDOUT (FORMAT dynamodb_json)`: every item of the foreign table exactly as DynamoDB
 * holds it (every attribute, native types), one `{"Item": {...}}` line each, page by page.
 */
export async function copyItemsTo(
  ctx: StatementContext,
  stmt: CopyStatement,
  output: CopySink,
): Promise<CopyOutcome> {
  const { scan, plan, release } = await planTable(ctx, stmt);
  let rowCount = 0;
  try {
    checkCostGuard((await ctx.settings()).maxStatementRcu, plan.scans, ctx.notices);
    // Each line is one value: the item.
    await output.onStart?.(1);
    // The whole item: no projection, whatever columns the table declares.
    const { ProjectionExpression: _p, ExpressionAttributeNames: _n, ...input } = scan.input;
    const encoder = new TextEncoder();
    await readScan(ctx, { ...scan, input }, async (items) => {
      if (!items.length) return;
      rowCount += items.length;
      await output.onChunk(encoder.encode(items.map((item) => itemLine(item)).join('')));
    });
  } finally {
    await release();
  }
  return { rowCount, plan };
}

/**
 * `COPY t FROM STDIN (FORMAT dynamodb_json)`: each line an item (`{"Item": {...}}`, AWS's export
 * format) written as it is with PutItems (BatchWriteItem). The input is read as it arrives and every
 * line checked — UTF-8, JSON, types, the table's key attributes — and staged in a temp table, so bad
 * input writes nothing and the error names its line; then the items are written a batch at a time
 * (staged-items.ts). `preview`: everything but the writes.
 *   {"Item":{"id":{"S":"a"},"n":{"N":"1"}}}  → BatchWriteItem t [{ PutRequest: { Item: { id: { S: 'a' }, n: { N: '1' } } } }]
 */
export async function copyItemsFrom(
  ctx: StatementContext,
  stmt: CopyStatement,
  body: AsyncIterable<Uint8Array>,
  preview: boolean,
  progress: CopyProgressReport,
  onStart?: CopySink['onStart'],
): Promise<CopyFromOutcome> {
  const { scan, release } = await planTable(ctx, stmt);
  await release();
  await onStart?.(1);
  const context = `COPY ${stmt.relation!.name}`;
  const name = quoteIdent(ctx.nextTempName());
  const table = `pg_temp.${name}`;
  await ctx.host.query(
    `create temp table ${name} (ord int8 primary key, line_no int8, line text, item_key text)`,
  );
  try {
    let rowCount = 0;
    let bytesRead = 0;
    let batch: [number, string, string][] = [];
    const stage = async () => {
      throwIfAborted(ctx.signal);
      progress.read(bytesRead, rowCount);
      if (!batch.length) return;
      await ctx.host.query(
        `insert into ${table} select (e ->> 0)::int8 + $2, (e ->> 1)::int8, e ->> 2, e ->> 3 from jsonb_array_elements($1::jsonb) with ordinality as r(e, ord)`,
        [JSON.stringify(batch.map(([n, l, k], i) => [i + 1, n, l, k])), rowCount - batch.length],
      );
      batch = [];
    };
    async function* counted() {
      for await (const piece of body) {
        bytesRead += piece.byteLength;
        yield piece;
      }
    }
    for await (const [lineNo, line] of lines(counted(), context)) {
      const item = checkItemLine(line, scan.info, `${context}, line ${lineNo}`);
      batch.push([lineNo, line, itemKeyText(item, scan.info)]);
      rowCount++;
      if (batch.length >= ITEM_BATCH) await stage();
    }
    await stage();
    const source: ItemSource = {
      rowCount,
      items: async (from, to) =>
        (
          await ctx.host.query(`select line from ${table} where ord > $1 and ord <= $2 order by ord`, [
            from,
            to,
          ])
        ).rows.map((r) => parseItemLine(r[0]!)),
      repeatedKey: async () => {
        const r = await ctx.host.query(
          `select (array_agg(ord order by ord))[2], (array_agg(line_no order by ord))[1]::text, (array_agg(line_no order by ord))[2]::text from ${table} group by item_key having count(*) > 1 order by 1 limit 1`,
        );
        const row = r.rows[0];
        return row ? { ordinal: Number(row[0]), lines: [Number(row[1]), Number(row[2])] } : null;
      },
      contextOf: async (ordinal) =>
        `${context}, line ${(await ctx.host.query(`select line_no::text from ${table} where ord = $1`, [ordinal])).rows[0]?.[0]}`,
    };
    const estimate = await checkItems(ctx, source, scan.info, scan.occurrence.table.name, progress);
    const t = scan.occurrence.table;
    const target = { relation: `${t.schema}.${t.name}`, server: t.server, info: scan.info };
    const write = preview ? unwritten(target) : await writeItems(ctx, source, target, progress);
    return { rowCount, plan: { scans: [], write }, estimate };
  } finally {
    await ctx.host.query(`drop table if exists ${table}`).catch(() => undefined);
  }
}

/**
 * One line of DynamoDB JSON checked: an item with the table's key attributes, of their types, that
 * DynamoDB takes (item-limits.ts: size, empty or overlong keys, index keys of the wrong type).
 */
function checkItemLine(line: string, info: TableInfo, context: string): Item {
  let item: Item;
  try {
    item = parseItemLine(line);
  } catch (e) {
    throw new EngineError(
      SqlState.invalidTextRepresentation,
      `invalid DynamoDB JSON: ${(e as Error).message}`,
      {
        context,
      },
    );
  }
  for (const k of [info.partitionKey, ...(info.sortKey ? [info.sortKey] : [])]) {
    const v = item[k.name];
    const type = v && Object.entries(v).find(([, x]) => x !== undefined)?.[0];
    if (type !== k.type)
      throw new EngineError('23502', `missing key attribute "${k.name}" of type ${k.type}`, { context });
  }
  const problem = itemProblem(item, info);
  if (problem) atLine(problem.error, context);
  return item;
}

/**
 * An item's key (partition + sort) as DynamoDB tells keys apart: numbers in their stored form
 * (`1.00` is `1`), binary as base64. `{ id: { N: '1.00' }, v: ... }` → `{"id":{"N":"1"}}`
 */
function itemKeyText(item: Item, info: TableInfo): string {
  return keyText(storedKey(item, info));
}

/** The non-blank lines of UTF-8 input as they arrive, with their line numbers; bad UTF-8 or an overlong line throws. */
async function* lines(body: AsyncIterable<Uint8Array>, context: string): AsyncIterable<[number, string]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let lineNo = 0;
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new EngineError('22021', 'invalid byte sequence for encoding "UTF8"', {
        context: `${context}, line ${lineNo + 1}`,
      });
    }
  };
  for await (const piece of body) {
    const parts = (rest + decode(piece)).split('\n');
    rest = parts.pop()!;
    for (const part of parts) {
      lineNo++;
      const line = part.replace(/\r$/, '');
      if (line.trim()) yield [lineNo, line];
    }
    if (rest.length > MAX_RECORD_BYTES)
      throw new EngineError(
        SqlState.programLimitExceeded,
        `a COPY line is longer than ${MAX_RECORD_BYTES} bytes`,
        {
          context: `${context}, line ${lineNo + 1}`,
        },
      );
  }
  rest += decode();
  if (rest.trim()) yield [lineNo + 1, rest.replace(/\r$/, '')];
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
        !(o.name === 'encoding' && /^utf-?8$/i.test(String(as(o.arg, 'String')?.sval))),
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
  if (prepared.scans.length !== 1) {
    await dropTempTables(ctx, prepared.tempTables);
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
