import { describe, expect, it } from 'vitest';
import { connectTracked, referencePair, type TrackedClient } from './reference-pair';

/**
 * ParameterStatus after each message, against a real PostgreSQL: Postgres reports a reported
 * setting (GUC_REPORT) whose value changed by the end of any statement, so a transaction's end that
 * undoes a SET — a ROLLBACK, a failed block rolled back, a ROLLBACK TO SAVEPOINT, the COMMIT that
 * ends a SET LOCAL — reports the value the session is back at. Before, only a SET, RESET or DISCARD
 * ALL was followed by ParameterStatus: after `begin; set local intervalstyle = 'iso_8601'; rollback`
 * the client (psycopg reads intervals by it) went on believing iso_8601.
 */
const pair = referencePair(0);

/** The settings these scripts change: both servers report them. */
const WATCHED = new Set(['TimeZone', 'IntervalStyle', 'DateStyle', 'application_name']);

/** Each message of `script` (one simple Query each), and the ParameterStatus it was answered with (or its error). */
async function reports(tracked: TrackedClient, script: readonly string[]): Promise<string[]> {
  const seen: string[] = [];
  const connection = (tracked.client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
    if (WATCHED.has(m.parameterName)) seen.push(`  ${m.parameterName}=${m.parameterValue}`);
  });
  for (const sql of script) {
    seen.push(sql);
    await tracked.client.query(sql).catch((e: Error & { code?: string }) => seen.push(`  error ${e.code}`));
  }
  return seen;
}

const SCRIPTS: Record<string, readonly string[]> = {
  'a SET LOCAL rolled back': [
    'begin',
    "set local intervalstyle = 'iso_8601'",
    'rollback',
    'show intervalstyle',
  ],
  'a SET rolled back': ['begin', "set timezone = 'Europe/Paris'", 'rollback'],
  'a SET LOCAL committed': ['begin', "set local application_name = 'in_block'", 'commit'],
  'a savepoint rolled back to': [
    'begin',
    "set timezone = 'Asia/Tokyo'",
    'savepoint s',
    "set timezone = 'Europe/Paris'; set intervalstyle = 'sql_standard'",
    'rollback to savepoint s',
    'release savepoint s',
    'commit',
    "set timezone = 'UTC'",
  ],
  'a failed message of several statements': [
    "set timezone = 'Europe/Paris'; select 1 / 0",
    "set timezone = 'Europe/Paris'; set timezone = 'UTC'",
    "begin; set intervalstyle = 'iso_8601'; rollback",
  ],
};

describe('ParameterStatus when a transaction ends', () => {
  it("tells psycopg the interval style a ROLLBACK went back to (the reviewer's case)", async () => {
    const ours = await connectTracked(pair.ours().connection);
    try {
      const seen = await reports(ours, SCRIPTS['a SET LOCAL rolled back']!);
      expect(seen).toEqual([
        'begin',
        "set local intervalstyle = 'iso_8601'",
        '  IntervalStyle=iso_8601',
        'rollback',
        '  IntervalStyle=postgres',
        'show intervalstyle',
      ]);
    } finally {
      await ours.client.end();
    }
  });

  it('reports a failed block rolled back by its ROLLBACK (Postgres: with the error), ending as PostgreSQL does', async () => {
    const script = ['begin', "set datestyle = 'German'", 'select 1 / 0', 'select 1', 'rollback'];
    const ours = await connectTracked(pair.ours().connection);
    const theirs = await connectTracked(pair.theirs().url());
    try {
      const [a, b] = [await reports(ours, script), await reports(theirs, script)];
      expect(a).toEqual([
        'begin',
        "set datestyle = 'German'",
        '  DateStyle=German, DMY',
        'select 1 / 0',
        '  error 22012',
        'select 1',
        '  error 25P02',
        'rollback',
        '  DateStyle=ISO, MDY',
      ]);
      // Postgres's abort resets it at the error; both end with the same value told.
      expect(b.filter((line) => line.startsWith('  DateStyle='))).toEqual([
        '  DateStyle=German, DMY',
        '  DateStyle=ISO, MDY',
      ]);
    } finally {
      await ours.client.end();
      await theirs.client.end();
    }
  });

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(`reports ${name} as PostgreSQL does`, async () => {
      const ours = await connectTracked(pair.ours().connection);
      const theirs = await connectTracked(pair.theirs().url());
      try {
        const [a, b] = [await reports(ours, script), await reports(theirs, script)];
        expect(a).toEqual(b);
      } finally {
        await ours.client.end();
        await theirs.client.end();
      }
    });
  }
});
