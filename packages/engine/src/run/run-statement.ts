import type { ExplainStmt, TruncateStmt } from '@pgsql/types';
import { as, kindOf } from '../parse/ast';
import { parseOne } from '../parse/parse';
import { EngineError, SqlState } from '../errors';
import { quoteIdent } from '../parse/ast';
import { JsonText, type Cell, type Column, type Plan } from '../types';
import { toCells } from './cells';
import { commandTag } from './command-tag';
import type { StatementContext } from './context';
import {
  alterTableOptions,
  columnOptions,
  runFdwDdl,
  runForeignTableDdl,
  runServerDdl,
} from '../catalog/ddl';
import { refuseUnsafeStatement } from '../host/statement-policy';
import { refuseUnboundParameter } from './unbound-parameter';
import {
  clientEncodingStatement,
  showClientEncoding,
  showsClientEncoding,
} from './client-encoding-statement';
import { secretConstants } from '../vault/secret-constants';
import { preparesVaultCall, vaultCall } from './vault-call';
import { answerServerIdentityCalls } from '../dynamo/credentials/server-identity-call';
import { explainLines } from '../plan/statement/explain-text';
import type { ExplainFigures } from '../plan/statement/explain-tree';
import { explainColumnType, explainDocument } from '../plan/statement/explain-formats';
import { explainOptions } from '../plan/statement/explain-options';
import { hostError } from './host-error';
import { moveHostCursor } from './host-move';
import { hostExecuteCommand } from './host-execute-command';
import { hostPreparedNames } from './host-prepared-names';
import { deallocateInHost, openHeldCursors, prepareInHost } from './host-names';
import { discardAll, discardTemp } from './discard-all';
import { importForeignSchema } from '../catalog/import-foreign-schema';
import { dropTempTables, prepareForeign } from '../plan/statement/prepare-foreign';
import {
  hostOnlyPlan,
  isForeignPlan,
  unknownShape,
  type ForeignPlan,
  type HostOnlyPlan,
  type StatementPlan,
  type WriteStatementPlan,
} from '../plan/statement/statement-plan';
import {
  createMaterializedView,
  dropMaterializedViews,
  materializedViewQuery,
  refreshMaterializedView,
} from './materialized-views';
import {
  insertResultsSql,
  inWithQuery,
  modifyingCtes,
  readingResults,
  resultTableSql,
  snapshotConflict,
  type ModifyingCte,
} from './modifying-ctes';
import { findRangeVars, quotedName } from '../bind/range-vars';
import { isForeignTable } from '../catalog/foreign-relations';
import { refuseForeignInheritance } from '../catalog/foreign-inheritance';
import { splitForeignAnalyze } from './analyze-foreign';
import { CursorSpill } from './cursor-spill';
import { CURSOR_OPT_HOLD, cursorOptions, portalName, preparedParamTypes } from './named-statements';
import { explainedQueryStart, innerQuery } from '../bind/statement-text';
import { arraySource, type RowSource } from './row-source';
import { runForeign } from './run-foreign';
import { runWrite } from './run-write';
import { refuseInAbortedBlock, runTransactionStatement } from '../txn/transaction-statement';
import { checkCostGuard } from '../plan/statement/cost-guard';
import { withViewChecks } from './view-check-option';
import { deferringWrites, sendsBeforeStatement } from './deferred-writes';
import { copyInScript } from '../copy/run-copy';
import { callsFunctionReads, runWithFunctionReads } from './function-reads';
import { preparedTypes, withDeclaredTypes } from './prepared-types';
import { preparedResultRow, revalidatePrepared } from './revalidate-prepared';
import { bindArguments } from './execute-arguments';
import { createdRows, intoOf, skippedCreate } from './created-rows';
import { describedOrigins, hostDescription, withHostFields } from './column-origins';

export interface StatementOutcome {
  readonly command: string;
  readonly columns: Column[];
  readonly source: RowSource;
  readonly plan: Plan | null;
  /** Rows a DML statement affected (rowCount for INSERT/UPDATE/DELETE). */
  readonly affectedRows: number | undefined;
}

/** Statements whose relations the engine binds (views are created in the host as they are). */
const READS_RELATIONS = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'CreateTableAsStmt',
]);

/** Host-only statements a plan-only run describes (their columns, or the host's error). */
// A FETCH from a host cursor too: the host describes its columns without moving it (a NO SCROLL
// cursor that moved refuses FETCH FORWARD 0, 55000), as Postgres describes a FETCH.
const DESCRIBED = new Set([...READS_RELATIONS, 'ExecuteStmt', 'VariableShowStmt', 'FetchStmt']);

const EMPTY: RowSource = arraySource([]);

function outcome(command: string, extra: Partial<StatementOutcome> = {}): StatementOutcome {
  return { command, columns: [], source: EMPTY, plan: null, affectedRows: undefined, ...extra };
}

/**
 * Runs one statement: the engine's own statements (vault, foreign DDL, IMPORT, EXPLAIN of foreign
 * reads) here, statements over foreign tables through bind → plan → fetch → host, the rest in the host.
 * In `planOnly` mode nothing is changed and no item is read.
 */
export async function runStatement(
  ctx: StatementContext,
  node: unknown,
  text: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  const ran = await runStatementItself(ctx, node, text, planOnly);
  if (planOnly && !ran.columns.length && returningList(node)?.length) {
    // A write over foreign tables plans no RETURNING rows: its columns as the host describes the
    // statement (the wire's Describe of it), as a host-only write's are.
    const described = await hostDescription(ctx, text);
    if (described?.fields.length)
      return {
        ...ran,
        columns: withHostFields(ctx, await columnsOf(ctx, described.fields), described.fields),
      };
  }
  if (!ctx.columnOrigins || !ran.columns.length) return ran;
  return { ...ran, columns: await describedOrigins(ctx, kindOf(node), text, ran.columns) };
}

async function runStatementItself(
  ctx: StatementContext,
  node: unknown,
  text: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  refuseUnsafeStatement(node, text);
  refuseUnboundParameter(node);
  refuseInAbortedBlock(ctx, as(node, 'TransactionStmt'));
  // client_encoding is the wire protocol's, kept in a setting of the engine's (run/client-encoding-statement.ts).
  if (showsClientEncoding(node)) {
    const rows = await showClientEncoding(ctx.host, planOnly);
    return outcome('SHOW', {
      columns: [{ name: 'client_encoding', type: 'text' }],
      source: arraySource(rows),
    });
  }
  const encoding = clientEncodingStatement(node);
  if (encoding) ({ node, text } = encoding);
  // DISCARD ALL and TEMP are the engine's: scoped to the session, the user role and the engine's own
  // temp tables kept (run/discard-all.ts).
  const discard = as(node, 'DiscardStmt')?.target;
  if (discard === 'DISCARD_ALL') {
    if (!planOnly) await discardAll(ctx);
    return outcome('DISCARD ALL');
  }
  if (discard === 'DISCARD_TEMP') {
    if (!planOnly) await discardTemp(ctx);
    return outcome('DISCARD TEMP');
  }
  // RESET (ALL) and SET ... TO DEFAULT go back to a wire client's start-up settings, as in Postgres.
  const restore = planOnly ? null : ctx.startup.restoring(node);
  if (restore) {
    const out = await runAsNamed(ctx, node, text, planOnly);
    await ctx.host.exec(restore);
    return out;
  }
  // The session's names of statements the host keeps, as the host knows them (run/host-prepared-names.ts).
  const named = hostPreparedNames(ctx.named, node, text);
  if (!named) return runAsNamed(ctx, node, text, planOnly);
  try {
    return await runAsNamed(ctx, named.node, named.text, planOnly);
  } catch (e) {
    throw named.userError(e);
  }
}

/** runStatement of a statement whose names are the host's. */
async function runAsNamed(
  ctx: StatementContext,
  node: unknown,
  text: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  const kind = kindOf(node) ?? '';
  const command = commandTag(node, text);
  const vault = vaultCall(as(node, 'SelectStmt'));
  // A secret anywhere else (inside a query, a CTE, EXPLAIN, a cast) would reach the host, a plan or an error.
  if (
    !vault &&
    kind !== 'CreateForeignServerStmt' &&
    kind !== 'AlterForeignServerStmt' &&
    secretConstants(node, text).length
  ) {
    throw new EngineError(
      SqlState.featureNotSupported,
      'vault functions must be called on their own with constant arguments',
      {
        hint: "select vault.create_secret('<secret>', '<name>', '<description>')",
      },
    );
  }
  if (vault) {
    if (planOnly) return outcome(command);
    const [a, b = null, c = null, d = null] = vault.args;
    if (vault.fn === 'create_secret') {
      const id = await ctx.vault.create(a!, b, c);
      return outcome(command, {
        columns: [{ name: vault.column, type: 'uuid' }],
        source: arraySource([[id]]),
      });
    }
    await ctx.vault.update(a!, b, c, d);
    // Clients hold the credentials they were built with: rebuild them with the new secret.
    ctx.clients.keysChanged();
    return outcome(command, { columns: [{ name: vault.column, type: 'void' }], source: arraySource([['']]) });
  }
  if (!planOnly) await answerServerIdentityCalls(ctx, node);
  if (kind === 'ExplainStmt') {
    return explain(ctx, as(node, 'ExplainStmt')!, text, planOnly);
  }

  const named = await runNamed(ctx, node, text, planOnly);
  if (named) return named;
  if (kind === 'CopyStmt') {
    const copied = await copyInScript(ctx, as(node, 'CopyStmt')!, text, planOnly, (n, t) =>
      runStatement(ctx, n, t, planOnly),
    );
    if (copied) return outcome(command, copied);
  }

  if (!planOnly) {
    await refuseForeignInheritance(ctx.host, node);
    switch (kind) {
      case 'CreateFdwStmt':
        await runFdwDdl(ctx, node);
        return outcome(command);
      case 'DropStmt': {
        const drop = as(node, 'DropStmt')!;
        if (drop.removeType === 'OBJECT_FDW') {
          await runFdwDdl(ctx, node);
          return outcome(command);
        }
        if (drop.removeType === 'OBJECT_MATVIEW') {
          const others = await dropMaterializedViews(ctx.host, drop);
          if (others.length === (drop.objects ?? []).length) break;
          if (others.length)
            await host(
              ctx,
              `drop materialized view ${drop.missing_ok ? 'if exists ' : ''}${others.join(', ')}${drop.behavior === 'DROP_CASCADE' ? ' cascade' : ''}`,
            );
          return outcome(command);
        }
        break;
      }
      case 'CreateForeignServerStmt':
      case 'AlterForeignServerStmt':
        await runServerDdl(ctx, node, text);
        return outcome(command);
      case 'CreateForeignTableStmt': {
        const create = as(node, 'CreateForeignTableStmt')!;
        await runForeignTableDdl(ctx, create.base?.relation ?? {}, text, create.options, columnOptions(node));
        return outcome(command);
      }
      case 'AlterTableStmt': {
        const alter = as(node, 'AlterTableStmt')!;
        const opts = alterTableOptions(alter);
        if (opts) {
          await runForeignTableDdl(ctx, alter.relation ?? {}, text, opts, columnOptions(node));
          return outcome(command);
        }
        break;
      }
      case 'RenameStmt': {
        // A renamed column reads the attribute of its new name, which another column may read already.
        const rename = as(node, 'RenameStmt')!;
        if (rename.renameType === 'OBJECT_COLUMN' && rename.relationType === 'OBJECT_FOREIGN_TABLE') {
          await runForeignTableDdl(ctx, rename.relation ?? {}, text, []);
          return outcome(command);
        }
        break;
      }
      case 'CreateTableAsStmt': {
        const create = as(node, 'CreateTableAsStmt')!;
        if (create.objtype === 'OBJECT_MATVIEW' && (await readsForeign(ctx, materializedViewQuery(text)))) {
          return outcome(command, {
            affectedRows: await createMaterializedView(ctx.host, text, create, runSql(ctx)),
          });
        }
        break;
      }
      case 'RefreshMatViewStmt':
        if (await refreshMaterializedView(ctx.host, as(node, 'RefreshMatViewStmt')!, runSql(ctx)))
          return outcome(command);
        break;
      case 'ImportForeignSchemaStmt':
        await importForeignSchema(ctx, as(node, 'ImportForeignSchemaStmt')!);
        return outcome(command);
      case 'TruncateStmt':
        await refuseForeignTruncate(ctx, as(node, 'TruncateStmt')!);
        break;
      case 'VacuumStmt': {
        const split = await splitForeignAnalyze(ctx.host, node, text);
        if (!split) break;
        if (split.hostText) await host(ctx, split.hostText);
        ctx.notices.push(...split.warnings);
        return outcome(command);
      }
    }
  }

  // EXPLAIN of CREATE MATERIALIZED VIEW ... AS <query over foreign tables>: its query's plan, what it reads.
  const matview = planOnly ? as(node, 'CreateTableAsStmt') : undefined;
  if (matview?.objtype === 'OBJECT_MATVIEW' && (await readsForeign(ctx, materializedViewQuery(text)))) {
    const query = materializedViewQuery(text);
    return outcome(command, { plan: (await runStatement(ctx, parseOne(query), query, true)).plan });
  }

  // Functions that read foreign tables: the statement (a CALL, a DO block) calls copies whose reads the engine loads first.
  const viaFunctions =
    READS_RELATIONS.has(kind) || kind === 'CallStmt' || kind === 'DoStmt'
      ? await runWithFunctionReads(ctx, text, node, planOnly, (t, n, p) => runStatement(ctx, n, t, p))
      : null;
  if (viaFunctions) return viaFunctions;
  const ctes = READS_RELATIONS.has(kind) ? modifyingCtes(node, text) : null;
  if (ctes?.nestedAt != null) {
    // Postgres's own refusal, before the rewrite could run it on a copy of the items.
    throw new EngineError(
      SqlState.featureNotSupported,
      'WITH clause containing a data-modifying statement must be at the top level',
      { position: ctes.nestedAt + 1 },
    );
  }
  if (ctes?.top.length) {
    const ran = await runWithModifyingCtes(ctx, node, text, command, ctes.top, planOnly);
    if (ran) return ran;
  }
  // Every statement has a plan: the statements that read no foreign table are host-only ones.
  const plan = READS_RELATIONS.has(kind) ? await prepareForeign(ctx, text, node) : hostOnlyPlan(text, node);
  ctx.run.planned = true;
  return runPrepared(ctx, plan, kind, node, command, planOnly);
}

/**
 * A host-only plan (no foreign table): the host runs the statement as it is; the answer carries no
 * plan (`plan: null` on the wire). In `planOnly` mode queries and DML are still type-checked, so
 * EXPLAIN reports what execute would.
 */
async function runHostOnly(
  ctx: StatementContext,
  plan: HostOnlyPlan,
  kind: string,
  node: unknown,
  command: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  const text = plan.boundText;
  if (planOnly) {
    // Nothing foreign to plan: still type-check queries, DML, EXECUTE and SHOW, so EXPLAIN reports
    // what execute would, its columns too (the wire protocol's Describe).
    if (!DESCRIBED.has(kind)) return outcome(command);
    const { fields } = await describe(ctx, text);
    return outcome(command, { columns: withHostFields(ctx, await columnsOf(ctx, fields), fields) });
  }
  // BEGIN/COMMIT/ROLLBACK/SAVEPOINT keep the block's held foreign writes in step (txn/transaction-statement.ts).
  const transaction = as(node, 'TransactionStmt');
  // A COMMIT of an aborted block rolls it back.
  const commits = transaction?.kind === 'TRANS_STMT_COMMIT' && !ctx.transaction.failed;
  const txn = transaction
    ? await runTransactionStatement(ctx, transaction, (sql) => host(ctx, sql ?? text)).catch(
        async (e: unknown) => {
          // A COMMIT that failed (a deferred constraint) ended the block all the same.
          if (!ctx.host.inTransaction())
            await ctx.named.endTransaction(false, (names) => openHeldCursors(ctx.host, names));
          throw e;
        },
      )
    : null;
  // A MOVE over a host cursor counts the rows it moved (`MOVE n`), which the host's result does not (run/host-move.ts).
  const move = as(node, 'FetchStmt');
  if (move?.ismove) {
    try {
      return outcome('MOVE', { affectedRows: await moveHostCursor(ctx.host, move) });
    } catch (e) {
      throw hostError(e);
    }
  }
  const skipped = intoOf(node) ? await skippedCreate(ctx, node) : null;
  const r = txn?.result ?? (await host(ctx, text));
  // A transaction block ended: the cursors declared in it without HOLD end with it (WITH HOLD: if it committed).
  if (kind === 'TransactionStmt' && (!ctx.host.inTransaction() || transaction?.chain))
    await ctx.named.endTransaction(commits, (names) => openHeldCursors(ctx.host, names));
  if (txn?.command) return outcome(txn.command);
  if (intoOf(node))
    return outcome(skipped ?? command, { affectedRows: skipped ? 0 : await createdRows(ctx, node) });
  const typeIds = r.fields.map((f) => f.typeId);
  const execute = as(node, 'ExecuteStmt');
  return outcome(execute ? hostExecuteCommand(ctx.named.hostKeptText(execute.name ?? '')) : command, {
    columns: withHostFields(ctx, await columnsOf(ctx, r.fields), r.fields),
    source: arraySource(toCells(r.rows, typeIds, ctx.floatsAsText)),
    affectedRows: r.affectedRows,
  });
}

/**
 * PREPARE / EXECUTE / DEALLOCATE and DECLARE / FETCH / MOVE / CLOSE of statements over foreign
 * tables, which the engine keeps (run/named-statements.ts); null for those the host keeps.
 */
async function runNamed(
  ctx: StatementContext,
  node: unknown,
  text: string,
  planOnly: boolean,
): Promise<StatementOutcome | null> {
  switch (kindOf(node)) {
    case 'PrepareStmt': {
      const prepare = as(node, 'PrepareStmt')!;
      const inner = innerQuery(text, 'as');
      // Planned with its declared parameter types, as Postgres analyses it (prepared-types.ts).
      const declared = withDeclaredTypes(ctx, preparedParamTypes(text, prepare.argtypes));
      let prepared;
      try {
        prepared = await prepareForeign(declared.ctx, inner.text, parseOne(inner.text));
      } catch (e) {
        // A position in the prepared query is one in this PREPARE, as the host reports it.
        if (e instanceof EngineError && e.position !== undefined) e.position += inner.start;
        throw e;
      }
      // A vault call is the engine's to run, with the arguments EXECUTE binds (vault-call.ts).
      if (
        !isForeignPlan(prepared) &&
        !preparesVaultCall(parseOne(inner.text)) &&
        !(await callsFunctionReads(ctx, inner.text, parseOne(inner.text)))
      ) {
        // The host keeps it, under a name of the session's (run/host-names.ts).
        if (planOnly) return null;
        await prepareInHost(ctx, prepare.name ?? '', text);
        return outcome('PREPARE');
      }
      try {
        if (!planOnly) {
          const types = await preparedTypes(declared.ctx, prepared, declared);
          // Its result row type, which every EXECUTE's must be (revalidate-prepared.ts).
          const result = await preparedResultRow(ctx, inner.text, types.paramOids);
          ctx.named.prepare(
            prepare.name ?? '',
            inner.text,
            { ...types, result, validatedIn: ctx.planCache },
            {
              statement: text,
              preparedAt: new Date().toISOString(),
              resultTypes: types.resultTypes,
            },
          );
        }
      } finally {
        await dropTempTables(ctx, prepared.tempTables);
      }
      return outcome('PREPARE');
    }
    case 'ExecuteStmt': {
      const execute = as(node, 'ExecuteStmt')!;
      const prepared = ctx.named.preparedText(execute.name ?? '');
      if (!prepared) return null;
      const bound = await bindArguments(
        ctx,
        execute.name ?? '',
        prepared,
        text,
        execute.params ?? [],
        0,
        !planOnly,
      );
      await revalidatePrepared(ctx, prepared);
      try {
        return await runStatement(ctx, parseOne(bound.text), bound.text, planOnly);
      } catch (e) {
        // A position in an argument is one in this EXECUTE; one in the prepared statement is not.
        if (e instanceof EngineError) e.position = bound.position(e.position);
        throw e;
      } finally {
        // A custom plan, as Postgres counts it: once made, whether running it then fails or not.
        if (!planOnly && ctx.run.planned) prepared.executions++;
      }
    }
    case 'DeallocateStmt': {
      if (planOnly) return null;
      const deallocate = as(node, 'DeallocateStmt')!;
      // The session's own only, whichever keeps them: DEALLOCATE ALL leaves other sessions' on a shared host.
      await deallocateInHost(
        ctx.host,
        ctx.named.deallocate(deallocate.isall ? null : (deallocate.name ?? '')),
      );
      return outcome(deallocate.isall ? 'DEALLOCATE ALL' : 'DEALLOCATE');
    }
    case 'DeclareCursorStmt': {
      const declare = as(node, 'DeclareCursorStmt')!;
      const inner = innerQuery(text, 'for');
      const query = parseOne(inner.text);
      const options = cursorOptions(declare.options ?? 0, query);
      // Through SQL functions that read foreign tables, the cursor's rows are read when it is declared.
      const viaFunctions = await runWithFunctionReads(ctx, inner.text, query, planOnly, (t, n, p) =>
        runStatement(ctx, n, t, p),
      );
      const prepared = viaFunctions ? null : await prepareForeign(ctx, inner.text, query);
      if (prepared?.shape === 'host-only') {
        // The host's cursor; one WITH HOLD outlives the statement there (DISCARD ALL and the session's end close it).
        const ran = await runPrepared(
          ctx,
          hostOnlyPlan(text, node),
          'DeclareCursorStmt',
          node,
          'DECLARE CURSOR',
          planOnly,
        );
        if (!planOnly && (declare.options ?? 0) & CURSOR_OPT_HOLD)
          ctx.named.heldInHost(String(portalName(declare)), ctx.host.inTransaction());
        return ran;
      }
      const ran =
        viaFunctions ?? (await runPrepared(ctx, prepared!, kindOf(query) ?? '', query, 'SELECT', planOnly));
      if (planOnly) return outcome('DECLARE CURSOR', { plan: ran.plan });
      try {
        ctx.named.declare(
          String(portalName(declare)),
          options,
          { inTransaction: ctx.host.inTransaction(), depth: ctx.transaction.depth },
          ran.source,
          // A FETCH answers the columns with the fields Postgres gives its cursor's query.
          await describedOrigins(ctx, kindOf(query), inner.text, ran.columns),
          new CursorSpill(ctx.host, ctx.nextTempName()),
        );
      } catch (e) {
        await ran.source.close();
        throw e;
      }
      return outcome('DECLARE CURSOR', { plan: ran.plan });
    }
    case 'FetchStmt': {
      const fetch = as(node, 'FetchStmt')!;
      const name = String(portalName(fetch));
      if (!ctx.named.hasPortal(name)) return null;
      // Its columns as the engine keeps them, the cursor not moved.
      if (planOnly)
        return outcome(fetch.ismove ? 'MOVE' : 'FETCH', {
          columns: fetch.ismove ? [] : [...(ctx.named.portalColumns(name) ?? [])],
        });
      const { rows, count, columns } = await ctx.named.fetch(
        name,
        fetch,
        { inTransaction: ctx.host.inTransaction(), depth: ctx.transaction.depth },
        ctx.signal,
      );
      if (fetch.ismove) return outcome('MOVE', { affectedRows: count });
      return outcome('FETCH', { columns: [...columns], source: arraySource(rows) });
    }
    case 'ClosePortalStmt': {
      const name = portalName(as(node, 'ClosePortalStmt')!);
      const ours = planOnly ? false : await ctx.named.close(name);
      return ours && name !== null ? outcome('CLOSE CURSOR') : null;
    }
  }
  return null;
}

/**
 * A statement over foreign tables, planned: the one place where a plan is about to run, so the cost
 * guard is asked here (execute and EXPLAIN ANALYZE alike); in `planOnly` mode only its plan.
 */
async function runPrepared(
  ctx: StatementContext,
  prepared: StatementPlan,
  kind: string,
  node: unknown,
  command: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  if (prepared.shape === 'host-only') return runHostOnly(ctx, prepared, kind, node, command, planOnly);
  if (!planOnly) {
    try {
      checkCostGuard(
        (await ctx.settings()).maxStatementRcu,
        prepared.scans.map((s) => s.plan),
        ctx.notices,
      );
    } catch (e) {
      await dropTempTables(ctx, prepared.tempTables);
      throw e;
    }
  }
  if (prepared.shape === 'write') {
    // A write through a view is bound as a write to its relation: the bound statement is the one written.
    const bound = as(prepared.ast, kind) ? prepared.ast : node;
    const w = await withViewChecks(ctx, prepared, kind, planOnly, () =>
      runWrite(ctx, prepared, kind as 'InsertStmt' | 'UpdateStmt' | 'DeleteStmt', bound, planOnly),
    );
    return outcome(command, {
      columns: await columnsOf(ctx, w.columns),
      source: arraySource(w.rows),
      plan: w.plan,
      affectedRows: w.affectedRows,
    });
  }
  if (intoOf(node) && !planOnly) {
    // IF NOT EXISTS over a relation that exists: nothing is read, as Postgres runs no query then.
    const skipped = await skippedCreate(ctx, node);
    if (skipped) {
      await dropTempTables(ctx, prepared.tempTables);
      const rel = intoOf(node)!.rel!;
      ctx.notices.push(`relation "${rel.relname ?? ''}" already exists, skipping`);
      return outcome(skipped, { plan: ctx.run.plan(prepared) });
    }
    await runForeign(ctx, prepared);
    return outcome(command, {
      plan: ctx.run.plan(prepared),
      affectedRows: await createdRows(ctx, node),
    });
  }
  const columns = await resultColumns(ctx, prepared);
  const plan = ctx.run.plan(prepared);
  if (planOnly) {
    await dropTempTables(ctx, prepared.tempTables);
    return outcome(command, { columns, plan });
  }
  const run = await runForeign(ctx, prepared);
  return outcome(command, { columns, source: run.source, plan, affectedRows: run.affectedRows });
}

/** A read's result columns: as the engine makes them (count, rows from items, its join), else as the host described them. */
async function resultColumns(
  ctx: StatementContext,
  plan: Exclude<ForeignPlan, WriteStatementPlan>,
): Promise<Column[]> {
  switch (plan.shape) {
    case 'count':
      return [{ name: plan.column, type: 'bigint' }];
    case 'rows-from-items':
      return plan.rows.columns.map((c) => ({ name: c.name, type: c.def.type }));
    case 'engine-hash-join':
      return plan.join.columns.map((c) => ({ name: c.name, type: c.def.type }));
    case 'streaming-evaluation':
    case 'stream-through-host':
    case 'materialise-in-host':
      return columnsOf(ctx, plan.fields);
    default:
      return unknownShape(plan);
  }
}

/** Runs a statement of the engine's own making (a materialized view's query): its affected rows. */
function runSql(ctx: StatementContext) {
  return async (sql: string) => (await runStatement(ctx, parseOne(sql), sql, false)).affectedRows;
}

/** Whether a query reads a foreign table, itself or through SQL functions (planned, then its temp tables given back). */
async function readsForeign(ctx: StatementContext, text: string): Promise<boolean> {
  const prepared = await prepareForeign(ctx, text, parseOne(text));
  await dropTempTables(ctx, prepared.tempTables);
  return isForeignPlan(prepared) || (await callsFunctionReads(ctx, text, parseOne(text)));
}

/**
 * `WITH d AS (DELETE FROM m ... RETURNING *) SELECT ... FROM d` where a WITH query of the statement
 * writes a foreign table: the write runs first through the engine (DynamoDB changes for real), its
 * RETURNING rows go into a temp table, and the statement runs with the WITH query reading them. The
 * statement is type-checked before anything is written. Postgres reads every part on one snapshot,
 * so a statement that also reads a table a WITH query writes is refused; null when no WITH query
 * writes a foreign table (the host runs writes to its own tables).
 */
async function runWithModifyingCtes(
  ctx: StatementContext,
  node: unknown,
  text: string,
  command: string,
  ctes: readonly ModifyingCte[],
  planOnly: boolean,
): Promise<StatementOutcome | null> {
  const foreign: { cte: ModifyingCte; table: string; oid: number; columns: Column[] }[] = [];
  for (const cte of ctes) {
    const prepared = await prepareForeign(ctx, cte.text, cte.node).catch((e: unknown) =>
      Promise.reject(inWithQuery(e, cte)),
    );
    if (prepared.shape !== 'write') {
      await dropTempTables(ctx, prepared.tempTables);
      continue;
    }
    try {
      // Its RETURNING columns (none without RETURNING), from the host's description of the rewritten write.
      const { fields } = await ctx.planCache.describe(ctx.host, prepared.rewritten.text);
      foreign.push({
        cte,
        // A name of the session's own: on PGlite every session's temp tables share one schema.
        table: ctx.nextTempName(),
        oid: prepared.target.occurrence.table.oid,
        columns: await columnsOf(ctx, fields),
      });
    } catch (e) {
      throw inWithQuery(
        hostError(e, (p) => prepared.rewritten.originalPosition(p)),
        cte,
      );
    } finally {
      await dropTempTables(ctx, prepared.tempTables);
    }
  }
  if (!foreign.length) return null;
  const mainText = readingResults(
    text,
    foreign.map((f) => f.cte),
    foreign.map((f) => f.table),
    foreign.map((f) => f.columns),
  );
  const mainNode = parseOne(mainText);
  // Relations the statement reads besides the WITH queries' results (an INSERT's own target is written, not read).
  const inserts = kindOf(mainNode) === 'InsertStmt';
  for (const rv of findRangeVars(mainNode)) {
    if ((rv.writeTarget && inserts) || rv.fields.schemaname === 'pg_temp') continue;
    const name = quotedName(rv.fields);
    const oid = Number((await ctx.host.query('select to_regclass($1)::oid::int', [name])).rows[0]?.[0] ?? 0);
    if (foreign.some((f) => f.oid === oid))
      throw snapshotConflict(name, Math.min(rv.fields.location, foreign[0]!.cte.start));
  }
  const created: string[] = [];
  const drop = async () => {
    for (const t of created)
      await ctx.host.query(`drop table if exists pg_temp.${quoteIdent(t)}`).catch(() => undefined);
  };
  try {
    for (const f of foreign) {
      await ctx.host.query(
        resultTableSql(f.table, f.columns.length ? f.columns : [{ name: '?column?', type: 'integer' }]),
      );
      created.push(f.table);
    }
    // Type-check the statement over the (empty) results before anything is written.
    const checked = await runStatement(ctx, mainNode, mainText, true).catch((e: unknown) => {
      if (e instanceof EngineError && e.position !== undefined && e.position > foreign[0]!.cte.start)
        e.position = undefined;
      throw e;
    });
    const writes: Plan[] = [];
    // EXPLAIN: each write's plan as its own statement's (the read finding its rows, the write), nothing run.
    if (planOnly)
      for (const f of foreign) {
        const { plan } = await runStatement(ctx, f.cte.node, f.cte.text, true);
        if (plan) writes.push(plan);
      }
    // Several writes: each made and checked before any is sent (run/deferred-writes.ts).
    const mainWritesForeign = checked.plan?.write !== undefined;
    const wctx = deferringWrites(ctx, foreign.length, mainWritesForeign);
    if (!planOnly) {
      for (const f of foreign) {
        const canonicalReturning: string[] = [];
        const out = await runStatement({ ...wctx, canonicalReturning }, f.cte.node, f.cte.text, false).catch(
          (e: unknown) => Promise.reject(inWithQuery(e, f.cte)),
        );
        if (out.plan) writes.push(out.plan);
        await drain(ctx, out.source);
        if (f.columns.length && canonicalReturning.length)
          await ctx.host.query(insertResultsSql(f.table), [JSON.stringify(canonicalReturning)]);
      }
    }
    if (!planOnly && sendsBeforeStatement(mainNode, mainWritesForeign)) await wctx.deferredWrites?.flush();
    const main = planOnly ? checked : await runStatement(wctx, mainNode, mainText, false);
    const rows = planOnly ? [] : await drain(ctx, main.source);
    await wctx.deferredWrites?.flush();
    const plan: Plan = {
      scans: [...writes.flatMap((p) => p.scans), ...(main.plan?.scans ?? [])],
      ...((main.plan?.write ?? writes[0]?.write) && { write: main.plan?.write ?? writes[0]!.write }),
    };
    return outcome(command, {
      columns: main.columns,
      source: arraySource(rows),
      plan,
      affectedRows: main.affectedRows,
    });
  } finally {
    await drop();
  }
}

async function drain(ctx: StatementContext, source: RowSource): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for (;;) {
    const page = await source.next(10_000, ctx.signal);
    rows.push(...page.rows);
    if (page.done) return rows;
  }
}

/** The host's columns of a statement, nothing run (`show timezone` → TimeZone text). */
async function describe(ctx: StatementContext, sql: string) {
  try {
    return await ctx.host.describe(sql);
  } catch (e) {
    throw hostError(e);
  }
}

async function host(ctx: StatementContext, sql: string) {
  try {
    return await ctx.host.query(sql, [], (m) => ctx.notices.push(m));
  } catch (e) {
    throw hostError(e);
  }
}

async function columnsOf(
  ctx: StatementContext,
  fields: readonly { name: string; typeId: number }[],
): Promise<Column[]> {
  await ctx.types.resolve(fields.map((f) => f.typeId));
  return fields.map((f) => ({ name: f.name, type: ctx.types.name(f.typeId) }));
}

/** A write's RETURNING list (INSERT, UPDATE, DELETE); undefined for other statements. */
function returningList(node: unknown): readonly unknown[] | undefined {
  return (as(node, 'InsertStmt') ?? as(node, 'UpdateStmt') ?? as(node, 'DeleteStmt'))?.returningClause?.exprs;
}

/**
 * Whether a statement changes the keys servers sign with: CREATE or ALTER SERVER (a plain key goes
 * to the vault, a vault option names another secret), vault.create_secret or vault.update_secret.
 * Inside a transaction block, what it changed is the block's until it ends (dynamo/block-clients.ts).
 */
export function changesServerKeys(node: unknown): boolean {
  const kind = kindOf(node);
  return (
    kind === 'CreateForeignServerStmt' ||
    kind === 'AlterForeignServerStmt' ||
    vaultCall(as(node, 'SelectStmt')) !== null
  );
}

/** TRUNCATE of a foreign table: `cannot truncate foreign table "<t>"` (0A000), as upstream. */
async function refuseForeignTruncate(ctx: StatementContext, stmt: TruncateStmt): Promise<void> {
  for (const r of stmt.relations ?? []) {
    const rv = as(r, 'RangeVar')!;
    if (await isForeignTable(ctx.host, rv)) {
      throw new EngineError(SqlState.featureNotSupported, `cannot truncate foreign table "${rv.relname}"`, {
        position: (rv.location ?? 0) + 1,
      });
    }
  }
}

/**
 * EXPLAIN [ANALYZE] [VERBOSE] over foreign tables → the statement's plan as text rows, with the
 * DynamoDB requests it sends (VERBOSE), or one JSON, XML or YAML value in Postgres's layout (FORMAT);
 * ANALYZE runs the statement as execute would — cost guard, writes included, as in Postgres — and
 * adds what it read. Otherwise the host's EXPLAIN.
 */
async function explain(
  ctx: StatementContext,
  stmt: ExplainStmt,
  text: string,
  planOnly: boolean,
): Promise<StatementOutcome> {
  const options = explainOptions(stmt);
  const analyze = options.analyze && !planOnly;
  const queryStart = explainedQueryStart(text);
  const inner = text.slice(queryStart);
  const innerNode = parseOne(inner);
  const innerKind = kindOf(innerNode) ?? '';
  // EXPLAIN EXECUTE of a statement the engine keeps: the plan of its query with the arguments bound.
  const executed = as(innerNode, 'ExecuteStmt');
  const kept = executed && ctx.named.preparedText(executed.name ?? '');
  if (kept) {
    const args = executed.params ?? [];
    const execute = await bindArguments(ctx, executed.name ?? '', kept, inner, args, queryStart, !planOnly);
    await revalidatePrepared(ctx, kept);
    const bound = text.slice(0, queryStart) + execute.text;
    try {
      return await explain(ctx, as(parseOne(bound), 'ExplainStmt')!, bound, planOnly);
    } catch (e) {
      // A position in an argument is one in this EXPLAIN; one in the prepared statement is not.
      if (e instanceof EngineError)
        e.position = e.position === undefined ? undefined : execute.position(e.position - queryStart);
      throw e;
    } finally {
      // Postgres plans the statement for EXPLAIN EXECUTE too (with ANALYZE or not): a custom plan.
      if (!planOnly && ctx.run.planned) kept.executions++;
    }
  }
  // Which options exist and which need ANALYZE are the host's rules (its version's): checked on its
  // EXPLAIN of a statement that reads nothing, before anything is planned or read.
  if (!planOnly) await host(ctx, `${text.slice(0, queryStart)}select`);
  const planningStart = performance.now();
  let prepared;
  let viaFunctions;
  try {
    // Through SQL functions that read foreign tables: their reads and the statement's (run with ANALYZE).
    viaFunctions = await runWithFunctionReads(ctx, inner, innerNode, !analyze, (t, n, p) =>
      runStatement(ctx, n, t, p),
    );
    prepared = viaFunctions ? null : await prepareForeign(ctx, inner, innerNode);
  } catch (e) {
    if (e instanceof EngineError && e.position !== undefined) e.position += queryStart;
    throw e;
  }
  ctx.run.planned = true;
  if (prepared?.shape === 'host-only') {
    if (planOnly)
      return outcome('EXPLAIN', { columns: await columnsOf(ctx, (await describe(ctx, text)).fields) });
    const r = await host(ctx, text);
    return outcome('EXPLAIN', {
      columns: await columnsOf(ctx, r.fields),
      source: arraySource(
        toCells(
          r.rows,
          r.fields.map((f) => f.typeId),
          ctx.floatsAsText,
        ),
      ),
    });
  }
  if (prepared && modifyingCtes(innerNode, inner).top.length) {
    // Its WITH queries would run on a copy of the items (execute runs them for real: runWithModifyingCtes).
    await dropTempTables(ctx, prepared.tempTables);
    throw new EngineError(
      SqlState.featureNotSupported,
      'EXPLAIN of a statement whose WITH query writes is not supported over foreign tables',
      { hint: 'explain the write and the statement separately' },
    );
  }
  const executionStart = performance.now();
  const ran =
    viaFunctions ??
    (await runPrepared(ctx, prepared!, innerKind, innerNode, commandTag(innerNode, inner), !analyze).catch(
      (e: unknown) => {
        // The statement's own refusals (a key update, a conflict target) point into what it explains.
        if (e instanceof EngineError && e.position !== undefined) e.position += queryStart;
        throw e;
      },
    ));
  let rows = 0;
  // Drained: EXPLAIN ANALYZE reads everything the statement reads.
  for (let done = !analyze; !done;) {
    const page = await ran.source.next(10_000, ctx.signal);
    rows += page.rows.length;
    done = page.done;
  }
  const figures: ExplainFigures = {
    scan: (s) => ctx.run.figures(s),
    planningMs: executionStart - planningStart,
    ...(analyze && { executionMs: performance.now() - executionStart, rows }),
  };
  const shown = { analyzed: analyze, verbose: options.verbose };
  // FORMAT JSON, XML and YAML are one value each, as Postgres's (json, xml, text); the text format one row per line.
  const { format } = options;
  const document = format !== 'text' && explainDocument(ran.plan!, format, { ...options, ...shown, figures });
  return outcome('EXPLAIN', {
    columns: [{ name: 'QUERY PLAN', type: explainColumnType(format) }],
    source: arraySource(
      document === false
        ? explainLines(ran.plan!, shown).map((l) => [l])
        : [[format === 'json' ? new JsonText(document) : document]],
    ),
    plan: ran.plan,
    affectedRows: ran.affectedRows,
  });
}
