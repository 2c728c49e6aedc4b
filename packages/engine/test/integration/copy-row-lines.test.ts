import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { EngineError } from '../../src/errors';
import { testPostgresUrl } from '../support/pg-database';
import { fails, ok, openTestEngine, rows } from '../support/harness';

/**
 * COPY FROM into a host table: an error about one row of the write — a default of a column the COPY
 * does not list, a BEFORE trigger, NOT NULL, CHECK, a unique index — names its input line as
 * Postgres's COPY does (CONTEXT: COPY t, line 2); one after the last row (a foreign key, an AFTER
 * trigger) names none. Compared with Postgres's own COPY of the same input into the same tables: on
 * PostgreSQL 15 the test cluster's, in the PGlite run a PGlite of its own (COPY ... FROM '/dev/blob',
 * Postgres's COPY code). Postgres also quotes the line's text (`COPY t, line 2: "b"`), which the
 * engine's staging does not keep: that part is left out of the comparison.
 */
const setup = (s: string) => `
  create schema ${s};
  create sequence ${s}.seq;
  create function ${s}.maybe(v int) returns int language sql as $$ select nullif(v % 2, 0) $$;
  create table ${s}.t (v text, w int not null default ${s}.maybe(nextval('${s}.seq')::int));
  create table ${s}.c (v text, w int default 1 check (w < 0));
  create table ${s}.u (id int primary key, v text);
  create table ${s}.p (id int primary key);
  insert into ${s}.p values (1);
  create table ${s}.f (id int references ${s}.p, v text);
  create function ${s}.boom() returns trigger language plpgsql as $$
    begin
      if new.v = 'b' then raise exception 'boom %', new.v; end if;
      return new;
    end $$;
  create table ${s}.h (v text);
  create trigger h_before before insert on ${s}.h for each row execute function ${s}.boom();
  create table ${s}.g (v text);
  create trigger g_after after insert on ${s}.g for each row execute function ${s}.boom();
`;

/** COPY statements (`S` stands for the schema) and their input; each fails. */
const CASES: [string, string][] = [
  ['copy S.t (v) from stdin', 'a\nb\nc\n'],
  ['copy S.t (v) from stdin (format csv, header)', 'v\na\nb\n'],
  ['copy S.c (v) from stdin', 'a\nb\n'],
  ['copy S.u from stdin', '1\ta\n2\tb\n1\tc\n'],
  ['copy S.h from stdin', 'a\nb\nc\n'],
  ['copy S.f from stdin', '1\ta\n2\tb\n1\tc\n'],
  ['copy S.g from stdin', 'a\nb\nc\n'],
];

interface CopyFailure {
  readonly sqlstate: string;
  readonly message: string;
  readonly detail: string | undefined;
  /** The CONTEXT's COPY line, without the quoted text of the input line. */
  readonly line: string | undefined;
}

/** Postgres's CONTEXT (one line per level) → its COPY line, `: "text"` left out. */
const copyLine = (context: string | undefined): string | undefined =>
  context
    ?.split('\n')
    .find((l) => l.startsWith('COPY '))
    ?.replace(/^(COPY [^,]+, line \d+): ".*"$/s, '$1');

/** Postgres's own COPY: the cluster's (PostgreSQL 15 run) or a PGlite's. */
interface Reference {
  exec(sql: string): Promise<void>;
  copy(sql: string, data: string): Promise<CopyFailure | null>;
  value(sql: string): Promise<string>;
  close(): Promise<void>;
}

type PgError = Error & { code?: string; detail?: string; where?: string };
const failure = (e: PgError): CopyFailure => ({
  sqlstate: e.code ?? '',
  message: e.message,
  detail: e.detail,
  line: copyLine(e.where),
});

async function reference(): Promise<Reference> {
  const url = testPostgresUrl();
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      exec: (sql) => client.query(sql).then(() => undefined),
      copy: (sql, data) =>
        pipeline(Readable.from([Buffer.from(data)]), client.query(copyFromStdin(sql))).then(
          () => null,
          (e: PgError) => failure(e),
        ),
      value: async (sql) =>
        String((await client.query<unknown[]>({ text: sql, rowMode: 'array' })).rows[0]![0]),
      close: () => client.end(),
    };
  }
  const db = await PGlite.create();
  return {
    exec: (sql) => db.exec(sql).then(() => undefined),
    copy: (sql, data) =>
      db.query(sql.replace(/ from stdin/, " from '/dev/blob'"), [], { blob: new Blob([data]) }).then(
        () => null,
        (e: PgError) => failure(e),
      ),
    value: async (sql) => String((await db.query<unknown[]>(sql, [], { rowMode: 'array' })).rows[0]![0]),
    close: () => db.close(),
  };
}

describe('COPY FROM into a host table names the line of the row an error is about', () => {
  let engine: Engine;
  let postgres: Reference;
  beforeAll(async () => {
    engine = await openTestEngine();
    postgres = await reference();
    await ok(engine, setup('mine'));
    await postgres.exec(setup('ref'));
  });
  afterAll(async () => {
    await engine?.close();
    await postgres?.close();
  });

  const engineCopy = (sql: string, data: string): Promise<CopyFailure | null> =>
    engine.copyFrom(sql, Buffer.from(data)).then(
      () => null,
      (e: unknown) => {
        if (!(e instanceof EngineError)) throw e;
        return { sqlstate: e.sqlstate, message: e.message, detail: e.detail, line: copyLine(e.context) };
      },
    );

  it('as Postgres: the line of a default, a constraint, a unique index, a BEFORE trigger; none after the last row', async () => {
    for (const [sql, data] of CASES) {
      const expected = await postgres.copy(sql.replace('S.', 'ref.'), data);
      expect(expected, sql).not.toBeNull();
      expect(await engineCopy(sql.replace('S.', 'mine.'), data), sql).toEqual(expected);
    }
    // Nothing was written; the unlisted column's default ran as often as in Postgres (once a row, up to the failing one).
    for (const table of ['t', 'c', 'u', 'f', 'h', 'g'])
      expect(await rows(engine, `select count(*) from mine.${table}`)).toEqual([['0']]);
    expect(await rows(engine, 'select last_value::text from mine.seq')).toEqual([
      [await postgres.value('select last_value::text from ref.seq')],
    ]);
  });

  it('a table with a DO INSTEAD rule still takes the COPY', async () => {
    // Postgres's COPY ignores rules and writes the table; the engine's INSERT applies them (a known
    // difference): what is checked here is that the COPY is not refused (0A000) and writes every row once.
    await ok(
      engine,
      `create table mine.r (v text); create table mine.r_log (v text);
       create rule r_instead as on insert to mine.r do instead insert into mine.r_log values (new.v)`,
    );
    await engine.copyFrom('copy mine.r from stdin', Buffer.from('a\nb\n'));
    expect(
      await rows(engine, 'select (select count(*) from mine.r) + (select count(*) from mine.r_log)'),
    ).toEqual([['2']]);
  });

  it('in a transaction block: the same error and line, then the block is aborted until ROLLBACK', async () => {
    await ok(engine, 'begin');
    const failed = await engineCopy('copy mine.u from stdin', '5\ta\n5\tb\n');
    expect(failed).toMatchObject({ sqlstate: '23505', line: 'COPY u, line 2' });
    expect((await fails(engine, 'select 1')).sqlstate).toBe('25P02');
    await ok(engine, 'rollback');
    expect(await rows(engine, 'select count(*) from mine.u')).toEqual([['0']]);
    // And a COPY that succeeds writes every row, in input order, with its defaults evaluated once.
    await engine.copyFrom('copy mine.u (id) from stdin', Buffer.from('7\n8\n'));
    expect(await rows(engine, 'select id, v from mine.u order by id')).toEqual([
      [7, null],
      [8, null],
    ]);
  });
});
