import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD_SCRIPT = fileURLToPath(new URL('./dynalite-child.cjs', import.meta.url));

/** A dynalite server running in a child process. */
export interface DynaliteProcess {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the child and waits for it to exit (its LevelDB store is closed cleanly). */
  stop(): Promise<void>;
}

export interface StartDynaliteOptions {
  /** LevelDB directory; in memory when absent. */
  readonly path?: string;
  /** The port to listen on when it is free (else any free port: `port` says which). */
  readonly port?: number;
  readonly timeoutMs?: number;
}

/**
 * Starts dynalite in a child process on a free loopback port (`options.port` if it is free). The
 * child exits when this process goes away, so a crash never leaves it holding the LevelDB lock.
 */
export async function startDynalite(options: StartDynaliteOptions = {}): Promise<DynaliteProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.path !== undefined) env.DYNALITE_PATH = options.path;
  else delete env.DYNALITE_PATH;
  if (options.port !== undefined) env.DYNALITE_PORT = String(options.port);
  else delete env.DYNALITE_PORT;
  // execArgv: [] so the child does not inherit tsx's loader: it is plain CommonJS.
  const child = fork(CHILD_SCRIPT, [], { env, execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await waitForPort(child, options.timeoutMs ?? 15_000);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child),
  };
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`dynalite did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (message: { type: string; port?: number; message?: string }) => {
      if (message.type === 'listening' && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      } else {
        fail(new Error(`dynalite failed to start: ${message.message ?? 'unknown error'}`));
      }
    });
    child.once('exit', (code) => fail(new Error(`dynalite exited during start-up (code ${code})`)));
    child.once('error', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
