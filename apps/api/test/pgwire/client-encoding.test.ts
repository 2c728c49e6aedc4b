import { CLIENT_ENCODINGS } from '@dynascope/engine';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { clientEncoding } from '../../src/pgwire/client-encoding';
import { TEST_TOKEN } from '../support/demo-fixture';
import { psql } from './pg-fixture';
import {
  bind,
  copyData,
  copyDone,
  execute,
  parse,
  query,
  RawClient,
  shown,
  sync,
  type RawMessage,
} from './raw-client';
import { referencePair } from './reference-pair';

/**
 * The client encoding, as Postgres has it: the text a client sends is checked as text of its
 * client_encoding and read from it (Query, Parse, Bind values, COPY data, start-up values), what
 * goes back is written in it (rows, column names, errors, COPY data), and an encoding the wire cannot
 * convert is refused, never replaced. Message by message against a real PostgreSQL server, with a
 * client that sends bytes as they are (raw-client.ts), and psql with PGCLIENTENCODING.
 */
const pair = referencePair(1_000);
const open: RawClient[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

type Server = 'ours' | 'theirs';

/** A connection to our server or the reference one, with these start-up parameters; its start-up messages. */
async function connect(server: Server, parameters: Record<string, string | Buffer> = {}) {
  const port = server === 'ours' ? pair.ours().connection.port : Number(new URL(pair.theirs().url()).port);
  const user = server === 'ours' ? 'dynascope' : 'postgres';
  const database = server === 'ours' ? 'dynascope' : 'postgres';
  const connected = await RawClient.connect(port, { user, database, ...parameters }, TEST_TOKEN);
  open.push(connected.client);
  return connected;
}

/** What `messages` sent on a fresh connection get from both servers, as `shown` prints them. */
async function onBoth(
  messages: (server: Server) => Buffer[][],
  parameters: Record<string, string | Buffer> = {},
): Promise<Record<Server, string[][]>> {
  const answers = {} as Record<Server, string[][]>;
  for (const server of ['ours', 'theirs'] as const) {
    const { client } = await connect(server, parameters);
    answers[server] = [];
    // A ReadyForQuery ends each Query (a COPY's after its data) and each Sync.
    const readies = (batch: Buffer[]) => batch.filter((m) => m[0] === 0x51 || m[0] === 0x53).length;
    for (const batch of messages(server))
      answers[server].push((await client.send(batch, readies(batch))).map(shown));
  }
  return answers;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** A file of SQL for psql -f, its text in LATIN1 bytes (psql sends a script's bytes as they are). */
function script(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'h6-')), 'script.sql');
  writeFileSync(file, latin1(text));
  return file;
}

/** The names the products table holds for `sku`, read by node-postgres (UTF8). */
async function namesOf(sku: string): Promise<unknown[]> {
  const c = new pg.Client(pair.ours().connection);
  await c.connect();
  try {
    return (await c.query('select name from products where sku = $1', [sku])).rows.map((r) => r.name);
  } finally {
    await c.end();
  }
}
const hex = (s: string, encoding: BufferEncoding = 'latin1') => Buffer.from(s, encoding).toString('hex');
/**
 * Answers with their ParameterStatus messages apart: when each goes among a message's answers is
 * pg-connection's (its own tests compare it), which ones go is compared here.
 */
const statusApart = (all: string[][]) => ({
  messages: all.map((a) => a.filter((m) => !m.startsWith('S '))),
  statuses: all.map((a) => a.filter((m) => m.startsWith('S '))),
});
const status = (all: RawMessage[], name: string) =>
  all
    .filter((m) => m.type === 'S')
    .map(shown)
    .find((s) => s.startsWith(`S ${name}=`));

describe('text that is no text of the client encoding', () => {
  it('is refused with Postgres’s 22021 — a Query’s, a Parse’s, a Bind value’s — and the connection goes on', async () => {
    const answers = await onBoth(() => [
      [query(latin1("select 'caf\u00e9'"))],
      [query(latin1("select 'caf\u00e9\u00e9 and more'"))],
      [query(Buffer.from([...Buffer.from("select '"), 0xe2, 0x82, ...Buffer.from("'")]))],
      // An overlong form and a surrogate are no UTF-8 either.
      [query(Buffer.from([...Buffer.from("select '"), 0xc0, 0x80, ...Buffer.from("'")]))],
      [query(Buffer.from([...Buffer.from("select '"), 0xed, 0xa0, 0x80, ...Buffer.from("'")]))],
      [parse(latin1("select 'caf\u00e9'")), bind([]), execute(), sync()],
      [parse('select $1::text', [25]), bind([latin1('caf\u00e9')]), execute(), sync()],
      [parse('select $1::text', [25]), bind([Buffer.from('a\0b')]), execute(), sync()],
      // A text value sent in binary is read in the client encoding too.
      [parse('select $1::text', [25]), bind([latin1('caf\u00e9')], [1]), execute(), sync()],
      [query("select 'café', 1")],
    ]);
    expect(answers.ours).toEqual(answers.theirs);
    expect(answers.ours.map((a) => a[0])).toEqual([
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xe9 0x27',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xe9 0xe9 0x20',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xe2 0x82 0x27',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xc0 0x80',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xe9 0x27',
      '1',
      '1',
      '1',
      `T ${hex('?column?')},${hex('?column?')}`,
    ]);
    expect(answers.ours[6]).toEqual([
      '1',
      'E ERROR 22021 invalid byte sequence for encoding "UTF8": 0xe9',
      'Z I',
    ]);
    expect(answers.ours[7]![1]).toBe('E ERROR 22021 invalid byte sequence for encoding "UTF8": 0x00');
    expect(answers.ours[9]).toContain(`D ${hex('café', 'utf8')},${hex('1')}`);
  });

  it('never reaches DynamoDB: an INSERT of it writes nothing (psql, UTF8)', async () => {
    const fx = pair.ours();
    const run = await psql(
      fx,
      ['-f', script("insert into products (sku, name) values ('H6-U1', 'caf\u00e9');\n")],
      {
        env: { PGCLIENTENCODING: 'UTF8' },
      },
    );
    expect(run.stderr).toContain('invalid byte sequence for encoding "UTF8": 0xe9 0x27 0x29');
    expect(await namesOf('H6-U1')).toEqual([]);
  });
});

describe('a client encoding other than UTF8', () => {
  it('at start-up: reported, text read from it and written in it, 22P05 for what it has not', async () => {
    const answers = await onBoth(
      () => [
        [query(latin1("select 'caf\u00e9' as \"n\u00e4me\", length('caf\u00e9')"))],
        [query('select chr(8364)')],
        // An error whose text the encoding cannot hold is that error instead, as Postgres sends it.
        [query('select u&"\\20AC"')],
        [query("select 1 / 0, u&'\\20AC'")],
        [
          parse('select $1::text as t, length($1::text)', [25]),
          bind([latin1('\u00e9t\u00e9')]),
          execute(),
          sync(),
        ],
        [parse('select $1::text', [25]), bind([latin1('\u00e9t\u00e9')], [1]), execute(), sync()],
        [query(latin1("copy (select 'caf\u00e9' as a, 'x' as b) to stdout with (format csv, header)"))],
      ],
      { client_encoding: 'latin1' },
    );
    expect(answers.ours).toEqual(answers.theirs);
    expect(answers.ours[0]).toEqual([
      `T ${hex('n\u00e4me')},${hex('length')}`,
      `D ${hex('caf\u00e9')},${hex('4')}`,
      'C SELECT 1',
      'Z I',
    ]);
    // Postgres describes the row, then fails to send it.
    expect(answers.ours[1]).toEqual([
      `T ${hex('chr')}`,
      'E ERROR 22P05 character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
      'Z I',
    ]);
    expect(answers.ours[2]![0]).toBe(answers.ours[1]![1]);
    expect(answers.ours[6]).toContain(`d ${hex('caf\u00e9,x\n')}`);
    const started = await connect('ours', { client_encoding: 'latin1' });
    expect(status(started.started, 'client_encoding')).toBe('S client_encoding=LATIN1');
  });

  it('WIN1252: a byte it has no character for is 22P05, its euro sign is U+20AC both ways', async () => {
    const answers = await onBoth(
      () => [
        [query(latin1("select 'a\x81'"))],
        [query(latin1("select '\x80', length('\x80'), '\x80' = u&'\\20AC'"))],
        [parse('select $1::text', [25]), bind([latin1('\x81')]), execute(), sync()],
      ],
      { client_encoding: 'WIN1252' },
    );
    expect(answers.ours).toEqual(answers.theirs);
    expect(answers.ours[0]![0]).toBe(
      'E ERROR 22P05 character with byte sequence 0x81 in encoding "WIN1252" has no equivalent in encoding "UTF8"',
    );
    expect(answers.ours[1]![1]).toBe(`D 80,${hex('1')},${hex('t')}`);
  });

  it('SQL_ASCII converts nothing, but what comes in is checked as UTF8', async () => {
    const answers = await onBoth(
      () => [[query(latin1("select 'caf\u00e9'"))], [query("select 'café', chr(8364)")]],
      { client_encoding: 'SQL_ASCII' },
    );
    expect(answers.ours).toEqual(answers.theirs);
    expect(answers.ours[1]![1]).toBe(`D ${hex('café', 'utf8')},${hex('€', 'utf8')}`);
  });

  it('SET client_encoding takes effect, is reported, and RESET goes back; COPY data converts both ways', async () => {
    const answers = await onBoth(() => [
      [query("set client_encoding = 'iso-8859-1'")],
      [query(latin1("select '\u00e9'"))],
      [query('create temp table h6 (t text)')],
      [query('copy h6 from stdin'), copyData(latin1('caf\u00e9\n\u00e9t\u00e9\n')), copyDone()],
      [query('copy h6 to stdout')],
      [query('copy h6 from stdin'), copyData(latin1('a\0b\n')), copyDone()],
      [query("set names 'win1252'")],
      [query('copy h6 from stdin'), copyData(latin1('x\x81\n')), copyDone()],
      [query('reset client_encoding')],
      [query("select 'é'")],
    ]);
    expect(statusApart(answers.ours)).toEqual(statusApart(answers.theirs));
    expect(answers.ours[0]).toContain('S client_encoding=LATIN1');
    expect(answers.ours[1]![1]).toBe(`D ${hex('\u00e9')}`);
    expect(answers.ours[4]).toContain(`d ${hex('caf\u00e9\n')}`);
    expect(answers.ours[5]![1]).toBe('E ERROR 22021 invalid byte sequence for encoding "LATIN1": 0x00');
    expect(answers.ours[8]).toContain('S client_encoding=UTF8');
  });

  it('a COMMIT or ROLLBACK that undoes a SET client_encoding goes back to the encoding before it', async () => {
    const euro = query(latin1("select '\x80' = u&'\\20AC'"));
    const answers = await onBoth(() => [
      [query("set client_encoding = 'win1252'")],
      [
        query('begin'),
        query("set local client_encoding = 'latin2'"),
        query(latin1("select '\x80'")),
        query('commit'),
      ],
      // WIN1252 again: 0x80 is the euro sign.
      [euro],
      [query('begin'), query("set client_encoding = 'koi8r'"), query('rollback')],
      [euro],
    ]);
    expect(statusApart(answers.ours)).toEqual(statusApart(answers.theirs));
    expect(answers.ours[1]).toContain(`D ${hex('\x80')}`);
    expect(answers.ours[2]).toContain(`D ${hex('t')}`);
    expect(answers.ours[4]).toContain(`D ${hex('t')}`);
  });

  it('one the wire cannot convert is refused at SET and at start-up, never replaced', async () => {
    const answers = await onBoth(() => [
      [query("set client_encoding = 'foo'")],
      [query("set client_encoding = 'mule_internal'")],
      [query('show client_encoding')],
    ]);
    expect(answers.ours).toEqual(answers.theirs);
    expect(answers.ours[1]![0]).toBe(
      'E ERROR 0A000 invalid value for parameter "client_encoding": "mule_internal" (Conversion between MULE_INTERNAL and UTF8 is not supported.)',
    );
    for (const value of ['FOO', 'MULE_INTERNAL']) {
      const ours = await connect('ours', { client_encoding: value });
      const theirs = await connect('theirs', { client_encoding: value });
      expect(ours.started.map(shown), value).toEqual(theirs.started.map(shown));
    }
    expect((await connect('ours', { client_encoding: 'FOO' })).started.map(shown)).toEqual([
      'E FATAL 22023 invalid value for parameter "client_encoding": "FOO"',
    ]);
    // Postgres converts EUC_JP; the wire converts none of the multibyte encodings.
    const { client } = await connect('ours');
    expect((await client.send([query("set client_encoding = 'EUC_JP'")])).map(shown)[0]).toBe(
      'E ERROR 0A000 invalid value for parameter "client_encoding": "EUC_JP" (Conversion between EUC_JP and UTF8 is not supported.)',
    );
    expect((await connect('ours', { client_encoding: 'sjis' })).started.map(shown)).toEqual([
      'E FATAL 0A000 conversion between SJIS and UTF8 is not supported',
    ]);
  });

  it('start-up values are read in it; one that is no text of it ends the connection (22021)', async () => {
    const { client, started } = await connect('ours', {
      client_encoding: 'LATIN1',
      options: latin1('-c search_path=caf\u00e9'),
    });
    expect(started.map(shown)).not.toContainEqual(expect.stringMatching(/^E /));
    expect((await client.send([query('show search_path')])).map(shown)[1]).toBe(`D ${hex('"caf\u00e9"')}`);
    expect(
      (await connect('ours', { options: latin1('-c search_path=caf\u00e9') })).started.map(shown),
    ).toEqual(['E FATAL 22021 invalid byte sequence for encoding "UTF8": 0xe9']);
  });

  it('psql on a LATIN1 terminal (PGCLIENTENCODING) writes and reads text whole', async () => {
    const fx = pair.ours();
    const dir = mkdtempSync(join(tmpdir(), 'h6-'));
    const sql =
      "insert into products (sku, name) values ('H6-L1', 'caf\u00e9');\nselect name from products where sku = 'H6-L1';\n";
    // psql's output to a file: its bytes as they came.
    const run = await psql(fx, ['-At', '-o', join(dir, 'out'), '-f', script(sql)], {
      env: { PGCLIENTENCODING: 'LATIN1' },
    });
    expect(run.stderr).not.toContain('ERROR');
    expect(readFileSync(join(dir, 'out')).toString('hex')).toContain(hex('caf\u00e9\n'));
    expect(await namesOf('H6-L1')).toEqual(['café']);
  });
});

describe('the encodings the wire converts', () => {
  it('are the engine’s CLIENT_ENCODINGS, each read and written as Postgres’s tables have it, byte for byte', async () => {
    const reference = new pg.Client(pair.theirs().url());
    await reference.connect();
    await reference.query(
      `create or replace function pg_temp.h6_char(b int, e text) returns text language plpgsql as $$
       begin return convert_from(decode(lpad(to_hex(b), 2, '0'), 'hex'), e); exception when others then return null; end $$`,
    );
    try {
      for (const name of CLIENT_ENCODINGS) {
        const encoding = clientEncoding(name)!;
        expect(encoding?.name, name).toBe(name);
        if (encoding.utf8) continue;
        // Postgres's character for each byte (null: none), and its byte for each of those characters.
        const { rows } = await reference.query(
          `select b, (select string_agg(to_hex(get_byte(x, i)), ' ') from (select convert_to(c, $1) x) t, generate_series(0, length(x) - 1) i) as back, c from (
             select b, pg_temp.h6_char(b, $1) as c from generate_series(1, 255) b) s order by b`,
          [name],
        );
        const ours = rows.map(({ b }: { b: number }) => {
          try {
            return encoding.decode(Buffer.from([b]));
          } catch {
            return null;
          }
        });
        expect(ours, name).toEqual(rows.map((r: { c: string | null }) => r.c));
        for (const r of rows as { b: number; c: string | null; back: string | null }[])
          if (r.c !== null)
            expect(encoding.encode(r.c).toString('hex'), `${name} ${r.b}`).toBe(r.back!.padStart(2, '0'));
      }
    } finally {
      await reference.end();
    }
  });
});
