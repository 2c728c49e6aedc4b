import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { openTestEngine } from '../support/harness';

/**
 * A session's client_encoding is the wire protocol's to convert by (apps/api pgwire/client-encoding.ts):
 * the engine takes SET client_encoding as Postgres does — its names and aliases, SET LOCAL, a rolled
 * back SET, RESET to a wire client's start-up value — keeping it in a setting of its own while the
 * host's stays UTF8 (run/client-encoding-statement.ts). Values checked against PostgreSQL 15. On both
 * hosts: on PGlite every session's settings share one connection.
 */
describe('client_encoding', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openTestEngine();
  });
  afterAll(() => engine?.close());

  /** The rows of the script's last statement, or its error as `sqlstate message (detail)`. */
  const run = async (sql: string, session = 'c1') => {
    const r = await engine.execute(sql, { session });
    if (r.error)
      return `${r.error.sqlstate} ${r.error.message}${r.error.detail ? ` (${r.error.detail})` : ''}`;
    return r.statements.at(-1)!.rows;
  };
  const shown = async (session = 'c1') => (await run('show client_encoding', session)) as string[][];

  it('takes Postgres’s names and aliases, and SHOW reports the encoding’s own name', async () => {
    expect(await shown()).toEqual([['UTF8']]);
    for (const [value, name] of [
      ["'iso-8859-1'", 'LATIN1'],
      ['latin2', 'LATIN2'],
      ["'Windows-1252'", 'WIN1252'],
      ["'koi8'", 'KOI8R'],
      ["'ISO_8859_5'", 'ISO_8859_5'],
      ["'sql_ascii'", 'SQL_ASCII'],
      ["'unicode'", 'UTF8'],
      // Postgres keeps this one as written, for old JDBC drivers.
      ["'UNICODE'", 'UNICODE'],
      ["'utf-8'", 'UTF8'],
    ]) {
      expect(await run(`set client_encoding = ${value}`), value).toEqual([]);
      expect(await shown(), value).toEqual([[name]]);
    }
    expect(await run("set names 'win1250'")).toEqual([]);
    expect(await shown()).toEqual([['WIN1250']]);
    const result = await engine.execute('show client_encoding', { session: 'c1' });
    expect({ command: result.statements[0]!.command, columns: result.statements[0]!.columns }).toEqual({
      command: 'SHOW',
      columns: [{ name: 'client_encoding', type: 'text' }],
    });
    // The host's own stays UTF8: text goes on arriving whole.
    expect(await run("select 'é€', current_setting('client_encoding')")).toEqual([['é€', 'UTF8']]);
    expect(await run('reset client_encoding')).toEqual([]);
    expect(await shown()).toEqual([['UTF8']]);
  });

  it('refuses an unknown name (22023) and an encoding the wire cannot convert (0A000), as Postgres does', async () => {
    await run("set client_encoding = 'latin9'");
    expect(await run("set client_encoding = 'foo'")).toBe(
      '22023 invalid value for parameter "client_encoding": "foo"',
    );
    expect(await run('set client_encoding = 1')).toBe(
      '22023 invalid value for parameter "client_encoding": "1"',
    );
    expect(await run("set client_encoding = 'latin1', 'utf8'")).toBe(
      '22023 SET client_encoding takes only one argument',
    );
    expect(await run("set client_encoding = 'EUC_JP'")).toBe(
      '0A000 invalid value for parameter "client_encoding": "EUC_JP" (Conversion between EUC_JP and UTF8 is not supported.)',
    );
    expect(await run("set client_encoding = 'mule_internal'")).toBe(
      '0A000 invalid value for parameter "client_encoding": "mule_internal" (Conversion between MULE_INTERNAL and UTF8 is not supported.)',
    );
    // Nothing changed; the engine's own setting is its own to set.
    expect(await shown()).toEqual([['LATIN9']]);
    expect(await run("set dynascope.client_encoding = 'LATIN1'")).toBe(
      '42501 permission denied to set parameter "dynascope.client_encoding"',
    );
    expect(await run("select set_config('client_encoding', 'LATIN1', false)")).toMatch(/^0A000 /);
    await run('reset client_encoding');
  });

  it('is transactional, as a setting: SET LOCAL ends with the block, a rolled back SET goes', async () => {
    await run("set client_encoding = 'latin1'");
    await run("begin; set local client_encoding = 'win1251'");
    expect(await shown()).toEqual([['WIN1251']]);
    await run('commit');
    expect(await shown()).toEqual([['LATIN1']]);
    await run("begin; set client_encoding = 'koi8u'");
    expect(await shown()).toEqual([['KOI8U']]);
    await run('rollback');
    expect(await shown()).toEqual([['LATIN1']]);
    // Another session has its own.
    expect(await shown('c2')).toEqual([['UTF8']]);
    await run("set client_encoding = 'latin5'", 'c2');
    expect(await shown()).toEqual([['LATIN1']]);
    expect(await shown('c2')).toEqual([['LATIN5']]);
    await run('reset all');
    expect(await shown()).toEqual([['UTF8']]);
  });

  it('a wire client’s start-up client_encoding is what RESET, RESET ALL and DISCARD ALL go back to', async () => {
    const started = await engine.startSession('c3', [{ name: 'client_encoding', args: "'iso-8859-2'" }]);
    expect(started.error).toBeUndefined();
    expect(await shown('c3')).toEqual([['LATIN2']]);
    for (const reset of [
      'reset client_encoding',
      'set client_encoding to default',
      'reset all',
      'discard all',
    ]) {
      await run("set client_encoding = 'utf8'", 'c3');
      expect(await shown('c3')).toEqual([['UTF8']]);
      await run(reset, 'c3');
      expect(await shown('c3'), reset).toEqual([['LATIN2']]);
    }
    const refused = await engine.startSession('c4', [{ name: 'client_encoding', args: "'EUC_JP'" }]);
    expect(refused.error?.sqlstate).toBe('0A000');
  });
});
