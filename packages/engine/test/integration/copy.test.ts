import { readFileSync } from 'node:fs';
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import { STAGE_CHUNK_BYTES } from '../../src/copy/stage-rows';
import { startRequestLog, type LoggedRequest, type RequestLog } from '../support/request-log';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  endpointOf,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

const BIG = '12345678901234567890123456789012345678';
const COLUMNS =
  'id text not null, n integer, price numeric, f float8, r real, t text, j jsonb, b bytea, flag boolean, arr text[]';

/** Awkward values, as items and as the same rows in SQL (the reference table's). */
const ROWS: { item: Record<string, AttributeValue>; sql: string }[] = [
  {
    item: {
      id: { S: 'r01' },
      n: { N: '1' },
      price: { N: BIG },
      f: { N: '100000000000000000000' },
      r: { N: '1.1' },
      t: { S: 'a,b' },
      flag: { BOOL: true },
    },
    sql: `('r01', 1, ${BIG}, 1e20, 1.1, 'a,b', null, null, true, null)`,
  },
  {
    item: {
      id: { S: 'r02' },
      t: { S: 'say "hi"' },
      f: { N: '-0.000001' },
      j: { M: { a: { S: 'x,"y' }, n: { N: BIG } } },
    },
    sql: `('r02', null, null, -0.000001, null, 'say "hi"', '{"a": "x,\\"y", "n": ${BIG}}', null, null, null)`,
  },
  {
    item: { id: { S: 'r03' }, t: { S: 'line1\nline2\r\nline3' }, b: { B: new Uint8Array([0, 255, 10]) } },
    sql: `('r03', null, null, null, null, E'line1\\nline2\\r\\nline3', null, '\\x00ff0a', null, null)`,
  },
  {
    item: {
      id: { S: 'r04' },
      t: { S: 'tab\there' },
      n: { NULL: true },
      arr: { L: [{ S: 'x' }, { S: 'a "q"' }, { S: 'c,d' }] },
    },
    sql: `('r04', null, null, null, null, E'tab\\there', null, null, null, array['x', 'a "q"', 'c,d'])`,
  },
  {
    item: { id: { S: 'r05' }, t: { S: 'back\\slash' }, r: { N: '16777216' } },
    sql: `('r05', null, null, null, 16777216, E'back\\\\slash', null, null, null, null)`,
  },
  {
    item: { id: { S: 'r06' }, t: { S: '\\N' }, flag: { BOOL: false } },
    sql: `('r06', null, null, null, null, E'\\\\N', null, null, false, null)`,
  },
  {
    item: { id: { S: 'r07' }, t: { S: 'ünïcødé 🙂 ;|' }, price: { N: '-0.5' } },
    sql: `('r07', null, -0.5, null, null, 'ünïcødé 🙂 ;|', null, null, null, null)`,
  },
  {
    item: { id: { S: 'r08' }, t: { S: '' }, j: { L: [{ N: '1' }, { NULL: true }, { BOOL: true }] } },
    sql: `('r08', null, null, null, null, '', '[1, null, true]', null, null, null)`,
  },
  {
    item: { id: { S: 'r09' }, t: { S: 'NULL' } },
    sql: `('r09', null, null, null, null, 'NULL', null, null, null, null)`,
  },
  {
    item: { id: { S: "r10 'quoted'" }, t: { S: ' lead and trail ' } },
    sql: `('r10 ''quoted''', null, null, null, null, ' lead and trail ', null, null, null, null)`,
  },
];

const OPTIONS = [
  '',
  'with (format csv)',
  'with (format csv, header)',
  'csv header',
  `with (format csv, header true, delimiter ';', null 'NULL', quote '''', force_quote (t, id))`,
  `with (format csv, force_quote *, escape '\\')`,
  `with (format text, delimiter '|', null '<null>')`,
  'with (header)',
  `with (format csv, encoding 'UTF8', null '')`,
];

/** Everything engine.copyTo writes for one statement, as bytes. */
async function exported(
  engine: Engine,
  sql: string,
): Promise<{ bytes: Buffer; rowCount: number; chunks: number }> {
  const chunks: Uint8Array[] = [];
  const done = await engine.copyTo(sql, { onChunk: (b) => void chunks.push(b) });
  return { bytes: Buffer.concat(chunks), rowCount: done.rowCount, chunks: chunks.length };
}

async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

describe.each(BACKENDS)('COPY on %s', (backend) => {
  let engine: Engine;
  let client: DynamoDBClient;
  /** The reference: Postgres's own COPY of an ordinary table holding the same rows. */
  let reference: PGlite;
  const awkward = uniqueName('awkward');
  const big = uniqueName('big');
  const imported = uniqueName('imported');
  const refused = uniqueName('refused');
  const raw = uniqueName('raw');
  const raw2 = uniqueName('raw2');

  beforeAll(async () => {
    client = clientOf(backend);
    for (const t of [awkward, big, imported, refused, raw, raw2])
      await createTable(client, t, { name: 'id', type: 'S' });
    await putItems(
      client,
      awkward,
      ROWS.map((r) => r.item),
    );
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create foreign table awkward (${COLUMNS}) server dynamodb_server options (table '${awkward}', rowid_column 'id');
       create foreign table big (id text not null, n integer) server dynamodb_server options (table '${big}', rowid_column 'id');
       create foreign table imported (id text not null, n integer, t text, price numeric) server dynamodb_server options (table '${imported}', rowid_column 'id');
       create foreign table refused (id text not null, n integer, t text) server dynamodb_server options (table '${refused}', rowid_column 'id');
       create foreign table raw (id text not null, _attrs jsonb) server dynamodb_server options (table '${raw}', rowid_column 'id');
       create foreign table raw2 (id text not null) server dynamodb_server options (table '${raw2}', rowid_column 'id');`,
    );
    reference = await PGlite.create({ loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await reference.exec(
      `create table awkward (${COLUMNS}); insert into awkward values ${ROWS.map((r) => r.sql).join(', ')};`,
    );
  });
  afterAll(async () => {
    await engine?.close();
    await reference?.close();
  });

  const hostCopy = async (sql: string) => Buffer.from(await (await reference.query(sql)).blob!.arrayBuffer());

  it.each(OPTIONS)('COPY (query) TO STDOUT %s writes exactly what Postgres writes', async (options) => {
    const ours = await exported(engine, `copy (select * from awkward order by id) to stdout ${options}`);
    const theirs = await hostCopy(`copy (select * from awkward order by id) to '/dev/blob' ${options}`);
    expect(ours.bytes.toString('utf8')).toBe(theirs.toString('utf8'));
    expect(ours.bytes.equals(theirs)).toBe(true);
    expect(ours.rowCount).toBe(ROWS.length);
  });

  it.each(OPTIONS)(
    'COPY TO STDOUT %s record by record: its columns first, then each row (and the header) apart',
    async (options) => {
      const sql = `copy (select * from awkward order by id) to stdout ${options}`;
      const seen: string[] = [];
      const records: Buffer[] = [];
      await engine.copyTo(sql, {
        onStart: (columns) => void seen.push(`start ${columns}`),
        onRecords: (batch) => {
          seen.push('records');
          records.push(...batch.map((r) => Buffer.from(r)));
        },
      });
      const theirs = await hostCopy(`copy (select * from awkward order by id) to '/dev/blob' ${options}`);
      const columns = (await reference.query('select * from awkward limit 0')).fields.length;
      expect(seen[0]).toBe(`start ${columns}`);
      expect(seen.slice(1).every((s) => s === 'records')).toBe(true);
      expect(Buffer.concat(records).equals(theirs)).toBe(true);
      // r03's newlines (quoted in csv, escaped in text) stay inside its record.
      expect(records).toHaveLength(ROWS.length + (/header/.test(options) ? 1 : 0));
      expect(records.every((r) => r.at(-1) === 0x0a)).toBe(true);
    },
  );

  it('COPY FROM tells its columns once the statement is checked, before it reads its input', async () => {
    const seen: string[] = [];
    async function* body(line = 'k1\t1') {
      seen.push('read');
      yield new TextEncoder().encode(`${line}\n`);
    }
    const onStart = (columns: number) => void seen.push(`start ${columns}`);
    await engine.copyPreview(`copy imported (id, n) from stdin`, body(), { onStart });
    await engine.copyPreview(
      `copy raw2 from stdin (format dynamodb_json)`,
      body('{"Item":{"id":{"S":"k1"}}}'),
      {
        onStart,
      },
    );
    expect(seen).toEqual(['start 2', 'read', 'start 1', 'read']);
    // A column it does not have, named as the statement names its table: nothing is read.
    seen.length = 0;
    await expect(
      engine.copyPreview(`copy imported (id, nosuch) from stdin`, body(), { onStart }),
    ).rejects.toMatchObject({
      sqlstate: '42703',
      message: 'column "nosuch" of relation "imported" does not exist',
    });
    await expect(
      engine.copyPreview(`copy imported from stdin (format csv, delimiter 'xx')`, body(), { onStart }),
    ).rejects.toMatchObject({ sqlstate: '0A000' });
    expect(seen).toEqual([]);
  });

  it("COPY FROM checks the input's header with HEADER MATCH, and leaves a generated column to the table", async () => {
    await ok(
      engine,
      `create table hm_${backend.replace('-', '_')} (a int, b text);
       create table gen_${backend.replace('-', '_')} (a int, g int generated always as (a * 2) stored)`,
    );
    const suffix = backend.replace('-', '_');
    const seen: number[] = [];
    const onStart = (columns: number) => void seen.push(columns);
    const text = (s: string) => new TextEncoder().encode(s);
    const matched = await engine.copyFrom(
      `copy hm_${suffix} from stdin (format csv, header match)`,
      text('a,b\n1,x\n'),
      {
        onStart,
      },
    );
    expect(matched.rowCount).toBe(1);
    await expect(
      engine.copyFrom(`copy hm_${suffix} from stdin (format csv, header match)`, text('a,c\n2,y\n')),
    ).rejects.toMatchObject({ sqlstate: '22P04' });
    const generated = await engine.copyFrom(`copy gen_${suffix} from stdin`, text('1\n2\n'), { onStart });
    expect(generated.rowCount).toBe(2);
    expect(seen).toEqual([2, 1]);
    const [rows] = await ok(engine, `select a, g from gen_${suffix} order by a`);
    expect(rows!.rows).toEqual([
      [1, 2],
      [2, 4],
    ]);
    // A view takes a COPY only through an INSTEAD OF INSERT trigger, as in Postgres.
    await ok(
      engine,
      `create view genv_${suffix} as select a from gen_${suffix};
       create function genv_${suffix}_ins() returns trigger language plpgsql as $$ begin insert into gen_${suffix} (a) values (new.a * 10); return new; end $$;`,
    );
    await expect(engine.copyFrom(`copy genv_${suffix} from stdin`, text('5\n'))).rejects.toMatchObject({
      sqlstate: '42809',
      message: `cannot copy to view "genv_${suffix}"`,
    });
    await ok(
      engine,
      `create trigger genv_ins instead of insert on genv_${suffix} for each row execute function genv_${suffix}_ins()`,
    );
    expect((await engine.copyFrom(`copy genv_${suffix} from stdin`, text('5\n'))).rowCount).toBe(1);
    const [viaView] = await ok(engine, `select a, g from gen_${suffix} where a = 50`);
    expect(viaView!.rows).toEqual([[50, 100]]);
    await expect(
      engine.copyFrom(`copy gen_${suffix} (a, g) from stdin`, text('3\t6\n')),
    ).rejects.toMatchObject({
      sqlstate: '42P10',
      message: 'column "g" is a generated column',
    });
  });

  it('COPY foreign_table (columns) TO STDOUT writes its rows as Postgres writes the table', async () => {
    const ours = await exported(engine, `copy awkward (id, t, price) to stdout with (format csv, header)`);
    const theirs = await hostCopy(`copy awkward (id, t, price) to '/dev/blob' with (format csv, header)`);
    // A Scan's order is DynamoDB's: compare the header, then the records as a set (no newline inside id or price).
    const records = (b: Buffer) =>
      b
        .toString('utf8')
        .replace(/\n$/, '')
        .split(/\n(?=r\d\d|"r10)/);
    expect(records(ours.bytes)[0]).toBe(records(theirs)[0]);
    expect(records(ours.bytes).slice(1).sort()).toEqual(records(theirs).slice(1).sort());
  });

  it('an empty result still gets its header; COPY to a file stays refused', async () => {
    const ours = await exported(
      engine,
      `copy (select id, t from awkward where id = 'none') to stdout (format csv, header)`,
    );
    expect(ours.bytes.toString()).toBe('id,t\n');
    expect(ours.rowCount).toBe(0);
    await expect(
      engine.copyTo(`copy awkward to '/tmp/x.csv'`, { onChunk: () => undefined }),
    ).rejects.toMatchObject({ sqlstate: '42501' });
    const r = await engine.execute(`copy (select 1) to '/tmp/x.csv'`);
    expect(r.error?.sqlstate).toBe('42501');
  });

  it('COPY TO STDOUT in a script answers its records as rows', async () => {
    const [s] = await ok(
      engine,
      `copy (select id, n from awkward where id = 'r01') to stdout (format csv, header)`,
    );
    expect(s!.command).toBe('COPY');
    expect(s!.rows).toEqual([['id,n'], ['r01,1']]);
    // Postgres's `COPY 1`: the rows copied, not the header.
    expect(s!.rowCount).toBe(1);
    // A csv field's newlines are inside its record: one row.
    const [t] = await ok(engine, `copy (select id, t from awkward where id = 'r03') to stdout (format csv)`);
    expect(t!.rows).toEqual([['r03,"line1\nline2\r\nline3"']]);
  });

  it("COPY TO STDOUT in a script sends its output to the caller's copyOut as it reads it", async () => {
    const seen: string[] = [];
    const r = await engine.execute(
      `select 1 as one; copy (select id, n from awkward where id in ('r01', 'r02') order by id) to stdout (format csv); select 2 as two`,
      {
        copyOut: {
          onStart: (columns) => void seen.push(`start ${columns}`),
          onRecords: (batch) => void seen.push(...batch.map((b) => Buffer.from(b).toString())),
        },
      },
    );
    expect(r.error).toBeUndefined();
    expect(seen).toEqual(['start 2', 'r01,1\n', 'r02,\n']);
    const copy = r.statements[1]!;
    expect(copy).toMatchObject({ command: 'COPY', rowCount: 2, rows: [], columns: [] });
    expect(r.statements.map((s) => s.rows)).toEqual([[[1]], [], [[2]]]);
  });

  it('exports 60,000 items completely, batch by batch', async () => {
    const items = Array.from({ length: 60_000 }, (_, i) => ({
      id: { S: `k${String(i).padStart(5, '0')}` },
      n: { N: String(i) },
    }));
    const parts = 8;
    await Promise.all(
      Array.from({ length: parts }, (_, p) =>
        putItems(
          client,
          big,
          items.filter((_, i) => i % parts === p),
        ),
      ),
    );
    const ours = await exported(engine, `copy big to stdout (format csv)`);
    expect(ours.rowCount).toBe(60_000);
    expect(ours.chunks).toBeGreaterThan(10);
    const lines = ours.bytes.toString().trimEnd().split('\n');
    expect(lines).toHaveLength(60_000);
    expect(new Set(lines)).toEqual(new Set(items.map((it) => `${it.id.S},${it.n.N}`)));
  }, 180_000);

  it('COPY (query) TO is planned like its query: EXPLAIN shows the plan, the cost guard stops it before the first byte', async () => {
    const sql = `copy (select id, n from awkward where id = 'r01') to stdout (format csv)`;
    const explained = (await engine.explain(sql)).statements[0]!;
    expect(explained.plan?.scans[0]).toMatchObject({ operation: 'GetItem', estimatedRcu: 0.5 });
    const out = await exported(engine, sql);
    expect(out.bytes.toString()).toBe('r01,1\n');
    await ok(engine, 'set dynascope.max_statement_rcu = 0.1');
    try {
      for (const guarded of [sql, 'copy awkward to stdout (format dynamodb_json)']) {
        const chunks: Uint8Array[] = [];
        const err = await engine
          .copyTo(guarded, { onChunk: (b) => void chunks.push(b) })
          .catch((e: EngineError) => e);
        expect(err).toMatchObject({ sqlstate: '54000' });
        expect((err as EngineError).message).toMatch(/above dynascope.max_statement_rcu \(0.1\)$/);
        expect(chunks).toEqual([]);
      }
    } finally {
      await ok(engine, 'reset dynascope.max_statement_rcu');
    }
  });

  it('imports 3,000 CSV rows exactly', async () => {
    const expected = Array.from({ length: 3000 }, (_, i) => ({
      id: `i${i}`,
      n: i % 7 === 0 ? null : i - 1500,
      t: i % 5 === 0 ? `quote "${i}", comma\nnewline` : `plain ${i}`,
      price: i % 3 === 0 ? BIG : `${i}.25`,
    }));
    const csvCell = (v: string | number | null) =>
      v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    const body =
      'id,n,t,price\n' +
      expected.map((r) => [r.id, r.n, r.t, r.price].map(csvCell).join(',')).join('\n') +
      '\n';
    const done = await engine.copyFrom(
      `copy imported (id, n, t, price) from stdin with (format csv, header)`,
      new TextEncoder().encode(body),
    );
    expect(done.rowCount).toBe(3000);
    expect(done.consumedWcu).toBeGreaterThan(0);
    const items = await scanAll(client, imported);
    expect(items).toHaveLength(3000);
    const byId = new Map(items.map((it) => [it.id!.S!, it]));
    for (const r of expected) {
      const item = byId.get(r.id)!;
      expect(item).toEqual({
        id: { S: r.id },
        ...(r.n !== null && { n: { N: String(r.n) } }),
        t: { S: r.t },
        price: { N: r.price },
      });
    }
  }, 120_000);

  it('a malformed value on one line writes nothing and names the line and column', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      i === 1499 ? `x${i}\tabc\tbad` : `x${i}\t${i}\tok`,
    );
    const err = await engine
      .copyFrom(`copy refused from stdin`, new TextEncoder().encode(lines.join('\n') + '\n'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).sqlstate).toBe('22P02');
    expect((err as EngineError).message).toBe('invalid input syntax for type integer: "abc"');
    expect((err as EngineError).context).toBe('COPY refused, line 1500, column n: "abc"');
    expect(await scanAll(client, refused)).toEqual([]);
    const missing = await engine
      .copyFrom(`copy refused from stdin (format csv)`, new TextEncoder().encode('a,1,x\nb,2\n'))
      .catch((e: EngineError) => e);
    expect(missing).toMatchObject({
      sqlstate: '22P04',
      message: 'missing data for column "t"',
      context: 'COPY refused, line 2: "b,2"',
    });
    expect(await scanAll(client, refused)).toEqual([]);
  });

  it('FORMAT dynamodb_json exports items exactly and imports them back identical', async () => {
    const items: Record<string, AttributeValue>[] = [
      {
        id: { S: 'a' },
        bin: { B: new Uint8Array([0, 1, 2, 255]) },
        bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
        ss: { SS: ['x', 'y,z'] },
        ns: { NS: ['1', BIG] },
      },
      {
        id: { S: 'b' },
        m: { M: { deep: { L: [{ NULL: true }, { BOOL: false }, { N: '-1.5' }, { M: {} }] } } },
        s: { S: 'line\n"q"' },
      },
      { id: { S: 'c' }, n: { N: BIG }, nul: { NULL: true }, empty: { L: [] } },
    ];
    await putItems(client, raw, items);
    const out = await exported(engine, `copy raw to stdout (format dynamodb_json)`);
    expect(out.rowCount).toBe(3);
    const lines = out.bytes.toString().trimEnd().split('\n');
    expect(
      lines
        .map((l) => JSON.parse(l) as { Item: { id: { S: string } } })
        .map((l) => l.Item.id.S)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(lines.every((l) => l.startsWith('{"Item":{"') && l.endsWith('}}'))).toBe(true);
    expect(JSON.parse(lines.find((l) => l.includes('"S":"a"'))!)).toEqual({
      Item: {
        id: { S: 'a' },
        bin: { B: 'AAEC/w==' },
        bs: { BS: expect.arrayContaining(['AQ==', 'AgM=']) as unknown },
        ss: { SS: expect.arrayContaining(['x', 'y,z']) as unknown },
        ns: { NS: expect.arrayContaining(['1', BIG]) as unknown },
      },
    });
    const done = await engine.copyFrom(`copy raw2 from stdin (format dynamodb_json)`, out.bytes);
    expect(done.rowCount).toBe(3);
    const sort = (list: Record<string, AttributeValue>[]) =>
      [...list].sort((x, y) => x.id!.S!.localeCompare(y.id!.S!));
    const normalize = (list: Record<string, AttributeValue>[]) =>
      JSON.parse(
        JSON.stringify(sort(list), (_, v: unknown) =>
          v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
        ),
      ) as unknown;
    const sets = (v: unknown): unknown =>
      Array.isArray(v)
        ? v
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v).map(([k, x]) => [
                k,
                ['SS', 'NS', 'BS'].includes(k) ? [...(x as string[])].sort() : sets(x),
              ]),
            )
          : v;
    expect(sets(normalize(await scanAll(client, raw2)))).toEqual(sets(normalize(items)));
    expect(sets(normalize(await scanAll(client, raw)))).toEqual(sets(normalize(items)));
    const bad = await engine
      .copyFrom(
        `copy raw2 from stdin (format dynamodb_json)`,
        new TextEncoder().encode('{"Item":{"id":{"S":"z"}}}\n{"Item":{"id":{"S":"y"},"x":{"N":"abc"}}}\n'),
      )
      .catch((e: EngineError) => e);
    expect(bad).toMatchObject({ sqlstate: '22P02', context: `COPY raw2, line 2` });
    expect((await scanAll(client, raw2)).map((i) => i.id!.S).sort()).toEqual(['a', 'b', 'c']);
  });

  describe('COPY FROM STDIN streamed', () => {
    const streamed = uniqueName('streamed');
    const loose = uniqueName('loose');
    const indexed = uniqueName('indexed');
    const faulty = uniqueName('faulty');
    let relay: RequestLog;
    let onRequest: ((r: LoggedRequest) => void) | undefined;

    beforeAll(async () => {
      for (const t of [streamed, loose, faulty]) await createTable(client, t, { name: 'id', type: 'S' });
      await createTable(client, indexed, { name: 'id', type: 'S' }, undefined, [
        { name: 'by_g', pk: { name: 'g', type: 'S' } },
      ]);
      relay = await startRequestLog(endpointOf(backend), async (r) => onRequest?.(r));
      await ok(
        engine,
        `create server faulty_copy foreign data wrapper dynamodb_wrapper options (
           vault_access_key_id 'dynamodb_server_key', vault_secret_access_key 'dynamodb_server_secret',
           region 'us-east-1', endpoint_url '${relay.endpoint}');
         create foreign table streamed (id text not null, n integer, t text) server dynamodb_server options (table '${streamed}', rowid_column 'id');
         create foreign table loose (id text, n integer) server dynamodb_server options (table '${loose}', rowid_column 'id');
         create foreign table indexed (id text not null, g text, body text) server dynamodb_server options (table '${indexed}', rowid_column 'id');
         create foreign table faulty (id text not null, n integer) server faulty_copy options (table '${faulty}', rowid_column 'id');
         create foreign table deep (id text not null, j jsonb) server dynamodb_server options (table '${loose}', rowid_column 'id', jsonb_write 'native');`,
      );
      await reference.exec('create table streamed (id text not null, n integer, t text)');
    });
    afterAll(async () => {
      await relay?.close();
    });

    /** A csv body of `count` rows of ~1.5 KB, some with quoted newlines; `bad` puts "abc" in n on that row. */
    const csvBody = (count: number, bad?: number) =>
      'id,n,t\n' +
      Array.from(
        { length: count },
        (_, i) =>
          `s${i},${i === bad ? 'abc' : i},"${i % 10 === 0 ? 'two\nlines, ""quoted""' : 'x'.repeat(1500)}"`,
      ).join('\n') +
      '\n';

    it('stages input larger than a chunk, counting lines on across chunks as Postgres does, and writes nothing on bad input', async () => {
      const body = new TextEncoder().encode(csvBody(4000, 3600));
      expect(body.length).toBeGreaterThan(STAGE_CHUNK_BYTES);
      // Sent in small pieces, as a request body arrives.
      async function* pieces() {
        for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
      }
      const err = await engine
        .copyFrom('copy streamed from stdin (format csv, header)', pieces())
        .catch((e: EngineError) => e);
      const theirs = await reference
        .query(`copy streamed from '/dev/blob' (format csv, header)`, [], { blob: new Blob([body]) })
        .catch((e: { message: string; where?: string }) => e);
      expect((theirs as { where?: string }).where).toMatch(/^COPY streamed, line \d+, column n: "abc"$/);
      expect(err).toMatchObject({
        sqlstate: '22P02',
        message: (theirs as { message: string }).message,
        context: (theirs as { where: string }).where,
      });
      expect(await scanAll(client, streamed)).toEqual([]);
    }, 120_000);

    it('writes every row of input larger than a chunk', async () => {
      const body = new TextEncoder().encode(csvBody(4000));
      async function* pieces() {
        for (let i = 0; i < body.length; i += 100_000) yield body.subarray(i, i + 100_000);
      }
      const done = await engine.copyFrom('copy streamed from stdin (format csv, header)', pieces());
      expect(done.rowCount).toBe(4000);
      const items = await scanAll(client, streamed);
      expect(items).toHaveLength(4000);
      const byId = new Map(items.map((it) => [it.id!.S!, it]));
      expect(byId.get('s10')).toEqual({ id: { S: 's10' }, n: { N: '10' }, t: { S: 'two\nlines, "quoted"' } });
      expect(byId.get('s3999')).toEqual({ id: { S: 's3999' }, n: { N: '3999' }, t: { S: 'x'.repeat(1500) } });
    }, 120_000);

    it('stops text input at the end-of-data marker as Postgres does, even when more input follows in later chunks', async () => {
      const before = Array.from({ length: 100 }, (_, i) => `e${i}\t${i}\tx`).join('\n');
      const after = Array.from({ length: 4000 }, (_, i) => `after${i}\t${i}\t${'y'.repeat(1500)}`).join('\n');
      const body = new TextEncoder().encode(`${before}\n\\.\n${after}\n`);
      expect(body.length).toBeGreaterThan(STAGE_CHUNK_BYTES);
      async function* pieces() {
        for (let i = 0; i < body.length; i += 100_000) yield body.subarray(i, i + 100_000);
      }
      await reference.exec('truncate streamed');
      const theirs = await reference.query(`copy streamed from '/dev/blob'`, [], { blob: new Blob([body]) });
      expect(theirs.affectedRows).toBe(100);
      const done = await engine.copyFrom('copy streamed from stdin', pieces());
      expect(done.rowCount).toBe(100);
      const items = await scanAll(client, streamed);
      expect(items.filter((it) => it.id!.S!.startsWith('e'))).toHaveLength(100);
      expect(items.filter((it) => it.id!.S!.startsWith('after'))).toEqual([]);
    }, 120_000);

    it('a row that cannot be an item (no key) fails naming its line, and writes nothing', async () => {
      const err = await engine
        .copyFrom(
          'copy loose from stdin (format csv)',
          new TextEncoder().encode(
            Array.from({ length: 3000 }, (_, i) => (i === 2500 ? ',5' : `l${i},${i}`)).join('\n'),
          ),
        )
        .catch((e: EngineError) => e);
      expect(err).toMatchObject({
        sqlstate: '23502',
        context: 'COPY loose, line 2501, column id: null input',
      });
      expect(await scanAll(client, loose)).toEqual([]);
    });

    it.each([
      ['a value of the wrong type', 'text', 'a\t1\tx\nb\tabc\ty\n'],
      ['an integer out of range', 'text', 'a\t1\tx\nb\t99999999999\ty\n'],
      ['NULL in a NOT NULL column', 'text', 'a\t1\tx\n\\N\t2\ty\n'],
      ['too many columns', 'text', 'a\t1\tx\nb\t2\ty\tz\n'],
      ['too few columns', 'csv', 'a,1,x\nb,2\n'],
      ['an unterminated quote', 'csv', 'a,1,x\nb,2,"open\n'],
      ['a bad backslash escape of a byte', 'text', 'a\t1\tx\nb\t2\t\\377\n'],
      ['a byte that is not UTF-8', 'csv', Buffer.from([...Buffer.from('a,1,x\nb,2,'), 0xff, 0x0a])],
    ])(
      '%s (%s) fails as Postgres fails it, naming the line and column, and writes nothing',
      async (_, format, input) => {
        await reference.exec('create table if not exists refused (id text not null, n integer, t text)');
        const body = typeof input === 'string' ? new TextEncoder().encode(input) : new Uint8Array(input);
        const theirs = (await reference
          .query(`copy refused from '/dev/blob' (format ${format})`, [], { blob: new Blob([body]) })
          .then(
            () => null,
            (e: unknown) => e,
          )) as { code: string; message: string; where?: string };
        expect(theirs).not.toBeNull();
        const ours = await engine
          .copyFrom(`copy refused from stdin (format ${format})`, body)
          .catch((e: EngineError) => e);
        expect(ours).toBeInstanceOf(EngineError);
        expect(ours).toMatchObject({ sqlstate: theirs.code, message: theirs.message, context: theirs.where });
        expect(await scanAll(client, refused)).toEqual([]);
      },
    );

    it('an item DynamoDB would refuse fails before the first write, naming its line and column', async () => {
      const fail = (sql: string, input: string) =>
        engine.copyFrom(sql, new TextEncoder().encode(input)).catch((e: EngineError) => e);
      // NaN is a numeric, not a DynamoDB number.
      expect(await fail('copy imported (id, price) from stdin', 'ok1\t1.5\nnan1\tNaN\n')).toMatchObject({
        sqlstate: '22003',
        context: 'COPY imported, line 2, column price: "NaN"',
      });
      // DynamoDB refuses an empty string as a key.
      expect(await fail('copy loose from stdin', 'e1\t1\n\t2\n')).toMatchObject({
        sqlstate: '22023',
        message: 'an empty string cannot be a key in DynamoDB ("id", a key of the table)',
        context: 'COPY loose, line 2, column id: ""',
      });
      // A partition key over 2048 bytes; the value is quoted as Postgres clips it, at 100 bytes.
      const long = 'k'.repeat(2049);
      expect(await fail('copy loose from stdin', `e1\t1\n${long}\t2\n`)).toMatchObject({
        sqlstate: '54000',
        context: `COPY loose, line 2, column id: "${'k'.repeat(100)}..."`,
      });
      // An item over 400 KB: the row as a whole.
      expect(
        await fail('copy streamed from stdin', `big1\t1\tx\nbig2\t2\t${'y'.repeat(410_000)}\n`),
      ).toMatchObject({
        sqlstate: '54000',
        message: expect.stringMatching(
          /^item of \d+ bytes is larger than DynamoDB allows \(409600 bytes\)$/,
        ) as unknown,
        context: 'COPY streamed, line 2',
      });
      // Lists nested 33 deep in a jsonb column written natively.
      const deep = '['.repeat(33) + ']'.repeat(33);
      expect(await fail('copy deep from stdin', `d1\t[]\nd2\t${deep}\n`)).toMatchObject({
        sqlstate: '54000',
        context: `COPY deep, line 2, column j: "${'['.repeat(33)}${']'.repeat(33)}"`,
      });
      // DynamoDB JSON: an empty key on line 2.
      expect(
        await fail(
          'copy loose from stdin (format dynamodb_json)',
          '{"Item":{"id":{"S":"j1"}}}\n{"Item":{"id":{"S":""}}}\n',
        ),
      ).toMatchObject({ sqlstate: '22023', context: 'COPY loose, line 2' });
      // An attribute without a name, from the catch-all's members or in DynamoDB JSON.
      expect(
        await fail(
          'copy loose from stdin (format dynamodb_json)',
          '{"Item":{"id":{"S":"j3"},"":{"S":"x"}}}\n',
        ),
      ).toMatchObject({
        sqlstate: '22023',
        message: 'an attribute name cannot be empty in DynamoDB',
        context: 'COPY loose, line 1',
      });
      expect(await fail('copy raw from stdin', 'j4\t{"": 1}\n')).toMatchObject({
        sqlstate: '22023',
        context: 'COPY raw, line 1, column _attrs: "{"": 1}"',
      });
      expect(await scanAll(client, loose)).toEqual([]);
      expect((await scanAll(client, imported)).filter((i) => i.id!.S === 'ok1')).toEqual([]);
      expect((await scanAll(client, streamed)).filter((i) => i.id!.S!.startsWith('big'))).toEqual([]);
    });

    it('previews the rows as they would be written and their WCU, GSIs included, writing nothing', async () => {
      const body = new TextEncoder().encode(
        Array.from(
          { length: 10 },
          (_, i) => `p${i}\t${i < 6 ? `g${i}` : '\\N'}\t${i === 0 ? 'y'.repeat(1100) : 'b'}`,
        ).join('\n') + '\n',
      );
      const preview = await engine.copyPreview('copy indexed from stdin', body);
      // A unit per item and one more in the GSI: 6 items have its key (the first, of 1.1 KB, 2 + 2), 4 do not.
      expect(preview).toEqual({
        command: 'COPY',
        rowCount: 10,
        estimatedWcu: 4 + 5 * 2 + 4,
        table: indexed,
        indexes: ['by_g'],
        sample: expect.any(Array) as unknown,
      });
      expect(preview.sample).toHaveLength(10);
      expect(preview.sample[1]).toEqual({ id: { S: 'p1' }, g: { S: 'g1' }, body: { S: 'b' } });
      expect(preview.sample[7]).toEqual({ id: { S: 'p7' }, body: { S: 'b' } });
      expect(await scanAll(client, indexed)).toEqual([]);
      const bad = await engine
        .copyPreview('copy indexed from stdin', new TextEncoder().encode('a\tb\tc\td\n'))
        .catch((e: EngineError) => e);
      expect(bad).toMatchObject({ sqlstate: '22P04', context: 'COPY indexed, line 1: "a\tb\tc\td"' });
      const done = await engine.copyFrom('copy indexed from stdin', body);
      expect(done.rowCount).toBe(10);
      // DynamoDB Local bills the GSI's writes as DynamoDB does; dynalite leaves indexes out (1 a KB).
      expect(done.consumedWcu).toBe(backend === 'dynamodb-local' ? preview.estimatedWcu : 11);
      expect(await scanAll(client, indexed)).toHaveLength(10);
    });

    it('inside a transaction block holds its writes for COMMIT, like an INSERT: ROLLBACK leaves nothing', async () => {
      await ok(engine, 'begin');
      try {
        const done = await engine.copyFrom(
          'copy loose from stdin',
          new TextEncoder().encode('t1\t1\nt2\t2\n'),
        );
        expect(done.rowCount).toBe(2);
        expect(done.plan?.write).toMatchObject({ atomic: true, itemsWritten: 2 });
        expect(await scanAll(client, loose)).toEqual([]);
      } finally {
        await ok(engine, 'rollback');
      }
      expect(await scanAll(client, loose)).toEqual([]);
    });

    it('inside a transaction block, COMMIT writes the held rows in one TransactWriteItems (dynalite has none: nothing is written)', async () => {
      await ok(engine, 'begin');
      const done = await engine.copyFrom('copy loose from stdin', new TextEncoder().encode('c1\t1\nc2\t2\n'));
      expect(done.plan?.write).toMatchObject({ atomic: true, itemsWritten: 2 });
      const commit = await engine.execute('commit');
      if (backend === 'dynamodb-local') {
        expect(commit.error).toBeUndefined();
        expect((await scanAll(client, loose)).map((i) => i.id!.S).sort()).toEqual(['c1', 'c2']);
      } else {
        expect(commit.error).toMatchObject({
          sqlstate: '0A000',
          message: 'this DynamoDB endpoint has no TransactWriteItems: the transaction block was rolled back',
        });
        expect(await scanAll(client, loose)).toEqual([]);
      }
    });

    it('a failure while writing says how many rows were written; the same COPY again completes it', async () => {
      const body = new TextEncoder().encode(
        Array.from({ length: 3000 }, (_, i) => `f${i}\t${i}`).join('\n') + '\n',
      );
      let writes = 0;
      onRequest = (r) => {
        if (r.operation === 'BatchWriteItem' && ++writes === 40)
          relay.setFaults({ serverError: 1, operations: ['BatchWriteItem'] });
      };
      await ok(engine, 'set dynascope.retry_budget_seconds = 0.3');
      try {
        const err = await engine.copyFrom('copy faulty from stdin', body).catch((e: EngineError) => e);
        expect(err).toBeInstanceOf(EngineError);
        const written = Number(
          /\((\d+) rows written before the error\)$/.exec((err as EngineError).message)?.[1],
        );
        expect(written).toBeGreaterThan(0);
        expect(written).toBeLessThan(3000);
        expect((err as EngineError).hint).toMatch(
          /running the same COPY again completes it \(3000 rows in all\)/,
        );
        expect((await scanAll(client, faulty)).length).toBeGreaterThanOrEqual(written);
        relay.setFaults({});
        const done = await engine.copyFrom('copy faulty from stdin', body);
        expect(done.rowCount).toBe(3000);
        const items = await scanAll(client, faulty);
        expect(items).toHaveLength(3000);
        expect(new Set(items.map((i) => `${i.id!.S}\t${i.n!.N}`))).toEqual(
          new Set(Array.from({ length: 3000 }, (_, i) => `f${i}\t${i}`)),
        );
      } finally {
        onRequest = undefined;
        await ok(engine, 'reset dynascope.retry_budget_seconds');
      }
    }, 120_000);

    it('an item DynamoDB refuses while writing is named by its line; the rows before it are written and counted', async () => {
      const body = new TextEncoder().encode(
        Array.from({ length: 3000 }, (_, i) => (i === 2400 ? `refuse-me\t${i}` : `v${i}\t${i}`)).join('\n') +
          '\n',
      );
      // The relay answers ValidationException to any request holding the item: a refusal neither emulator makes.
      relay.setFaults({ refuse: 'refuse-me' });
      try {
        const err = (await engine
          .copyFrom('copy faulty from stdin', body)
          .catch((e: EngineError) => e)) as EngineError;
        expect(err).toBeInstanceOf(EngineError);
        expect(err).toMatchObject({ sqlstate: 'HV000', context: 'COPY faulty, line 2401' });
        expect(err.message).toMatch(/^ValidationException: One or more parameter values were invalid/);
        const written = Number(/\((\d+) rows written before the error\)$/.exec(err.message)?.[1]);
        // Every row before it at least: the first 2,000 in their batch, the rest of its batch up to it one by one.
        expect(written).toBeGreaterThanOrEqual(2400);
        expect(written).toBeLessThan(3000);
        const items = await scanAll(client, faulty);
        const ids = new Set(items.map((i) => i.id!.S!));
        expect(Array.from({ length: 2400 }, (_, i) => `v${i}`).every((id) => ids.has(id))).toBe(true);
        expect(ids.has('refuse-me')).toBe(false);
        expect(relay.requests.filter((r) => r.fault === 'refuse').length).toBeGreaterThanOrEqual(2);
      } finally {
        relay.setFaults({});
      }
    }, 120_000);
  });
});
