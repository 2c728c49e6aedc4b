import type * as Wire from '@dynascope/contract';
import type { JsonText } from '@dynascope/contract';

/**
 * The engine's public data shapes. The results are the wire contract's (defined once, in
 * @dynascope/contract) with json/jsonb cells as `JsonText`: Postgres's JSON text, kept verbatim so
 * that 38-digit numbers reach the wire intact (`stringifyLossless` writes it).
 */
export { JsonText } from '@dynascope/contract';
export type {
  AccessOperation,
  AwsProfile,
  AwsProfileKind,
  AwsProfileList,
  AttributeKeyInfo,
  CatalogColumn,
  CatalogServer,
  CatalogSnapshot,
  CatalogTable,
  Column,
  DynamoRequest,
  ErrorDiagnostics,
  EstimateBasis,
  IndexDescription,
  KeyRole,
  Plan,
  Progress,
  SampledAttribute,
  ScanPlan,
  ServerIdentity,
  TableDescription,
  WritePlan,
} from '@dynascope/contract';

/**
 * A cell: int2/int4/float4/float8 → number, boolean → boolean, json/jsonb → JsonText,
 * SQL NULL → null, every other type → Postgres's text output.
 */
export type Cell = Wire.Cell<JsonText>;
export type StatementResult = Wire.StatementResult<JsonText>;
export type ScriptResult = Wire.ScriptResult<JsonText>;
export type NextPage = Wire.NextPage<JsonText>;
export type EngineErrorInfo = Wire.SqlError;
/** `POST /api/preview`'s answer: what each write statement of a script would change (preview/preview-script.ts). */
export type WritePreviewResult = Wire.WritePreviewResult<JsonText>;

/** What `engine.copyTo` / `engine.copyFrom` did: Postgres's `COPY n`, the plan, and the capacity used. */
export interface CopyDone {
  readonly command: 'COPY';
  readonly rowCount: number;
  readonly format: Wire.CopyFormat;
  readonly plan: Wire.Plan | null;
  readonly consumedRcu: number;
  readonly consumedWcu: number;
  readonly notices: readonly string[];
}

export interface CopyFromOptions extends CopyStart {
  readonly signal?: AbortSignal;
  /** The session the COPY runs in; none: the default session. */
  readonly session?: string;
  readonly onProgress?: (progress: Wire.Progress) => void;
  /** A COPY FROM's progress: rows read, checked, then written, and the capacity so far. */
  readonly onCopyProgress?: (progress: Wire.CopyProgress) => void;
}

/** Where a `COPY ... TO STDOUT`'s output goes as it is read: as bytes, or cut into records. */
export type CopyOutput = CopyStart & (CopyChunks | CopyRecords);

export interface CopyStart {
  /**
   * Called once before any data moves, with how many columns each row has: a COPY TO's when its
   * query is planned, a COPY FROM's when its target, column list and options are checked, before it
   * reads its input (what the wire protocol's CopyOutResponse or CopyInResponse says; a
   * dynamodb_json item is one).
   */
  readonly onStart?: (columns: number) => Promise<void> | void;
}

export interface CopyChunks {
  /** Each batch of output, in order; the export waits for it (a slow reader slows the reads). */
  readonly onChunk: (bytes: Uint8Array) => Promise<void> | void;
}

export interface CopyRecords {
  /**
   * Each batch of output cut into its records — each row, and csv's header line — as Postgres sends
   * each in a CopyData of its own (a newline in a quoted csv field stays inside its record).
   */
  readonly onRecords: (records: readonly Uint8Array[]) => Promise<void> | void;
}

export type CopyToOptions = CopyFromOptions & CopyOutput;

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  /** Rows returned in the first page of each statement (default 500). */
  readonly pageSize?: number;
  readonly onProgress?: (progress: Wire.Progress) => void;
  /** The session the statements run in (settings, transaction, cursors); none: the default session. */
  readonly session?: string;
  /**
   * float4/float8 cells as the host's text output, which follows the session's extra_float_digits
   * (the wire protocol's rows), instead of JSON numbers (the HTTP contract's cells).
   */
  readonly floatsAsText?: boolean;
  /**
   * Each result column with what the wire protocol's RowDescription says of it (Column's typeOid,
   * typmod, tableOid, attnum: run/column-origins.ts), as Postgres fills them; a statement over
   * foreign tables then costs one more Parse/Describe of it in the host.
   */
  readonly columnOrigins?: boolean;
  /**
   * Postgres's rules for a simple Query message of the wire protocol (protocol-flow, "Multiple
   * Statements in a Simple Query"): nothing runs when any statement has a syntax error; several
   * statements run as one implicit transaction block (txn/implicit-block.ts); and each statement's
   * rows, all of them, go to `onStatement` before the next statement runs.
   */
  readonly queryMessage?: QueryMessage;
  /**
   * A `COPY ... TO STDOUT` among the statements sends its output here as it reads it, in bounded
   * memory, and answers no rows (its rowCount is Postgres's `COPY n`). Without it, its output is its
   * statement's rows: one text column, a record each.
   */
  readonly copyOut?: CopyOutput;
  /**
   * The statement is an Execute of the wire's extended protocol: it runs in the implicit transaction
   * of the pipeline up to the next Sync (`Engine.endPipeline`), as Postgres commits at Sync, not after
   * each Execute — an error rolls back what ran since the last Sync (txn/implicit-block.ts).
   */
  readonly pipeline?: boolean;
}

/** How a Query message's caller takes each statement's result as it completes (`ExecuteOptions.queryMessage`). */
export interface QueryMessage {
  /**
   * Called with each statement's result (its first page of rows) before the next statement runs;
   * `rest.next` reads its following pages (the statement's statement_timeout clock going on). A
   * rejection is the statement's error.
   */
  onStatement(statement: StatementResult, rest: StatementRest): Promise<void>;
  /** A notice of the statements the engine runs for the message's implicit block (its BEGIN, COMMIT). */
  onNotice(notice: string): void;
}

/** A statement's rows after its first page, and what its session says, while a Query message runs. */
export interface StatementRest {
  next(pageSize: number): Promise<NextPage>;
  /**
   * Called once the rows are sent, before the statement's CommandComplete: for the last statement of
   * a message whose implicit block is open, the block's COMMIT (a failure is the statement's error).
   */
  end(): Promise<void>;
  /** Whether the session's dynascope.capacity_notices is on. */
  capacityNotices(): Promise<boolean>;
}
