import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServerDef } from '../catalog/foreign-table';
import { MASK } from '../catalog/options';
import type { Host } from '../host/host';
import type { Vault } from '../vault/vault';
import { EngineError, SqlState } from '../errors';

/**
 * One DynamoDB client per server, built from that server's options only (never from process-global
 * endpoint settings), cached until the server's options change (ALTER SERVER) or it is dropped.
 */
export class ClientCache {
  private readonly clients = new Map<number, { key: string; client: DynamoDBClient }>();

  constructor(
    private readonly host: Host,
    private readonly vault: Vault,
  ) {}

  async clientFor(server: ServerDef): Promise<DynamoDBClient> {
    const key = JSON.stringify(server.options);
    const cached = this.clients.get(server.oid);
    if (cached?.key === key) return cached.client;
    cached?.client.destroy();
    const client = new DynamoDBClient({
      region: server.options.region ?? 'us-east-1',
      ...(server.options.endpoint_url && { endpoint: server.options.endpoint_url }),
      ...(server.options.credentials === 'default' && !hasKeyPair(server.options)
        ? {}
        : { credentials: await this.credentials(server) }),
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3000, requestTimeout: 60_000 },
    });
    this.clients.set(server.oid, { key, client });
    return client;
  }

  /** Vault pair wins over the plain pair (whose values the vault holds too). */
  private async credentials(server: ServerDef) {
    const o = server.options;
    const read = async (vaultOption: string, plainOption: string): Promise<string | undefined> => {
      if (o[vaultOption] !== undefined) return this.vault.read(o[vaultOption]!);
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

  forget(serverOid: number): void {
    this.clients.get(serverOid)?.client.destroy();
    this.clients.delete(serverOid);
  }

  /** Every client is rebuilt on next use (a vault secret changed: credentials are read again). */
  forgetAll(): void {
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  close(): void {
    this.forgetAll();
  }
}

function hasKeyPair(o: Readonly<Record<string, string>>): boolean {
  return (
    (o.aws_access_key_id !== undefined && o.aws_secret_access_key !== undefined) ||
    (o.vault_access_key_id !== undefined && o.vault_secret_access_key !== undefined)
  );
}
