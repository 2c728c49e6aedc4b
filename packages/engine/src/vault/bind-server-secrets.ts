import type { Host } from '../host/host';
import { loadServers } from '../catalog/foreign-table';
import { vaultCredentialsOf } from '../dynamo/client-cache';
import { credentialDestination } from '@dynascope/contract';
import type { Vault } from './vault';

/**
 * At open: binds the stored keys of every server to where it sends them (Vault.bindToDestination),
 * for a catalog whose servers were made before bindings — CREATE/ALTER SERVER binds them since. A
 * key two servers send to different places is bound to the first's (by oid); the other's next read
 * is refused, with the hint to give it keys of its own.
 */
export async function bindServerSecrets(host: Host, vault: Vault): Promise<void> {
  for (const server of await loadServers(host)) {
    const used = vaultCredentialsOf(server.options);
    if (used) await vault.bindToDestination(server, used, credentialDestination(server), false);
  }
}
