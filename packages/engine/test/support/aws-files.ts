import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the SDK reads from the environment that a test's AWS files must not inherit from the machine. */
const AWS_VARIABLES = [
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL_STS',
] as const;

/**
 * Temporary AWS shared config files for a test. The engine runs in the test process, so the
 * variables are process-wide: `use` writes the files and points the SDK at them (clearing
 * AWS_PROFILE and the environment's keys), `dispose` restores the variables and removes the folder.
 */
export class AwsFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'dynascope-aws-'));
  private saved: Record<string, string | undefined> | null = null;

  path(name: string): string {
    return join(this.dir, name);
  }

  use(config: readonly string[], credentials: readonly string[] = []): void {
    writeFileSync(this.path('config'), config.join('\n') + '\n');
    writeFileSync(this.path('credentials'), credentials.join('\n') + '\n');
    this.saved ??= Object.fromEntries(AWS_VARIABLES.map((n) => [n, process.env[n]]));
    for (const n of AWS_VARIABLES) delete process.env[n];
    process.env.AWS_CONFIG_FILE = this.path('config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = this.path('credentials');
  }

  dispose(): void {
    if (this.saved) {
      for (const n of AWS_VARIABLES) {
        if (this.saved[n] === undefined) delete process.env[n];
        else process.env[n] = this.saved[n];
      }
      this.saved = null;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
