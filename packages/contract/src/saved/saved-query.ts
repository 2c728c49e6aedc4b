import { z } from 'zod';
import type { AccessOperation } from '../results/plan';

const text = (field: string, max: number) =>
  z.string({ error: `"${field}" must be a string of at most ${max} characters` }).max(max);
const name = (field: string) =>
  z
    .string({ error: `"${field}" must be a string of 1 to 200 characters` })
    .min(1, { error: `"${field}" must be a string of 1 to 200 characters` })
    .max(200);

/**
 * A parameter of a saved query: `$1` is the first of the list, `$2` the second... `name` labels it
 * in the form; `type` (a Postgres type name) casts the value (`'42'::int`), none: an untyped literal
 * as Postgres infers it; `example` is the value "Check all" explains the query with.
 */
export const savedQueryParam = z.object({
  name: name('params[].name'),
  type: text('params[].type', 100)
    .regex(/^[A-Za-z_][A-Za-z0-9_ .()[\],]*$/, {
      error: '"params[].type" must be a type name such as int, text or numeric(10,2)',
    })
    .optional(),
  example: text('params[].example', 10_000),
});

/** What a saved query must stay: per relation its DynamoDB operation and index, and an RCU ceiling. */
export const savedQueryExpectation = z.object({
  paths: z
    .array(
      z.object({
        relation: name('expect.paths[].relation'),
        operation: z.enum(['Query', 'Scan', 'GetItem', 'BatchGetItem', 'ParallelScan'], {
          error: '"expect.paths[].operation" must be Query, Scan, GetItem, BatchGetItem or ParallelScan',
        }),
        index: name('expect.paths[].index').nullable().optional(),
      }),
    )
    .max(50)
    .optional(),
  maxRcu: z.number({ error: '"expect.maxRcu" must be a non-negative number' }).nonnegative().optional(),
});

/** `POST /api/saved-queries` and `PUT /api/saved-queries/:name`: a saved query as written. */
export const savedQueryBody = z.object(
  {
    name: name('name'),
    description: text('description', 2000).optional(),
    sql: z
      .string({ error: '"sql" must be a non-empty string' })
      .min(1, { error: '"sql" must be a non-empty string' }),
    params: z.array(savedQueryParam).max(100).optional(),
    expect: savedQueryExpectation.optional(),
  },
  { error: 'Request body must be a JSON object' },
);

/** `POST /api/saved-queries/:name/sql`: the values of `$1`, `$2`... (none: each parameter's example). */
export const savedQueryValues = z.object(
  {
    values: z
      .array(z.string({ error: '"values" must be strings' }).nullable())
      .max(100)
      .optional(),
  },
  { error: 'Request body must be a JSON object' },
);

/** `GET /api/saved-queries?q=`: words the name, description or SQL must all hold (any case). */
export const savedQuerySearch = z.object({
  q: z
    .string({ error: '"q" must be a string' })
    .max(1000, { error: '"q" must be at most 1000 characters' })
    .optional(),
});

export type SavedQueryParam = z.output<typeof savedQueryParam>;
export type SavedQueryExpectation = z.output<typeof savedQueryExpectation>;
export type SavedQueryBody = z.input<typeof savedQueryBody>;
export type SavedQueryValues = z.input<typeof savedQueryValues>;

/** A saved query as stored in the catalog (`dynascope.saved_queries`). */
export interface SavedQuery {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
  readonly params: readonly SavedQueryParam[];
  readonly expect: SavedQueryExpectation;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `GET /api/saved-queries[?q=]`. */
export interface SavedQueryList {
  readonly queries: readonly SavedQuery[];
}

/** `POST /api/saved-queries/:name/sql`: the query's text with its parameters as literals, ready to run. */
export interface SavedQuerySql {
  readonly sql: string;
}

/** One relation's access path as EXPLAIN planned it. */
export interface AccessPath {
  readonly relation: string;
  readonly operation: AccessOperation;
  readonly index: string | null;
}

/** One saved query checked: what EXPLAIN planned now, and each way it no longer meets its expectation. */
export interface SavedQueryCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly paths: readonly AccessPath[];
  /** The statement's estimate (sum of its scans'); null when EXPLAIN failed. */
  readonly estimatedRcu: number | null;
  /** What EXPLAIN read to sample tables for its estimates (it reads nothing else). */
  readonly samplingRcu: number;
  /** `Query on orders by index by_customer became Scan` `estimate 146 RCU over the ceiling of 10` */
  readonly problems: readonly string[];
}

/** `POST /api/saved-queries/check`. */
export interface SavedQueryCheckReport {
  readonly checked: number;
  readonly regressions: number;
  /** All sampling reads of the check, in RCU. */
  readonly samplingRcu: number;
  readonly results: readonly SavedQueryCheck[];
}
