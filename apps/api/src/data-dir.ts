import { resolve } from 'node:path';

/**
 * The server's data directory: DYNASCOPE_DATA_DIR, default `.dynascope`, relative to the directory npm
 * was run from (`INIT_CWD`), not apps/api where `npm start -w` runs the script.
 */
export function dataDirOf(env: NodeJS.ProcessEnv, cwd: string): string {
  return resolve(env.INIT_CWD ?? cwd, env.DYNASCOPE_DATA_DIR || '.dynascope');
}
