import type { ScanPlan } from '../results/plan';
import { residualChecks, type ResidualCheck } from './residual-checks';
import { widenedAttributes } from './widened-attributes';

/** What of a scan's plan the code generators read. */
export type CodeScan = Pick<
  ScanPlan,
  | 'relation'
  | 'alias'
  | 'table'
  | 'request'
  | 'residual'
  | 'pushed'
  | 'joinConditions'
  | 'limit'
  | 'keyCount'
  | 'partitionCount'
  | 'fetchBack'
  | 'partitionValues'
  | 'keyValues'
>;

/**
 * Every DynamoDB call a scan makes, described for code: the first request's input and what varies
 * between calls (the partition value in `:v0`, the Scan segment, the BatchGetItem keys), when to
 * stop (a Limit over all calls), and what is then evaluated locally.
 *   Query of `pk in ('a', 'b') order by sk desc limit 5`
 *   → { operation: 'Query', input: {…, ':v0': { S: 'a' }, Limit: 5 },
 *       partitionValues: [{ S: 'a' }, { S: 'b' }], limit: 5, … }
 */
export interface ReadCalls {
  readonly operation: 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan';
  readonly table: string;
  /** The request's input, without `Segment` (a parallel Scan sets it per segment). */
  readonly input: Readonly<Record<string, unknown>>;
  /** Query of several partition values: one Query each, the value in `:v0`, in this order. */
  readonly partitionValues: readonly unknown[] | null;
  /** Parallel Scan: how many segments, read at once. */
  readonly segments: number | null;
  /** BatchGetItem: every key (100 a request, UnprocessedKeys sent again). */
  readonly keys: readonly unknown[] | null;
  /** Stop after this many items in all (the request's `Limit` is what is still wanted). */
  readonly limit: number | null;
  /** `Select: COUNT`: the calls count items, they return none. */
  readonly count: boolean;
  readonly residual: readonly ResidualCheck[];
  /** Pushed predicates DynamoDB's filter tests more loosely than SQL (widenedAttributes), as code: checked again. */
  readonly rechecked: readonly ResidualCheck[];
  /** What the code evaluates on each item: the residual predicates and the rechecked ones. */
  readonly checks: readonly ResidualCheck[];
  /** Conditions the join evaluates with another relation's rows (no code: they filter no item alone). */
  readonly joinConditions: readonly string[];
  /** What the code does not do that the engine does (fetching an index's items back, keys not in the plan). */
  readonly notes: readonly string[];
}

/** BatchGetItem takes 100 keys a request. */
export const BATCH_GET_KEYS = 100;

/** The calls behind one scan of a plan (see ReadCalls). */
export function readCalls(scan: CodeScan): ReadCalls {
  const { operation } = scan.request;
  const input = { ...(scan.request.input as Record<string, unknown>) };
  const notes: string[] = [];
  const segments =
    typeof input.TotalSegments === 'number' && input.TotalSegments > 1 ? input.TotalSegments : null;
  if (segments) delete input.Segment;
  let keys: readonly unknown[] | null = null;
  if (operation === 'BatchGetItem') {
    const requestItems = input.RequestItems as Record<string, { Keys: unknown[] }>;
    keys = scan.keyValues ?? requestItems[scan.table]?.Keys ?? [];
    if (scan.keyCount !== null && keys.length < scan.keyCount)
      notes.push(`the plan reads ${scan.keyCount} keys; the first ${keys.length} are here`);
  }
  const partitionValues =
    operation === 'Query' && scan.partitionValues && scan.partitionValues.length > 1
      ? scan.partitionValues
      : null;
  if (operation === 'Query' && !partitionValues && (scan.partitionCount ?? 1) > 1)
    notes.push(`the plan queries ${scan.partitionCount} partition key values; only the first is here`);
  if (scan.fetchBack)
    notes.push(
      "the index does not project every attribute the statement reads: Dynascope then reads each item from the table by its key (BatchGetItem); this code prints the index's items",
    );
  const joinConditions = scan.joinConditions ?? [];
  if (joinConditions.length)
    notes.push(
      "in a join Dynascope may restrict this read by the values read from the other relation (a Query or BatchGetItem by them); this code reads what the relation's own predicates select",
    );
  const limit = typeof input.Limit === 'number' ? (scan.limit ?? input.Limit) : null;
  const qualifiers = [scan.alias, scan.relation.split('.').at(-1) ?? null];
  const residual = residualChecks(
    scan.residual.filter((r) => !joinConditions.includes(r)),
    qualifiers,
  );
  const widened = widenedAttributes(
    typeof input.FilterExpression === 'string' ? input.FilterExpression : null,
    (input.ExpressionAttributeNames ?? {}) as Record<string, string>,
    (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>,
  );
  const rechecked = residualChecks(scan.pushed, qualifiers).filter(
    (c) => c.kind !== 'comment' && widened.has(c.attribute),
  );
  const unchecked = [...widened].filter(
    (a) => !rechecked.some((c) => c.kind !== 'comment' && c.attribute === a),
  );
  if (unchecked.length)
    notes.push(
      `DynamoDB's filter on ${unchecked.join(', ')} keeps items the statement's predicates drop (a text column also reads N and BOOL attributes, as text): Dynascope checks them again; this code prints them`,
    );
  return Object.freeze({
    operation,
    table: scan.table,
    input,
    partitionValues,
    segments,
    keys,
    limit,
    count: input.Select === 'COUNT',
    residual,
    rechecked,
    checks: [...residual, ...rechecked],
    joinConditions,
    notes,
  });
}
