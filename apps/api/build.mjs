// Compiles the API server for production: `src/main.ts` (then `src/server.ts`) with the workspace packages it imports
// (@dynascope/engine, @dynascope/contract: TypeScript sources) and their npm dependencies bundled
// into `dist/server.js` (each resolved from its importer, so a package's own nested versions are the
// ones bundled). Packages that load files of their own at run time (WebAssembly, native LevelDB)
// stay plain imports from node_modules. The files the code finds beside itself at run time
// (new URL('./x', import.meta.url)) are copied next to the bundle.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { URL } from 'node:url';
import { build } from 'esbuild';

const dist = new URL('./dist/', import.meta.url);
/** Not bundled: PGlite and libpg-query load their .wasm/.data beside them, dynalite its native LevelDB. */
const RUNTIME_FILES = ['@electric-sql/pglite', 'libpg-query', 'dynalite'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  // dist/server.js is the entry (src/main.ts): it starts the embedded Postgres, then imports the rest
  // of the server, split into chunks beside it, so they compile while PGlite starts.
  entryPoints: { server: new URL('./src/main.ts', import.meta.url).pathname },
  outdir: dist.pathname,
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: RUNTIME_FILES.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
for (const file of [
  '../../packages/engine/src/host/pglite-worker.mjs',
  './src/dynalite/dynalite-child.cjs',
  './src/dynalite/close-level-iterators.cjs',
  './src/demo/examples.sql',
]) {
  copyFileSync(new URL(file, import.meta.url), new URL(file.slice(file.lastIndexOf('/') + 1), dist));
}
