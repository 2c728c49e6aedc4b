import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import type { Cell, WireStatement } from '../api/wire';
import { statementView, type RunView } from './run-view';
import {
  loadResults,
  removeResults,
  RESULT_KEY_PREFIX,
  RESULT_SIZE_CAP,
  RESULTS_BUDGET,
  saveResult,
} from './saved-results';
import { WORKSPACE_KEY } from './workspace';
import { scanPlan } from '../test-support/wire-fixtures';

/**
 * A Storage as browsers implement it: string values, insertion-ordered keys, and a quota in
 * characters (keys and values) past which setItem throws QuotaExceededError and keeps the old value.
 */
class QuotaStorage implements Storage {
  private readonly data = new Map<string, string>();
  constructor(private readonly quota = 5 * 1024 * 1024) {}
  get length(): number {
    return this.data.size;
  }
  key(i: number): string | null {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    const used = [...this.data].reduce((a, [key, val]) => a + (key === k ? 0 : key.length + val.length), 0);
    if (used + k.length + String(v).length > this.quota)
      throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, String(v));
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
  clear(): void {
    this.data.clear();
  }
  used(): number {
    return [...this.data].reduce((a, [k, v]) => a + k.length + v.length, 0);
  }
}

function statement(rows: Cell[][], over: Partial<WireStatement> = {}): WireStatement {
  return {
    sql: 'select user_id, lifetime_value, _attrs from users',
    command: 'SELECT',
    rowCount: rows.length,
    columns: [
      { name: 'user_id', type: 'text' },
      { name: 'lifetime_value', type: 'numeric' },
      { name: '_attrs', type: 'jsonb' },
    ],
    rows,
    cursor: null,
    plan: {
      scans: [
        scanPlan({
          relation: 'public.users',
          table: 'users',
          estimatedRcu: 12.5,
          consumedRcu: 12.5,
          scannedCount: 40,
          returnedCount: 2,
        }),
      ],
    },
    consumedRcu: 12.5,
    durationMs: 31.4,
    notices: ['a notice'],
    ...over,
  };
}

function run(statements: WireStatement[], over: Partial<RunView> = {}): RunView {
  const submitted = statements.map((s) => s.sql).join(';\n');
  return {
    id: 'r1',
    requestId: 'q1',
    kind: 'run',
    submitted,
    base: 7,
    redacted: { redactedSql: submitted, redactions: [] },
    status: 'done',
    progress: null,
    statements: statements.map(statementView),
    error: null,
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_000_500,
    activeIndex: 0,
    preview: [],
    restored: null,
    ...over,
  };
}

/** Rows of about `chars` characters of JSON in all. */
function rowsOf(chars: number): Cell[][] {
  const n = Math.ceil(chars / 1000);
  return Array.from({ length: n }, (_, i) => [`u${i}`, `${i}.5`, { note: 'x'.repeat(960) }]);
}

const BIG = '12345678901234567890.123456789012345678';

describe('saved results', () => {
  it('restores columns, the first page of rows with exact numbers, plan and notices, marked restored', () => {
    const store = new QuotaStorage();
    const rows: Cell[][] = [
      ['u0001', BIG, { n: new LosslessNumber('99999999999999999999999999999999999999'), ok: true }],
      ['u0002', null, null],
    ];
    const first = run([statement(rows, { cursor: 'cursor-1' })]);
    // A second page was loaded afterwards: only the first is kept, and no cursor.
    const paged = {
      ...first,
      statements: first.statements.map((s) => ({ ...s, rows: [...s.rows, ['u0003', '1', null]], pages: 2 })),
    };
    saveResult(store, 'tab-a', paged);

    const restored = loadResults(store, ['tab-a'])['tab-a']!;
    expect(restored.restored).toEqual({ at: 1_700_000_000_500, rowsDropped: null });
    expect(restored.status).toBe('done');
    const sv = restored.statements[0]!;
    expect(sv.rows).toEqual(rows);
    expect(sv.rows[0]![1]).toBe(BIG);
    expect((sv.rows[0]![2] as { n: LosslessNumber }).n).toBeInstanceOf(LosslessNumber);
    expect(String((sv.rows[0]![2] as { n: LosslessNumber }).n)).toBe(
      '99999999999999999999999999999999999999',
    );
    expect(sv.cursor).toBeNull();
    expect(sv.stmt.cursor).toBeNull();
    expect(sv.firstPageOnly).toBe(true);
    expect(sv.stmt.columns).toEqual(first.statements[0]!.stmt.columns);
    expect(sv.stmt.plan).toEqual(first.statements[0]!.stmt.plan);
    expect(sv.stmt.notices).toEqual(['a notice']);
    expect(store.getItem(RESULT_KEY_PREFIX + 'tab-a')).not.toContain('cursor-1');
  });

  it('restores JSON null apart from SQL NULL (issue 17, defect 6)', () => {
    const store = new QuotaStorage();
    const rows: Cell[][] = [
      ['u0001', null, JSON_NULL],
      ['u0002', null, null],
    ];
    saveResult(store, 'tab-a', run([statement(rows)]));
    const sv = loadResults(store, ['tab-a'])['tab-a']!.statements[0]!;
    expect(sv.rows[0]![2]).toBe(JSON_NULL);
    expect(sv.rows[1]![2]).toBeNull();
    expect(sv.stmt.rows).toEqual(rows);
  });

  it('restores an error run and an explain', () => {
    const store = new QuotaStorage();
    const error = {
      message: 'column "nme" does not exist',
      sqlstate: '42703',
      position: 16,
      statementIndex: 1,
    };
    saveResult(store, 'e', run([statement([['a', '1', null]])], { status: 'error', error, activeIndex: 1 }));
    saveResult(store, 'x', run([statement([])], { kind: 'explain' }));
    const runs = loadResults(store, ['e', 'x']);
    expect(runs.e!.status).toBe('error');
    expect(runs.e!.error).toEqual(error);
    expect(runs.e!.activeIndex).toBe(1);
    expect(runs.x!.kind).toBe('explain');
    expect(runs.x!.statements[0]!.firstPageOnly).toBe(false);
  });

  it('does not keep a running run', () => {
    const store = new QuotaStorage();
    saveResult(store, 'a', run([], { status: 'running', finishedAt: null }));
    expect(store.length).toBe(0);
  });

  it('keeps the SQL as the engine redacted it and masks its secrets in statements, notices and errors', () => {
    const store = new QuotaStorage();
    const sql = `select "vault".create_secret('AKIASECRET123', 'k1', 'key')`;
    const ddl =
      "create server s foreign data wrapper dynamodb_fdw options (aws_secret_access_key 'sup3r-s3cret')";
    const submitted = `${sql};\n${ddl}`;
    const redactions = ["'AKIASECRET123'", "'sup3r-s3cret'"].map((s) => ({
      start: submitted.indexOf(s),
      end: submitted.indexOf(s) + s.length,
    }));
    const redactedSql = submitted
      .replace("'AKIASECRET123'", "'********'")
      .replace("'sup3r-s3cret'", "'********'");
    saveResult(
      store,
      'a',
      run([statement([['id-1', null, null]], { sql, notices: [`ran ${ddl}`] })], {
        submitted,
        redacted: { redactedSql, redactions },
        status: 'error',
        error: { message: `syntax error in ${ddl}`, detail: 'near sup3r-s3cret', hint: `try ${sql}` },
      }),
    );
    const text = store.getItem(RESULT_KEY_PREFIX + 'a')!;
    expect(text).not.toContain('AKIASECRET123');
    expect(text).not.toContain('sup3r-s3cret');
    const r = loadResults(store, ['a']).a!;
    expect(r.submitted).toBe(redactedSql);
    expect(r.statements[0]!.stmt.sql).toBe(`select "vault".create_secret('********', 'k1', 'key')`);
    expect(r.error!.message).toContain("aws_secret_access_key '********'");
    expect(r.error!.detail).toBe('near ********');
  });

  it('keeps no SQL text of a run the engine did not answer', () => {
    const store = new QuotaStorage();
    saveResult(
      store,
      'a',
      run([], {
        submitted: "select vault.create_secret('s3cr3t')",
        redacted: null,
        status: 'error',
        error: { message: 'offline' },
      }),
    );
    expect(store.getItem(RESULT_KEY_PREFIX + 'a')).not.toContain('s3cr3t');
    expect(loadResults(store, ['a']).a!.submitted).toBe('');
  });

  it('keeps a result over the cap without its rows, and says how large it was', () => {
    const store = new QuotaStorage();
    saveResult(store, 'big', run([statement(rowsOf(RESULT_SIZE_CAP + 50_000), { cursor: 'c' })]));
    expect(store.getItem(RESULT_KEY_PREFIX + 'big')!.length).toBeLessThan(5_000);
    const r = loadResults(store, ['big']).big!;
    expect(r.restored!.rowsDropped!.reason).toBe('too-large');
    expect(r.restored!.rowsDropped!.size).toBeGreaterThan(RESULT_SIZE_CAP);
    expect(r.statements[0]!.rows).toEqual([]);
    expect(r.statements[0]!.stmt.columns.map((c) => c.name)).toEqual(['user_id', 'lifetime_value', '_attrs']);
    expect(r.statements[0]!.stmt.plan!.scans[0]!.operation).toBe('Scan');
  });

  it('drops the rows of the oldest other results first when the budget is reached', () => {
    const store = new QuotaStorage();
    const size = Math.floor(RESULTS_BUDGET / 2.5);
    saveResult(store, 'a', run([statement(rowsOf(size))], { finishedAt: 1000 }));
    saveResult(store, 'b', run([statement(rowsOf(size))], { finishedAt: 2000 }));
    saveResult(store, 'c', run([statement(rowsOf(size))], { finishedAt: 3000 }));
    expect(store.used()).toBeLessThanOrEqual(RESULTS_BUDGET + 1000);
    const runs = loadResults(store, ['a', 'b', 'c']);
    expect(runs.a!.restored!.rowsDropped).toMatchObject({ reason: 'no-room' });
    expect(runs.a!.statements[0]!.rows).toEqual([]);
    expect(runs.b!.statements[0]!.rows).toHaveLength(rowsOf(size).length);
    expect(runs.c!.statements[0]!.rows).toHaveLength(rowsOf(size).length);
  });

  it('survives a full browser quota: never throws, keeps the run without rows, leaves the workspace alone', () => {
    const store = new QuotaStorage(200_000);
    store.setItem(WORKSPACE_KEY, 'w'.repeat(120_000));
    expect(() => saveResult(store, 'a', run([statement(rowsOf(150_000))]))).not.toThrow();
    expect(store.getItem(WORKSPACE_KEY)).toHaveLength(120_000);
    const r = loadResults(store, ['a']).a!;
    expect(r.restored!.rowsDropped).toMatchObject({ reason: 'no-room' });
    expect(r.statements[0]!.stmt.columns).toHaveLength(3);
  });

  it('forgets closed tabs and malformed entries', () => {
    const store = new QuotaStorage();
    saveResult(store, 'open', run([statement([['a', '1', null]])]));
    saveResult(store, 'closed', run([statement([['b', '2', null]])]));
    store.setItem(RESULT_KEY_PREFIX + 'broken', '{"v":1,"statements":');
    store.setItem(WORKSPACE_KEY, '{}');
    removeResults(store, ['open', 'broken']);
    expect(store.getItem(RESULT_KEY_PREFIX + 'closed')).toBeNull();
    const runs = loadResults(store, ['open', 'broken']);
    expect(Object.keys(runs)).toEqual(['open']);
    expect(store.getItem(RESULT_KEY_PREFIX + 'broken')).toBeNull();
    expect(store.getItem(WORKSPACE_KEY)).toBe('{}');
  });
});
