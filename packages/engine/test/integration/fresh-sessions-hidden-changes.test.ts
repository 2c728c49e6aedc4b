import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { testPostgresUrl } from '../support/pg-database';
import {
  clientOf,
  createDocServer,
  createTable,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * Review of session/fresh-sessions.ts (51025b7): sessions that "changed nothing" share their relation
 * and plan caches on PGlite. A statement's text does not show everything that changes the catalog or
 * a session's search_path: a function reached through a view or a trigger may. Each case is what
 * Postgres answers — the name resolved under the asking session's own search_path and catalog; the
 * view and trigger cases read the foreign table another session had looked up (DynamoDB's 3 items)
 * before the host's work counted as a change (they failed on 51025b7).
 */
/** Sessions share lookups on PGlite only; on a PostgreSQL host each looks its names up itself. */
const onPglite = !testPostgresUrl();

describe('sessions sharing lookups, and changes a statement’s text does not show', () => {
  const backend = 'dynalite' as const;
  let client: DynamoDBClient;
  let engine: Engine;
  let table = '';

  const run = async (sql: string, session: string) => {
    const r = await engine.execute(sql, { session });
    if (r.error) throw new Error(`${session}: ${r.error.sqlstate} ${r.error.message}`);
    return r.statements;
  };

  beforeAll(async () => {
    client = clientOf(backend);
    engine = await openTestEngine({ transactionWaitMs: 300 });
    await createDocServer(engine, backend, 'hidden');
    table = uniqueName('hidden');
    await createTable(client, table, { name: 'id', type: 'N' });
    await putItems(
      client,
      table,
      [1, 2, 3].map((i) => ({ id: { N: String(i) } })),
    );
    await run(
      `create foreign table public.things (id bigint) server hidden options (table '${table}', rowid_column 'id');
       create schema other;
       create table other.things (id bigint);
       insert into other.things values (100);
       create function public.to_other() returns int language plpgsql as
         $$ begin set search_path = other, public; return 1; end $$;
       create view public.go_other as select public.to_other() as x;
       create table public.log_t (v int);
       create function public.trg_other() returns trigger language plpgsql as
         $$ begin set search_path = other, public; return new; end $$;
       create trigger to_other before insert on public.log_t for each row execute function public.trg_other();
       create function public.make_later() returns int language plpgsql as
         $$ begin create view public.later as select id from other.things; return 1; end $$;
       create view public.go_later as select public.make_later() as x;
       create function public.swap_things() returns int language plpgsql as
         $$ begin
              alter foreign table public.things rename to things_gone;
              create view public.things as select 7::bigint as id;
              return 1;
            end $$;
       create view public.go_swap as select public.swap_things() as x;
       create function public.guard_reads() returns int language plpgsql as
         $$ begin set dynascope.max_statement_rcu = '0.1'; return 1; end $$;
       create view public.go_guard as select public.guard_reads() as x`,
      'setup',
    );
  });

  afterAll(() => engine?.close());

  it('a view’s function moving one session’s search_path does not give it another session’s lookup', async () => {
    // B (changed nothing) resolves things: the foreign table, 3 items.
    expect((await run('select count(*) from things', 'b'))[0]!.rows).toEqual([['3']]);
    // A's search_path moves to other (a SELECT naming only a view), as the host then reports.
    await run('select x from go_other', 'a');
    expect((await run('show search_path', 'a'))[0]!.rows).toEqual([['other, public']]);
    // Postgres: things is other.things for A, one row of 100.
    expect((await run('select id from things', 'a'))[0]!.rows).toEqual([['100']]);
  });

  it('a view’s function moving the search_path of a session that had changed something is seen by its next statement', async () => {
    // S SET something: its lookups are its own (a later catalog epoch), not the shared ones. (A
    // session can no longer turn standard_conforming_strings off: host/statement-policy.ts.)
    for (const [session, setting] of [
      ['s', 'dynascope.consistent_read = off'],
      ['s-datestyle', "datestyle = 'SQL, DMY'"],
    ] as const) {
      await run(`set ${setting}`, session);
      expect((await run('select count(*) from things', session))[0]!.rows).toEqual([['3']]);
      await run('select x from go_other', session);
      expect((await run('show search_path', session))[0]!.rows).toEqual([['other, public']]);
      // Postgres: things is other.things now; S's own lookup of the foreign table no longer holds.
      expect((await run('select id from things', session))[0]!.rows, session).toEqual([['100']]);
    }
  });

  it('a function another session replaces while a REPEATABLE READ block is open: its SET is seen (review, helper-102)', async () => {
    await run(
      `create function public.later_guard() returns int language plpgsql as $$ begin return 1; end $$;
       create view public.go_later_guard as select public.later_guard() as x`,
      'setup',
    );
    await run('set dynascope.consistent_read = off', 'rr');
    await run('begin isolation level repeatable read', 'rr');
    try {
      expect((await run('select count(*) from public.things', 'rr'))[0]!.rows).toEqual([['3']]);
      await run('select x from go_later_guard', 'rr');
      const replace = await engine.execute(
        `create or replace function public.later_guard() returns int language plpgsql as
           $$ begin set dynascope.max_statement_rcu = '0.1'; return 1; end $$`,
        { session: 'replacer' },
      );
      if (onPglite) {
        // PGlite's one connection: the open block keeps the other session out.
        expect(replace.error?.sqlstate).toBe('55P03');
        return;
      }
      expect(replace.error).toBeUndefined();
      await run('select x from go_later_guard', 'rr');
      expect((await run('show dynascope.max_statement_rcu', 'rr'))[0]!.rows).toEqual([['0.1']]);
      const r = await engine.execute('select id from public.things', { session: 'rr' });
      expect(r.error).toMatchObject({ sqlstate: '54000' });
    } finally {
      await engine.execute('rollback', { session: 'rr' });
      await run('drop view public.go_later_guard; drop function public.later_guard()', 'setup');
    }
  });

  it('the engine’s question to the host calls none of the user’s operators: a block goes on', async () => {
    await run(
      `create schema opx;
       create function opx.rx(text, text) returns boolean language sql as $$ select 1 / 0 = 1 $$;
       create operator opx.~* (leftarg = text, rightarg = text, function = opx.rx)`,
      'setup',
    );
    try {
      await run('set search_path = opx, public, pg_catalog', 'ops');
      const r = await engine.execute('begin; select 1; select 2', { session: 'ops' });
      expect([r.error, r.statements.map((s) => s.rows)]).toEqual([undefined, [[], [[1]], [[2]]]]);
    } finally {
      await run('rollback', 'ops');
      await run('drop schema opx cascade', 'setup');
    }
  });

  it('a view’s function setting a dynascope setting is seen by the session’s next statement', async () => {
    await run('set dynascope.consistent_read = off', 'guarded');
    expect((await run('select count(*) from public.things', 'guarded'))[0]!.rows).toEqual([['3']]);
    await run('select x from go_guard', 'guarded');
    expect((await run('show dynascope.max_statement_rcu', 'guarded'))[0]!.rows).toEqual([['0.1']]);
    // The Scan costs 0.5 RCU at least: the guard the function set refuses it, as the host now says.
    const r = await engine.execute('select id from public.things', { session: 'guarded' });
    expect(r.error).toMatchObject({ sqlstate: '54000' });
  });

  it('a trigger moving one session’s search_path does not give it another session’s lookup', async () => {
    expect((await run('select count(*) from things', 'b2'))[0]!.rows).toEqual([['3']]);
    // An INSERT into a host table names no function; its trigger moves T's search_path to other.
    await run('insert into log_t values (1)', 't');
    expect((await run('show search_path', 't'))[0]!.rows).toEqual([['other, public']]);
    expect((await run('select id from things', 't'))[0]!.rows).toEqual([['100']]);
  });

  it('a view’s function creating a view is seen by a session that had not looked the name up', async () => {
    await expect(run('select count(*) from later', 'c')).rejects.toThrow(/42P01/);
    await run('select x from go_later', 'd');
    // Postgres: the view exists now, for every session; E has never looked up the name.
    expect((await run('select count(*) from later', 'e'))[0]!.rows).toEqual([['1']]);
  });

  it('a view’s function replacing a foreign table by a view is seen by a session that had not looked the name up', async () => {
    expect((await run('select count(*) from public.things', 'f'))[0]!.rows).toEqual([['3']]);
    await run('select x from go_swap', 'g');
    // Postgres: public.things is the view now, for every session; H has never looked up the name.
    expect((await run('select id from public.things', 'h'))[0]!.rows).toEqual([['7']]);
  });

  it('DDL in a block that rolls back: a session looking the name up meanwhile and one after see what Postgres shows', async () => {
    await run(
      `create foreign table public.rolled (id bigint) server hidden options (table '${table}', rowid_column 'id')`,
      'setup',
    );
    expect((await run('select count(*) from public.rolled', 'r1'))[0]!.rows).toEqual([['3']]);
    await run(
      'begin; alter foreign table public.rolled rename to rolled_x; create view public.rolled as select 7::bigint as id',
      'r2',
    );
    // On PGlite the open block keeps other sessions out (55P03); on a server they read the committed catalog.
    const meanwhile = await engine.execute('select count(*) from public.rolled', { session: 'r3' });
    if (onPglite) expect(meanwhile.error?.sqlstate).toBe('55P03');
    else expect(meanwhile.statements.at(-1)!.rows).toEqual([['3']]);
    await run('rollback', 'r2');
    // Postgres: the block's changes were never visible to another session, and are gone.
    for (const session of ['r1', 'r3', 'r4'])
      expect((await run('select count(*) from public.rolled', session))[0]!.rows, session).toEqual([['3']]);
  });
});
