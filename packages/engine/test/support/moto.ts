import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { freePort } from './ports';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Moto {
  /** IAM, STS and DynamoDB, all on this one endpoint. */
  readonly endpoint: string;
  /** A user allowed everything: sets up the rest once IAM is enforced. */
  readonly admin: AccessKey;
  stop(): Promise<void>;
}

/** Requests moto serves without checking IAM: exactly the three that make the admin below. */
const BOOTSTRAP_REQUESTS = 3;

/** Whether `moto_server` (Python moto, preinstalled on these machines) is on PATH. */
export function hasMoto(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `moto_server` on a free loopback port with IAM enforced after the admin user is made
 * (INITIAL_NO_AUTH_ACTION_COUNT): every later request needs a policy that allows it. With
 * `enforceIam: false` nothing is checked (moto cannot serve unsigned calls such as
 * AssumeRoleWithWebIdentity while it enforces IAM: it fails looking for their Authorization header).
 * The caller must `stop()` it (the process is killed with its group on the test process's exit too).
 */
export async function startMoto(options: { enforceIam?: boolean } = {}): Promise<Moto> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' };
  if (options.enforceIam ?? true) env.INITIAL_NO_AUTH_ACTION_COUNT = String(BOOTSTRAP_REQUESTS);
  else delete env.INITIAL_NO_AUTH_ACTION_COUNT;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const kill = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', kill);
  const stop = () =>
    new Promise<void>((resolve) => {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    // Poll the socket, not the API: every API request before the admin exists would count as one of the three.
    await waitForPort(port, 30_000, () => child.exitCode !== null);
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIABOOTSTRAPBOOTSTR', secretAccessKey: 'bootstrap' },
      maxAttempts: 1,
    });
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(
      new PutUserPolicyCommand({ UserName: 'admin', PolicyName: 'all', PolicyDocument: policy(['*']) }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
    iam.destroy();
    return {
      endpoint,
      admin: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`moto_server did not start: ${(e as Error).message}\n${stderr}`, { cause: e });
  }
}

/** An IAM policy document allowing these actions on every resource. */
export function policy(actions: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
  });
}

/**
 * IAM users of moto allowed STS alone, each with an access key: GetCallerIdentity through a server's
 * clients then names the user whose keys they sign with.
 */
export async function stsUsers(moto: Moto, names: readonly string[]): Promise<Record<string, AccessKey>> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: moto.admin });
  const users: Record<string, AccessKey> = {};
  try {
    for (const name of names) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(
        new PutUserPolicyCommand({ UserName: name, PolicyName: 'sts', PolicyDocument: policy(['sts:*']) }),
      );
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      users[name] = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    }
  } finally {
    iam.destroy();
  }
  return users;
}

async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (gaveUp() || Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
