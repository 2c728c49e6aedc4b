import { stringifyLossless } from '../json/lossless-json';
import { codeChecks, hasChecks, headerLines, residualLines, type CodeCheck } from './code-comments';
import { readCalls, type CodeScan, type ReadCalls } from './read-calls';
import type { CheckValue } from './residual-checks';

const json = (v: unknown): string => stringifyLossless(v, 2);
const comment = (lines: readonly string[]): string => lines.map((l) => `// ${l}`.trimEnd()).join('\n');

function literal(v: CheckValue): string {
  return v.type === 'BOOL' ? String(v.value) : JSON.stringify(v.text);
}

function condition(r: CodeCheck): string {
  const av = `item[${JSON.stringify(r.attribute)}]`;
  switch (r.kind) {
    case 'compare':
      return `compare(${av}, ${JSON.stringify(r.op)}, ${literal(r.value)})`;
    case 'between':
      return `(compare(${av}, ">=", ${literal(r.low)}) && compare(${av}, "<=", ${literal(r.high)}))`;
    case 'in':
      return `[${r.values.map(literal).join(', ')}].some((v) => compare(${av}, "=", v))`;
    case 'prefix':
      return `(${av}?.S ?? "").startsWith(${JSON.stringify(r.prefix)})`;
    case 'null':
      return r.isNull
        ? `(${av} === undefined || ${av}.NULL === true)`
        : `!(${av} === undefined || ${av}.NULL === true)`;
  }
}

const COMPARE = `/** SQL's comparison of an attribute with a constant: numbers as numbers, else as text; a missing or NULL attribute matches nothing. */
function compare(av, op, value) {
  if (!av || av.NULL) return false;
  const [a, b] = av.N !== undefined ? [Number(av.N), Number(value)] : [av.S ?? av.BOOL, value];
  if (a === undefined) return false;
  return op === "=" ? a === b : op === "<>" ? a !== b : op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}`;

function keepFunction(calls: ReadCalls): string[] {
  const { checks, needsCompare } = codeChecks(calls.residual);
  if (!checks.length) return [];
  return [
    ...(needsCompare ? [COMPARE, ''] : []),
    '/** The residual predicates this code evaluates (see above). */',
    'function keep(item) {',
    `  return ${checks.map(condition).join(' &&\n    ')};`,
    '}',
    '',
  ];
}

/** Reads every page of one request into `items` (or `count`). */
function readPages(calls: ReadCalls): string[] {
  const take = calls.count
    ? '    count += out.Count;'
    : `    items.push(...(out.Items ?? [])${hasChecks(calls.residual) ? '.filter(keep)' : ''});`;
  const limit = calls.limit !== null;
  const got = calls.count ? 'count' : 'items.length';
  return [
    '/** Every page of one request: DynamoDB answers up to 1 MB a page, LastEvaluatedKey asks for the next. */',
    'async function readPages(Command, request) {',
    '  let ExclusiveStartKey;',
    '  do {',
    limit
      ? `    // The Limit asks for the items still wanted.\n    const out = await client.send(new Command({ ...request, Limit: LIMIT - ${got}, ExclusiveStartKey }));`
      : '    const out = await client.send(new Command({ ...request, ExclusiveStartKey }));',
    take,
    '    ExclusiveStartKey = out.LastEvaluatedKey;',
    `  } while (ExclusiveStartKey${limit ? ` && ${got} < LIMIT` : ''});`,
    '}',
    '',
  ];
}

function body(calls: ReadCalls): { command: string; lines: string[] } {
  const table = JSON.stringify(calls.table);
  const push = (what: string) => (hasChecks(calls.residual) ? `${what}.filter(keep)` : what);
  switch (calls.operation) {
    case 'GetItem':
      return {
        command: 'GetItemCommand',
        lines: [
          'const { Item } = await client.send(new GetItemCommand(input));',
          `if (Item) items.push(...${push('[Item]')});`,
        ],
      };
    case 'BatchGetItem':
      return {
        command: 'BatchGetItemCommand',
        lines: [
          `const table = ${table};`,
          `const keys = ${calls.keys && calls.keys.length > 100 ? json(calls.keys) : 'input.RequestItems[table].Keys'};`,
          '// BatchGetItem takes 100 keys a request; keys DynamoDB leaves unprocessed are sent again after a pause.',
          'for (let i = 0; i < keys.length; i += 100) {',
          '  let requestItems = { [table]: { ...input.RequestItems[table], Keys: keys.slice(i, i + 100) } };',
          '  for (let attempt = 0; Object.keys(requestItems).length > 0; attempt++) {',
          '    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));',
          '    const out = await client.send(new BatchGetItemCommand({ ...input, RequestItems: requestItems }));',
          `    items.push(...${push('(out.Responses?.[table] ?? [])')});`,
          '    requestItems = out.UnprocessedKeys ?? {};',
          '  }',
          '}',
        ],
      };
    case 'Query':
      return {
        command: 'QueryCommand',
        lines: calls.partitionValues
          ? [
              ...readPages(calls),
              '// One Query per partition key value, in turn; each value goes in :v0.',
              `const partitionValues = ${json(calls.partitionValues)};`,
              'for (const value of partitionValues) {',
              ...(calls.limit !== null
                ? [`  if (${calls.count ? 'count' : 'items.length'} >= LIMIT) break;`]
                : []),
              '  await readPages(QueryCommand, {',
              '    ...input,',
              '    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ":v0": value },',
              '  });',
              '}',
            ]
          : [...readPages(calls), 'await readPages(QueryCommand, input);'],
      };
    case 'Scan':
      return {
        command: 'ScanCommand',
        lines: calls.segments
          ? [
              ...readPages(calls),
              `// A parallel Scan: its ${calls.segments} segments are read at once.`,
              'await Promise.all(',
              '  Array.from({ length: input.TotalSegments }, (_, segment) => readPages(ScanCommand, { ...input, Segment: segment })),',
              ');',
            ]
          : [...readPages(calls), 'await readPages(ScanCommand, input);'],
      };
  }
}

/** One scan of a plan as a JavaScript program (AWS SDK v3, low-level client) that prints its items, one JSON line each. */
export function javascriptCode(scan: CodeScan): string {
  const calls = readCalls(scan);
  const { command, lines } = body(calls);
  const residual = residualLines(calls.residual);
  return [
    comment(headerLines(scan.relation, calls)),
    `import { DynamoDBClient, ${command} } from "@aws-sdk/client-dynamodb";`,
    '',
    'const client = new DynamoDBClient({});',
    '',
    `const input = ${json(calls.input)};`,
    ...(calls.limit !== null
      ? [`/** The statement wants at most this many items. */`, `const LIMIT = ${calls.limit};`]
      : []),
    calls.count ? 'let count = 0;' : 'const items = [];',
    '',
    ...(residual.length ? [comment(residual)] : []),
    ...keepFunction(calls),
    ...lines,
    '',
    calls.count
      ? 'console.log(JSON.stringify({ count }));'
      : 'for (const item of items) console.log(JSON.stringify(item));',
    '',
  ].join('\n');
}
