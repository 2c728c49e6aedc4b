import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostDataDir } from './host-data-dir';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir(entries: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-layout-'));
  dirs.push(dir);
  for (const e of entries) {
    if (e.endsWith('/')) mkdirSync(join(dir, e), { recursive: true });
    else writeFileSync(join(dir, e), e);
  }
  return dir;
}

const POSTGRES = [
  'PG_VERSION',
  'base/',
  'global/',
  'pg_wal/',
  'pg_xact/',
  'pg_hba.conf',
  'pg_ident.conf',
  'postgresql.conf',
  'postgresql.auto.conf',
  'postmaster.opts',
];
const OURS = ['vault.key', 'dynascope.lock', 'dynalite/', 'notes.txt'];

describe('hostDataDir: the host in pgdata/, the vault key beside it', () => {
  it('a new data directory gets pgdata/ (created by the host) and nothing is moved', () => {
    const dir = dataDir(OURS);
    expect(hostDataDir(dir)).toBe(join(dir, 'pgdata'));
    expect(readdirSync(dir).sort()).toEqual(['dynalite', 'dynascope.lock', 'notes.txt', 'vault.key']);
  });

  it("moves an old layout's Postgres files into pgdata/ and leaves everything else", () => {
    const dir = dataDir([...POSTGRES, ...OURS]);
    expect(hostDataDir(dir)).toBe(join(dir, 'pgdata'));
    expect(readdirSync(dir).sort()).toEqual([
      'dynalite',
      'dynascope.lock',
      'notes.txt',
      'pgdata',
      'vault.key',
    ]);
    expect(readdirSync(join(dir, 'pgdata')).sort()).toEqual(POSTGRES.map((e) => e.replace('/', '')).sort());
    expect(hostDataDir(dir)).toBe(join(dir, 'pgdata')); // the next start finds it in place
  });

  it('resumes a move cut short', () => {
    const dir = dataDir([
      'base/',
      'pg_wal/',
      'pgdata.moving/',
      'pgdata.moving/PG_VERSION',
      'pgdata.moving/global/',
      ...OURS,
    ]);
    hostDataDir(dir);
    expect(readdirSync(join(dir, 'pgdata')).sort()).toEqual(['PG_VERSION', 'base', 'global', 'pg_wal']);
    expect(readdirSync(dir)).not.toContain('pgdata.moving');
  });

  it('refuses a directory with two Postgres data directories rather than guess', () => {
    const dir = dataDir(['PG_VERSION', 'pgdata/', 'pgdata/PG_VERSION']);
    expect(() => hostDataDir(dir)).toThrow(/two Postgres data directories/);
  });
});
