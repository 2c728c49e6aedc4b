import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaRoutes } from './spa-routes';

const dist = mkdtempSync(join(tmpdir(), 'dynascope-dist-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('spaRoutes', () => {
  it('says how to build the web app while dist/ is missing', async () => {
    const app = spaRoutes(join(dist, 'missing'));
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/npm run build/);
  });

  it('serves files, falls back to index.html for client routes, and never answers /api', async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'main.js'), 'console.log(1)');
    const app = spaRoutes(dist);
    const asset = await app.request('/assets/main.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toBe('console.log(1)');
    for (const path of ['/', '/designer/users', '/index.html']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toMatch(/<title>app<\/title>/);
    }
    expect((await app.request('/api/unknown')).status).toBe(404);
    expect((await app.request('/../package.json')).status).not.toBe(500);
  });
});
