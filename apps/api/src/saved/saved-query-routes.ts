import { Hono } from 'hono';
import {
  savedQueryBody,
  savedQuerySearch,
  savedQueryValues,
  type SavedQueryList,
  type SavedQuerySql,
} from '@dynascope/contract';
import type { WorkbenchEngine } from '../workbench-engine';
import { jsonBody } from '../http/json-body';
import { queryParams } from '../http/query-params';
import { sendJson } from '../http/send-json';

export interface SavedQueryRoutesOptions {
  readonly engine: WorkbenchEngine;
}

/**
 * Saved queries, mounted under `/api`:
 *   GET    /saved-queries[?q=words]     the list (name, description or SQL holding every word)
 *   POST   /saved-queries               create (400 with 42710 when the name is taken) → 201
 *   GET    /saved-queries/:name         one (404 with 42704)
 *   PUT    /saved-queries/:name         replace or create; a different body name renames
 *   DELETE /saved-queries/:name         → { ok: true }
 *   POST   /saved-queries/:name/sql     { values? } → { sql } with `$1`... as literals, to run as any SQL
 *   POST   /saved-queries/check         "Check all": EXPLAIN of each against its expectation
 */
export function savedQueryRoutes({ engine }: SavedQueryRoutesOptions) {
  return new Hono()
    .get('/saved-queries', queryParams(savedQuerySearch), async (c) => {
      const list: SavedQueryList = { queries: await engine.savedQueries.list(c.req.valid('query').q ?? '') };
      return sendJson(c, list);
    })
    .post('/saved-queries', jsonBody(savedQueryBody), async (c) =>
      sendJson(c, await engine.savedQueries.put(c.req.valid('json'), false), 201),
    )
    .post('/saved-queries/check', async (c) => sendJson(c, await engine.checkSavedQueries()))
    .get('/saved-queries/:name', async (c) => sendJson(c, await engine.savedQueries.get(c.req.param('name'))))
    .put('/saved-queries/:name', jsonBody(savedQueryBody), async (c) =>
      sendJson(c, await engine.savedQueries.replace(c.req.param('name'), c.req.valid('json'))),
    )
    .delete('/saved-queries/:name', async (c) => {
      await engine.savedQueries.remove(c.req.param('name'));
      return sendJson(c, { ok: true as const });
    })
    .post('/saved-queries/:name/sql', jsonBody(savedQueryValues), async (c) => {
      const { values } = c.req.valid('json');
      const answer: SavedQuerySql = { sql: await engine.savedQuerySql(c.req.param('name'), values) };
      return sendJson(c, answer);
    });
}
