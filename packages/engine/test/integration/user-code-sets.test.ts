import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { BODY_MAY_SET, BODY_PATTERNS } from '../../src/session/user-code-sets';
import { ok, openTestEngine } from '../support/harness';

/**
 * Which function bodies may SET unseen (session/user-code-sets.ts), as the host's own regular
 * expressions read SETS_IN_BODY: a SET or RESET that begins a statement, or set_config — not the SET
 * of an UPDATE, an upsert or an ALTER, which would make every session look everything up anew after
 * each statement the host ran part of (review, helper-101).
 */
describe('a function body that may SET', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await openTestEngine();
    await ok(
      engine,
      `create schema sets;
       create table sets.counter (v int primary key);
       create function sets.sql_set() returns int language sql as $$ set search_path = other; select 1 $$;
       create function sets.sql_reset() returns int language sql as $$
         -- back to the default
         RESET search_path; select 1 $$;
       create function sets.pl_begin() returns int language plpgsql as $$ begin set dynascope.index = 'x'; return 1; end $$;
       create function sets.pl_then() returns int language plpgsql as $$
         begin
           if random() > 2 then /* never */ SET LOCAL search_path = other; end if;
           return 1;
         end $$;
       create function sets.pl_loop() returns int language plpgsql as $$
         begin for i in 1..2 loop
           set timezone = 'UTC'; end loop; return 1; end $$;
       create function sets.pl_after_semicolon() returns int language plpgsql as $$
         begin perform 1;reset all; return 1; end $$;
       create function sets.pl_update() returns trigger language plpgsql as $$
         begin update sets.counter set v = v + 1; return new; end $$;
       create function sets.pl_upsert() returns int language plpgsql as $$
         begin insert into sets.counter values (1) on conflict (v) do update set v = 2; return 1; end $$;
       create function sets.sql_alter() returns void language sql as $$ alter table sets.counter alter column v set not null $$;
       create function sets.sql_setting_word() returns text language sql as $$ select 'set search_path = x'::text $$;
       create function sets.pl_nested() returns int language plpgsql as $$
         begin /* a /* b */ c */ set search_path = other; return 1; end $$;
       create function sets.pl_carriage_return() returns int language plpgsql as E'begin -- note\rset search_path = other; return 1; end';
       create function sets.pl_nested_update() returns int language plpgsql as $$
         begin /* a /* b */ c */ update sets.counter set v = 1; return 1; end $$;
       create function sets.std_body() returns text language sql return pg_catalog.set_config('search_path', 'other', false);
       create function sets.std_plain() returns int language sql return 1`,
    );
  });

  afterAll(() => engine?.close());

  it('is one with a statement that SETs or RESETs, not one whose SET belongs to an UPDATE or ALTER', async () => {
    // The patterns written in as dollar-quoted constants (the engine sends them as parameters).
    const patterned = BODY_PATTERNS.reduce(
      (sql, p, i) => sql.replaceAll(`$${i + 1}`, `$re$${p}$re$`),
      BODY_MAY_SET,
    );
    const r = await ok(
      engine,
      `select p.proname::text from pg_catalog.pg_proc p,
          lateral (select coalesce(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as body) b
        where p.pronamespace = 'sets'::regnamespace and ${patterned} order by 1`,
    );
    expect(r[0]!.rows.map((row) => row[0])).toEqual([
      'pl_after_semicolon',
      'pl_begin',
      'pl_carriage_return',
      'pl_loop',
      // Nested comments: any word SET counts.
      'pl_nested',
      'pl_nested_update',
      'pl_then',
      'sql_reset',
      'sql_set',
      'std_body',
    ]);
  });
});
