import type { Hono } from 'hono';
import type { BlankEnv, BlankInput } from 'hono/types';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type {
  cancelRequest,
  closeRequest,
  copyRequest,
  nextRequest,
  previewRequest,
  sqlRequest,
} from './requests/request-bodies';
import type { ddlQuery } from './requests/ddl-query';
import type { tableQuery } from './requests/table-query';
import type { AwsProfileList } from './results/aws-profile';
import type { CatalogSnapshot } from './results/catalog';
import type { ExampleList } from './results/example';
import type { DemoStatus } from './results/demo-status';
import type { ConnectionInfo } from './results/postgres-endpoint';
import type { NextPage, ScriptResult } from './results/script-result';
import type { ServerIdentity } from './results/server-identity';
import type { WritePreviewResult } from './results/write-preview';
import type { TableDescription, TableList } from './results/table-description';
import type { TableInspection } from './results/table-inspection';
import type { CatalogDdl } from './results/catalog-ddl';
import type {
  SavedQuery,
  SavedQueryCheckReport,
  SavedQueryList,
  SavedQuerySql,
  savedQueryBody,
  savedQuerySearch,
  savedQueryValues,
} from './saved/saved-query';

type Endpoint<Input, Output, Status> = { input: Input; output: Output; outputFormat: 'json'; status: Status };
type JsonBody<S extends z.ZodType> = { json: z.input<S> };

/**
 * The HTTP API's routes as Hono's typed client sees them: for each path and method, what the
 * request carries and what the answer is. The API's app is checked against it (its AppType must
 * have exactly this schema), and the web app builds its client from it (`hc<ApiApp>`) without
 * compiling the server. `POST /api/sql/stream` answers NDJSON lines (`StreamFrame`), `POST /api/copy` the data.
 */
export type ApiSchema = {
  '/api/health': { $get: Endpoint<BlankInput, { ok: true }, ContentfulStatusCode> };
  '/api/sql': { $post: Endpoint<JsonBody<typeof sqlRequest>, ScriptResult, 200 | 400> };
  '/api/sql/stream': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Hono's type for a body it cannot see into
    $post: { input: JsonBody<typeof sqlRequest>; output: {}; outputFormat: string; status: StatusCode };
  };
  '/api/sql/next': { $post: Endpoint<JsonBody<typeof nextRequest>, NextPage, 200> };
  '/api/sql/close': { $post: Endpoint<JsonBody<typeof closeRequest>, { ok: true }, ContentfulStatusCode> };
  '/api/sql/cancel': {
    $post: Endpoint<JsonBody<typeof cancelRequest>, { cancelled: boolean }, ContentfulStatusCode>;
  };
  '/api/explain': { $post: Endpoint<JsonBody<typeof sqlRequest>, ScriptResult, 200 | 400> };
  '/api/preview': { $post: Endpoint<JsonBody<typeof previewRequest>, WritePreviewResult, 200 | 400> };
  '/api/catalog': { $get: Endpoint<BlankInput, CatalogSnapshot, 200> };
  '/api/servers/:server/tables': { $get: Endpoint<{ param: { server: string } }, TableList, 200> };
  '/api/servers/:server/tables/:table': {
    $get: Endpoint<
      { query: z.input<typeof tableQuery>; param: { server: string; table: string } },
      TableDescription,
      200
    >;
  };
  '/api/servers/:server/tables/:table/inspect': {
    $get: Endpoint<{ param: { server: string; table: string } }, TableInspection, 200>;
  };
  '/api/ddl': { $get: Endpoint<{ query: z.input<typeof ddlQuery> }, CatalogDdl, 200> };
  '/api/examples': { $get: Endpoint<BlankInput, ExampleList, ContentfulStatusCode> };
  '/api/connection': { $get: Endpoint<BlankInput, ConnectionInfo, 200> };
  '/api/demo': { $get: Endpoint<BlankInput, DemoStatus, 200> };
  '/api/aws/profiles': { $get: Endpoint<BlankInput, AwsProfileList, 200> };
  '/api/servers/:server/identity': { $get: Endpoint<{ param: { server: string } }, ServerIdentity, 200> };
  '/api/saved-queries': {
    $get: Endpoint<{ query: z.input<typeof savedQuerySearch> }, SavedQueryList, 200>;
    $post: Endpoint<JsonBody<typeof savedQueryBody>, SavedQuery, 201>;
  };
  '/api/saved-queries/check': { $post: Endpoint<BlankInput, SavedQueryCheckReport, 200> };
  '/api/saved-queries/:name': {
    $get: Endpoint<{ param: { name: string } }, SavedQuery, 200>;
    $put: Endpoint<JsonBody<typeof savedQueryBody> & { param: { name: string } }, SavedQuery, 200>;
    $delete: Endpoint<{ param: { name: string } }, { ok: true }, 200>;
  };
  '/api/saved-queries/:name/sql': {
    $post: Endpoint<JsonBody<typeof savedQueryValues> & { param: { name: string } }, SavedQuerySql, 200>;
  };
  '/api/copy': {
    // The data itself (COPY ... TO STDOUT), or with `?sql=` and a raw body a `CopyResult` (COPY ... FROM STDIN).
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Hono's type for a body it cannot see into
    $post: { input: JsonBody<typeof copyRequest>; output: {}; outputFormat: string; status: StatusCode };
  };
};

/** The API app's type as the typed client needs it. */
export type ApiApp = Hono<BlankEnv, ApiSchema, '/'>;
