import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/engine';
import { freshHost } from './harness';
import { onHostUnchecked } from './unchecked-host';

/**
 * A host a test opens engines on one after another — a PGlite data directory, or in the run on the
 * PostgreSQL host a database of its own — keeping the warnings each open logs, with a way to change
 * it past the engine's checks in between (what an older version left there).
 *   const host = await ReopenedHost.make('grant-'); await (await host.open()).close();
 *   await host.unchecked('revoke ...'); const engine = await host.open(); host.warnings → [...]
 */
export class ReopenedHost {
  readonly warnings: string[] = [];
  /** The engine last opened. */
  engine: Engine | undefined;

  private constructor(
    readonly options: Pick<EngineOptions, 'dataDir' | 'databaseUrl'>,
    private readonly dir: string | undefined,
  ) {}

  static async make(prefix: string): Promise<ReopenedHost> {
    const fresh = await freshHost();
    if (fresh.databaseUrl) return new ReopenedHost({ databaseUrl: fresh.databaseUrl }, undefined);
    const dir = await mkdtemp(join(tmpdir(), prefix));
    return new ReopenedHost({ dataDir: dir }, dir);
  }

  async open(): Promise<Engine> {
    this.engine = await Engine.open({
      vaultKey: 'test-vault-key',
      ...this.options,
      onWarning: (line) => this.warnings.push(line),
    });
    return this.engine;
  }

  /** Runs `sql` on the host as its superuser, past the engine's checks; the engine must be closed. */
  unchecked(sql: string): Promise<void> {
    return onHostUnchecked(this.options, sql);
  }

  async dispose(): Promise<void> {
    await this.engine?.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
