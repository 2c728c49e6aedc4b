import { expect } from 'vitest';
import type { Engine } from '../../src/engine';
import { toJson } from '../../src/json';
import type { ExecuteOptions, StatementResult } from '../../src/types';

/** One statement's answer as the differential tests compare it: each row as its JSON text, or the error. */
export type Outcome =
  | { ok: true; columns: string; rows: string[]; result: StatementResult }
  | { ok: false; sqlstate: string; message: string };

/** Runs a script and keeps its last statement's answer (every row in one page). */
export async function run(engine: Engine, sql: string, options: ExecuteOptions = {}): Promise<Outcome> {
  const r = await engine.execute(sql, { ...options, pageSize: 100_000 });
  if (r.error) return { ok: false, sqlstate: r.error.sqlstate, message: r.error.message };
  const s = r.statements.at(-1)!;
  expect(s.cursor).toBeNull();
  return { ok: true, columns: JSON.stringify(s.columns), rows: s.rows.map((row) => toJson(row)), result: s };
}

/** `run`, failing the test with the statement and its error when it fails. */
export async function answered(engine: Engine, sql: string): Promise<Extract<Outcome, { ok: true }>> {
  const o = await run(engine, sql);
  if (!o.ok) throw new Error(`${sql}: ${o.sqlstate} ${o.message}`);
  return o;
}

/**
 * A statement's rows, each as its JSON text and sorted, or its error with SQLSTATE and position: what
 * tests comparing a foreign table with a host table holding the same rows compare.
 */
export async function sortedRowsOrError(
  engine: Engine,
  sql: string,
): Promise<{ rows: string[] } | { error: string }> {
  const r = await engine.execute(sql);
  if (r.error) return { error: `${r.error.sqlstate} ${r.error.message} at ${r.error.position}` };
  return {
    rows: (JSON.parse(toJson(r.statements[0]!.rows)) as unknown[][]).map((row) => JSON.stringify(row)).sort(),
  };
}
