import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SqlPreview } from './SqlPreview';

/** The words SqlPreview marks, by class. */
function marked(sql: string): Record<string, string[]> {
  const html = renderToStaticMarkup(createElement(SqlPreview, { sql }));
  const out: Record<string, string[]> = {};
  for (const m of html.matchAll(/<span class="([\w-]+)">([^<]*)<\/span>/g))
    (out[m[1]!] ??= []).push(m[2]!.replace(/&#x27;/g, "'"));
  return out;
}

describe('SqlPreview', () => {
  it('highlights ALTER, DROP and CREATE like DML, as the editor does', () => {
    expect(marked("alter foreign table public.users options (add max_wcu_per_second '40');").kw).toEqual([
      'alter',
      'foreign',
      'table',
      'options',
      'add',
    ]);
    expect(marked('DROP FOREIGN TABLE IF EXISTS public.users;').kw).toEqual([
      'DROP',
      'FOREIGN',
      'TABLE',
      'IF',
      'EXISTS',
    ]);
    expect(marked('create server s foreign data wrapper w;').kw).toEqual([
      'create',
      'server',
      'foreign',
      'data',
      'wrapper',
    ]);
    expect(marked("update users set n = 3 where user_id = 'u1' and n is null;")).toEqual({
      kw: ['update', 'set', 'where'],
      'sql-op': ['and', 'is', 'null'],
      str: ["'u1'"],
    });
    expect(marked('begin; select count(*) from t; commit; -- done')).toEqual({
      kw: ['begin', 'select', 'from', 'commit'],
      'sql-fn': ['count'],
      cm: ['-- done'],
    });
  });
});
