import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import type { TestProject } from 'vitest/node';
import { PGliteHost } from '../../src/host/pglite-host';
import { startDynamoDbLocal } from './dynamodb-local';

/**
 * Starts the real DynamoDB APIs the suite runs against — dynalite in this process and AWS's
 * DynamoDB Local (Java) in a child — and a PGlite template so each test's host starts in ~1 s.
 */
export default async function setup(project: TestProject) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const dynalitePort = (server.address() as { port: number }).port;
  const local = await startDynamoDbLocal();

  const host = await PGliteHost.open({});
  const dir = mkdtempSync(join(tmpdir(), 'dynascope-test-'));
  const template = join(dir, 'pglite-template.tgz');
  writeFileSync(template, Buffer.from(await (await host.dump()).arrayBuffer()));
  await host.close();

  project.provide('endpoints', {
    dynalite: `http://127.0.0.1:${dynalitePort}`,
    'dynamodb-local': local.endpoint,
  });
  project.provide('pgliteTemplate', template);
  return async () => {
    await local.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: { dynalite: string; 'dynamodb-local': string };
    pgliteTemplate: string;
  }
}
