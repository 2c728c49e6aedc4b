import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

const MISSING_BUILD_PAGE = `<!doctype html>
<meta charset="utf-8"><title>Dynascope</title>
<p>The web app has not been built yet. Run <code>npm run build</code> (or <code>npm start</code> from the
repository root, which builds it), then reload this page.</p>
<p>The API is running: <code>GET /api/health</code>.</p>`;

/**
 * Serves the built SPA from `distDir`, with `index.html` for every other non-API path (client-side
 * routes); a short page saying how to build it while `dist/` is missing.
 */
export function spaRoutes(distDir: string) {
  const indexFile = join(distDir, 'index.html');
  return new Hono()
    .use('*', async (c, next) => {
      if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
      if (!existsSync(indexFile)) return c.html(MISSING_BUILD_PAGE);
      await next();
    })
    .use('*', serveStatic({ root: distDir }))
    .get(
      '*',
      serveStatic({
        root: distDir,
        path: 'index.html',
        onFound: (_path, c) => {
          c.header('Cache-Control', 'no-cache');
        },
      }),
    );
}
