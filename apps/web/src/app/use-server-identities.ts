import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { CatalogServer } from '../api/wire';
import { needsIdentity, type IdentityState } from '../servers/identity-badge';

/**
 * Each server's identity (GET /api/servers/:server/identity), asked again whenever the catalog
 * shows the server with other options and every `refreshMs` (temporary credentials change).
 */
export function useServerIdentities(servers: readonly CatalogServer[] | undefined, refreshMs = 5 * 60_000) {
  const [identities, setIdentities] = useState<Readonly<Record<string, IdentityState>>>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(t);
  }, [refreshMs]);
  // One key for the whole list: a server's options changing (ALTER SERVER) asks again.
  const key = JSON.stringify((servers ?? []).map((s) => [s.name, s.options]));
  useEffect(() => {
    let live = true;
    const list = JSON.parse(key) as [string, Record<string, string>][];
    const set = (name: string, state: IdentityState) =>
      live && setIdentities((m) => ({ ...m, [name]: state }));
    for (const [name, options] of list) {
      if (!needsIdentity(options)) {
        set(name, { status: 'local' });
        continue;
      }
      api.identity(name).then(
        (identity) => set(name, { status: 'ok', identity }),
        (e: Error) =>
          set(name, { status: 'failed', message: e.message, hint: e instanceof ApiError ? e.hint : null }),
      );
    }
    return () => {
      live = false;
    };
  }, [key, tick]);
  return identities;
}
