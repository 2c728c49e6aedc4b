import { stringifyLossless } from '../json/lossless-json';
import { headerLines, recheckedLines, residualLines } from './code-comments';
import { jmespathCondition } from './jmespath-filter';
import { BATCH_GET_KEYS, readCalls, type CodeScan, type ReadCalls } from './read-calls';
import type { ResidualCheck } from './residual-checks';

const comment = (lines: readonly string[]): string => lines.map((l) => `# ${l}`.trimEnd()).join('\n');
/** A shell word in single quotes. */
const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

const SUBCOMMAND = {
  GetItem: 'get-item',
  BatchGetItem: 'batch-get-item',
  Query: 'query',
  Scan: 'scan',
} as const;

/** The residual predicate's condition in `--query` (JMESPath), or null: a comment (a count has no items to filter). */
const cliCondition = (calls: ReadCalls, r: ResidualCheck): string | null =>
  calls.count ? null : jmespathCondition(r);

/** What `--query` prints: the items (filtered by the residual predicates it can say), or the count. */
function outputQuery(calls: ReadCalls): string {
  const conditions = calls.checks.flatMap((r) => cliCondition(calls, r) ?? []);
  const filter = conditions.length ? `[?${conditions.join(' && ')}]` : '';
  switch (calls.operation) {
    case 'GetItem':
      return filter ? `Item | [@]${filter}` : 'Item';
    case 'BatchGetItem':
      return filter ? `Responses.*[] | ${filter}` : 'Responses.*[]';
    default:
      return calls.count ? 'Count' : `Items${filter}`;
  }
}

function command(calls: ReadCalls, input: object, extra: readonly string[] = []): string {
  const output = outputQuery(calls);
  return [
    `aws dynamodb ${SUBCOMMAND[calls.operation]}`,
    `--cli-input-json ${quoted(stringifyLossless(input))}`,
    ...extra,
    ...(calls.limit !== null ? [`--max-items ${calls.limit}`] : []),
    `--query ${quoted(output)} --output json`,
  ].join(' \\\n  ');
}

function commands(calls: ReadCalls): string[] {
  // The CLI pages by itself: --max-items is the statement's Limit over all pages.
  const { Limit: _limit, ...input } = calls.input;
  switch (calls.operation) {
    case 'GetItem':
      return [command(calls, input)];
    case 'BatchGetItem': {
      const keys = calls.keys ?? [];
      const requestItems = input.RequestItems as Record<string, object>;
      const chunks: string[] = [
        comment([
          'DynamoDB may leave keys unprocessed (UnprocessedKeys in the answer without --query): send those again.',
        ]),
      ];
      for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) {
        const slice = keys.slice(i, i + BATCH_GET_KEYS);
        const items = { [calls.table]: { ...requestItems[calls.table], Keys: slice } };
        chunks.push(command(calls, { ...input, RequestItems: items }));
      }
      return chunks;
    }
    case 'Query':
      if (!calls.partitionValues) return [command(calls, input)];
      return [
        comment([
          'One Query per partition key value, in turn (each value in :v0)' +
            (calls.limit !== null ? `; stop once ${calls.limit} items have come back.` : '.'),
        ]),
        ...calls.partitionValues.map((value) =>
          command(calls, {
            ...input,
            ExpressionAttributeValues: { ...(input.ExpressionAttributeValues as object), ':v0': value },
          }),
        ),
      ];
    case 'Scan':
      if (!calls.segments) return [command(calls, input)];
      return [
        `# A parallel Scan: its ${calls.segments} segments are read at once.`,
        `for segment in $(seq 0 ${calls.segments - 1}); do`,
        '  ' + command(calls, input, ['--segment "$segment"']).replace(/\n/g, '\n  ') + ' &',
        'done',
        'wait',
      ];
  }
}

/**
 * One scan of a plan as AWS CLI commands (`aws dynamodb query|scan|get-item|batch-get-item`) that
 * print its items as JSON arrays. The CLI follows LastEvaluatedKey itself (auto-pagination).
 */
export function awsCliCode(scan: CodeScan): string {
  const calls = readCalls(scan);
  const inQuery = (r: ResidualCheck) => cliCondition(calls, r) !== null;
  const residual = [
    ...residualLines(calls.residual, inQuery, 'in --query below'),
    ...recheckedLines(calls.rechecked, inQuery, 'in --query below'),
  ];
  if (calls.checks.some((r) => !inQuery(r)))
    residual.push('The CLI prints the items the others keep: apply the rest to them.');
  return [
    '#!/bin/sh',
    comment(headerLines(scan.relation, calls)),
    comment([
      'The CLI reads every page itself (it follows LastEvaluatedKey)' +
        (calls.limit !== null ? `; --max-items ${calls.limit} is the statement's limit.` : '.'),
    ]),
    ...(residual.length ? [comment(residual)] : []),
    '',
    ...commands(calls),
    '',
  ].join('\n');
}
