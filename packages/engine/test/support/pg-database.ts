import pg from 'pg';
import { inject } from 'vitest';

/** The bootstrapped database every test database is copied from (global-setup-postgres.ts). */
export const TEMPLATE_DATABASE = 'dynascope_template';

let counter = 0;

/** The test cluster's URL when this run is on the PostgreSQL host (npm run test:pg), else undefined. */
export function testPostgresUrl(): string | undefined {
  return inject('postgresUrl');
}

/**
 * A fresh database of the test cluster, copied from the bootstrapped template (or an empty one):
 * its superuser URL.
 */
export async function createTestDatabase(template = TEMPLATE_DATABASE): Promise<string> {
  const url = testPostgresUrl();
  if (!url)
    throw new Error('no PostgreSQL test cluster: run with DYNASCOPE_TEST_HOST=postgres (npm run test:pg)');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template} strategy file_copy`);
  } finally {
    await admin.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}
