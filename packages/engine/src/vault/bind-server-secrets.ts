import type { Host } from '../host/host';
import { loadServers } from '../catalog/foreign-table';
import { vaultCredentialsOf } from '../dynamo/client-cache';
import { credentialDestination } from '@dynascope/contract';
import type { Vault } from './vault';

/**
 * Whether the host's catalog is from before stored keys were bound to where they go (it has no
 * `dynascope.secret_destinations`): asked before the bootstrap makes the table.
 */
export async function catalogBeforeBindings(host: Pick<Host, 'query'>): Promise<boolean> {
  const r = await host.query("select pg_catalog.to_regclass('dynascope.secret_destinations') is null");
  return r.rows[0]?.[0] === 't';
}

/**
 * At open: binds the stored keys of every server to where it sends them (Vault.bindToDestination),
 * for a catalog whose servers were made before bindings — CREATE/ALTER SERVER binds them since. A
 * key two servers send to different places is bound to the first's (by oid); the other's next read
 * is refused, with the hint to give it keys of its own.
 *
 * On a database several API processes share, only a catalog from before bindings (`beforeBindings`)
 * is bound so: a later start would bind a secret no server bound yet to whatever server names it —
 * another token holder's, made before the owner's (Vault.refuseUnwritten).
 */
export async function bindServerSecrets(host: Host, vault: Vault, beforeBindings: boolean): Promise<void> {
  if (vault.shared && !beforeBindings) return;
  for (const server of await loadServers(host)) {
    const used = vaultCredentialsOf(server.options);
    if (used) await vault.bindToDestination(server, used, credentialDestination(server), false);
  }
}
