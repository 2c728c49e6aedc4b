import type { Engine } from '../../src/engine';
import { clientOf, createDocServer, createTable, ok, openTestEngine, putItems, uniqueName } from './harness';

/**
 * An engine over two dynalite tables and local copies of them, for comparing the engine's EXPLAIN of
 * foreign tables with the host's own EXPLAIN of the same plans: `items` (pk, sk, v: six items, three
 * under 'a') and `few` (pk, tag: 'a' tagged `tagOfA`, 'c' tagged 'y'); `local_items` and `local_few`
 * hold the same rows, analysed.
 */
export async function openExplainTables(
  base: string,
  tagOfA = 'x',
): Promise<{ engine: Engine; table: string; few: string }> {
  const table = uniqueName(base);
  const few = uniqueName(`${base}_few`);
  const client = clientOf('dynalite');
  await createTable(client, table, { name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
  await putItems(
    client,
    table,
    Array.from({ length: 6 }, (_, i) => ({
      pk: { S: i < 3 ? 'a' : 'b' },
      sk: { N: String(i) },
      v: { N: String(i * 10) },
    })),
  );
  await createTable(client, few, { name: 'pk', type: 'S' });
  await putItems(client, few, [
    { pk: { S: 'a' }, tag: { S: tagOfA } },
    { pk: { S: 'c' }, tag: { S: 'y' } },
  ]);
  const engine = await openTestEngine();
  await createDocServer(engine, 'dynalite');
  await ok(
    engine,
    `create foreign table items (pk text, sk bigint, v int) server dynamodb_server options (table '${table}', rowid_column 'pk');
     create foreign table few (pk text, tag text) server dynamodb_server options (table '${few}', rowid_column 'pk');
     create table local_items (pk text, sk bigint, v int);
     insert into local_items select case when i < 3 then 'a' else 'b' end, i, i * 10 from generate_series(0, 5) i;
     create table local_few (pk text, tag text);
     insert into local_few values ('a', 'x'), ('c', 'y');
     analyze local_items; analyze local_few`,
  );
  return { engine, table, few };
}

/** `run` with the host planning hash joins only (no nested loop, merge join or JIT), as the engine joins. */
export async function withHashJoinsOnly<T>(engine: Engine, run: () => Promise<T>): Promise<T> {
  await ok(engine, 'set enable_nestloop = off; set enable_mergejoin = off; set jit = off');
  try {
    return await run();
  } finally {
    await ok(engine, 'reset enable_nestloop; reset enable_mergejoin; reset jit');
  }
}
