import { Hono } from 'hono';
import type { DemoFill, Example, PostgresEndpoint } from '@dynascope/contract';
import type { WorkbenchEngine } from './workbench-engine';
import { awsRoutes } from './aws/aws-routes';
import { catalogRoutes } from './catalog/catalog-routes';
import { copyRoutes } from './copy/copy-routes';
import { demoRoutes } from './demo/demo-routes';
import { connectionRoutes } from './pgwire/connection-routes';
import { handleError, handleNotFound } from './http/handle-error';
import { limitBody } from './http/limit-body';
import { bearerAuth } from './security/bearer-auth';
import { loopbackHosts } from './security/loopback-hosts';
import { originGuard } from './security/origin-guard';
import { securityHeaders } from './security/security-headers';
import { spaRoutes } from './spa/spa-routes';
import { RunningRequests } from './sql/running-requests';
import { sqlRoutes } from './sql/sql-routes';
import { savedQueryRoutes } from './saved/saved-query-routes';

export const DEFAULT_PORT = 5480;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  readonly engine: WorkbenchEngine;
  /** The bearer token every route but /api/health requires. */
  readonly token: string;
  /** `host:port` values accepted in Host and Origin; default: the loopback names on `DEFAULT_PORT`. */
  readonly allowedHosts?: readonly string[];
  /** Request body limit in bytes (413 beyond); default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Example queries for GET /api/examples. */
  readonly examples?: readonly Example[];
  /** Running requests (shared with the server so shutdown can abort them). */
  readonly running?: RunningRequests;
  /** The built SPA to serve at `/`; no SPA routes when absent. */
  readonly webDist?: string;
  /** Where the Postgres wire protocol listens, once it does (GET /api/connection); none: off. */
  readonly postgres?: () => PostgresEndpoint | null;
  /** The demo's background fill on a first start (GET /api/demo); none: nothing filling. */
  readonly demoFill?: () => DemoFill | null;
}

/** Builds the Dynascope HTTP app: the JSON API under /api and, optionally, the SPA. */
export function createApp(options: AppOptions) {
  const { engine, token } = options;
  const running = options.running ?? new RunningRequests();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const limited = limitBody(maxBodyBytes);

  const app = new Hono()
    .use('*', securityHeaders(), originGuard(options.allowedHosts ?? loopbackHosts(DEFAULT_PORT)))
    .use('/api/*', (c, next) =>
      // COPY ... FROM STDIN's data is streamed to the engine: no limit on that body.
      c.req.path === '/api/copy' && c.req.query('sql') !== undefined ? next() : limited(c, next),
    )
    .get('/api/health', (c) => c.json({ ok: true as const }))
    .use('/api/*', bearerAuth(token))
    .route('/api', sqlRoutes({ engine, running }))
    .route('/api', catalogRoutes({ engine, examples: options.examples ?? [] }))
    .route('/api', awsRoutes({ engine }))
    .route('/api', copyRoutes({ engine, running }))
    .route('/api', connectionRoutes(options.postgres ?? (() => null)))
    .route('/api', demoRoutes(options.demoFill ?? (() => null)))
    .route('/api', savedQueryRoutes({ engine }));

  if (options.webDist !== undefined) app.route('/', spaRoutes(options.webDist));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

/** The app's type, for the web app's typed client (`hc<AppType>`). */
export type AppType = ReturnType<typeof createApp>;
