import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { STSClient } from '@aws-sdk/client-sts';
import { credentialDestination, type ServerIdentity } from '@dynascope/contract';
import type { ServerDef } from '../catalog/foreign-table';
import { MASK, PLAIN_SECRET_OPTIONS, VAULT_KEY_OPTIONS } from '../catalog/options';
import type { Vault, VaultCredentials } from '../vault/vault';
import { EngineError, SqlState } from '../errors';
import { callerIdentity, identityClient } from './credentials/caller-identity';
import { credentialSource } from './credentials/credential-source';
import { BudgetRetryStrategy } from './retry-budget';
import { SignalledHttpHandler } from './send-cached';
import { nameServerInErrors } from './server-named-errors';
import { paceRequests } from './governor/pace-requests';
import type { SharedTableBudgets } from './governor/shared-budgets';
import { tableKey } from './governor/table-limits';
import { resolveServerCredentials, type ServerCredentials } from './credentials/server-credentials';
import { remembering } from './credentials/credential-values';
import { refuseAmbientCredentialsElsewhere } from './credentials/refuse-ambient-credentials';

interface ServerClients {
  readonly serverName: string;
  readonly key: string;
  readonly credentials: ServerCredentials;
  /** The vault secrets its keys were read from, and where they stood then (Vault.credentialStamp). */
  readonly secrets: VaultCredentials | null;
  readonly stamp: string;
  readonly dynamo: DynamoDBClient;
  /** The DynamoDB client's HTTP handler: the requests in flight through it. */
  readonly handler: SignalledHttpHandler;
  sts?: STSClient;
  /**
   * A revocable cache's: aborted, with the 55000 error as its reason, when the keys it was built from
   * are taken back (ClientCache.revokeAll): its clients send nothing more, and a request waiting for
   * the throughput governor's budgets stops waiting.
   */
  readonly revocation?: AbortController;
  /** The ARN GetCallerIdentity last answered for these credentials (shown in plans). */
  arn?: string;
}

/**
 * One DynamoDB client per server, built from that server's options only (never from process-global
 * endpoint settings), and one credential resolution shared by its DynamoDB and STS clients; cached
 * until the server's options change (ALTER SERVER) or it is dropped, or the vault secrets its keys
 * came from change (here: vault.update_secret, ALTER SERVER of a key; in another API process on the
 * same PostgreSQL host: recheckCredentials).
 */
export class ClientCache {
  private readonly servers = new Map<number, Promise<ServerClients>>();
  /** Each built server's tableKey prefix, for onForget. */
  private readonly tablePrefixes = new Map<number, string>();
  private readonly forgetListeners: ((tablePrefix: string) => void)[] = [];
  /** Forgotten clients with requests still in flight through them (retire). */
  private readonly retired = new Set<ServerClients>();
  /** Every client a revocable cache built, forgotten ones too: a ROLLBACK revokes them all (revokeAll). */
  private readonly built: Promise<ServerClients>[] = [];
  private closed = false;
  private readonly changes = new Set<number | 'all'>();
  /** The credential recheck running, and whether another change was told meanwhile. */
  private rechecking: Promise<void> | null = null;
  private recheckAgain = false;

  /**
   * `revocable`: a cache whose keys a ROLLBACK may take back (dynamo/block-clients.ts), whose clients
   * can then be stopped from sending (revokeAll). `shared`: the budgets of tables' limits a PostgreSQL
   * host keeps for every API process on it (governor/shared-budgets.ts).
   */
  constructor(
    private readonly vault: Vault,
    readonly options: { readonly revocable?: boolean; readonly shared?: SharedTableBudgets } = {},
  ) {}

  async clientFor(server: ServerDef): Promise<DynamoDBClient> {
    return (await this.entry(server)).dynamo;
  }

  /** `dynascope.server_identity(server)`: GetCallerIdentity through the server's credentials, now. */
  async identityFor(server: ServerDef, signal?: AbortSignal): Promise<ServerIdentity> {
    const entry = await this.entry(server);
    entry.sts ??= identityClient(entry.credentials, entry.handler);
    const identity = await callerIdentity(server.name, entry.credentials, entry.sts, signal);
    entry.arn = identity.arn;
    return identity;
  }

  /**
   * Who a plan's scan reads as, without a request: the credential source, and the ARN once
   * GetCallerIdentity has answered for these credentials. `profile reader → assume-role ReadOnly (arn:...)`.
   */
  async identityLabel(server: ServerDef): Promise<string> {
    const label = credentialSource(server.options).label;
    const cached = this.servers.get(server.oid);
    const entry = cached && (await cached.catch(() => undefined));
    return entry?.key === JSON.stringify(server.options) && entry.arn ? `${label} (${entry.arn})` : label;
  }

  /**
   * The region the server's clients call, for pricing (credentials/server-credentials.ts: option →
   * profile → AWS_REGION); undefined when none was set (the SDK default) or the credentials cannot be
   * resolved now (its `region` option then, if any).
   */
  async regionFor(server: ServerDef): Promise<string | undefined> {
    const entry = await this.entry(server).catch(() => undefined);
    if (!entry) return server.options.region;
    return entry.credentials.regionSource === 'default' ? undefined : entry.credentials.region;
  }

  private entry(server: ServerDef): Promise<ServerClients> {
    const key = JSON.stringify(server.options);
    const cached = this.servers.get(server.oid);
    if (cached) {
      const fresh = cached.then(
        (e) => (e.key === key ? e : undefined),
        () => undefined,
      );
      return fresh.then((e) => e ?? this.build(server, key));
    }
    return this.build(server, key);
  }

  private build(server: ServerDef, key: string): Promise<ServerClients> {
    this.forget(server.oid);
    this.tablePrefixes.set(server.oid, tableKey(server, ''));
    const built = (async (): Promise<ServerClients> => {
      // Its keys go only where they were bound to go (vault.ts bindToDestination); the machine's
      // own credentials only to AWS or this machine.
      const used = vaultCredentialsOf(server.options);
      if (used) await this.vault.checkDestination(server, used, credentialDestination(server));
      else if (!KEY_SOURCES.has(credentialSource(server.options).base.kind))
        refuseAmbientCredentialsElsewhere(server);
      // Only a shared vault changes under this process (recheckCredentials).
      const secrets = this.vault.shared ? used : null;
      // Stamped before the keys are read: a rotation in between is seen by the next recheck, never missed.
      const stamp = secrets ? await this.vault.credentialStamp(server.oid, secrets) : '';
      const credentials = await resolveServerCredentials(server, () => this.keys(server));
      const handler = new SignalledHttpHandler({ connectionTimeout: 3000, requestTimeout: 60_000 });
      const dynamo = new DynamoDBClient({
        region: credentials.region,
        ...(server.options.endpoint_url && { endpoint: server.options.endpoint_url }),
        // What it resolves is masked out of every error text (credential-values.ts).
        credentials: remembering(credentials.provider),
        // Retries until the statement's time budget runs out (dynascope.retry_budget_seconds).
        retryStrategy: new BudgetRetryStrategy(),
        requestHandler: handler,
        // The middleware stack resolved once per command class, for calls sent without options (send-cached.ts).
        cacheMiddleware: true,
      });
      const revocation = this.options.revocable ? new AbortController() : undefined;
      // Every read and write waits for the throughput governor's budgets (dynamo/governor/); a revoked
      // client's wait ends at once, refused (under a low limit it could be minutes).
      paceRequests(dynamo, (table) => tableKey(server, table), {
        ...(revocation && { revoked: revocation.signal }),
        ...(this.options.shared && { shared: this.options.shared }),
      });
      const entry: ServerClients = {
        serverName: server.name,
        key,
        credentials,
        secrets,
        stamp,
        dynamo,
        handler,
        ...(revocation && { revocation }),
      };
      if (revocation) refuseOnceRevoked(dynamo, revocation.signal);
      nameServerInErrors(dynamo, server.name);
      return entry;
    })();
    this.servers.set(server.oid, built);
    if (this.options.revocable) this.built.push(built);
    // A failed resolution (a profile not there yet) is tried again on next use.
    built.catch(() => {
      if (this.servers.get(server.oid) === built) this.servers.delete(server.oid);
    });
    return built;
  }

  /** Vault pair wins over the plain pair (whose values the vault holds too). */
  private async keys(server: ServerDef) {
    const o = server.options;
    const read = async (vaultOption: string, plainOption: string): Promise<string | undefined> => {
      if (o[vaultOption] !== undefined)
        return this.vault.read(o[vaultOption]!, credentialDestination(server));
      if (o[plainOption] === undefined) return undefined;
      if (o[plainOption] !== MASK) return o[plainOption];
      return this.vault.readServerCredential(server.oid, server.name, plainOption);
    };
    const useVault = o.vault_access_key_id !== undefined && o.vault_secret_access_key !== undefined;
    const accessKeyId = await read(useVault ? 'vault_access_key_id' : '-', 'aws_access_key_id');
    const secretAccessKey = await read(useVault ? 'vault_secret_access_key' : '-', 'aws_secret_access_key');
    const sessionToken = await read('vault_session_token', 'session_token');
    if (!accessKeyId || !secretAccessKey) {
      throw new EngineError(SqlState.fdwError, `server "${server.name}" has no credentials`);
    }
    return { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  }

  /**
   * A statement changed keys: `serverOid`'s (ALTER SERVER), or any server's (a vault secret). Its
   * clients are built again on next use; a revocable cache lists the change (changedServers).
   */
  keysChanged(serverOid?: number): void {
    if (this.options.revocable) this.changes.add(serverOid ?? 'all');
    if (serverOid === undefined) this.forgetAll();
    else this.forget(serverOid);
  }

  /** The servers whose keys statements changed through this cache (keysChanged): 'all' for any. */
  changedServers(): ReadonlySet<number | 'all'> {
    return this.changes;
  }

  forget(serverOid: number): void {
    const cached = this.servers.get(serverOid);
    this.servers.delete(serverOid);
    const prefix = this.tablePrefixes.get(serverOid);
    this.tablePrefixes.delete(serverOid);
    if (prefix !== undefined) for (const listener of this.forgetListeners) listener(prefix);
    void cached?.then(
      (e) => this.retire(e),
      () => undefined,
    );
  }

  /**
   * A forgotten client is destroyed once the requests already sent through it have ended, not under
   * them: destroying it ends its sockets, and the SDK would send a write that may have landed again.
   * However long they take (a statement that took the client before it was forgotten — a cursor, a
   * long Scan, an UPDATE of many items — goes on sending through it); each time its last request ends,
   * its sockets are closed again. At close, at once.
   */
  private retire(e: ServerClients): void {
    e.handler.onIdle = () => {
      this.retired.delete(e);
      destroy(e);
    };
    if (this.closed || e.handler.inFlight === 0) return e.handler.onIdle();
    this.retired.add(e);
  }

  /**
   * Another API process on the same PostgreSQL host may have rotated a server's keys: its ALTER
   * SERVER of a plain key leaves the options this process compares as they were (`********`), its
   * vault.update_secret or vault.create_secret changes no option at all. Run when the host tells of a
   * change (Engine.catalogChanged; vault.ts notifies for its own): the clients whose vault secrets
   * changed since they were built are built again on next use. One query for all of them, one recheck
   * at a time: changes told while it runs make it run once more.
   */
  recheckCredentials(): Promise<void> {
    if (this.rechecking) {
      this.recheckAgain = true;
      return this.rechecking;
    }
    // Started after the assignment: a recheck with nothing to await would otherwise end before it.
    this.rechecking = Promise.resolve().then(async () => {
      try {
        do {
          this.recheckAgain = false;
          const checked = new Map<number, { cached: Promise<ServerClients>; entry: ServerClients }>();
          for (const [oid, cached] of [...this.servers]) {
            const entry = await cached.catch(() => undefined);
            if (entry?.secrets) checked.set(oid, { cached, entry });
          }
          // One query for every cached server's stamp.
          const stamps = await this.vault.credentialStamps(
            new Map([...checked].map(([oid, { entry }]) => [oid, entry.secrets!])),
          );
          for (const [oid, { cached, entry }] of checked)
            if (stamps.get(oid) !== entry.stamp && this.servers.get(oid) === cached) this.forget(oid);
        } while (this.recheckAgain);
      } finally {
        this.rechecking = null;
      }
    });
    return this.rechecking;
  }

  /**
   * `listener` is called with the tableKey prefix (governor/table-limits.ts) of each server whose
   * clients are forgotten: what was learnt about its tables through them (DescribeTable, statistics)
   * may not hold for the keys that come next.
   */
  onForget(listener: (tablePrefix: string) => void): void {
    this.forgetListeners.push(listener);
  }

  /** Every client is rebuilt on next use (a vault secret changed: credentials are read again). */
  forgetAll(): void {
    for (const oid of [...this.servers.keys()]) this.forget(oid);
  }

  /**
   * Every client is forgotten, and those still held (a cursor's remaining pages) send nothing more:
   * the keys they were built from were rolled back (a revocable cache's). Requests in flight end.
   * `since` (builtCount when a savepoint was made): only the clients built after it are revoked —
   * forgotten ones too (a cursor's client from keys a later ALTER SERVER replaced in the block).
   */
  revokeAll(since = 0): void {
    for (const cached of this.built.slice(since))
      void cached.then(
        // A later revocation changes nothing: the first reason stands.
        (e) =>
          e.revocation?.abort(
            new EngineError(
              SqlState.objectNotInPrerequisiteState,
              `the keys of server "${e.serverName}" this statement read with were rolled back`,
              { hint: 'run the statement again' },
            ),
          ),
        () => undefined,
      );
    this.forgetAll();
  }

  /** How many clients a revocable cache has built (a mark for revokeAll's `since`). */
  builtCount(): number {
    return this.built.length;
  }

  close(): void {
    this.closed = true;
    this.forgetAll();
    for (const e of this.retired) destroy(e);
    this.retired.clear();
  }
}

/** Credential sources of a server's own keys (plain, or the vault's), not a profile's or the default chain's. */
const KEY_SOURCES = new Set(['vault-keys', 'plain-keys']);

/** The vault secrets a server's options take keys from (keys() above), or null when none. */
export function vaultCredentialsOf(options: ServerDef['options']): VaultCredentials | null {
  const refs = VAULT_KEY_OPTIONS.flatMap((option) => options[option] ?? []);
  const plainOptions = PLAIN_SECRET_OPTIONS.filter((option) => options[option] === MASK);
  return refs.length || plainOptions.length ? { refs, plainOptions } : null;
}

/**
 * A revocable cache's client: each command is refused once its entry is revoked (revokeAll) — before
 * it waits for the throughput governor's budgets, and again after, for one whose wait ended just as
 * it was revoked (a wait under way is ended by the revocation: paceRequests).
 */
function refuseOnceRevoked(dynamo: DynamoDBClient, revoked: AbortSignal): void {
  for (const [name, priority] of [
    ['dynascopeRevokedKeys', 'high'],
    ['dynascopeRevokedKeysPaced', 'normal'],
  ] as const)
    dynamo.middlewareStack.add(
      (next) => (args) => {
        if (revoked.aborted) throw revoked.reason;
        return next(args);
      },
      { step: 'initialize', priority, name },
    );
}

function destroy(e: ServerClients): void {
  e.dynamo.destroy();
  e.sts?.destroy();
}
