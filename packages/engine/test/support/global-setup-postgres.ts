import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { BOOTSTRAP_SQL } from '../../src/catalog/bootstrap';
import { PgHost } from '../../src/host/pg-host';
import { USER_ROLE_SQL } from '../../src/host/user-role';
import { startPostgresCluster } from './postgres-cluster';
import { TEMPLATE_DATABASE } from './pg-database';

/**
 * For the run on the PostgreSQL host (npm run test:pg): a throwaway cluster of Debian's
 * PostgreSQL and a bootstrapped template database, so each test's engine gets a fresh database
 * (CREATE DATABASE ... TEMPLATE) in a fraction of a second.
 */
export default async function setup(project: TestProject) {
  const cluster = await startPostgresCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    await admin.end();
    const host = await PgHost.connect(cluster.url(TEMPLATE_DATABASE));
    await host.exec(`${BOOTSTRAP_SQL};${USER_ROLE_SQL}`);
    await host.close();
  } catch (e) {
    cluster.stop();
    throw e;
  }
  project.provide('postgresUrl', cluster.url());
  return () => cluster.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's superuser URL (the `postgres` database), when the run is on the PostgreSQL host. */
    postgresUrl?: string;
  }
}
