import { Hono } from 'hono';
import type { WorkbenchEngine } from '../workbench-engine';
import { ApiError } from '../http/api-error';
import { sendJson } from '../http/send-json';
import type { Example } from '../demo/example';

export interface CatalogRoutesOptions {
  readonly engine: WorkbenchEngine;
  readonly examples: readonly Example[];
}

const MAX_SAMPLE_SIZE = 1000;

function parseSampleSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 0 || size > MAX_SAMPLE_SIZE) {
    throw new ApiError(400, `"sampleSize" must be an integer from 0 to ${MAX_SAMPLE_SIZE}`);
  }
  return size;
}

/**
 * `/catalog` (schema tree and autocomplete; credentials masked by the engine), the table
 * designer's `/servers/:server/tables[/:table]` and the demo's `/examples`, mounted under `/api`.
 */
export function catalogRoutes({ engine, examples }: CatalogRoutesOptions) {
  return new Hono()
    .get('/catalog', async (c) => sendJson(c, await engine.catalog()))
    .get('/servers/:server/tables', async (c) => {
      const server = c.req.param('server');
      return sendJson(c, { server, tables: await engine.listTables(server, { signal: c.req.raw.signal }) });
    })
    .get('/servers/:server/tables/:table', async (c) => {
      const sampleSize = parseSampleSize(c.req.query('sampleSize'));
      const description = await engine.describeTable(c.req.param('server'), c.req.param('table'), {
        signal: c.req.raw.signal,
        ...(sampleSize === undefined ? {} : { sampleSize }),
      });
      return sendJson(c, description);
    })
    .get('/examples', (c) => c.json({ examples }));
}
