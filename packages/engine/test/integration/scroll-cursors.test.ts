import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { BATCH_ROWS, MEMORY_BATCHES } from '../../src/run/cursor-rows';
import { toJson } from '../../src/json';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/** More rows than a cursor keeps in memory: scrolling back reads spilled batches from the host. */
const N = BATCH_ROWS * (MEMORY_BATCHES + 2) + 37;

/**
 * SCROLL cursors over foreign tables against Postgres itself: the same DECLARE / FETCH / MOVE steps
 * over a foreign table and over a host table holding the same rows (the host's own cursor: Postgres's
 * answer) give the same rows, tags, counts and errors — SCROLL, NO SCROLL and plain DECLARE (which
 * scrolls, as Postgres's cursor over a table's plain scan or sort does), WITH HOLD, savepoints.
 */
describe.each(BACKENDS)('scroll cursors over foreign tables (%s)', (backend) => {
  let engine: Engine;
  const table = uniqueName('scroll');
  /** Items of 4 kB: its rows take several DynamoDB pages (1 MB each) to read. */
  const wideTable = uniqueName('scroll_wide');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    await putItems(
      client,
      table,
      Array.from({ length: N }, (_, i) => ({
        pk: { S: 'p' },
        sk: { N: String(i + 1) },
        v: { S: `v${i + 1}` },
        d: { N: i % 7 === 0 ? '-0' : String((i + 1) / 8) },
        j: { M: { k: { N: String(i) }, s: { S: `x${i}` } } },
      })),
    );
    await createTable(client, wideTable, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    const pad = 'x'.repeat(4000);
    await putItems(
      client,
      wideTable,
      Array.from({ length: 600 }, (_, i) => ({ pk: { S: 'p' }, sk: { N: String(i + 1) }, pad: { S: pad } })),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table ft (pk text, sk bigint, v text, d double precision, j jsonb)
         server dynamodb_server options (table '${table}', rowid_column 'pk');
       create foreign table wide (pk text, sk bigint, pad text)
         server dynamodb_server options (table '${wideTable}', rowid_column 'pk');
       create table host_rows as select * from ft`,
    );
  }, 120_000);
  afterAll(() => engine?.close());

  /** Every step's tag, count and rows, or its error; an error starts the block and cursor anew. */
  async function run(
    declare: (from: string) => string,
    steps: readonly string[],
    from: string,
    session?: string,
  ) {
    const out: unknown[] = [];
    const exec = (sql: string) => engine.execute(sql, { pageSize: 100_000, ...(session && { session }) });
    const open = async () => {
      const r = await exec(declare(from));
      if (r.error) throw new Error(`${r.error.sqlstate} ${r.error.message}`);
    };
    await open();
    for (const step of steps) {
      const r = await exec(step);
      if (r.error) {
        const { sqlstate, message, hint } = r.error;
        out.push({ step, error: { sqlstate, message, hint } });
        await exec('rollback');
        await open();
        continue;
      }
      const s = r.statements[0]!;
      out.push({ step, command: s.command, count: s.rowCount, rows: toJson(s.rows) });
    }
    await exec('rollback; close all');
    return out;
  }

  async function compare(declare: (from: string) => string, steps: readonly string[], session?: string) {
    const foreign = await run(declare, steps, 'ft', session);
    const host = await run(declare, steps, 'host_rows', session);
    // The first step that differs, if any (the whole answers are long).
    const at = foreign.findIndex((s, i) => JSON.stringify(s) !== JSON.stringify(host[i]));
    expect(at < 0 ? null : { foreign: foreign[at], host: host[at] }).toBeNull();
    expect(foreign.length).toBe(steps.length);
    return foreign;
  }

  const SCRIPT = [
    'fetch 3 from c',
    'fetch prior from c',
    'fetch backward 5 from c',
    'fetch 0 from c',
    'move 0 in c',
    'fetch next from c',
    'fetch 0 from c',
    'fetch relative 0 from c',
    'move 0 in c',
    `fetch absolute ${N - 20} from c`,
    'fetch relative -2 from c',
    'fetch absolute 2 from c',
    'fetch backward 3 from c',
    'move backward all in c',
    'fetch forward 2 from c',
    'fetch last from c',
    'fetch next from c',
    'fetch 0 from c',
    'move 0 in c',
    'fetch prior from c',
    'fetch absolute -3 from c',
    'fetch absolute 0 from c',
    `fetch absolute ${N + 1} from c`,
    `fetch absolute -${N + 1} from c`,
    `fetch absolute -${N} from c`,
    'move all in c',
    `move backward ${BATCH_ROWS * 3} in c`,
    'fetch backward 1 from c',
    `fetch absolute ${BATCH_ROWS + 5} from c`,
    'fetch forward -3 from c',
    'fetch backward -2 from c',
    `move absolute ${BATCH_ROWS * 5} in c`,
    `move relative -${BATCH_ROWS * 4 + 3} in c`,
    `fetch ${BATCH_ROWS * 2} from c`,
    'fetch all from c',
    'fetch backward all from c',
    'fetch first from c',
    'move last in c',
    'move forward all in c',
    'move backward all in c',
    `move absolute -1 in c`,
    `fetch relative -${BATCH_ROWS * 5} from c`,
  ];
  const query = (from: string) => `select sk, v, d, j from ${from} order by sk`;

  it('SCROLL: every direction and count, across the rows spilled to the host, as Postgres answers', async () => {
    const out = await compare((from) => `begin; declare c scroll cursor for ${query(from)}`, SCRIPT);
    expect(out.filter((s) => (s as { error?: unknown }).error)).toEqual([]);
    expect(out[15]).toMatchObject({
      command: 'FETCH',
      count: 1,
      rows: `[["${N}","v${N}",${N / 8},{"k": ${N - 1}, "s": "x${N - 1}"}]]`,
    });
  });

  it('keeps the rows behind its memory window in the host, and deletes them at CLOSE', async () => {
    const spilled = 'select count(*) from pg_temp.__ds_cursor_rows';
    try {
      await ok(engine, `begin; declare c scroll cursor for ${query('ft')}; move all in c`);
      const [[held]] = (await ok(engine, spilled)).at(-1)!.rows as [[string]];
      // Every full batch but the last MEMORY_BATCHES used is in the host (the last, partial one is not).
      expect(Number(held)).toBe(Math.floor(N / BATCH_ROWS) - MEMORY_BATCHES);
      await ok(engine, 'close c');
      expect((await ok(engine, spilled)).at(-1)!.rows).toEqual([['0']]);
    } finally {
      await engine.execute('rollback');
    }
  });

  it('LAST and ABSOLUTE -n on an unread cursor read to the end first', async () => {
    await compare(
      (from) => `begin; declare c scroll cursor for ${query(from)}`,
      ['fetch last from c', 'fetch prior from c', 'move 0 in c', 'fetch relative 1 from c'],
    );
    await compare(
      (from) => `begin; declare c scroll cursor for ${query(from)}`,
      [`move absolute -${BATCH_ROWS} in c`, 'fetch 2 from c'],
    );
  });

  it('plain DECLARE scrolls, as over a table; NO SCROLL refuses going back with 55000 where Postgres does', async () => {
    await compare((from) => `begin; declare c cursor for ${query(from)}`, SCRIPT);
    const out = await compare((from) => `begin; declare c no scroll cursor for ${query(from)}`, SCRIPT);
    expect(out[1]).toMatchObject({
      error: {
        sqlstate: '55000',
        message: 'cursor can only scan forward',
        hint: 'Declare it with SCROLL option to enable backward scan.',
      },
    });
    expect(out.some((s) => (s as { command?: string }).command === 'FETCH')).toBe(true);
  });

  it.each([
    ['read as it moves', (from: string) => `select sk, v, d, j from ${from} where pk = 'p' order by sk`],
    ['sorted by the host', query],
  ])(
    'NO SCROLL (%s): MOVE ALL and MOVE FORWARD n count and leave the cursor where Postgres does',
    async (_, query) => {
      const out = await compare(
        (from) => `begin; declare c no scroll cursor for ${query(from)}`,
        [
          'move 0 in c',
          'fetch 2 from c',
          `move forward ${BATCH_ROWS * 3 + 7} in c`,
          'fetch 3 from c',
          'move 0 in c',
          `fetch absolute ${BATCH_ROWS * 4} from c`,
          `move ${N - BATCH_ROWS * 4 - 2} in c`,
          'fetch next from c',
          'move all in c',
          'move all in c',
          'fetch next from c',
          'move 0 in c',
        ],
      );
      expect(out.filter((s) => (s as { error?: unknown }).error)).toEqual([]);
      expect(out[2]).toMatchObject({ command: 'MOVE', count: BATCH_ROWS * 3 + 7 });
      expect(out[7]).toMatchObject({
        command: 'FETCH',
        count: 1,
        rows: expect.stringMatching(`^\\[\\["${N - 1}",`),
      });
      expect(out[8]).toMatchObject({ command: 'MOVE', count: 1 });
      const all = await compare(
        (from) => `begin; declare c no scroll cursor for ${query(from)}`,
        ['move all in c', 'fetch 1 from c', 'move 0 in c', 'move backward 0 in c'],
      );
      expect(all[0]).toMatchObject({ command: 'MOVE', count: N });
    },
  );

  /** Each step's answer or error, going on after an error (in a block: after a ROLLBACK TO among them). */
  async function steps(declare: string, list: readonly string[]) {
    const out: unknown[] = [];
    for (const text of [declare, ...list]) {
      const r = await engine.execute(text, { pageSize: 100_000 });
      const s = r.statements.at(-1);
      // The two tables' cursors compare step by step: the table's name aside.
      const sql = text.replace(/\b(ft|host_rows)\b/, 't');
      out.push(
        r.error
          ? { sql, error: [r.error.sqlstate, r.error.message] }
          : { sql, command: s?.command, count: s?.rowCount, rows: s && toJson(s.rows) },
      );
    }
    await engine.execute('rollback; close all');
    return out;
  }

  it('a FETCH or MOVE that failed leaves the cursor unusable, as Postgres marks its portal failed', async () => {
    const script = (from: string) =>
      [
        `declare c no scroll cursor with hold for ${query(from)}`,
        [
          'fetch 2 from c',
          'fetch prior from c',
          'fetch 1 from c',
          'move all in c',
          'close c',
          'fetch 1 from c',
        ],
      ] as const;
    const foreign = await steps(...script('ft'));
    expect(foreign).toEqual(await steps(...script('host_rows')));
    expect(foreign[4]).toEqual({ sql: 'move all in c', error: ['55000', 'portal "c" cannot be run'] });
    // Stopped while it passes rows, pages of DynamoDB still to read (paced, statement_timeout): after
    // ROLLBACK TO it cannot be run either.
    const cancelled = await steps(
      "begin; declare c no scroll cursor for select sk from wide where pk = 'p' order by sk; fetch 2 from c",
      [
        'savepoint a',
        "set local dynascope.max_rcu_per_second = 1; set local statement_timeout = '300ms'",
        'move all in c',
        'rollback to a',
        'fetch 1 from c',
      ],
    );
    // The cursor reads DynamoDB as FETCH and MOVE go (its rows are not all read at DECLARE).
    const [explained] = await ok(engine, "explain select sk from wide where pk = 'p' order by sk");
    expect(explained!.plan).toMatchObject({ shape: 'rows-from-items' });
    expect(cancelled.slice(3)).toEqual([
      { sql: 'move all in c', error: ['57014', 'canceling statement due to statement timeout'] },
      { sql: 'rollback to a', command: 'ROLLBACK', count: 0, rows: '[]' },
      { sql: 'fetch 1 from c', error: ['55000', 'portal "c" cannot be run'] },
    ]);
  });

  it('FOR UPDATE / FOR SHARE: plain DECLARE is NO SCROLL, and SCROLL is refused, as Postgres does', async () => {
    for (const lock of ['for update', 'for share']) {
      await compare(
        (from) => `begin; declare c cursor for select sk, v from ${from} order by sk ${lock}`,
        ['fetch 2 from c', 'fetch 0 from c', 'fetch 1 from c', 'fetch prior from c'],
      );
      const refused = async (from: string) => {
        const r = await engine.execute(
          `begin; declare c scroll cursor for select sk, v from ${from} order by sk ${lock}`,
        );
        await engine.execute('rollback');
        return r.error && [r.error.sqlstate, r.error.message];
      };
      expect(await refused('ft')).toEqual(await refused('host_rows'));
      expect(await refused('ft')).toEqual([
        '0A000',
        `DECLARE SCROLL CURSOR ... ${lock.toUpperCase()} is not supported`,
      ]);
    }
  });

  it('WITH HOLD scroll cursors, outside a block and after COMMIT', async () => {
    const steps = SCRIPT.slice(0, 30);
    await compare((from) => `declare c scroll cursor with hold for ${query(from)}`, steps);
    await compare(
      (from) =>
        `begin; declare c scroll cursor with hold for ${query(from)}; fetch ${BATCH_ROWS * 6} from c; commit`,
      steps,
    );
  });

  it('a scroll cursor declared before a savepoint keeps the rows it read inside it after ROLLBACK TO', async () => {
    await compare(
      (from) => `begin; declare c scroll cursor for ${query(from)}; fetch 10 from c`,
      [
        'savepoint a',
        `fetch ${BATCH_ROWS * 5} from c`,
        'rollback to a',
        'fetch absolute 1 from c',
        `fetch absolute ${BATCH_ROWS * 5} from c`,
        'fetch all from c',
        'fetch backward all from c',
      ],
    );
    // A WITH HOLD cursor outlives a block that rolled back: what it spilled in it is written again.
    await compare(
      (from) => `declare c scroll cursor with hold for ${query(from)}; fetch 10 from c`,
      [
        'begin',
        `fetch ${BATCH_ROWS * 5} from c`,
        'rollback',
        'fetch absolute 2 from c',
        `fetch absolute ${BATCH_ROWS * 5} from c`,
        'fetch backward all from c',
      ],
    );
  });

  it('in a read-only block of a session without the spill table, it spills to the staged rows’ table', async () => {
    await compare(
      (from) => `begin read only; declare c scroll cursor for ${query(from)}`,
      [
        'move all in c',
        'fetch absolute 3 from c',
        `fetch relative ${BATCH_ROWS * 5} from c`,
        'fetch backward all from c',
      ],
      'read-only-scroll',
    );
    // A session of its own connection (PostgreSQL host) has made no table of its own: the batches
    // went to the staged rows' table. On PGlite sessions share the connection and its temp tables.
    if (process.env.DYNASCOPE_TEST_HOST === 'postgres') {
      const r = await engine.execute("select pg_catalog.to_regclass('pg_temp.__ds_cursor_rows')::text", {
        session: 'read-only-scroll',
      });
      expect(r.statements[0]!.rows).toEqual([[null]]);
    }
  });
});
