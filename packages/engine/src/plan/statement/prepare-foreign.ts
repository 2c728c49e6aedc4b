import { foldedConstants } from '../../bind/folded-constants';
import { bindForeignOccurrences, type ForeignOccurrence, type ResolvedRelation } from '../../bind/bind';
import { findRangeVars, quotedName, refName, type RangeVarFields } from '../../bind/range-vars';
import { relationReference } from '../../bind/source-text';
import { applySplices, type Splice, type Spliced } from '../../bind/splice';
import { viewDefinition } from '../../bind/view-definition';
import { expandViews, type BoundText, type Resolution, type ViewChecks } from './view-expansion';
import { loadForeignTable } from '../../catalog/foreign-table';
import { FULL_READ } from '../../fetch/read-request';
import { aggregateShape } from './aggregate-shape';
import { evaluatedAttributesOnly } from './evaluated-attributes';
import { anyAggregateOrSet } from './local-shape-terms';
import { selectShape } from './select-shape';
import { decideShape } from './statement-shape';
import { callsToCheck } from './streaming-shape';
import { dependencies, planScan, tableInfo, withRead } from './plan-scan';
import {
  hostOnlyPlan,
  type CountPlan,
  type HashJoinPlan,
  type PlannedScan,
  type RowsFromItemsPlan,
  type StatementPlan,
  type StreamingShape,
  type WriteTarget,
} from './statement-plan';
import { priceJoinRestrictions } from '../../run/join-restriction';
import { as, kindOf, names, quoteIdent, walk } from '../../parse/ast';
import { scanTokens } from '../../parse/parse';
import type { StatementContext } from '../../run/context';
import { hostError, namingRelation, scanNames } from '../../run/host-error';
import { EngineError, SqlState } from '../../errors';
import { keysThenFetch } from './top-n-shape';
import { tempRelation } from './temp-relation';
import { refuseSystemColumns, systemColumnSplices } from './system-column-splices';
import { systemColumnRefs } from '../../bind/system-columns';
import { stagedSamples } from './staged-sample';
import { refuseWriteIfReadOnly } from '../../txn/read-only-refusal';
import { mergeIntoForeignTable } from './merge-target';

const MAX_VIEW_DEPTH = 16;

/** The command a write is named by in Postgres's errors. */
const WRITE_COMMANDS: Readonly<Record<string, string>> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
};

/**
 * bind → plan → create empty temp tables → type-check the rewritten statement in the host.
 * Nothing is read from DynamoDB here (DescribeTable aside), so errors cost nothing. A statement that
 * reads no foreign table (through no view either) is a host-only plan of the text as given.
 */
export async function prepareForeign(
  ctx: StatementContext,
  text: string,
  ast: unknown,
): Promise<StatementPlan> {
  // A cached plan may answer from the items alone: one inside a transaction block that holds writes must not.
  const cached = ctx.transaction.size ? null : ctx.planCache.get(ctx, text);
  if (cached) return cached;
  const noticesBefore = ctx.notices.length;
  let current: BoundText = { text, ast, toOriginal: (p: number) => p };
  const viewChecks: ViewChecks = { checks: [], cascaded: false };
  for (let depth = 0; ; depth++) {
    const tokens = scanTokens(current.text);
    const rangeVars = findRangeVars(current.ast);
    const resolved = await resolveRelations(
      ctx,
      rangeVars.map((r) => r.fields),
    );
    const expanded =
      depth < MAX_VIEW_DEPTH
        ? await expandViews(ctx, current, tokens, rangeVars, resolved, viewChecks)
        : null;
    if (expanded) {
      current = expanded;
      continue;
    }
    const relations = new Map<RangeVarFields, ResolvedRelation>();
    for (const [rv, r] of resolved) if (r.kind !== 'view-foreign') relations.set(rv, r);
    const occurrences = bindForeignOccurrences({
      ast: current.ast,
      text: current.text,
      tokens,
      rangeVars,
      resolved: relations,
      defaultCollationIsC: await ctx.defaultCollationIsC(),
      wholeTargetRow: viewChecks.checks.length > 0,
      // Only a statement over foreign tables has conditions to push.
      ...([...relations.values()].some((r) => r.kind === 'foreign') && {
        folded: await foldedConstants(ctx.host, current.ast, current.text, tokens),
      }),
    });
    if (!occurrences.length) return hostOnlyPlan(text, ast);
    const systemRefs = systemColumnRefs(
      current.ast,
      new Set(occurrences.map((o) => o.rangeVar)),
      (rv) => occurrences.find((o) => o.rangeVar === rv)?.table.schema,
    );
    refuseSystemColumns(systemRefs, current.toOriginal);
    const targetOccurrence = occurrences.find((o) => o.writeTarget);
    if (targetOccurrence && kindOf(current.ast) === 'MergeStmt')
      throw mergeIntoForeignTable(targetOccurrence.table.name);
    // Postgres refuses a write outside a temp table in a read-only transaction, named by its command:
    // asked before any temp table is made (the host's CREATE TABLE would be what it refused).
    if (targetOccurrence)
      await refuseWriteIfReadOnly(ctx.host, WRITE_COMMANDS[kindOf(current.ast) ?? ''] ?? 'INSERT');
    const insertTarget =
      targetOccurrence && kindOf(current.ast) === 'InsertStmt' ? targetOccurrence : undefined;
    const scans: PlannedScan[] = [];
    for (const occurrence of occurrences)
      if (occurrence !== insertTarget) scans.push(await planScan(ctx, occurrence, current.text));
    // Nothing left for the host: no temp table, no rewrite; rows are built from the items (and the plan kept).
    const fromItems = (
      shape:
        | Pick<CountPlan, 'shape' | 'scan' | 'column'>
        | Pick<RowsFromItemsPlan, 'shape' | 'scan' | 'rows'>
        | Pick<HashJoinPlan, 'shape' | 'join'>,
      fields: StatementPlan['fields'] = [],
    ): StatementPlan => {
      const identity: Spliced = { text: current.text, originalPosition: current.toOriginal };
      const prepared = frozen({
        ...shape,
        ast: current.ast,
        boundText: current.text,
        rewritten: identity,
        scans,
        fields,
        tempTables: [],
      });
      ctx.planCache.set(
        text,
        prepared,
        ctx.notices.slice(noticesBefore),
        scans.map((s) => dependencies(ctx, s)),
      );
      return prepared;
    };
    // A read of a table the transaction block holds writes to overlays them (txn/overlay-pages.ts):
    // its items go through the host, which evaluates the whole WHERE (no count, direct or LIMIT shortcut).
    const overlaid = scans.some(
      (s) => ctx.transaction.writesTo(s.occurrence.table.server.oid, s.info.name).length,
    );
    const session = { defaultCollationIsC: await ctx.defaultCollationIsC(), settings: await ctx.settings() };
    if (scans.length > 1) scans.splice(0, scans.length, ...priceJoinRestrictions(scans));
    // The statement's shape, decided once from its clauses and reads (statement-shape.ts).
    const select = selectShape(current.ast);
    const decision = decideShape(select, {
      scans,
      writes: targetOccurrence !== undefined,
      overlaid,
      session,
      aggregateOrSetCalls:
        scans.length === 1 &&
        (await ctx.planCache.anyAggregateOrSet(callsToCheck(select), (f) => anyAggregateOrSet(ctx.host, f))),
    });
    if (decision.shape === 'count') {
      scans[0] = withRead(scans[0]!, { ...FULL_READ, select: 'COUNT' });
      return fromItems({ shape: 'count', scan: scans[0], column: decision.column }, [
        { name: decision.column, typeId: INT8_OID },
      ]);
    }
    if (decision.shape === 'rows-from-items') {
      const { rows } = decision;
      scans[0] = withRead(scans[0]!, {
        ...FULL_READ,
        descending: rows.descending,
        maxItems: limitedRead(scans[0]!, rows),
      });
      return fromItems({ shape: 'rows-from-items', scan: scans[0], rows });
    }
    if (decision.shape === 'engine-hash-join')
      return fromItems({ shape: 'engine-hash-join', join: decision.join });
    // Every read sends no request; the host still runs the statement, over empty tables, as Postgres
    // plans it (an error raised then is raised).
    if (decision.shape === 'read-nothing')
      for (const [i, s] of scans.entries()) scans[i] = withRead(s, { ...FULL_READ, maxItems: 0 });
    const tempTables: string[] = [];
    try {
      for (const [i, s] of scans.entries()) {
        const tempTable = await ctx.temps.acquire(ctx.host, temporaryColumns(s));
        tempTables.push(tempTable);
        scans[i] = { ...s, tempTable };
      }
      const target: WriteTarget | undefined = targetOccurrence && {
        occurrence: targetOccurrence,
        info: await tableInfo(ctx, targetOccurrence),
        tempTable: insertTarget
          ? ctx.nextTempName()
          : scans.find((s) => s.occurrence === targetOccurrence)!.tempTable,
        alias: refName(targetOccurrence.rangeVar),
        scan: scans.find((s) => s.occurrence === targetOccurrence),
      };
      if (insertTarget) {
        // INSERT evaluates defaults, NOT NULL and types in a copy of the foreign table's definition.
        await ctx.host.query(
          `create temp table ${quoteIdent(target!.tempTable)} (like ${quoteIdent(insertTarget.table.schema)}.${quoteIdent(insertTarget.table.name)} including defaults)`,
        );
        tempTables.push(target!.tempTable);
      }
      const scanOf = (o: ForeignOccurrence) => scans.find((s) => s.occurrence === o)!;
      const tempOf = (o: ForeignOccurrence) =>
        `pg_temp.${quoteIdent(o === insertTarget ? target!.tempTable : scanOf(o).tempTable)}`;
      // Staged rows (a read-only block: session/staged-rows.ts) are a subquery, which needs an alias.
      const staged = (o: ForeignOccurrence) => o !== insertTarget && ctx.temps.isStaged(scanOf(o).tempTable);
      const samples = stagedSamples(
        current.ast,
        current.text,
        tokens,
        occurrences.filter(staged),
        current.toOriginal,
      );
      for (const o of samples.keys()) ctx.temps.stageOneByOne(scanOf(o).tempTable);
      const unnamed = unnamedOccurrences(current.ast, occurrences, current.toOriginal);
      const occurrenceOf = (rv: RangeVarFields) => occurrences.find((o) => o.rangeVar === rv)!;
      const tableoids = new Set(systemRefs.map((r) => r.location));
      const nameInRewritten = (o: ForeignOccurrence) =>
        !unnamed.has(o)
          ? quoteIdent(o.rangeVar.relname)
          : staged(o)
            ? quoteIdent(scanOf(o).tempTable)
            : tempOf(o);
      const splices: Splice[] = occurrences.map((o) => {
        // `only (subquery)` is no SQL; a foreign table has no children, so ONLY changes nothing.
        const { start, end, prefix } = relationReference(tokens, o.rangeVar.location, staged(o));
        return {
          start,
          end,
          replacement:
            prefix +
            (staged(o)
              ? tempRelation(ctx.temps, scanOf(o), samples.get(o)?.clause) +
                (o.rangeVar.alias
                  ? ''
                  : ` AS ${quoteIdent(unnamed.has(o) ? scanOf(o).tempTable : o.rangeVar.relname)}`)
              : tempOf(o) +
                (o.rangeVar.alias || unnamed.has(o) ? '' : ` AS ${quoteIdent(o.rangeVar.relname)}`)),
        };
      });
      splices.push(
        ...[...samples.values()].map((sample) => sample.splice),
        ...qualifiedColumnSplices(current.ast, tokens, occurrences, nameInRewritten, tableoids),
        ...systemColumnSplices(
          systemRefs,
          tokens,
          occurrences
            .filter((o) => !staged(o))
            .map((o) => ({ tempTable: tempOf(o), foreignOid: o.table.oid })),
          (r) => nameInRewritten(occurrenceOf(r.relation)),
          (r) =>
            staged(occurrenceOf(r.relation)) ? { foreignOid: occurrenceOf(r.relation).table.oid } : undefined,
        ),
      );
      const spliced = applySplices(current.text, splices);
      const rewritten: Spliced = {
        text: spliced.text,
        originalPosition: (p) => current.toOriginal(spliced.originalPosition(p)),
      };
      let fields;
      try {
        fields = target ? [] : (await ctx.planCache.describe(ctx.host, rewritten.text)).fields;
      } catch (e) {
        throw namingRelation(hostError(e, rewritten.originalPosition), scanNames(scans));
      }
      const base = {
        ast: current.ast,
        boundText: current.text,
        rewritten,
        scans,
        fields,
        tempTables,
      };
      if (target) return frozen({ ...base, shape: 'write', target, viewChecks: viewChecks.checks });
      // A streaming SELECT stops at its LIMIT: its request, estimate (and the cost guard) count those items only.
      if (decision.shape === 'stream-through-host') {
        const { window } = decision;
        scans[0] = withRead(scans[0]!, { ...FULL_READ, maxItems: limitedRead(scans[0]!, window) });
        return frozen({ ...base, shape: 'stream-through-host', scan: scans[0], window });
      }
      // `order by sk [desc] limit n` over one partition: the Query reads in that order and stops after n items.
      if (decision.shape === 'key-order-limit') {
        scans[0] = withRead(scans[0]!, {
          ...FULL_READ,
          descending: decision.descending,
          maxItems: decision.maxItems,
        });
        return frozen({ ...base, shape: 'materialise-in-host' });
      }
      // Aggregates, DISTINCT and top-N over the items are computed while the pages arrive (local-shape.ts);
      // an aggregate's functions and final statement are the host's to tell (aggregate-shape.ts).
      const evaluation =
        decision.shape === 'streaming-evaluation'
          ? decision.evaluation
          : !overlaid && scans.length === 1 && decision.shape !== 'read-nothing'
            ? await aggregateShape(
                ctx.host,
                current.ast,
                scans[0]!,
                rewritten.text,
                fields.map((f) => f.name),
                session.defaultCollationIsC,
              )
            : null;
      if (evaluation) {
        // A top-N may scan only keys and the columns it sorts and checks, then read the kept items by key.
        const byKeys = evaluation.kind === 'top-n' ? keysThenFetch(evaluation, scans[0]!) : null;
        if (byKeys) scans[0] = byKeys.scan;
        // An aggregate or DISTINCT reads only the attributes the statement names.
        else scans[0] = evaluatedAttributesOnly(scans[0]!, evaluation);
        const shape = byKeys?.shape ?? evaluation;
        return frozen({ ...base, shape: 'streaming-evaluation', scan: scans[0]!, evaluation: shape });
      }
      return frozen({ ...base, shape: 'materialise-in-host' });
    } catch (e) {
      await dropTempTables(ctx, tempTables);
      throw e;
    }
  }
}

/**
 * Unaliased occurrences the temp table must not be aliased by their name: another FROM item of the
 * statement is called so too. `from dynamodb.ev join other.ev on dynamodb.ev.id = other.ev.id` is
 * Postgres's (two relations may share a name when neither has an alias), `pg_temp.t AS ev` beside
 * `other.ev` is not; and in `where exists (select 1 from other.ev where other.ev.id = dynamodb.ev.id)`
 * the reference `"ev".id` would be the inner relation's. Such an occurrence stays unaliased, and
 * `dynamodb.ev.id` becomes `pg_temp.t.id`, which names it by its relation wherever it stands — unless
 * the statement also names it by its name alone (`ev.id`, a whole row `ev`) or reads the same table
 * unaliased elsewhere too: then, with such a schema-qualified reference, neither spelling is sure,
 * and the statement is refused (0A000) rather than answered otherwise than Postgres.
 */
function unnamedOccurrences(
  ast: unknown,
  occurrences: readonly ForeignOccurrence[],
  toOriginal: (p: number) => number,
): Set<ForeignOccurrence> {
  const out = new Set<ForeignOccurrence>();
  const fromNames: { node: unknown; name: string }[] = [];
  const refs: string[][] = [];
  const threePart: { fields: string[]; location: number }[] = [];
  walk(ast, (kind, fields, node) => {
    if (kind === 'ColumnRef') {
      const f = names(fields.fields);
      refs.push(f);
      if (f.length === 3) threePart.push({ fields: f, location: Number(fields.location ?? 0) });
      return;
    }
    const rv = as(node, 'RangeVar');
    if (rv) return void fromNames.push({ node: rv, name: rv.alias?.aliasname ?? rv.relname ?? '' });
    const alias = (fields as { alias?: { aliasname?: string } }).alias?.aliasname;
    if (alias && kind !== 'RangeVar') fromNames.push({ node: fields, name: alias });
  });
  for (const o of occurrences) {
    const name = o.rangeVar.relname;
    if (o.rangeVar.alias || o.writeTarget) continue;
    // Other unaliased reads of the same table are named alike and resolve alike: `"ev".id` is the
    // innermost of them, as `dynamodb.ev.id` is.
    const twins = occurrences.filter(
      (x) => x !== o && !x.rangeVar.alias && x.table.oid === o.table.oid && x.rangeVar.relname === name,
    );
    const strangers = fromNames.filter(
      (n) => n.node !== o.rangeVar && n.name === name && !twins.some((t) => t.rangeVar === n.node),
    );
    if (!strangers.length) continue;
    const mine = threePart.filter((r) => r.fields[0] === o.table.schema && r.fields[1] === name);
    const named = refs.some((f) => f.length <= 2 && f[0] === name);
    if (!mine.length) {
      if (!named) out.add(o);
    } else if (!named && !twins.length) out.add(o);
    else
      throw new EngineError(
        SqlState.featureNotSupported,
        `"${o.table.schema}.${name}" is named both by its name and by its schema beside another relation named "${name}"`,
        { position: toOriginal(mine[0]!.location + 1), hint: `Give ${o.table.schema}.${name} an alias.` },
      );
  }
  return out;
}

/**
 * `dynamodb.orders.total` names the relation by schema: once `dynamodb.orders` is a temp table
 * aliased `orders`, the reference becomes `"orders".total` (`pg_temp.t.total` for one left unaliased:
 * see unnamedOccurrences).
 */
function qualifiedColumnSplices(
  ast: unknown,
  tokens: ReturnType<typeof scanTokens>,
  occurrences: readonly ForeignOccurrence[],
  nameOf: (o: ForeignOccurrence) => string,
  tableoids: ReadonlySet<number>,
): Splice[] {
  const out: Splice[] = [];
  walk(ast, (_kind, _fields, node) => {
    const ref = as(node, 'ColumnRef');
    if (!ref) return;
    const f = names(ref.fields);
    // A foreign table's tableoid is systemColumnSplices' (system-column-splices.ts).
    if (f.length !== 3 || tableoids.has(ref.location ?? 0)) return;
    const o = occurrences.find(
      (x) => !x.rangeVar.alias && x.table.schema === f[0] && x.rangeVar.relname === f[1],
    );
    const start = ref.location ?? 0;
    const i = tokens.findIndex((t) => t.start === start);
    if (!o || i < 0 || !tokens[i + 2]) return;
    out.push({ start, end: tokens[i + 2]!.end, replacement: nameOf(o) });
  });
  return out;
}

/** What each RangeVar names, from the relation cache or one catalog query for the names not cached. */
async function resolveRelations(
  ctx: StatementContext,
  rangeVars: readonly RangeVarFields[],
): Promise<Map<RangeVarFields, Resolution>> {
  const out = new Map<RangeVarFields, Resolution>();
  if (!rangeVars.length) return out;
  const all = rangeVars.map(quotedName);
  const names = [...new Set(all)].filter((n) => !ctx.relationCache.has(n));
  const r = !names.length
    ? { rows: [] }
    : await ctx.host.query(
        `with recursive input as (
       select n, to_regclass(name) as oid from unnest($1::text[]) with ordinality as u(name, n)
     )
     select i.n::int, c.oid::int, c.relkind::text,
            (select array_agg(attname order by attnum)::text from pg_attribute where attrelid = c.oid and attnum > 0 and not attisdropped),
            case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,
            case when c.relkind = 'v' then exists (
              with recursive deps(oid) as (
                select c.oid
                union
                select d.refobjid from deps
                  join pg_rewrite rw on rw.ev_class = deps.oid
                  join pg_depend d on d.objid = rw.oid and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
                 where d.refobjid <> deps.oid
              )
              select 1 from deps join pg_class dc on dc.oid = deps.oid where dc.relkind = 'f'
            ) else false end,
            (select nspname::text from pg_namespace where oid = c.relnamespace), c.relname::text, c.reloptions::text,
            case when c.relkind = 'v' then (select ev_action::text ~ ':(hasAggs|hasWindowFuncs|hasTargetSRFs) true'
                                              from pg_rewrite where ev_class = c.oid and rulename = '_RETURN') end
       from input i left join pg_class c on c.oid = i.oid`,
        [names],
      );
  for (const row of r.rows) {
    const name = names[Number(row[0]) - 1]!;
    let resolution: Resolution | null;
    if (row[1] === null) resolution = null;
    else if (row[2] === 'f')
      resolution = { kind: 'foreign', table: await loadForeignTable(ctx.host, Number(row[1])) };
    else if (row[2] === 'v' && row[5] === 't') {
      const [schema, relname, options, aggregatesOrWindows] = [
        row[6]!,
        row[7]!,
        pgArray(row[8]),
        row[9] === 't',
      ];
      resolution = {
        kind: 'view-foreign',
        view: viewDefinition({
          schema,
          name: relname,
          definition: row[4]!,
          columns: pgArray(row[3]),
          options,
          aggregatesOrWindows,
        }),
      };
    } else resolution = { kind: 'other', columns: pgArray(row[3]) };
    ctx.relationCache.set(name, resolution);
  }
  rangeVars.forEach((rv, i) => {
    const resolution = ctx.relationCache.get(all[i]!) as Resolution | null | undefined;
    if (resolution) out.set(rv, resolution);
  });
  return out;
}

function pgArray(text: string | null | undefined): string[] {
  if (!text || text === '{}') return [];
  return text
    .slice(1, -1)
    .match(/"(?:[^"\\]|\\.)*"|[^,]+/g)!
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s));
}

/**
 * A prepared statement is a value: its scans and their plans are frozen, so a run (which keeps its
 * figures in `ctx.run`) or a cached plan's next use cannot change them.
 */
function frozen<T extends StatementPlan>(prepared: T): T {
  for (const scan of prepared.scans) {
    Object.freeze(scan.plan);
    Object.freeze(scan);
  }
  Object.freeze(prepared.scans);
  Object.freeze(prepared.fields);
  Object.freeze(prepared.tempTables);
  return Object.freeze(prepared);
}

/**
 * A LIMIT nothing filters locally goes to DynamoDB: n + offset items are all the read needs. LIMIT 0
 * needs none, whatever filters them: the read sends no request (fetch/read-access.ts).
 */
function limitedRead(scan: PlannedScan, shape: StreamingShape): number | null {
  if (shape.limit === 0) return 0;
  return shape.limit !== null && !scan.plan.residual.length && !scan.input.FilterExpression
    ? shape.limit + shape.offset
    : null;
}

const INT8_OID = 20;

/** The column definitions of a scan's temp table: the foreign table's, with their collations. */
export function temporaryColumns(scan: PlannedScan): string {
  return scan.occurrence.table.columns
    .map(
      (c) =>
        `${quoteIdent(c.name)} ${c.type}${c.collation && c.collation !== 'default' ? ` collate ${quoteIdent(c.collation)}` : ''}`,
    )
    .join(', ');
}

/** A statement's temp tables, back to the pool (see temp-tables.ts). */
export async function dropTempTables(ctx: StatementContext, tempTables: readonly string[]): Promise<void> {
  if (tempTables.length) await ctx.temps.release(ctx.host, tempTables);
}
