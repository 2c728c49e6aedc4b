import type { ErrorDiagnostics } from '../types';

/**
 * The embedded Postgres that holds the catalog and evaluates everything not pushed down.
 * PGlite implements it today; a PostgreSQL server can implement it later.
 */
export interface HostField {
  readonly name: string;
  readonly typeId: number;
  /** RowDescription's type modifier (-1: none), table oid and attnum (0: not a table's column), where the host tells them. */
  readonly typmod?: number;
  readonly tableId?: number;
  readonly columnId?: number;
}

/** What Parse and Describe of a statement tell: its result columns and its parameters' types (0: not inferred). */
export interface HostDescription {
  readonly fields: readonly HostField[];
  readonly paramTypes: readonly number[];
}

export interface HostResult {
  readonly fields: readonly HostField[];
  /** Every value as Postgres's text output (or null): no client-side parsing, no lost digits. */
  readonly rows: (string | null)[][];
  readonly affectedRows: number | undefined;
}

export interface Host {
  /** One statement through the extended protocol, with parameters. */
  query(sql: string, params?: readonly unknown[], onNotice?: (message: string) => void): Promise<HostResult>;
  /**
   * One `COPY ... TO '/dev/blob'` (its output returned) or `COPY ... FROM '/dev/blob'` (reading `input`),
   * never with the host owner's privileges (user code — defaults, domain CHECKs, triggers — may run
   * inside it): as the user role on a server, as the user role plus server-file COPY on PGlite
   * (user-role.ts COPY_ROLE). Only the engine's own COPY statements over its temp tables come here.
   */
  copyBlob(
    sql: string,
    input?: Uint8Array,
  ): Promise<{ output: Uint8Array | undefined; affectedRows: number | undefined }>;
  /**
   * Type-checks one statement without running it: its result columns and the types Postgres infers
   * for its `$n`, or the error Postgres raises. `paramTypes` declares the first parameters' types, as
   * Parse does (0: inferred): `prepare p (int) as ... where $1 is not null` is described with [23].
   */
  describe(sql: string, paramTypes?: readonly number[]): Promise<HostDescription>;
  /** Several statements through the simple protocol, no parameters. */
  exec(sql: string): Promise<void>;
  inTransaction(): boolean;
  /**
   * Cancels the statement this host is running now, if any, as a CancelRequest does: it fails with
   * `57014 canceling statement due to user request` (a block it ran in is aborted). Resolves once
   * the server has taken the request; a host idle by then ignores it. A PostgreSQL server's session
   * has it; PGlite runs each statement to its end (it has no way to interrupt one).
   *   cancel a request running `select pg_sleep(60)` → its host call fails 57014 at once
   */
  cancel?(): Promise<void>;
  /**
   * Runs the engine's own work (the vault's storage, bootstrap) with the host owner's privileges and
   * a search_path of pg_catalog only, then returns to the user role; user SQL never runs inside it.
   */
  asOwner<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` inside a transaction (a savepoint when one is open already); rolls back if it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Calls `onChange` whenever a committed transaction changed the catalog, in any session or process
   * (catalog-notify.ts), with that transaction's id where the host tells it, and with none when
   * changes may have gone untold (a lost listening connection). Hosts of sessions have none: the
   * engine's own host watches for everyone.
   */
  watchCatalog?(onChange: (transaction?: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** The fields of a Postgres error as the host reports it (node-postgres's names; PGlite's are the same). */
export interface HostError extends ErrorDiagnostics {
  readonly message: string;
  readonly code?: string;
  readonly position?: string | number;
  readonly detail?: string;
  readonly hint?: string;
}

export function isHostError(e: unknown): e is HostError & Error {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    (e as { severity?: unknown }).severity !== undefined
  );
}
