import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The client check scripts (Python, Java) run against the server. */
export const CLIENTS = fileURLToPath(new URL('./clients/', import.meta.url));
/** Debian's python3, with its psycopg2 and psycopg 3 (.ci/run installs them). */
const PYTHON = '/usr/bin/python3';

/** A check script's "key: value" lines, as an object. */
export const lines = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/: (.*)/s).slice(0, 2)),
  );

/** A client check script of ./clients run against the server at `connection`: its "key: value" lines. */
export async function pythonCheck(
  connection: { host: string; port: number; user: string; password: string },
  script: string,
): Promise<Record<string, string>> {
  const { host, port, user, password } = connection;
  const { stdout } = await run(PYTHON, [join(CLIENTS, script), host, String(port), user, password], {
    timeout: 60_000,
  });
  return lines(stdout);
}
