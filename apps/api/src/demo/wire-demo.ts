import type { Engine } from '@dynascope/engine';
import {
  demoEndpointSql,
  demoSetupSql,
  DEMO_SERVER,
  DEMO_STATE_SQL,
  type DemoCatalogState,
} from './demo-sql';

type ScriptEngine = Pick<Engine, 'execute' | 'catalog'>;

/** A failed demo set-up statement; the message never includes the SQL (it holds the demo keys). */
export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

/**
 * Makes the catalog's `demo` server point at the embedded DynamoDB at `endpoint`: the whole set-up
 * script on the first start, later `ALTER SERVER ... endpoint_url` when dynalite's port changed
 * (it keeps its last one when that is free: demo-dynamo.ts), nothing when it did not.
 */
export async function wireDemo(
  engine: ScriptEngine,
  endpoint: string,
): Promise<'created' | 'updated' | 'unchanged'> {
  const catalog = await engine.catalog();
  const demo = catalog.servers.find((server) => server.name === DEMO_SERVER);
  if (demo?.options.endpoint_url === endpoint) return 'unchanged';
  if (demo) {
    await run(engine, demoEndpointSql(endpoint));
    return 'updated';
  }
  await run(engine, demoSetupSql(endpoint, await readState(engine)));
  return 'created';
}

async function readState(engine: ScriptEngine): Promise<DemoCatalogState> {
  const result = await engine.execute(DEMO_STATE_SQL);
  const row = result.error ? undefined : result.statements[0]?.rows[0];
  return {
    wrapper: row?.[0] === true,
    accessKeySecret: row?.[1] === true,
    secretKeySecret: row?.[2] === true,
  };
}

async function run(engine: ScriptEngine, sql: string): Promise<void> {
  const result = await engine.execute(sql);
  if (result.error) {
    const { message, sqlstate, statementIndex } = result.error;
    throw new DemoSetupError(
      `demo set-up statement ${(statementIndex ?? 0) + 1} failed: ${message} (SQLSTATE ${sqlstate})`,
    );
  }
}
