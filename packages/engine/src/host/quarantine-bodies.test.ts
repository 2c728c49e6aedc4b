import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse/parse';
import { bodyRefusal } from './quarantine-bodies';

beforeAll(loadParser);

/** Definitions as pg_get_functiondef prints them. */
const definition = (language: string, body: string, extra = '') =>
  `CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE ${language}\n${extra}AS $function$${body}$function$\n`;

describe('bodyRefusal: an existing routine against the checks a CREATE FUNCTION gets today', () => {
  it('takes static SQL and PL/pgSQL, BEGIN ATOMIC bodies, and C or internal functions', () => {
    for (const [language, text] of [
      ['sql', definition('sql', ' select 1 ')],
      ['plpgsql', definition('plpgsql', ' begin perform 1; return 1; end ')],
      [
        'sql',
        'CREATE OR REPLACE FUNCTION public.f()\n RETURNS integer\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT 1;\nEND\n',
      ],
    ] as const)
      expect(bodyRefusal({ name: 'public.f()', language, definition: text }), text).toBeNull();
    for (const language of ['c', 'internal'])
      expect(bodyRefusal({ name: 'public.f()', language, definition: null })).toBeNull();
  });

  it('refuses what the policy refuses, with its words', () => {
    const cases: [string, string, string][] = [
      ['plpgsql', definition('plpgsql', " begin execute 'select 1'; return 1; end "), "PL/pgSQL's EXECUTE"],
      [
        'sql',
        definition('sql', " copy (select 1) to '/tmp/x'; select 1 "),
        'must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
      ],
      [
        'sql',
        definition('sql', ' select 1 ', " SET session_authorization TO 'postgres'\n"),
        'permission denied to set session authorization',
      ],
      [
        'sql',
        "CREATE OR REPLACE PROCEDURE public.p()\n LANGUAGE sql\nBEGIN ATOMIC\n COPY public.t FROM PROGRAM 'id';\nEND\n",
        'pg_execute_server_program',
      ],
    ];
    for (const [language, text, reason] of cases)
      expect(bodyRefusal({ name: 'public.f()', language, definition: text }), text).toContain(reason);
  });

  it('refuses other languages, and keeps a body the compiler refuses out of the reason', () => {
    expect(bodyRefusal({ name: 'public.f()', language: 'plperl', definition: null })).toBe(
      'its language plperl is not one Dynascope checks (sql and plpgsql are)',
    );
    expect(
      bodyRefusal({
        name: 'public.f()',
        language: 'plpgsql',
        definition: definition('plpgsql', ' begin secret_token_here; end '),
      }),
    ).toBe('its body could not be checked (SQLSTATE 42601)');
  });
});
