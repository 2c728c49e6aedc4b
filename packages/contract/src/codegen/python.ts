import {
  codeChecks,
  hasChecks,
  headerLines,
  recheckedLines,
  residualLines,
  type CodeCheck,
} from './code-comments';
import { pythonLiteral } from './python-literal';
import { readCalls, type CodeScan, type ReadCalls } from './read-calls';
import type { CheckValue } from './residual-checks';

const comment = (lines: readonly string[]): string => lines.map((l) => `# ${l}`.trimEnd()).join('\n');

/** A constant as DynamoDB JSON: `{"N": "3"}`, `{"S": "x"}`, `{"BOOL": True}`. */
function literal(v: CheckValue): string {
  return v.type === 'BOOL'
    ? `{"BOOL": ${v.value ? 'True' : 'False'}}`
    : `{"${v.type}": ${JSON.stringify(v.text)}}`;
}

function condition(r: CodeCheck): string {
  const av = `item.get(${JSON.stringify(r.attribute)})`;
  switch (r.kind) {
    case 'compare':
      return `compare(${av}, ${JSON.stringify(r.op)}, ${literal(r.value)})`;
    case 'between':
      return `(compare(${av}, ">=", ${literal(r.low)}) and compare(${av}, "<=", ${literal(r.high)}))`;
    case 'in':
      return `any(compare(${av}, "=", v) for v in (${r.values.map(literal).join(', ')},))`;
    case 'prefix':
      return `(${av} or {}).get("S", "").startswith(${JSON.stringify(r.prefix)})`;
    case 'null':
      return `${r.isNull ? '' : 'not '}is_null(${av})`;
  }
}

const COMPARE = `def compare(av, op, value):
    """SQL's comparison of an attribute with a constant (both DynamoDB JSON): numbers exactly, text as
    text (a text column reads N and BOOL attributes as their text); a missing or NULL attribute, or
    one of another type, matches nothing."""
    if not av or "NULL" in av:
        return False
    if "N" in value:
        if "N" not in av:
            return False
        a, b = Decimal(av["N"]), Decimal(value["N"])
    elif "S" in value:
        a = av.get("S", av.get("N"))
        if a is None and "BOOL" in av:
            a = "true" if av["BOOL"] else "false"
        if a is None:
            return False
        b = value["S"]
    else:
        if "BOOL" not in av:
            return False
        a, b = av["BOOL"], value["BOOL"]
    return OPERATORS[op](a, b)


OPERATORS = {"=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
`;

const IS_NULL = `def is_null(av):
    return av is None or "NULL" in av
`;

function keepFunction(calls: ReadCalls): string[] {
  const { checks, needsCompare } = codeChecks(calls.checks);
  if (!checks.length) return [];
  return [
    ...(needsCompare ? [COMPARE, ''] : []),
    ...(checks.some((r) => r.kind === 'null') ? [IS_NULL, ''] : []),
    'def keep(item):',
    '    """The predicates this code evaluates on each item (see above)."""',
    `    return ${checks.map(condition).join(' and \\\n        ')}`,
    '',
    '',
  ];
}

function readPages(calls: ReadCalls): string[] {
  const got = calls.count ? 'count' : 'len(items)';
  const take = calls.count
    ? ['        count += page["Count"]']
    : [
        `        items.extend(${hasChecks(calls.checks) ? 'filter(keep, page.get("Items", []))' : 'page.get("Items", [])'})`,
      ];
  const limit = calls.limit !== null;
  return [
    'def read_pages(operation, request):',
    '    """Every page of one request: DynamoDB answers up to 1 MB a page, LastEvaluatedKey asks for the next."""',
    ...(calls.count ? ['    global count'] : []),
    '    start = {}',
    '    while True:',
    limit
      ? `        # The Limit asks for the items still wanted.\n        page = operation(**{**request, **start, "Limit": LIMIT - ${got}})`
      : '        page = operation(**request, **start)',
    ...take,
    '        if "LastEvaluatedKey" not in page' + (limit ? ` or ${got} >= LIMIT:` : ':'),
    '            break',
    '        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}',
    '',
    '',
  ];
}

function body(calls: ReadCalls): { imports: string[]; lines: string[] } {
  const push = (what: string) => (hasChecks(calls.checks) ? `filter(keep, ${what})` : what);
  switch (calls.operation) {
    case 'GetItem':
      return {
        imports: [],
        lines: [
          'item = client.get_item(**request).get("Item")',
          'if item:',
          `    items.extend(${push('[item]')})`,
        ],
      };
    case 'BatchGetItem':
      return {
        imports: ['import time'],
        lines: [
          `table = ${JSON.stringify(calls.table)}`,
          `keys = ${calls.keys && calls.keys.length > 100 ? pythonLiteral(calls.keys) : 'request["RequestItems"][table]["Keys"]'}`,
          '# BatchGetItem takes 100 keys a request; keys DynamoDB leaves unprocessed are sent again after a pause.',
          'for i in range(0, len(keys), 100):',
          '    request_items = {table: {**request["RequestItems"][table], "Keys": keys[i : i + 100]}}',
          '    attempt = 0',
          '    while request_items:',
          '        if attempt:',
          '            time.sleep(min(2, 0.05 * 2**attempt))',
          '        answer = client.batch_get_item(**{**request, "RequestItems": request_items})',
          `        items.extend(${push('answer["Responses"].get(table, [])')})`,
          '        request_items = answer.get("UnprocessedKeys") or {}',
          '        attempt += 1',
        ],
      };
    case 'Query':
      return {
        imports: [],
        lines: calls.partitionValues
          ? [
              ...readPages(calls),
              '# One Query per partition key value, in turn; each value goes in :v0.',
              `partition_values = ${pythonLiteral(calls.partitionValues)}`,
              'for value in partition_values:',
              ...(calls.limit !== null
                ? [`    if ${calls.count ? 'count' : 'len(items)'} >= LIMIT:`, '        break']
                : []),
              '    values = {**request["ExpressionAttributeValues"], ":v0": value}',
              '    read_pages(client.query, {**request, "ExpressionAttributeValues": values})',
            ]
          : [...readPages(calls), 'read_pages(client.query, request)'],
      };
    case 'Scan':
      return calls.segments
        ? {
            imports: ['from concurrent.futures import ThreadPoolExecutor'],
            lines: [
              ...readPages(calls),
              `# A parallel Scan: its ${calls.segments} segments are read at once (a boto3 client is thread-safe).`,
              'with ThreadPoolExecutor(max_workers=request["TotalSegments"]) as pool:',
              '    reads = [',
              '        pool.submit(read_pages, client.scan, {**request, "Segment": segment})',
              '        for segment in range(request["TotalSegments"])',
              '    ]',
              '    for read in reads:',
              '        read.result()',
            ],
          }
        : { imports: [], lines: [...readPages(calls), 'read_pages(client.scan, request)'] };
  }
}

/** One scan of a plan as a Python program (boto3's low-level client) that prints its items, one JSON line each. */
export function pythonCode(scan: CodeScan): string {
  const calls = readCalls(scan);
  const { imports, lines } = body(calls);
  const residual = [...residualLines(calls.residual), ...recheckedLines(calls.rechecked)];
  const needsDecimal = calls.checks.some(
    (r) => r.kind === 'compare' || r.kind === 'between' || r.kind === 'in',
  );
  return [
    comment(headerLines(scan.relation, calls)),
    'import base64',
    'import json',
    ...imports,
    ...(needsDecimal ? ['import operator', 'from decimal import Decimal'] : []),
    '',
    'import boto3',
    '',
    'client = boto3.client("dynamodb")',
    '',
    `request = ${pythonLiteral(calls.input)}`,
    ...(calls.limit !== null
      ? ['# The statement wants at most this many items.', `LIMIT = ${calls.limit}`]
      : []),
    calls.count ? 'count = 0' : 'items = []',
    '',
    ...(residual.length ? [comment(residual), ''] : []),
    ...keepFunction(calls),
    ...lines,
    '',
    calls.count
      ? 'print(json.dumps({"count": count}))'
      : [
          '# Binary values (B, BS) arrive as bytes: printed as base64, as DynamoDB JSON has them.',
          'for item in items:',
          '    print(json.dumps(item, default=lambda b: base64.b64encode(b).decode()))',
        ].join('\n'),
    '',
  ].join('\n');
}
