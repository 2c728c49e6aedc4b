import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { EngineOptions } from '../../src/engine';
import { hostDataDir } from '../../src/host/host-data-dir';

/**
 * Runs `sql` on an engine's host as its superuser, past every check the engine makes — what an older
 * version, or someone with the host itself, could have left there. The engine must be closed (PGlite's
 * data directory has one user at a time).
 */
export async function onHostUnchecked(
  host: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>,
  sql: string,
): Promise<void> {
  if (host.databaseUrl) {
    const client = new pg.Client({ connectionString: host.databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return;
  }
  const db = await PGlite.create({ dataDir: hostDataDir(host.dataDir!) });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}
