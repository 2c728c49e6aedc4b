import type { ClientCache } from '../dynamo/client-cache';
import type { StartupSettings } from '../session/startup-settings';
import type { Host } from '../host/host';
import type { SessionSettings } from '../session/settings';
import type { StatementTables } from '../session/table-cache';
import type { TempTables } from '../session/temp-tables';
import type { CopyOutput, Progress } from '../types';
import type { PlanCache } from '../plan/statement/plan-cache';
import type { AssignmentCasts } from './assignment-casts';
import type { RunStats } from './run-stats';
import type { NamedStatements } from './named-statements';
import type { TableSource } from '../plan/table-source';
import type { TypeNames } from './type-names';
import type { Vault } from '../vault/vault';
import type { ForeignTransaction } from '../txn/foreign-transaction';
import type { WritePreview } from '../preview/write-preview';
import type { DeferredSends } from '../write/deferred-sends';
import type { StatementPuts } from '../write/statement-puts';

/** What a statement runs with: the host, DynamoDB clients, cancellation, progress and notices. */
export interface StatementRuntime {
  readonly host: Host;
  readonly clients: ClientCache;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly notices: string[];
  /** Key schemas and sizes of DynamoDB tables, for planning. */
  readonly tables: TableSource;
  /** What this run read, per scan, and the scans a join planned again: kept apart from the plan. */
  readonly run: RunStats;
  /** Set when the statement is previewed (POST /api/preview): its writes are recorded there, not sent. */
  readonly preview?: WritePreview;
  /** Result cells of float4/float8 as the host's text, not numbers (ExecuteOptions.floatsAsText). */
  readonly floatsAsText?: boolean;
  /** Result columns with their RowDescription fields (ExecuteOptions.columnOrigins; run/column-origins.ts). */
  readonly columnOrigins?: boolean;
  /** Where a COPY TO STDOUT of the script sends its output (ExecuteOptions.copyOut). */
  readonly copyOut?: CopyOutput;
  /**
   * Set for a data-modifying WITH query's write (run/modifying-ctes.ts): each RETURNING row is also
   * pushed here as its composite text under the canonical output settings (`(0.30000000000000004,x)`),
   * for the statement to read back exactly whatever the session's output settings.
   */
  readonly canonicalReturning?: string[];
  /**
   * Set while a statement of several foreign writes (data-modifying WITH queries) makes them: each
   * write's sends wait there until every write is made and checked (run/deferred-writes.ts).
   */
  readonly deferredWrites?: DeferredSends;
  /** Set while a statement of several foreign writes makes them: the keys its INSERTs put (write/statement-puts.ts). */
  readonly statementPuts?: StatementPuts;
}

/** What planning sees of the session (src/session/): its caches and settings, for one statement. */
export interface SessionView extends StatementTables {
  /** The session's `dynascope.*` settings, read once per catalog epoch. */
  settings(): Promise<SessionSettings>;
  /** Whether the database's default collation is C (then text comparisons can be pushed to DynamoDB). */
  defaultCollationIsC(): Promise<boolean>;
  /** Relation lookups by name (null: no such relation), kept until the next statement that may change the catalog. */
  readonly relationCache: {
    has(name: string): boolean;
    get(name: string): unknown;
    set(name: string, resolution: unknown): void;
  };
  /** Plans of statements answered from the items alone, reused while what they were built from holds. */
  readonly planCache: PlanCache;
  /** The plan cache of PREPAREs declaring these parameter types (as written): the host describes with them. */
  readonly declaredPlanCache: (types: readonly string[]) => PlanCache;
  /** Which argument types an EXECUTE binds to which parameter types, asked once in the catalog epoch. */
  readonly assignmentCasts: AssignmentCasts;
  /** Temp tables to load items into, pooled between statements. */
  readonly temps: TempTables;
  /** The temp objects other sessions made on a connection shared with them (keys; session/temp-owners.ts). */
  readonly otherSessionsTemps: () => readonly string[];
  /** Fresh names for per-statement temp tables. */
  readonly nextTempName: () => string;
  /** PREPAREd statements and DECLAREd cursors over foreign tables (the host cannot keep them). */
  readonly named: NamedStatements;
  /** The settings a wire client gave at start-up, which RESET goes back to. */
  readonly startup: StartupSettings;
  /** Foreign writes held inside the session's transaction block (empty outside one; src/txn/). */
  readonly transaction: ForeignTransaction;
}

/** What one statement's execution can reach: the runtime, the session's view, the vault and type names. */
export interface StatementContext extends StatementRuntime, SessionView {
  readonly vault: Vault;
  readonly types: TypeNames;
  readonly statementIndex: number;
}
