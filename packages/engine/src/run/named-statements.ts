import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { innerQuery } from '../bind/statement-text';
import { applySplices, type Splice } from '../bind/splice';
import { EngineError, SqlState } from '../errors';
import type { HostField } from '../host/host';
import { as, walk } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import type { Cell, Column } from '../types';
import { CursorRows } from './cursor-rows';
import type { CursorSpill } from './cursor-spill';
import { portalFetch, startPosition, type PortalPosition } from './portal-fetch';
import type { RowSource } from './row-source';

/**
 * A PREPAREd statement over foreign tables: its query, and each parameter's type as declared or as
 * the host inferred it ('' when neither says: the argument stays an untyped literal).
 */
export interface PreparedText {
  readonly text: string;
  readonly paramTypes: readonly string[];
  /** The same types' oids (0 for ''): what EXECUTE checks its arguments against (execute-arguments.ts). */
  readonly paramOids: readonly number[];
  /** The text's parse tree. */
  readonly node: unknown;
  /** What `pg_prepared_statements` lists of it (prepared-statements-view.ts). */
  readonly listing: PreparedListing;
  /**
   * EXECUTEs and EXPLAIN EXECUTEs planned (each anew: `custom_plans`), as Postgres counts them: not
   * one whose arguments failed to bind, nor one that failed before its plan was made.
   */
  executions: number;
  /**
   * Its result row type when prepared, which an EXECUTE's must be (revalidate-prepared.ts); undefined
   * when the host could not describe it then (not checked).
   */
  readonly result?: readonly HostField[];
  /** The catalog epoch (its plan cache) in which the row type was last found unchanged. */
  validatedIn?: WeakRef<object>;
}

/** A statement the engine keeps as `pg_prepared_statements` shows it. */
export interface PreparedListing {
  /** The PREPARE as the user wrote it. */
  readonly statement: string;
  /** When it was prepared (ISO 8601). */
  readonly preparedAt: string;
  /** Its result columns' type oids; null for a statement that returns no rows. */
  readonly resultTypes: readonly number[] | null;
}

/** A DECLAREd cursor over foreign tables. */
interface Portal {
  readonly rows: CursorRows;
  readonly position: PortalPosition;
  readonly columns: readonly Column[];
  /** WITH HOLD: it outlives the transaction block it was declared in, if that block commits. */
  readonly hold: boolean;
  /** Declared in a transaction block still open: a ROLLBACK ends it, WITH HOLD or not. */
  inBlock: boolean;
  /** The savepoints open when it was declared: a ROLLBACK TO one of them ends it (subtransactions). */
  depth: number;
  /** A FETCH or MOVE of it failed: it cannot be run again (Postgres's PORTAL_FAILED). */
  failed: boolean;
}

/** DECLARE ... WITH HOLD (the parse tree's cursor options). */
export const CURSOR_OPT_HOLD = 0x20;
const CURSOR_OPT_SCROLL = 0x2;
const CURSOR_OPT_NO_SCROLL = 0x4;

const LOCKING: Readonly<Record<string, string>> = {
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORUPDATE: 'FOR UPDATE',
};

/**
 * A DECLARE's cursor options given its query's row locking, as Postgres settles them before the
 * query runs: a locking cursor without SCROLL or NO SCROLL is NO SCROLL, and one declared SCROLL is
 * refused.
 *   declare c cursor for select * from ft for update         → NO SCROLL
 *   declare c scroll cursor for select * from ft for share   → 0A000 DECLARE SCROLL CURSOR ... FOR SHARE is not supported
 */
export function cursorOptions(options: number, query: unknown): number {
  const locking = as(query, 'SelectStmt')?.lockingClause?.[0];
  const strength = locking && as(locking, 'LockingClause')?.strength;
  if (!strength) return options;
  if (options & CURSOR_OPT_SCROLL)
    throw new EngineError(
      SqlState.featureNotSupported,
      `DECLARE SCROLL CURSOR ... ${LOCKING[strength] ?? 'FOR UPDATE'} is not supported`,
      { detail: 'Scrollable cursors must be READ ONLY.' },
    );
  return options & CURSOR_OPT_NO_SCROLL ? options : options | CURSOR_OPT_NO_SCROLL;
}

/** What the session knows of its names on a host connection other sessions may share. */
export interface HostNamesOptions {
  /** Names its host-kept prepared statements apart from other sessions' (`__dsp_<prefix>1`). */
  readonly prefix?: string;
  /**
   * Whether other sessions share the host connection (PGlite's one connection): its LISTENs,
   * session advisory locks and sequences' currval are then theirs too (run/discard-all.ts).
   */
  readonly sharedConnection?: boolean;
}

/** A prepared statement the host keeps for the session: under a name of the session's own there. */
interface HostKept {
  readonly hostName: string;
  /** The PREPARE as the user wrote it (pg_prepared_statements' `statement`). */
  readonly text: string;
  /** Its query, parsed at the first EXECUTE (hostKeptQuery). */
  query?: unknown;
}

/**
 * The session's named statements. Those whose queries read foreign tables — PREPAREd statements and
 * DECLAREd cursors — the engine keeps: the host cannot (it plans a foreign table only inside the
 * statement the engine rewrites), so the engine keeps their text and runs them when EXECUTE or FETCH
 * comes:
 *   prepare q (text) as select * from orders where customer_id = $1;  execute q('c1')
 *   → select * from orders where customer_id = ('c1')::text
 * Statements over host tables only stay the host's, each under a host name of the session's
 * (`prepare q as select 1` → `prepare __dsp_s1_1 as select 1`): on a connection sessions share,
 * another session's `q` and its DEALLOCATE ALL are not this one's. One namespace holds both kinds,
 * as Postgres's does. It also knows the host cursors the session declared WITH HOLD, which outlive
 * its statements on the host (DISCARD ALL and the session's end close them).
 */
export class NamedStatements {
  private readonly prepared = new Map<string, PreparedText>();
  private readonly portals = new Map<string, Portal>();
  /** Host-kept prepared statements by the session's name. */
  private readonly hostKept = new Map<string, HostKept>();
  /** WITH HOLD host cursors: true while the block that declared them is open (a ROLLBACK ends them). */
  private readonly heldCursors = new Map<string, boolean>();
  private hostCount = 0;
  private readonly prefix: string;
  readonly sharedConnection: boolean;

  constructor(options: HostNamesOptions = {}) {
    this.prefix = options.prefix ?? '';
    this.sharedConnection = options.sharedConnection ?? false;
  }

  /** `types.result`: its result row type now (PreparedText.result), `validatedIn` the epoch it was described in. */
  prepare(
    name: string,
    text: string,
    types: {
      readonly paramTypes: readonly string[];
      readonly paramOids: readonly number[];
      readonly result?: readonly HostField[] | undefined;
      readonly validatedIn?: object;
    },
    listing: PreparedListing,
  ): void {
    this.refuseTaken(name);
    const { paramTypes, paramOids, result, validatedIn } = types;
    this.prepared.set(name, {
      text,
      paramTypes,
      paramOids,
      node: parseOne(text),
      listing,
      executions: 0,
      ...(result && { result }),
      ...(result && validatedIn && { validatedIn: new WeakRef(validatedIn) }),
    });
  }

  /** The statements the engine keeps for the session, by name. */
  engineKeptStatements(): { name: string; prepared: PreparedText }[] {
    return [...this.prepared].map(([name, prepared]) => ({ name, prepared }));
  }

  preparedText(name: string): PreparedText | undefined {
    return this.prepared.get(name);
  }

  /** A host name no statement of the session has had (`__dsp_s1_3`). */
  nextHostName(): string {
    return `__dsp_${this.prefix}${++this.hostCount}`;
  }

  /** The host prepared `text` (the user's PREPARE) under `hostName`: 42P05 when the session has `name` already. */
  keptByHost(name: string, hostName: string, text: string): void {
    this.refuseTaken(name);
    this.hostKept.set(name, { hostName, text });
  }

  /** The host name of a statement the host keeps for the session. */
  hostName(name: string): string | undefined {
    return this.hostKept.get(name)?.hostName;
  }

  /**
   * The query of the statement the host keeps for the session as `name` (its PREPARE's, parsed once):
   * what an EXECUTE of it runs (session/session.ts takes it for the EXECUTE's kind).
   *   `prepare q (int) as select $1` → the SelectStmt of `select $1`
   */
  hostKeptQuery(name: string): unknown {
    const kept = this.hostKept.get(name);
    if (!kept) return undefined;
    return (kept.query ??= parseOne(innerQuery(kept.text, 'as').text));
  }

  /** The PREPARE (as the user wrote it) of the statement the host keeps under `hostName`. */
  hostKeptText(hostName: string): string | undefined {
    for (const kept of this.hostKept.values()) if (kept.hostName === hostName) return kept.text;
    return undefined;
  }

  /** The host-kept statements: the session's name, the host's and the PREPARE's text. */
  hostKeptStatements(): { name: string; hostName: string; text: string }[] {
    return [...this.hostKept].map(([name, kept]) => ({ name, ...kept }));
  }

  /**
   * DEALLOCATE name, or DEALLOCATE ALL (null): the host names to deallocate. A name the session has
   * not prepared is Postgres's 26000.
   */
  deallocate(name: string | null): string[] {
    if (name === null) {
      this.prepared.clear();
      return this.forgetHostKept();
    }
    if (this.prepared.delete(name)) return [];
    const kept = this.hostKept.get(name);
    if (!kept) throw notPrepared(name);
    this.hostKept.delete(name);
    return [kept.hostName];
  }

  /** Forgets every host-kept statement: their host names, to deallocate. */
  forgetHostKept(): string[] {
    const names = [...this.hostKept.values()].map((k) => k.hostName);
    this.hostKept.clear();
    return names;
  }

  /** A host cursor was declared WITH HOLD: it stays after the statement (inside a block, if the block commits). */
  heldInHost(name: string, inTransaction: boolean): void {
    this.heldCursors.set(name, inTransaction);
  }

  /** Forgets the held host cursors: their names, to close. */
  forgetHeldCursors(): string[] {
    const names = [...this.heldCursors.keys()];
    this.heldCursors.clear();
    return names;
  }

  private refuseTaken(name: string): void {
    if (this.prepared.has(name) || this.hostKept.has(name))
      throw new EngineError('42P05', `prepared statement "${name}" already exists`);
  }

  hasPortal(name: string): boolean {
    return this.portals.has(name);
  }

  /**
   * A cursor's result columns as its FETCHes answer them, read without moving it (the wire protocol's
   * Describe of a DECLAREd cursor); undefined when the engine keeps no cursor of that name (the host's
   * own, or none).
   *   declare c no scroll cursor for select sk, v from ft; move 5 in c → portalColumns('c'): sk, v
   */
  portalColumns(name: string): readonly Column[] | undefined {
    return this.portals.get(name)?.columns;
  }

  /**
   * `depth`: the savepoints open in the block (ForeignTransaction.depth). A cursor scrolls unless
   * declared NO SCROLL, as Postgres's cursor over a table's plain scan does (cursor-rows.ts keeps its
   * rows, `spill` those its memory lets go); a NO SCROLL one keeps none.
   */
  declare(
    name: string,
    options: number,
    block: { readonly inTransaction: boolean; readonly depth: number },
    source: RowSource,
    columns: readonly Column[],
    spill: CursorSpill,
  ): void {
    const { inTransaction, depth } = block;
    if (this.portals.has(name)) throw new EngineError('42P03', `cursor "${name}" already exists`);
    const hold = (options & CURSOR_OPT_HOLD) !== 0;
    if (!hold && !inTransaction)
      throw new EngineError('25P01', 'DECLARE CURSOR can only be used in transaction blocks');
    const noScroll = (options & CURSOR_OPT_NO_SCROLL) !== 0;
    this.portals.set(name, {
      rows: new CursorRows(source, noScroll ? null : spill),
      position: startPosition(noScroll),
      columns,
      hold,
      inBlock: inTransaction,
      depth,
      failed: false,
    });
  }

  /**
   * FETCH / MOVE in any direction, as Postgres runs it (portal-fetch.ts): the rows, and the count of
   * its tag (`FETCH n`, `MOVE n`). One that failed — refused, cancelled, its read failed midway, the
   * rows it passed perhaps let go — leaves the cursor failed, as Postgres marks its portal:
   *   fetch prior from c (NO SCROLL) → 55000 cursor can only scan forward
   *   rollback to a; fetch 1 from c  → 55000 portal "c" cannot be run (CLOSE c still closes it)
   */
  async fetch(
    name: string,
    fetch: FetchStmt,
    block: { readonly inTransaction: boolean; readonly depth: number },
    signal: AbortSignal | undefined,
  ): Promise<{ rows: Cell[][]; count: number; columns: readonly Column[] }> {
    const portal = this.portals.get(name);
    if (!portal) throw new EngineError(SqlState.invalidCursorName, `cursor "${name}" does not exist`);
    if (portal.failed)
      throw new EngineError(SqlState.objectNotInPrerequisiteState, `portal "${name}" cannot be run`);
    portal.rows.signal = signal;
    // What it spills now a rollback could undo while it lives on: inside a savepoint declared after
    // it, or inside a block it was not declared in (WITH HOLD).
    const risky = block.inTransaction && block.depth > safeDepth(portal);
    portal.rows.writeDepth = risky ? block.depth : null;
    try {
      const { rows, count } = await portalFetch(portal.position, portal.rows, fetch);
      return { rows, count, columns: portal.columns };
    } catch (e) {
      portal.failed = true;
      throw e;
    }
  }

  /** CLOSE name (true when it was ours), or CLOSE ALL (null). */
  async close(name: string | null): Promise<boolean> {
    // A host cursor of that name (or every one: CLOSE ALL) is closed by the host.
    if (name === null) this.heldCursors.clear();
    else this.heldCursors.delete(name);
    const names = name === null ? [...this.portals.keys()] : [name];
    let ours = false;
    for (const n of names) {
      const portal = this.portals.get(n);
      if (!portal) continue;
      this.portals.delete(n);
      ours = true;
      await portal.rows.close();
    }
    return ours;
  }

  /**
   * A transaction block ended: its cursors without HOLD end with it, and those it declared WITH HOLD
   * stay if it committed. `committed` says so of the engine's; `open` tells which of the host's the
   * host still has (none, without it: a ROLLBACK ended the block).
   */
  async endTransaction(
    committed: boolean,
    open?: (names: readonly string[]) => Promise<readonly string[]>,
  ): Promise<void> {
    for (const [name, portal] of this.portals)
      if (!portal.hold || (portal.inBlock && !committed)) await this.close(name);
      else {
        portal.inBlock = false;
        portal.rows.writeDepth = null;
        // Its batches spilled in the block: kept if it committed, written again if not.
        if (committed) portal.rows.settle(-1, Infinity);
        else await portal.rows.restore(-1);
      }
    const declared = [...this.heldCursors].filter(([, inBlock]) => inBlock).map(([name]) => name);
    if (!declared.length) return;
    const kept = new Set(open ? await open(declared) : []);
    for (const name of declared)
      if (kept.has(name)) this.heldCursors.set(name, false);
      else this.heldCursors.delete(name);
  }

  /**
   * ROLLBACK TO SAVEPOINT left `depth` savepoints open: the cursors declared after the last of them
   * end, as Postgres drops the portals of the subtransactions it aborts.
   */
  async rolledBackTo(depth: number): Promise<void> {
    for (const [name, portal] of this.portals)
      if (portal.inBlock && portal.depth >= depth) await this.close(name);
      else {
        portal.rows.writeDepth = depth;
        await portal.rows.restore(depth);
      }
  }

  /** RELEASE SAVEPOINT left `depth` savepoints open: the cursors declared after belong to the one before. */
  released(depth: number): void {
    for (const portal of this.portals.values()) {
      portal.depth = Math.min(portal.depth, depth);
      portal.rows.settle(depth, safeDepth(portal));
    }
  }

  /** The session ends: its cursors are closed, its statements forgotten (the host's: see forgetHostKept). */
  async closeAll(): Promise<void> {
    await this.close(null);
    this.prepared.clear();
  }
}

/** Writes at this savepoint depth or less no rollback undoes without ending the cursor too (-1: any can). */
function safeDepth(portal: Portal): number {
  return portal.inBlock ? portal.depth : -1;
}

/** The declared parameter types of `PREPARE q (text, numeric(10,2)) AS ...`, as written. */
export function preparedParamTypes(text: string, argtypes: readonly unknown[] | undefined): string[] {
  if (!argtypes?.length) return [];
  const tokens = scanTokens(text);
  const open = tokens.findIndex((t) => t.text === '(');
  const types: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '(') depth++;
    else if (t.text === ')' && depth-- === 0) {
      types.push(slice(text, tokens, from, i));
      break;
    } else if (t.text === ',' && depth === 0) {
      types.push(slice(text, tokens, from, i));
      from = i + 1;
    }
  }
  return types;
}

function slice(text: string, tokens: readonly ScanToken[], from: number, to: number): string {
  return text.slice(tokens[from]!.start, tokens[to - 1]!.end);
}

/**
 * The prepared text with each `$n` replaced by EXECUTE's n-th argument (its text), cast to its
 * parameter's type: `where id = $1` + `execute q('c1')` with `(text)` → `where id = ('c1')::text`.
 * Whether each argument may be bound to its type is execute-arguments.ts's to check.
 */
export function bindParameters(name: string, prepared: PreparedText, args: readonly string[]): BoundText {
  const splices: (Splice & { readonly argument: number })[] = [];
  let highest = 0;
  // A select-list item that is a parameter alone is named `?column?`, as Postgres names it, not after
  // its cast: `select $1` of `(text)` binds `select ('a')::pg_catalog.text AS "?column?"`.
  const unnamed = new Set<unknown>();
  walk(prepared.node, (_kind, _fields, at) => {
    const target = as(at, 'ResTarget');
    if (target && !target.name && as(target.val, 'ParamRef')) unnamed.add(as(target.val, 'ParamRef'));
  });
  walk(prepared.node, (_kind, _fields, at) => {
    const param = as(at, 'ParamRef');
    if (!param) return;
    const n = param.number ?? 0;
    const location = param.location ?? 0;
    highest = Math.max(highest, n);
    const arg = args[n - 1];
    if (arg === undefined) return;
    const type = prepared.paramTypes[n - 1];
    splices.push({
      start: location,
      // As written: `$01` is `$1` too.
      end: location + (/^\$\d+/.exec(prepared.text.slice(location))?.[0].length ?? `$${n}`.length),
      replacement: (type ? `(${arg})::${type}` : `(${arg})`) + (unnamed.has(param) ? ' AS "?column?"' : ''),
      argument: n - 1,
    });
  });
  const expected = Math.max(highest, prepared.paramTypes.length);
  if (args.length !== expected) {
    throw new EngineError('42601', `wrong number of parameters for prepared statement "${name}"`, {
      detail: `Expected ${expected} parameters but got ${args.length}.`,
    });
  }
  // Where each argument's text lands in the bound text: a splice starts `(` + the argument.
  const placed: { start: number; end: number; argument: number }[] = [];
  let shift = 0;
  for (const s of [...splices].sort((a, b) => a.start - b.start)) {
    const start = s.start + shift + 1;
    placed.push({ start, end: start + args[s.argument]!.length, argument: s.argument });
    shift += s.replacement.length - (s.end - s.start);
  }
  return {
    text: applySplices(prepared.text, splices).text,
    argumentAt: (position) => {
      const p = position - 1;
      const at = placed.find((x) => p >= x.start && p < x.end);
      return at && { argument: at.argument, offset: p - at.start };
    },
  };
}

/** A prepared text with EXECUTE's arguments bound, and where each argument's text is in it. */
export interface BoundText {
  readonly text: string;
  /** A 1-based position in the bound text → the argument there and the 0-based offset in its text, if any. */
  readonly argumentAt: (
    position: number,
  ) => { readonly argument: number; readonly offset: number } | undefined;
}

/** Postgres's error for a prepared statement name the session does not have. */
export function notPrepared(name: string): EngineError {
  return new EngineError('26000', `prepared statement "${name}" does not exist`);
}

/** The portal name of a FETCH, CLOSE or DECLARE. */
export function portalName(stmt: FetchStmt | ClosePortalStmt | DeclareCursorStmt): string | null {
  return stmt.portalname ?? null;
}
