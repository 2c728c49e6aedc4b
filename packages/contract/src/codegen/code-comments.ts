import type { ReadCalls } from './read-calls';
import type { ResidualCheck } from './residual-checks';

/**
 * What every generated program says first, as comment lines (without the comment marker): what it
 * reads, where the endpoint and credentials come from, and what Dynascope does that the code does not.
 */
export function headerLines(relation: string, calls: ReadCalls): string[] {
  const what =
    calls.operation === 'Query' && calls.partitionValues
      ? `${calls.partitionValues.length} Queries (one per partition key value)`
      : calls.operation === 'Scan' && calls.segments
        ? `a parallel Scan (${calls.segments} segments)`
        : `${calls.operation === 'GetItem' ? 'a' : 'one'} ${calls.operation}`;
  return [
    `Reads ${relation}: ${what} of DynamoDB table ${calls.table}, as Dynascope planned it.`,
    'Region, credentials and endpoint come from the environment as for any AWS tool',
    '(AWS_REGION, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_DYNAMODB).',
    ...calls.notes.map((n) => `Note: ${n}.`),
    ...calls.joinConditions.map((j) => `Join condition, evaluated by the join with the other relation: ${j}`),
  ];
}

/** Each predicate, saying whether the code checks it (`asCode`, saying `where`) or leaves it to the reader. */
function predicateLines(
  header: readonly string[],
  predicates: readonly ResidualCheck[],
  asCode: (r: ResidualCheck) => boolean,
  where: string,
): string[] {
  if (!predicates.length) return [];
  return [
    ...header,
    ...predicates.map((r) =>
      asCode(r)
        ? `  ${r.sql}  -- ${where}`
        : `  ${r.sql}  -- not as code here: apply it to the items yourself`,
    ),
  ];
}

const asCodeByDefault = (r: ResidualCheck): boolean => r.kind !== 'comment';

/** The residual predicates (DynamoDB does not evaluate them), as predicateLines. */
export function residualLines(
  residual: readonly ResidualCheck[],
  asCode = asCodeByDefault,
  where = 'checked below',
): string[] {
  return predicateLines(
    ['Residual predicates: DynamoDB does not evaluate these; Dynascope evaluates them on each item.'],
    residual,
    asCode,
    where,
  );
}

/** The pushed predicates DynamoDB's filter keeps more items for (ReadCalls.rechecked), as predicateLines. */
export function recheckedLines(
  rechecked: readonly ResidualCheck[],
  asCode = asCodeByDefault,
  where = 'checked below',
): string[] {
  return predicateLines(
    [
      "Pushed predicates DynamoDB's filter tests more loosely (a text column also reads N and BOOL attributes,",
      'as text: the filter keeps every item whose attribute is not text, even a missing one):',
    ],
    rechecked,
    asCode,
    where,
  );
}

/** Whether any residual predicate becomes code. */
export function hasChecks(residual: readonly ResidualCheck[]): boolean {
  return residual.some((r) => r.kind !== 'comment');
}

export type CodeCheck = Exclude<ResidualCheck, { kind: 'comment' }>;

/** The residual predicates that become code, and whether one compares with a constant (the `compare` helper). */
export function codeChecks(residual: readonly ResidualCheck[]): {
  readonly checks: readonly CodeCheck[];
  readonly needsCompare: boolean;
} {
  const checks = residual.filter((r): r is CodeCheck => r.kind !== 'comment');
  return {
    checks,
    needsCompare: checks.some((r) => r.kind === 'compare' || r.kind === 'between' || r.kind === 'in'),
  };
}
