import { stringifyLossless } from '../json/lossless-json';
import {
  codeChecks,
  hasChecks,
  headerLines,
  recheckedLines,
  residualLines,
  type CodeCheck,
} from './code-comments';
import { readCalls, type CodeScan, type ReadCalls } from './read-calls';
import type { CheckValue } from './residual-checks';

const json = (v: unknown): string => stringifyLossless(v, 2);
const comment = (lines: readonly string[]): string => lines.map((l) => `// ${l}`.trimEnd()).join('\n');

/** A constant as DynamoDB JSON: `{ N: "3" }`, `{ S: "x" }`, `{ BOOL: true }`. */
function literal(v: CheckValue): string {
  return v.type === 'BOOL' ? `{ BOOL: ${v.value} }` : `{ ${v.type}: ${JSON.stringify(v.text)} }`;
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

const COMPARE = `/**
 * SQL's comparison of an attribute with a constant (both DynamoDB JSON): numbers exactly, text as
 * text (a text column reads N and BOOL attributes as their text); a missing or NULL attribute, or
 * one of another type, matches nothing.
 */
function compare(av, op, value) {
  if (!av || av.NULL) return false;
  let c;
  if (value.N !== undefined) {
    if (av.N === undefined) return false;
    c = compareNumbers(av.N, value.N);
  } else if (value.S !== undefined) {
    const a = av.S ?? av.N ?? (av.BOOL === undefined ? undefined : String(av.BOOL));
    if (a === undefined) return false;
    c = a === value.S ? 0 : a < value.S ? -1 : 1;
  } else {
    if (av.BOOL === undefined) return false;
    c = av.BOOL === value.BOOL ? 0 : 1;
  }
  return op === "=" ? c === 0 : op === "<>" ? c !== 0 : op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0;
}

/** A number's sign, significant digits and the place of its point: "-0.0120" → [-1, "12", -1]. */
function decimal(text) {
  const [, sign, int, frac = "", exp = "0"] = /^([+-]?)(\\d*)(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?$/.exec(text);
  const all = int + frac;
  const digits = all.replace(/^0+/, "");
  if (!digits.replace(/0+$/, "")) return [0, "", 0];
  return [sign === "-" ? -1 : 1, digits.replace(/0+$/, ""), int.length - (all.length - digits.length) + Number(exp)];
}

/** -1, 0 or 1: two DynamoDB numbers (up to 38 digits) compared exactly, where Number keeps about 16. */
function compareNumbers(x, y) {
  const [s, d, p] = decimal(x);
  const [t, e, q] = decimal(y);
  if (s !== t) return s < t ? -1 : 1;
  return s * (p !== q ? (p < q ? -1 : 1) : d === e ? 0 : d < e ? -1 : 1);
}`;

function keepFunction(calls: ReadCalls): string[] {
  const { checks, needsCompare } = codeChecks(calls.checks);
  if (!checks.length) return [];
  return [
    ...(needsCompare ? [COMPARE, ''] : []),
    '/** The predicates this code evaluates on each item (see above). */',
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
    : `    items.push(...(out.Items ?? [])${hasChecks(calls.checks) ? '.filter(keep)' : ''});`;
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
  const push = (what: string) => (hasChecks(calls.checks) ? `${what}.filter(keep)` : what);
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
  const residual = [...residualLines(calls.residual), ...recheckedLines(calls.rechecked)];
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
