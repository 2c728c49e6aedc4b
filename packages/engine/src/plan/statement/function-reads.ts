import type { ScanToken } from 'libpg-query';
import { bindForeignOccurrences, type ResolvedRelation } from '../../bind/bind';
import { calledNames, functionCalls, type FunctionCall } from '../../bind/function-calls';
import { functionDefinition } from '../../bind/function-definition';
import { findRangeVars, type RangeVarFields } from '../../bind/range-vars';
import { relationReference } from '../../bind/source-text';
import { applySplices, type Splice } from '../../bind/splice';
import { loadForeignTable, type ForeignTableDef } from '../../catalog/foreign-table';
import { EngineError, SqlState } from '../../errors';
import { as, quoteIdent, walk } from '../../parse/ast';
import { bindFunctionParameters } from '../../bind/function-parameters';
import { nodeRange, nodeText } from '../../bind/source-text';
import { parseOne, parseScript, scanTokens } from '../../parse/parse';
import { plpgsqlBody } from '../../parse/plpgsql-body';
import type { StatementContext } from '../../run/context';
import { planScan } from './plan-scan';
import { dropTempTables, temporaryColumns } from './prepare-foreign';
import type { PlannedScan } from './statement-plan';
import { stagedSamples } from './staged-sample';
import { tempRelation } from './temp-relation';
import {
  callArguments,
  fromCalls,
  inlinedCallSql,
  inlinedParameter,
  inlineShape,
  type FromCall,
} from './inline-function';
import { transactionReadOnly } from '../../txn/read-only-refusal';

/**
 * SQL functions that read foreign tables. The host runs a function's body where the engine cannot
 * rewrite it, so a statement that calls one (directly, through another function or through a view)
 * calls a copy instead: each function on the way is copied into pg_temp under its own name, its body
 * reading the temp tables the engine loads first, and the statement's call names the copy:
 *   create function open_total(c text) returns numeric language sql stable
 *     as $$ select sum(total) from orders where cid = c and status = 'open' $$;
 *   select cid, open_total(cid) from customers
 *   → create function pg_temp.open_total(c text) ... as $$ select sum(total) from pg_temp."t1" AS orders
 *       where cid = c and status = 'open' $$   -- t1 loaded by a Scan with FilterExpression status = 'open'
 *     select cid, pg_temp.open_total(cid) from customers
 * A body's conjuncts on constants are pushed to DynamoDB like a statement's; those on parameters stay
 * in the body. Writes to foreign tables inside functions are refused (0A000).
 * PL/pgSQL functions and procedures, and DO blocks, the same way: each piece of SQL their body runs
 * (parse/plpgsql-body.ts) is rewritten where it stands in the body:
 *   do $$ declare n bigint; begin select count(*) into n from orders; raise notice '%', n; end $$
 *   → do $dynascope$ declare n bigint; begin select count(*) into n from pg_temp."t1" AS orders; ... $dynascope$
 */
export interface FunctionReads {
  /** The statement calling the copies (views that reach such functions expanded). */
  readonly text: string;
  readonly originalPosition: (position: number) => number;
  /** The reads of the functions' bodies, each into its temp table. */
  readonly scans: readonly PlannedScan[];
  readonly tempTables: readonly string[];
  /** The copies, a function's callees before it. */
  readonly copies: readonly { readonly create: string; readonly drop: string }[];
}

type Relation =
  | { readonly kind: 'foreign'; readonly oid: number; readonly columns: readonly string[] }
  | { readonly kind: 'view'; readonly definition: string; readonly columns: readonly string[] }
  | { readonly kind: 'other'; readonly columns: readonly string[] };

interface Candidate {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly language: string;
  readonly kind: string;
  readonly identity: string;
  /** The function's own `SET search_path`, which its body's names resolve with. */
  readonly searchPath: readonly string[] | null;
  /** pg_get_functiondef for SQL and PL/pgSQL functions and procedures. */
  readonly definition: string | null;
  /** Its input parameters (null when it has OUT, INOUT or VARIADIC ones). */
  readonly inputs: readonly { readonly name: string | null; readonly type: string }[] | null;
}

interface Bound {
  readonly text: string;
  readonly originalPosition: (position: number) => number;
}

const MAX_DEPTH = 16;

/** The statement rewritten to call copies of the SQL functions that read foreign tables; null when it calls none. */
export async function prepareFunctionReads(
  ctx: StatementContext,
  text: string,
  statement: unknown,
): Promise<FunctionReads | null> {
  // Known for the catalog epoch (plan-cache.ts): a statement that may change the catalog ends it.
  if (ctx.planCache.callsNoFunctionReads(text)) return null;
  const none = () => {
    ctx.planCache.noFunctionReads(text);
    return null;
  };
  const ast = callAsTree(statement);
  const block = doBlock(ast);
  let mayCall = block !== null;
  walk(ast, (kind) => void (kind === 'FuncCall' || kind === 'RangeVar' ? (mayCall = true) : undefined));
  if (!mayCall) return null;
  const binder = new Binder(ctx);
  try {
    if (block !== null) {
      if (!(await binder.plpgsqlReads(text, block, null))) return none();
    } else if (!(await binder.reads(ast, null, 'functions'))) return none();
    const bound =
      block !== null ? await binder.doBlock(text, block) : await binder.rewrite(text, ast, null, false);
    for (const s of binder.scans) {
      Object.freeze(s.plan);
      Object.freeze(s);
    }
    return Object.freeze({
      ...bound,
      scans: Object.freeze([...binder.scans]),
      tempTables: binder.tempTables,
      copies: binder.copies,
    });
  } catch (e) {
    await dropTempTables(ctx, binder.tempTables);
    throw e;
  }
}

class Binder {
  readonly scans: PlannedScan[] = [];
  readonly tempTables: string[] = [];
  readonly copies: { create: string; drop: string }[] = [];
  private readonly copied = new Map<number, Candidate>();
  private readonly reading = new Map<number, Promise<boolean>>();
  private readonly visiting = new Set<number>();
  /** Functions whose bodies are being read inline (`inlined`). */
  private readonly inlining = new Set<number>();
  /** Whether the statement runs in a read-only transaction block (asked once, when a copy is due). */
  private readOnly: Promise<boolean> | undefined;

  constructor(private readonly ctx: StatementContext) {}

  /**
   * Whether a query reads a foreign table (`any`: directly, through a view or a function) or a function
   * that does (`functions`: what the host cannot be given as it is).
   */
  async reads(ast: unknown, path: readonly string[] | null, what: 'any' | 'functions'): Promise<boolean> {
    const rangeVars = findRangeVars(ast);
    const relations = await this.relations(
      rangeVars.map((r) => r.fields),
      path,
    );
    for (const r of relations) {
      if (r?.kind === 'foreign' && what === 'any') return true;
      if (r?.kind === 'view' && (await this.reads(parseOne(r.definition), null, what))) return true;
    }
    for (const names of calledNames(ast))
      for (const c of await this.candidates(names, path)) if (await this.functionReads(c)) return true;
    return false;
  }

  /** Whether a function's body reads a foreign table, directly or through what it calls. */
  private functionReads(c: Candidate): Promise<boolean> {
    if (!c.definition || this.visiting.has(c.oid)) return Promise.resolve(false);
    let known = this.reading.get(c.oid);
    if (!known) {
      this.visiting.add(c.oid);
      known = (async () => {
        try {
          const { body } = functionDefinition(c.definition!);
          if (c.language === 'plpgsql') return await this.plpgsqlReads(c.definition!, body, c.searchPath);
          for (const s of parseScript(body)) if (await this.reads(s.node, c.searchPath, 'any')) return true;
          return false;
        } finally {
          this.visiting.delete(c.oid);
        }
      })();
      this.reading.set(c.oid, known);
    }
    return known;
  }

  /**
   * Whether a PL/pgSQL body (of this CREATE or DO statement) reads a foreign table or calls a function
   * that does. A body the compiler cannot read (one not made through the engine: its check reads every
   * body it lets in) is left to the host, as one that reads none.
   */
  async plpgsqlReads(statement: string, body: string, path: readonly string[] | null): Promise<boolean> {
    let pieces;
    try {
      pieces = plpgsqlBody(statement, body).pieces.map((p) => parseOne(p.sql));
    } catch (e) {
      if (e instanceof EngineError) return false;
      throw e;
    }
    for (const piece of pieces) if (await this.reads(piece, path, 'any')) return true;
    return false;
  }

  /**
   * A PL/pgSQL body with each piece of SQL that reads foreign tables rewritten in place (temp tables,
   * copies of the functions it calls), the rest of the body as it was.
   */
  private async rewritePlpgsql(
    statement: string,
    body: string,
    path: readonly string[] | null,
  ): Promise<string> {
    const splices: Splice[] = [];
    for (const piece of plpgsqlBody(statement, body).pieces) {
      const ast = parseOne(piece.sql);
      if (!(await this.reads(ast, path, 'any'))) continue;
      if (piece.at < 0) {
        throw new EngineError(
          SqlState.featureNotSupported,
          `a PL/pgSQL body cannot read foreign tables here (line ${piece.line} of the body)`,
          {
            hint: 'read them in a statement of the body: SELECT ... INTO, FOR r IN SELECT, RETURN QUERY SELECT',
          },
        );
      }
      const bound = await this.rewrite(piece.sql, ast, path, true);
      const own = piece.sql.slice(piece.prefix).trimEnd();
      splices.push({
        start: piece.at,
        end: piece.at + own.length,
        replacement: inBodyText(bound, piece.prefix, own, body.slice(piece.at, piece.at + own.length)),
      });
    }
    return applySplices(body, splices).text;
  }

  /** A DO block that reads foreign tables, its body rewritten (errors inside it point at the block's start). */
  async doBlock(text: string, body: string): Promise<Bound> {
    const rewritten = await this.rewritePlpgsql(text, body, null);
    return { text: `do ${dollarQuoted(rewritten)}`, originalPosition: () => 1 };
  }

  /**
   * A statement with its calls of reading functions naming their copies, and the views that reach them
   * expanded; inside a function's body (`body`) also every read of a foreign table or a view over one
   * replaced by a temp table the engine loads (the statement's own are prepareForeign's).
   */
  async rewrite(text: string, ast: unknown, path: readonly string[] | null, body: boolean): Promise<Bound> {
    let current = { text, ast, originalPosition: (p: number) => p };
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const rangeVars = findRangeVars(current.ast);
      const relations = await this.relations(
        rangeVars.map((r) => r.fields),
        path,
      );
      const tokens = scanTokens(current.text);
      const splices: Splice[] = [];
      for (const [i, rv] of rangeVars.entries()) {
        const r = relations[i];
        if (body && rv.writeTarget && r?.kind === 'foreign') refuseWrite(rv.fields);
        if (r?.kind !== 'view') continue;
        const view = parseOne(r.definition);
        if (body && rv.writeTarget && (await this.reads(view, null, 'any'))) refuseWrite(rv.fields);
        if (!(await this.reads(view, null, body ? 'any' : 'functions'))) continue;
        const { start, end, prefix } = relationReference(tokens, rv.fields.location);
        splices.push({
          start,
          end,
          replacement:
            `${prefix}(${r.definition.trim().replace(/;$/, '')})` +
            (rv.fields.alias ? '' : ` AS ${quoteIdent(rv.fields.relname)}`),
        });
      }
      if (!splices.length) return this.callsAndReads(current, tokens, rangeVars, relations, path, body);
      const spliced = applySplices(current.text, splices);
      const previous = current.originalPosition;
      current = {
        text: spliced.text,
        ast: parseOne(spliced.text),
        originalPosition: (p) => previous(spliced.originalPosition(p)),
      };
    }
    throw new EngineError(SqlState.programLimitExceeded, `views nested more than ${MAX_DEPTH} deep`);
  }

  private async callsAndReads(
    current: { text: string; ast: unknown; originalPosition: (p: number) => number },
    tokens: readonly ScanToken[],
    rangeVars: ReturnType<typeof findRangeVars>,
    relations: readonly (Relation | null)[],
    path: readonly string[] | null,
    body: boolean,
  ): Promise<Bound> {
    const splices: Splice[] = [];
    // Calls renamed to a copy of their own: where the function's name names an output column or a
    // FROM item, the copy's name must not (`select f('a')` is a column `f`, as in Postgres).
    const renamed = new Map<number, string>();
    const from = fromCalls(current.ast);
    const inlined: Splice[] = [];
    for (const call of functionCalls(current.ast, tokens)) {
      const candidates = await this.candidates(call.names, path);
      let reads = false;
      for (const c of candidates) reads ||= await this.functionReads(c);
      if (!reads) continue;
      // In a read-only block a set-returning SQL function in FROM is read inline, as Postgres would.
      const inline = (await this.inReadOnlyBlock())
        ? await this.inlined(candidates, call, from.get(call.start), current.text, tokens)
        : null;
      if (inline) {
        splices.push(inline);
        inlined.push(inline);
        renamed.set(call.start, call.names.at(-1)!);
        continue;
      }
      await this.refuseCopyIfReadOnly(candidates, current.originalPosition(call.start + 1));
      // Called with constants from the statement itself: a copy for this call, its parameters bound.
      const special =
        !body && candidates.length === 1
          ? await this.specialized(candidates[0]!, call.args, current.text, tokens)
          : null;
      if (special) {
        splices.push({ start: call.start, end: call.end, replacement: special });
        renamed.set(call.start, call.names.at(-1)!);
        continue;
      }
      // Every function the name may resolve to is copied: Postgres picks among the copies as among them.
      for (const c of candidates) await this.copy(c);
      splices.push({
        start: call.start,
        end: call.end,
        replacement: `pg_temp.${quoteIdent(candidates[0]!.name)}`,
      });
    }
    splices.push(...ownNames(current.ast, tokens, renamed));
    if (body) {
      const resolved = new Map<RangeVarFields, ResolvedRelation>();
      for (const [i, rv] of rangeVars.entries()) {
        const r = relations[i];
        if (!r) continue;
        resolved.set(
          rv.fields,
          r.kind === 'foreign'
            ? { kind: 'foreign', table: await this.table(r.oid) }
            : { kind: 'other', columns: r.columns },
        );
      }
      const occurrences = bindForeignOccurrences({
        ast: current.ast,
        text: current.text,
        tokens,
        rangeVars,
        resolved,
        defaultCollationIsC: await this.ctx.defaultCollationIsC(),
      });
      const scans: PlannedScan[] = [];
      for (const o of occurrences) {
        const planned = await planScan(this.ctx, o, current.text);
        const scan = {
          ...planned,
          tempTable: await this.ctx.temps.acquire(this.ctx.host, temporaryColumns(planned)),
        };
        this.tempTables.push(scan.tempTable);
        this.scans.push(scan);
        scans.push(scan);
      }
      // In a read-only block the rows are staged (session/staged-rows.ts): a subquery, sampled as
      // staged-sample.ts says, which `only` cannot stand before (a foreign table has no children).
      const staged = (i: number) => this.ctx.temps.isStaged(scans[i]!.tempTable);
      const samples = stagedSamples(
        current.ast,
        current.text,
        tokens,
        occurrences.filter((_, i) => staged(i)),
        current.originalPosition,
      );
      for (const [i, o] of occurrences.entries()) {
        if (samples.has(o)) this.ctx.temps.stageOneByOne(scans[i]!.tempTable);
        const { start, end, prefix } = relationReference(tokens, o.rangeVar.location, staged(i));
        splices.push({
          start,
          end,
          replacement:
            prefix +
            tempRelation(this.ctx.temps, scans[i]!, samples.get(o)?.clause) +
            (o.rangeVar.alias ? '' : ` AS ${quoteIdent(o.rangeVar.relname)}`),
        });
      }
      splices.push(...[...samples.values()].map((sample) => sample.splice));
    }
    refuseWithinInlined(splices, inlined, current.originalPosition);
    const spliced = applySplices(current.text, splices);
    return {
      text: spliced.text,
      originalPosition: (p) => current.originalPosition(spliced.originalPosition(p)),
    };
  }

  /**
   * A copy of a function for one call whose arguments are all constants, with its parameters replaced by
   * them (bind/function-parameters.ts), so that its body's conjuncts on them are pushed down:
   *   select * from orders_of('c1') → pg_temp.orders_of__dynascope_1('c1'), whose body reads a Query of cid = 'c1'.
   * Null when the call or the body does not allow it (then the shared copy serves).
   */
  private async specialized(
    c: Candidate,
    args: readonly unknown[],
    text: string,
    tokens: readonly ScanToken[],
  ): Promise<string | null> {
    const inputs = c.inputs;
    if (
      c.language !== 'sql' ||
      c.kind !== 'f' ||
      !inputs ||
      !c.definition ||
      args.length !== inputs.length ||
      inputs.some((p) => /^any/.test(p.type))
    )
      return null;
    const values: (string | undefined)[] = [];
    for (const [i, arg] of args.entries()) {
      const named = as(arg, 'NamedArgExpr');
      const node = named?.arg ?? arg;
      const constant = as(node, 'A_Const') ?? as(as(node, 'TypeCast')?.arg, 'A_Const');
      if (!constant) return null;
      const at = named ? inputs.findIndex((p) => p.name === named.name) : i;
      if (at < 0 || values[at] !== undefined) return null;
      values[at] = nodeText(text, tokens, node);
    }
    const parameters = inputs.map((p, i) => ({ ...p, value: values[i]! }));
    const { head, body } = functionDefinition(c.definition);
    const bound: string[] = [];
    for (const s of parseScript(body)) {
      const rangeVars = findRangeVars(s.node).map((r) => r.fields);
      const relations = await this.relations(rangeVars, c.searchPath);
      const key = (rv: RangeVarFields) => `${rv.schemaname ?? ''}.${rv.relname}`;
      const columns = new Map(rangeVars.map((rv, i) => [key(rv), relations[i]?.columns ?? null]));
      const b = bindFunctionParameters(s.text, c.name, parameters, (rv) => columns.get(key(rv)) ?? null);
      if (b === null) return null;
      bound.push(b);
    }
    const statements: string[] = [];
    for (const b of bound) statements.push((await this.rewrite(b, parseOne(b), c.searchPath, true)).text);
    const name = `pg_temp.${quoteIdent(`${c.name}__dynascope_${this.copies.length + 1}`)}`;
    this.copies.push(copyStatements(head, name, statements, c.identity));
    return name;
  }

  /** Whether the statement runs in a read-only transaction block (asked once). */
  private inReadOnlyBlock(): Promise<boolean> {
    this.readOnly ??= this.ctx.host.inTransaction()
      ? transactionReadOnly(this.ctx.host)
      : Promise.resolve(false);
    return this.readOnly;
  }

  /**
   * A call read inline (inline-function.ts) — in a read-only block, where no copy can be made — when it
   * stands alone in FROM, names one function, Postgres would inline that function, its body is one
   * SELECT and each parameter has an argument (by position, name or default); its body's foreign
   * tables read as anywhere:
   *   begin read only; select * from ft_from(2) → ... from lateral (select ... from (values
   *     ((2)::integer)) __ds_args("p1") cross join lateral (select * from (with "__ds_a1" as
   *     materialized (...) select * from "__ds_a1") AS ft where v >= (2)::integer) __ds_body(...)) AS "ft_from"
   * An argument that is a constant is put in the body, whose conjuncts on it are pushed down. Null
   * when it cannot be (then refused, as a copy would be).
   */
  private async inlined(
    candidates: readonly Candidate[],
    call: FunctionCall,
    from: FromCall | undefined,
    text: string,
    tokens: readonly ScanToken[],
  ): Promise<Splice | null> {
    const c = candidates[0]!;
    const end = callEnd(tokens, call.start);
    if (candidates.length !== 1 || !from?.plain || !c.definition || end === null) return null;
    const shape = await inlineShape(this.ctx.host, c.oid);
    const args = shape && callArguments(shape, call.args, (node) => nodeText(text, tokens, node));
    if (!shape || !args) return null;
    const statements = parseScript(functionDefinition(c.definition).body);
    const select = as(statements[0]?.node, 'SelectStmt');
    if (statements.length !== 1 || !select || select.intoClause) return null;
    const parameters = shape.inputs.map((p, i) => ({
      ...p,
      value: args[i]!.constant ? args[i]!.text : inlinedParameter(i),
    }));
    const rangeVars = findRangeVars(statements[0]!.node).map((r) => r.fields);
    const relations = await this.relations(rangeVars, null);
    const key = (rv: RangeVarFields) => `${rv.schemaname ?? ''}.${rv.relname}`;
    const columns = new Map(rangeVars.map((rv, i) => [key(rv), relations[i]?.columns ?? null]));
    const bound = parameters.length
      ? bindFunctionParameters(statements[0]!.text, c.name, parameters, (rv) => columns.get(key(rv)) ?? null)
      : statements[0]!.text;
    if (bound === null) return null;
    // A function reached again inside its own inlined body is not inlined again (it would not end).
    if (this.inlining.has(c.oid)) return null;
    this.inlining.add(c.oid);
    let body: string;
    try {
      body = (await this.rewrite(bound, parseOne(bound), null, true)).text;
    } finally {
      this.inlining.delete(c.oid);
    }
    const name = from.alias ?? call.names.at(-1)!;
    const replacement = inlinedCallSql(
      shape,
      args.map((a) => a.text),
      body,
      name,
      from.lateral,
    );
    return { start: call.start, end, replacement };
  }

  /**
   * Postgres refuses CREATE FUNCTION in a read-only transaction, pg_temp's too, so a function that
   * reads a foreign table cannot be copied there (its rows could be staged, its copy cannot):
   *   begin read only; select ft_total(2) → 0A000 function public.ft_total(integer) reads a foreign
   *   table, which is not supported in a read-only transaction (at the call; nothing read)
   * A DO block's body is run as it is rewritten, no copy made: it reads them there as anywhere; a
   * set-returning SQL function Postgres would inline is read inline (`inlined`).
   */
  private async refuseCopyIfReadOnly(candidates: readonly Candidate[], position: number): Promise<void> {
    if (!(await this.inReadOnlyBlock())) return;
    let reading = candidates[0]!;
    for (const c of candidates) if (await this.functionReads(c)) reading = c;
    throw new EngineError(
      SqlState.featureNotSupported,
      `function ${reading.schema}.${reading.name}(${reading.identity}) reads a foreign table, which is not supported in a read-only transaction`,
      {
        position,
        hint: "Postgres refuses the engine's copy of the function there (CREATE FUNCTION); only a set-returning SQL function in FROM that Postgres would inline (STABLE or IMMUTABLE, not STRICT or SECURITY DEFINER, no SET clause) is read inline. Call it outside the read-only transaction, or read the foreign table in the statement itself.",
      },
    );
  }

  /** Makes the copy of a function (after the copies its body calls): `create or replace function pg_temp.f ...`. */
  private async copy(c: Candidate): Promise<void> {
    if (this.copied.has(c.oid)) return;
    if (!c.definition) {
      throw new EngineError(
        SqlState.featureNotSupported,
        `function ${c.schema}.${c.name}(${c.identity}) is not a SQL or PL/pgSQL function, and another function of that name reads a foreign table`,
        { hint: 'give the function that reads the foreign table a name of its own' },
      );
    }
    const twin = [...this.copied.values()].find((o) => o.name === c.name && o.identity === c.identity);
    if (twin) {
      throw new EngineError(
        SqlState.featureNotSupported,
        `functions ${twin.schema}.${c.name}(${c.identity}) and ${c.schema}.${c.name}(${c.identity}) cannot both be called in one statement that reads foreign tables through them`,
      );
    }
    this.copied.set(c.oid, c);
    const { head, body } = functionDefinition(c.definition);
    const statements: string[] = [];
    if (c.language === 'plpgsql')
      statements.push(await this.rewritePlpgsql(c.definition, body, c.searchPath));
    else
      for (const s of parseScript(body))
        statements.push((await this.rewrite(s.text, s.node, c.searchPath, true)).text);
    this.copies.push(
      copyStatements(head, `pg_temp.${quoteIdent(c.name)}`, statements, c.identity, c.kind === 'p'),
    );
  }

  private async table(oid: number): Promise<ForeignTableDef> {
    return loadForeignTable(this.ctx.host, oid);
  }

  /** What each name resolves to, with the session's search_path or a function's own. */
  private async relations(
    rangeVars: readonly RangeVarFields[],
    path: readonly string[] | null,
  ): Promise<(Relation | null)[]> {
    const tries = rangeVars.map((rv) =>
      rv.schemaname
        ? [`${quoteIdent(rv.schemaname)}.${quoteIdent(rv.relname)}`]
        : path
          ? path.map((s) => `${quoteIdent(s)}.${quoteIdent(rv.relname)}`)
          : [quoteIdent(rv.relname)],
    );
    const names = [...new Set(tries.flat())];
    const key = (n: string) => `\u0001relation-for-functions\u0001${n}`;
    const missing = names.filter((n) => !this.ctx.relationCache.has(key(n)));
    if (missing.length) {
      const r = await this.ctx.host.query(
        `select u.name, c.oid::int, c.relkind::text,
                case when c.relkind = 'v' then pg_get_viewdef(c.oid) end,
                (select string_agg(attname::text, chr(1) order by attnum) from pg_attribute
                  where attrelid = c.oid and attnum > 0 and not attisdropped)
           from unnest($1::text[]) u(name) left join pg_class c on c.oid = to_regclass(u.name)`,
        [missing],
      );
      for (const row of r.rows) {
        const columns = row[4] ? row[4].split('\u0001') : [];
        this.ctx.relationCache.set(
          key(row[0]!),
          row[1] === null
            ? null
            : row[2] === 'f'
              ? { kind: 'foreign', oid: Number(row[1]), columns }
              : row[2] === 'v'
                ? { kind: 'view', definition: row[3]!, columns }
                : { kind: 'other', columns },
        );
      }
    }
    return tries.map((names) => {
      for (const n of names) {
        const r = this.ctx.relationCache.get(key(n)) as Relation | null;
        if (r) return r;
      }
      return null;
    });
  }

  /** The functions a call's name may resolve to (with the session's search_path, or among a function's own path). */
  private async candidates(names: readonly string[], path: readonly string[] | null): Promise<Candidate[]> {
    const name = names[names.length - 1]!;
    const schemas = names.length > 1 ? [names[names.length - 2]!] : path ? [...path, 'pg_catalog'] : null;
    const key = `\u0001functions\u0001${name}\u0001${schemas?.join('\u0001') ?? ''}`;
    if (this.ctx.relationCache.has(key)) return this.ctx.relationCache.get(key) as Candidate[];
    const r = await this.ctx.host.query(
      `select p.oid::int, p.proname::text, n.nspname::text, l.lanname::text, p.prokind::text,
              pg_get_function_identity_arguments(p.oid),
              (select substr(c, 13) from unnest(p.proconfig) c where c like 'search_path=%'),
              case when l.lanname in ('sql', 'plpgsql') and p.prokind in ('f', 'p') then pg_get_functiondef(p.oid) end,
              p.proargmodes is null,
              (select string_agg(format_type(t, null), chr(1) order by i)
                 from unnest(p.proargtypes::oid[]) with ordinality a(t, i)),
              array_to_string(p.proargnames, chr(1), '')
         from pg_proc p
         join pg_namespace n on n.oid = p.pronamespace
         join pg_language l on l.oid = p.prolang
        where p.proname = $1
          and case when $2::text[] is null then pg_function_is_visible(p.oid) else n.nspname = any($2::text[]) end
        order by p.oid`,
      [name, schemas],
    );
    const candidates = r.rows.map((row): Candidate => ({
      oid: Number(row[0]),
      name: row[1]!,
      schema: row[2]!,
      language: row[3]!,
      kind: row[4]!,
      identity: row[5] ?? '',
      searchPath: row[6] === null ? null : searchPathList(row[6]!),
      definition: row[7] ?? null,
      inputs: row[8] !== 't' ? null : inputsOf(row[9] ?? null, row[10] ?? null),
    }));
    this.ctx.relationCache.set(key, candidates);
    return candidates;
  }
}

/** Input parameter types and names (joined by chr(1)) → parameters: ('text\u0001integer', 'c\u0001') → [c text, $2 integer]. */
function inputsOf(types: string | null, names: string | null): { name: string | null; type: string }[] {
  const n = names?.split('\u0001') ?? [];
  return (types ? types.split('\u0001') : []).map((type, i) => ({ name: n[i] || null, type }));
}

/** `"$user", public, app` → ['public', 'app'] ($user names the role's own schema, which user SQL does not have). */
function searchPathList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter((s) => s && s !== '$user');
}

/** CREATE and DROP of a copy named `name` (qualified) with these body statements. */
function copyStatements(
  head: string,
  name: string,
  statements: readonly string[],
  identity: string,
  procedure = false,
): { create: string; drop: string } {
  return {
    create: `${head.replace('{name}', name)}\nAS ${dollarQuoted(`\n${statements.join(';\n')}\n`)}`,
    drop: `drop ${procedure ? 'procedure' : 'function'} if exists ${name}(${identity})`,
  };
}

/** `$dynascope$text$dynascope$`, the tag grown until the text does not hold it. */
function dollarQuoted(text: string): string {
  let tag = '$dynascope$';
  while (text.includes(tag)) tag = tag.replace(/\$$/, '_$');
  return `${tag}${text}${tag}`;
}

/** A CALL with its procedure call as a FuncCall node (the parse tree holds its fields unwrapped), else the statement. */
function callAsTree(statement: unknown): unknown {
  const call = as(statement, 'CallStmt');
  return call?.funccall ? { CallStmt: { ...call, funccall: { FuncCall: call.funccall } } } : statement;
}

/** The body of a DO block in PL/pgSQL (its default language), or null for any other statement. */
function doBlock(ast: unknown): string | null {
  const block = as(ast, 'DoStmt');
  if (!block) return null;
  const args = (block.args ?? []).map((a) => as(a, 'DefElem'));
  const language = as(args.find((a) => a?.defname === 'language')?.arg, 'String')?.sval;
  if (language !== undefined && language.toLowerCase() !== 'plpgsql') return null;
  return as(args.find((a) => a?.defname === 'as')?.arg, 'String')?.sval ?? null;
}

/**
 * A piece of a PL/pgSQL body rewritten (`bound`, from its `sql`) as the body's text again: without the
 * `SELECT ` put before an expression, and with what the compiler had blanked or changed (an INTO
 * clause, an assignment's `:=`) as the body has it.
 */
function inBodyText(bound: Bound, prefix: number, own: string, source: string): string {
  let text = bound.text;
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < own.length; i++) {
    if (own[i] === source[i]) continue;
    const last = runs.at(-1);
    if (last && last.end === i) last.end = i + 1;
    else runs.push({ start: i, end: i + 1 });
  }
  for (const run of runs.reverse()) {
    let p = 0;
    while (p < text.length && bound.originalPosition(p + 1) !== prefix + run.start + 1) p++;
    if (text.slice(p, p + run.end - run.start) !== own.slice(run.start, run.end))
      throw new EngineError(SqlState.internalError, 'could not rewrite a piece of a PL/pgSQL body');
    text = text.slice(0, p) + source.slice(run.start, run.end) + text.slice(p + run.end - run.start);
  }
  return text.slice(prefix).trimEnd(); // the prefix holds no name, so no splice
}

function refuseWrite(rv: RangeVarFields): never {
  throw new EngineError(
    SqlState.featureNotSupported,
    `a function cannot write to foreign table "${rv.relname}"`,
    { hint: 'run the INSERT, UPDATE or DELETE as a statement of its own' },
  );
}

/**
 * The names renamed calls gave their output: a select-list item that is the call (or a cast of it)
 * without AS is named after the function, as is a FROM item that is the call without an alias — so
 * the copy's call gets `AS <the function's name>`.
 */
function ownNames(
  ast: unknown,
  tokens: readonly ScanToken[],
  renamed: ReadonlyMap<number, string>,
): Splice[] {
  if (!renamed.size) return [];
  const out: Splice[] = [];
  const nameOf = (node: unknown): string | undefined => {
    let n = node;
    while (as(n, 'TypeCast')) n = as(n, 'TypeCast')!.arg;
    const call = as(n, 'FuncCall');
    return call ? renamed.get(call.location ?? -1) : undefined;
  };
  const alias = (node: unknown, name: string) => {
    // A call ends at the parenthesis closing its arguments (`f()` has no location after its name).
    const call = as(node, 'FuncCall');
    const end = call ? callEnd(tokens, call.location ?? -1) : (nodeRange(tokens, node)?.end ?? null);
    if (end !== null) out.push({ start: end, end, replacement: ` AS ${quoteIdent(name)}` });
  };
  walk(ast, (_kind, _fields, node) => {
    const target = as(node, 'ResTarget');
    if (target?.val && !target.name) {
      const name = nameOf(target.val);
      if (name) alias(target.val, name);
    }
    const from = as(node, 'RangeFunction');
    const only = from?.functions?.length === 1 ? as(from.functions[0], 'List')?.items : undefined;
    if (
      from &&
      !from.alias &&
      !from.ordinality &&
      !from.is_rowsfrom &&
      only?.length &&
      !Object.keys(only[1] ?? {}).length
    ) {
      const name = nameOf(only[0]);
      if (name && as(only[0], 'FuncCall')) alias(only[0], name);
    }
  });
  return out;
}

/** Where a call written at `start` ends: after the parenthesis that closes its arguments. */
function callEnd(tokens: readonly ScanToken[], start: number): number | null {
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return null;
  while (i < tokens.length && tokens[i]!.text !== '(') i++;
  for (let depth = 0; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++;
    else if (tokens[i]!.text === ')' && --depth === 0) return tokens[i]!.end;
  }
  return null;
}

/**
 * A call read inline carries its arguments' text into the body's VALUES: a splice inside it (a reading
 * function or foreign table among its arguments) cannot be made there — refused, at that call.
 */
function refuseWithinInlined(
  splices: readonly Splice[],
  inlined: readonly Splice[],
  originalPosition: (position: number) => number,
): void {
  for (const call of inlined) {
    if (!splices.some((s) => s !== call && s.start < call.end && s.end > call.start && s.start >= call.start))
      continue;
    throw new EngineError(
      SqlState.featureNotSupported,
      'a set-returning function read inline in a read-only transaction cannot take an argument that reads a foreign table',
      {
        position: originalPosition(call.start + 1),
        hint: 'read it in a WITH query first, or outside the read-only transaction',
      },
    );
  }
}
