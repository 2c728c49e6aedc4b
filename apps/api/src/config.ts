import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORT } from './app';
import { dataDirOf } from './data-dir';
import { DEFAULT_DEMO_EVENTS } from './demo/seed-demo-data';
import { loopbackHosts } from './security/loopback-hosts';

/** The Postgres wire protocol's default port (design.md). */
export const DEFAULT_PG_PORT = 5481;

/** Vite's dev server port: `npm run dev -w @dynascope/web` proxies /api from there. */
const VITE_DEV_PORT = 5173;

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** The Postgres wire protocol's port (DYNASCOPE_PG_PORT, default 5481); 0: off. */
  readonly pgPort: number;
  /** PEM files for the wire protocol's TLS (DYNASCOPE_PG_TLS_CERT and DYNASCOPE_PG_TLS_KEY, both or neither). */
  readonly pgTls: { readonly certFile: string; readonly keyFile: string } | null;
  readonly token: string;
  /** True when the token came from DYNASCOPE_TOKEN (then it is not printed). */
  readonly tokenFromEnv: boolean;
  readonly dataDir: string;
  /** A PostgreSQL server as the engine's host (DYNASCOPE_DATABASE_URL); null: PGlite in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly demo: boolean;
  readonly demoEvents: number;
  readonly allowedHosts: readonly string[];
  readonly webDist: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function pgTls(env: NodeJS.ProcessEnv, base: string): ServerConfig['pgTls'] {
  const cert = env.DYNASCOPE_PG_TLS_CERT;
  const key = env.DYNASCOPE_PG_TLS_KEY;
  if (!cert && !key) return null;
  if (!cert || !key)
    throw new Error('DYNASCOPE_PG_TLS_CERT and DYNASCOPE_PG_TLS_KEY go together: set both or neither');
  return { certFile: resolve(base, cert), keyFile: resolve(base, key) };
}

/**
 * Reads the server's configuration from the environment. Relative paths resolve against the
 * directory npm was run from (`INIT_CWD`), not apps/api where `npm start -w` runs the script.
 */
export function readConfig(env: NodeJS.ProcessEnv, cwd: string): ServerConfig {
  const port = integer(env, 'PORT', DEFAULT_PORT, 1, 65_535);
  const base = env.INIT_CWD ?? cwd;
  const extraHosts = (env.DYNASCOPE_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  return {
    host: env.HOST || '127.0.0.1',
    port,
    pgPort: integer(env, 'DYNASCOPE_PG_PORT', DEFAULT_PG_PORT, 0, 65_535),
    pgTls: pgTls(env, base),
    token: env.DYNASCOPE_TOKEN || randomBytes(24).toString('base64url'),
    tokenFromEnv: Boolean(env.DYNASCOPE_TOKEN),
    dataDir: dataDirOf(env, cwd),
    databaseUrl: env.DYNASCOPE_DATABASE_URL || null,
    demo: env.DYNASCOPE_DEMO !== '0',
    demoEvents: integer(env, 'DYNASCOPE_DEMO_EVENTS', DEFAULT_DEMO_EVENTS, 0, 5_000_000),
    allowedHosts: [...loopbackHosts(port), ...loopbackHosts(VITE_DEV_PORT), ...extraHosts],
    webDist: env.DYNASCOPE_WEB_DIST
      ? resolve(base, env.DYNASCOPE_WEB_DIST)
      : fileURLToPath(new URL('../../web/dist', import.meta.url)),
  };
}

/** Where DYNASCOPE_DATABASE_URL points, for the start-up log: never its user or password. */
export function databaseHost(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.host || 'localhost'}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
