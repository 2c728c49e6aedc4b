import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt } from '@pgsql/types';
import type { ScanToken } from 'libpg-query';
import { nodeText } from '../bind/source-text';
import { applySplices, type Splice } from '../bind/splice';
import { EngineError, SqlState } from '../errors';
import { as, walk } from '../parse/ast';
import { parseOne, scanTokens } from '../parse/parse';
import type { Cell, Column } from '../types';
import type { RowSource } from './row-source';

/** A PREPAREd statement over foreign tables: its text, and the declared type of each parameter. */
export interface PreparedText {
  readonly text: string;
  readonly paramTypes: readonly string[];
  /** The text's parse tree. */
  readonly node: unknown;
}

/** A DECLAREd cursor over foreign tables. */
interface Portal {
  readonly source: RowSource;
  readonly columns: readonly Column[];
  /** WITH HOLD: it outlives the transaction block it was declared in. */
  readonly hold: boolean;
  done: boolean;
  /** The row the cursor stands on (the last one fetched), or null before the first and after the last. */
  current: Cell[] | null;
}

const CURSOR_OPT_HOLD = 0x20;
const CURSOR_OPT_SCROLL = 0x2;

/**
 * The session's PREPAREd statements and DECLAREd cursors whose queries read foreign tables. The host
 * cannot keep them (it plans a foreign table only inside the statement the engine rewrites), so the
 * engine keeps their text and runs them when EXECUTE or FETCH comes:
 *   prepare q (text) as select * from orders where customer_id = $1;  execute q('c1')
 *   → select * from orders where customer_id = ('c1')::text
 * Statements over host tables only stay the host's.
 */
export class NamedStatements {
  private readonly prepared = new Map<string, PreparedText>();
  private readonly portals = new Map<string, Portal>();

  prepare(name: string, text: string, paramTypes: readonly string[]): void {
    if (this.prepared.has(name))
      throw new EngineError('42P05', `prepared statement "${name}" already exists`);
    this.prepared.set(name, { text, paramTypes, node: parseOne(text) });
  }

  preparedText(name: string): PreparedText | undefined {
    return this.prepared.get(name);
  }

  /** DEALLOCATE name: true when it was ours. */
  deallocate(name: string | null): boolean {
    if (name === null) {
      this.prepared.clear();
      return false; // the host has its own to deallocate too
    }
    return this.prepared.delete(name);
  }

  hasPortal(name: string): boolean {
    return this.portals.has(name);
  }

  declare(
    name: string,
    options: number,
    inTransaction: boolean,
    source: RowSource,
    columns: readonly Column[],
  ): void {
    if (this.portals.has(name)) throw new EngineError('42P03', `cursor "${name}" already exists`);
    if (options & CURSOR_OPT_SCROLL)
      throw new EngineError(
        SqlState.featureNotSupported,
        'SCROLL cursors over foreign tables are not supported',
        { hint: 'declare it NO SCROLL: FETCH reads forward' },
      );
    const hold = (options & CURSOR_OPT_HOLD) !== 0;
    if (!hold && !inTransaction)
      throw new EngineError('25P01', 'DECLARE CURSOR can only be used in transaction blocks');
    this.portals.set(name, { source, columns, hold, done: false, current: null });
  }

  /**
   * FETCH / MOVE forward `count` rows; 0 fetches the current row again (none before the first row or
   * after the last), as Postgres does.
   */
  async fetch(
    name: string,
    count: number,
    signal: AbortSignal | undefined,
  ): Promise<{ rows: unknown[][]; columns: readonly Column[] }> {
    const portal = this.portals.get(name);
    if (!portal) throw new EngineError(SqlState.invalidCursorName, `cursor "${name}" does not exist`);
    if (count === 0) return { rows: portal.current ? [portal.current] : [], columns: portal.columns };
    if (portal.done) {
      portal.current = null;
      return { rows: [], columns: portal.columns };
    }
    const page = await portal.source.next(count, signal);
    portal.done = page.done;
    // Fewer rows than asked at the end: the cursor has gone past the last one.
    portal.current = page.rows.length === count || !page.done ? (page.rows.at(-1) ?? null) : null;
    return { rows: page.rows, columns: portal.columns };
  }

  /** CLOSE name (true when it was ours), or CLOSE ALL (null). */
  async close(name: string | null): Promise<boolean> {
    const names = name === null ? [...this.portals.keys()] : [name];
    let ours = false;
    for (const n of names) {
      const portal = this.portals.get(n);
      if (!portal) continue;
      this.portals.delete(n);
      ours = true;
      await portal.source.close();
    }
    return ours;
  }

  /** A transaction block ended: its cursors without HOLD end with it. */
  async endTransaction(): Promise<void> {
    for (const [name, portal] of this.portals) if (!portal.hold) await this.close(name);
  }

  async closeAll(): Promise<void> {
    await this.close(null);
    this.prepared.clear();
  }
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
 * The prepared text with each `$n` replaced by EXECUTE's n-th argument, cast to its declared type:
 * `where id = $1` + `execute q('c1')` with `(text)` → `where id = ('c1')::text`.
 */
export function bindParameters(
  prepared: PreparedText,
  executeText: string,
  params: readonly unknown[],
): string {
  const tokens = scanTokens(executeText);
  const args = params.map((p) => nodeText(executeText, tokens, p));
  const splices: Splice[] = [];
  let highest = 0;
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
      end: location + `$${n}`.length,
      replacement: type ? `(${arg})::${type}` : `(${arg})`,
    });
  });
  const expected = Math.max(highest, prepared.paramTypes.length);
  if (params.length !== expected) {
    throw new EngineError('42601', `wrong number of parameters for prepared statement`, {
      detail: `Expected ${expected} parameters but got ${params.length}.`,
    });
  }
  return applySplices(prepared.text, splices).text;
}

/**
 * `FETCH n` / `MOVE n` forward (`FETCH 0`: the tree leaves the 0 out); anything else, a negative count
 * included, is refused (the cursor reads DynamoDB forward only).
 */
export function forwardCount(fetch: FetchStmt): number {
  if (fetch.direction !== 'FETCH_FORWARD' || Number(fetch.howMany ?? 0) < 0) {
    throw new EngineError(SqlState.featureNotSupported, 'a cursor over foreign tables fetches forward only', {
      hint: 'FETCH [n | ALL | NEXT] FROM cursor',
    });
  }
  return Number(fetch.howMany ?? 0);
}

/** The portal name of a FETCH, CLOSE or DECLARE. */
export function portalName(stmt: FetchStmt | ClosePortalStmt | DeclareCursorStmt): string | null {
  return stmt.portalname ?? null;
}
