import { createInterface } from 'node:readline';
import { Engine } from '../../src/engine';

/**
 * Another API process, for tests of what processes on one PostgreSQL host share: opens an engine on
 * `url` (argv 2) with the vault key `shared-key`, prints `ready`, and runs each line it reads as a
 * script, printing its result as one line of JSON; ends at end of input.
 *   node --import tsx test/support/engine-process.ts postgres://.../t_1
 */
const engine = await Engine.open({ databaseUrl: process.argv[2]!, vaultKey: 'shared-key' });
process.stdout.write('ready\n');
for await (const sql of createInterface({ input: process.stdin })) {
  const r = await engine.execute(sql, { pageSize: 100_000 });
  process.stdout.write(`${JSON.stringify({ error: r.error, rows: r.statements.at(-1)?.rows })}\n`);
}
await engine.close();
