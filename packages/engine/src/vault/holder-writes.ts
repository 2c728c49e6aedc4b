import { createHmac, randomBytes } from 'node:crypto';
import type { Host } from '../host/host';

/** The tables of who wrote what (bootstrap.ts makes them; the user role cannot read them). */
export const HOLDER_WRITES_DDL = `
-- Which API token holder last wrote each vault secret's value (vault/holder-writes.ts).
create table if not exists dynascope.secret_writers (
  secret_id uuid primary key references vault.secrets(id) on delete cascade,
  holder text not null
);
-- Names a holder renamed a bound secret it wrote away from, and where that secret went (a rotation by name).
create table if not exists dynascope.freed_names (
  holder text not null,
  name text not null,
  destination text not null,
  primary key (holder, name)
);`;

/**
 * Who writes the vault, on a PostgreSQL database several API processes share: the holder of an API
 * token, as an HMAC of the token under the vault key (the database never holds the token, nor a hash a
 * weak token could be guessed from without the key). Every process started with that token, now or
 * after a restart, is the same holder; a process given no token is a holder of its own.
 */
export function vaultHolder(vaultKey: Buffer, token: string | undefined): string {
  if (token === undefined) return `process ${randomBytes(16).toString('hex')}`;
  return createHmac('sha256', vaultKey).update(`dynascope vault holder\0${token}`).digest('hex');
}

/**
 * What one token holder did to the vault, recorded in the database (dynascope.secret_writers,
 * dynascope.freed_names) so that every process of the holder — another one, or the same after a
 * restart — sees it; it decides which secrets bound nowhere the holder may bind (vault.ts).
 *
 *   select vault.create_secret('AKIA…', 'k')              → 'k' written by this holder
 *   select vault.update_secret('k', null, 'k_retired')    → 'k' freed by this holder from where 'k' went
 *                                                           (if bound, and its value written by it)
 *   select vault.create_secret('AKIA…new', 'k')           → written by it under a name it freed: bound
 *                                                           at once to where the old 'k' went
 *
 * A name another holder freed is not this holder's to act on: it may be one that holder had bound to
 * its own endpoint first.
 */
export class HolderWrites {
  constructor(readonly holder: string) {}

  /** This holder wrote the secret's value (vault.create_secret, vault.update_secret with a new value). */
  async wrote(host: Pick<Host, 'query'>, id: string): Promise<void> {
    await host.query(
      `insert into dynascope.secret_writers (secret_id, holder) values ($1::uuid, $2)
       on conflict (secret_id) do update set holder = excluded.holder`,
      [id, this.holder],
    );
  }

  /** The secret's writer: this holder, another, or none recorded (written before writers were). */
  async writer(host: Pick<Host, 'query'>, id: string): Promise<'this' | 'another' | 'none'> {
    const r = await host.query('select holder from dynascope.secret_writers where secret_id = $1::uuid', [
      id,
    ]);
    const holder = r.rows[0]?.[0];
    return holder === undefined ? 'none' : holder === this.holder ? 'this' : 'another';
  }

  /** This holder moved a secret bound to `destination` off `name` (a rename): a rotation by name may follow. */
  async freedName(host: Pick<Host, 'query'>, name: string, destination: string): Promise<void> {
    await host.query(
      `insert into dynascope.freed_names (holder, name, destination) values ($1, $2, $3)
       on conflict (holder, name) do update set destination = excluded.destination`,
      [this.holder, name, destination],
    );
  }

  /**
   * Where a secret this holder wrote, now named `name`, goes at once: where the secret this holder
   * renamed away from that name went; undefined if it did not write the secret or freed no such name.
   */
  async destinationFor(
    host: Pick<Host, 'query'>,
    id: string,
    name: string | null,
  ): Promise<string | undefined> {
    if (name === null) return undefined;
    const r = await host.query(
      `select f.destination from dynascope.freed_names f
        where f.holder = $1 and f.name = $2
          and exists (select 1 from dynascope.secret_writers w where w.secret_id = $3::uuid and w.holder = $1)`,
      [this.holder, name, id],
    );
    return r.rows[0]?.[0] ?? undefined;
  }
}

/**
 * SQL that is true where the secret `id` (an SQL expression) was written by the holder in parameter
 * `$n`: `writtenBy('u.id', 4)` → `exists (select 1 from dynascope.secret_writers w where w.secret_id = u.id and w.holder = $4)`.
 */
export function writtenBy(id: string, parameter: number): string {
  return `exists (select 1 from dynascope.secret_writers w where w.secret_id = ${id} and w.holder = $${parameter})`;
}
