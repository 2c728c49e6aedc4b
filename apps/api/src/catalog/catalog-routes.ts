import { Hono } from 'hono';
import {
  ddlQuery,
  tableQuery,
  type CatalogDdl,
  type Example,
  type ExampleList,
  type TableList,
} from '@dynascope/contract';
import type { WorkbenchEngine } from '../workbench-engine';
import { sendJson } from '../http/send-json';
import { queryParams } from '../http/query-params';

export interface CatalogRoutesOptions {
  readonly engine: WorkbenchEngine;
  readonly examples: readonly Example[];
}

/**
 * `/catalog` (schema tree and autocomplete; credentials masked by the engine), the table
 * designer's `/servers/:server/tables[/:table]`, the table inspector's
 * `/servers/:server/tables/:table/inspect`, the tree's `/ddl?server=|schema=[&table=]` (credentials
 * left out by the engine) and the demo's `/examples`, mounted under `/api`.
 */
export function catalogRoutes({ engine, examples }: CatalogRoutesOptions) {
  return new Hono()
    .get('/catalog', async (c) => sendJson(c, await engine.catalog()))
    .get('/servers/:server/tables', async (c) => {
      const server = c.req.param('server');
      const list: TableList = {
        server,
        tables: await engine.listTables(server, { signal: c.req.raw.signal }),
      };
      return sendJson(c, list);
    })
    .get('/servers/:server/tables/:table', queryParams(tableQuery), async (c) => {
      const { sampleSize } = c.req.valid('query');
      const description = await engine.describeTable(c.req.param('server'), c.req.param('table'), {
        signal: c.req.raw.signal,
        ...(sampleSize === undefined ? {} : { sampleSize }),
      });
      return sendJson(c, description);
    })
    .get('/servers/:server/tables/:table/inspect', async (c) =>
      sendJson(
        c,
        await engine.inspectTable(c.req.param('server'), c.req.param('table'), { signal: c.req.raw.signal }),
      ),
    )
    .get('/ddl', queryParams(ddlQuery), async (c) => {
      const answer: CatalogDdl = { sql: await engine.ddl(c.req.valid('query')) };
      return sendJson(c, answer);
    })
    .get('/examples', (c) => c.json<ExampleList>({ examples: [...examples] }));
}
