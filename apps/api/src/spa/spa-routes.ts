import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

const MISSING_BUILD_PAGE = `<!doctype html>
<meta charset="utf-8"><title>Dynascope</title>
<p>The web app has not been built yet. Run <code>npm run build</code> (or <code>npm start</code> from the
repository root, which builds it), then reload this page.</p>
<p>The API is running: <code>GET /api/health</code>.</p>`;

/**
 * Serves the built SPA from `distDir`, with `index.html` for every other non-API path (client-side
 * routes); a short page saying how to build it while `dist/` is missing. The check is per request,
 * so a build made while the server runs is picked up.
 */
export function spaRoutes(distDir: string) {
  const indexFile = join(distDir, 'index.html');
  let handlers: readonly [MiddlewareHandler, MiddlewareHandler] | null = null;
  return new Hono().get('*', async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return c.notFound();
    if (!existsSync(indexFile)) return c.html(MISSING_BUILD_PAGE);
    handlers ??= [
      serveStatic({ root: distDir }),
      serveStatic({
        root: distDir,
        path: 'index.html',
        onFound: (_path, ctx) => void ctx.header('Cache-Control', 'no-cache'),
      }),
    ];
    const [assets, index] = handlers;
    const served = await assets(c, async () => {
      const fallback = await index(c, next);
      if (fallback) c.res = fallback;
    });
    return served ?? c.res;
  });
}
