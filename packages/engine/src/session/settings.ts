import { EngineError, SqlState } from '../errors';
import { REPORTED_SETTINGS } from './reported-settings';
import { currentSettingSql } from '../host/encoding-policy';
import type { Host } from '../host/host';
import { fairShareMode, type FairShareMode } from '../util/fair-share';
import { statementTimeoutMs } from './statement-timeout';

/**
 * The settings a statement runs under: the `dynascope.*` ones (`SET dynascope.consistent_read = on`,
 * ...) and the Postgres ones that change the text of rows the engine builds itself (load/direct-cell.ts).
 */
export interface SessionSettings {
  readonly consistentRead: string | null;
  readonly index: string | null;
  readonly scanSegments: string | null;
  readonly maxStatementRcu: string | null;
  /** How long each DynamoDB call retries throttling, 5xx, resets and timeouts (dynamo/retry-budget.ts). */
  readonly retryBudgetSeconds: string | null;
  /** The throughput governor's limits (dynamo/governor/): per second for the session, in all for a statement. */
  readonly maxRcuPerSecond: string | null;
  readonly maxWcuPerSecond: string | null;
  readonly maxStatementWcu: string | null;
  /** `bytea_output`: `hex` (the default) or `escape`. */
  readonly byteaOutput: string;
  /** `DateStyle` and `TimeZone` as current_setting reports them (`ISO, MDY`, `UTC`): date/time output. */
  readonly dateStyle: string;
  readonly timeZone: string;
  /** `statement_timeout` in milliseconds (0: none): the engine's own work stops then too (session/statement-timeout.ts). */
  readonly statementTimeoutMs: number;
  /**
   * The wire protocol's NOTICE of access paths and capacity after each statement: `dynascope.capacity_notices`
   * (default on), and only while `client_min_messages` lets a NOTICE through (not at `warning` or `error`),
   * as it does a RAISE NOTICE.
   */
  readonly capacityNotices: boolean;
  /** `dynascope.confirm_writes_over` (unset: 1): UPDATE/DELETE changing more rows are confirmed first (write previews). */
  readonly confirmWritesOver: string | null;
  /** `dynascope.price_per_million_rru` / `_wru` (unset: the price table's): read by plan/price-overrides.ts. */
  readonly pricePerMillionRru: string | null;
  readonly pricePerMillionWru: string | null;
  /**
   * `dynascope.fair_share` (`auto` by default, `on`, `off`): whether a long statement gives way while other
   * sessions are at work — `auto` only on a server whose endpoint is this machine's (util/fair-share.ts).
   */
  readonly fairShare: FairShareMode;
  /**
   * `dynascope.page_filters` as set (null: unset, on): a top-N's and a DISTINCT's later requests leave
   * out the items that can no longer matter (plan/statement/filterable-attribute.ts); off, every item
   * is read and checked, so a value that fits no column raises its error whatever the pages' order.
   * Read by `pageFiltersOn`, which refuses what is not a Boolean.
   */
  readonly pageFilters: string | null;
  /** The reported settings' values (REPORTED_SETTINGS): what a wire client is told of, as ParameterStatus. */
  readonly reported: Readonly<Record<string, string>>;
}

/** Reads every setting in one host round trip. */
export async function readSettings(host: Host): Promise<SessionSettings> {
  const names = [
    'consistent_read',
    'index',
    'scan_segments',
    'max_statement_rcu',
    'retry_budget_seconds',
    'max_rcu_per_second',
    'max_wcu_per_second',
    'max_statement_wcu',
    'price_per_million_rru',
    'price_per_million_wru',
  ];
  const r = await host.query(
    `select ${names.map((n) => `nullif(current_setting('dynascope.${n}', true), '')`).join(', ')}, current_setting('bytea_output'), current_setting('dynascope.capacity_notices', true), nullif(current_setting('dynascope.confirm_writes_over', true), ''), current_setting('dynascope.fair_share', true), current_setting('dynascope.page_filters', true), current_setting('DateStyle'), current_setting('TimeZone'), current_setting('statement_timeout'), current_setting('client_min_messages'), ${REPORTED_SETTINGS.map(currentSettingSql).join(', ')}`,
  );
  const [
    consistentRead,
    index,
    scanSegments,
    maxStatementRcu,
    retryBudgetSeconds,
    maxRcuPerSecond,
    maxWcuPerSecond,
    maxStatementWcu,
    pricePerMillionRru,
    pricePerMillionWru,
    byteaOutput,
    capacityNotices,
    confirmWritesOver,
    fairShare,
    pageFilters,
    dateStyle,
    timeZone,
    statementTimeout,
    clientMinMessages,
    ...reported
  ] = r.rows[0] ?? [];
  return {
    consistentRead: consistentRead ?? null,
    index: index ?? null,
    scanSegments: scanSegments ?? null,
    maxStatementRcu: maxStatementRcu ?? null,
    retryBudgetSeconds: retryBudgetSeconds ?? null,
    maxRcuPerSecond: maxRcuPerSecond ?? null,
    maxWcuPerSecond: maxWcuPerSecond ?? null,
    maxStatementWcu: maxStatementWcu ?? null,
    byteaOutput: byteaOutput ?? 'hex',
    capacityNotices: !isOff(capacityNotices) && !ABOVE_NOTICE.has(clientMinMessages ?? ''),
    confirmWritesOver: confirmWritesOver ?? null,
    pricePerMillionRru: pricePerMillionRru ?? null,
    pricePerMillionWru: pricePerMillionWru ?? null,
    fairShare: fairShareMode(fairShare),
    pageFilters: pageFilters ?? null,
    dateStyle: dateStyle ?? '',
    timeZone: timeZone ?? '',
    statementTimeoutMs: statementTimeoutMs(statementTimeout),
    reported: Object.fromEntries(REPORTED_SETTINGS.map((n, i) => [n, reported[i] ?? ''])),
  };
}

/** The `client_min_messages` levels a NOTICE is not sent at (Postgres's: below them, debug5 … log, notice, it is). */
const ABOVE_NOTICE = new Set(['warning', 'error']);

/**
 * A Boolean setting's text as Postgres's parse_bool reads it: `on`, `true`, `yes`, `1` and `off`,
 * `false`, `no`, `0`, any case, a word's prefixes too (`t`, `of`, `FaL`, `n`; `o` names neither).
 * Null for anything else (`maybe`, ` on`, `00`).
 */
export function parseBool(value: string): boolean | null {
  const v = value.toLowerCase();
  if (v === '1') return true;
  if (v === '0') return false;
  if (v.length >= 2 && 'on'.startsWith(v)) return true;
  if (v.length >= 2 && 'off'.startsWith(v)) return false;
  if (v.length >= 1 && ('true'.startsWith(v) || 'yes'.startsWith(v))) return true;
  if (v.length >= 1 && ('false'.startsWith(v) || 'no'.startsWith(v))) return false;
  return null;
}

/**
 * A Boolean setting turned off (parseBool). Unset, on, and what Postgres would refuse leave the
 * default, on: for `dynascope.capacity_notices`, which only adds notices to a statement already run.
 */
export function isOff(value: string | null | undefined): boolean {
  return parseBool(value ?? '') === false;
}

/**
 * `dynascope.page_filters`: unset (or reset: '') is on. A value that is no Boolean fails the statement
 * that would use it, as Postgres refuses it for a Boolean parameter of its own; SET puts it right:
 *   SET dynascope.page_filters = maybe; SELECT ... ORDER BY ts LIMIT 10
 *     → 22023 parameter "dynascope.page_filters" requires a Boolean value
 */
export function pageFiltersOn(value: string | null): boolean {
  if (value === null || value === '') return true;
  const on = parseBool(value);
  if (on === null)
    throw notBoolean('dynascope.page_filters', {
      hint: `it is "${value}": SET dynascope.page_filters = on (or off)`,
    });
  return on;
}

/** Postgres's 22023 for a Boolean parameter given what is none (here and at start-up: startup-settings.ts). */
export function notBoolean(name: string, extra: { hint?: string } = {}): EngineError {
  return new EngineError(
    SqlState.invalidParameterValue,
    `parameter "${name}" requires a Boolean value`,
    extra,
  );
}
