import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const README = new URL('../../README.md', import.meta.url);
const GOLDEN = new URL('./statement-requests.json', import.meta.url);
const START = '<!-- statement-requests: generated from test/golden/statement-requests.json -->';
const END = '<!-- /statement-requests -->';

/** The request as a reader wants it: no TableName or ReturnConsumedCapacity, values inline. */
function shown(r: { operation: string; input: Record<string, unknown> }): string {
  const { TableName: _t, ReturnConsumedCapacity: _r, ...rest } = r.input;
  return `\`${r.operation}\` \`${JSON.stringify(rest).replaceAll('|', '\\|')}\``;
}

/** The README's "SQL in → DynamoDB request out" table, made from the golden requests. */
function table(): string {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<
    string,
    { sql: string; requests: { operation: string; input: Record<string, unknown> }[] }
  >;
  const rows = Object.values(golden).map(
    ({ sql, requests }) => `| \`${sql.replaceAll('|', '\\|')}\` | ${requests.map(shown).join('<br>then ')} |`,
  );
  return [
    START,
    '| SQL | DynamoDB requests: the first of each scan; every request of a write |',
    '|---|---|',
    ...rows,
    END,
  ].join('\n');
}

describe('the engine README', () => {
  it('shows the golden requests (DYNASCOPE_WRITE_README=1 rewrites its table)', () => {
    const readme = readFileSync(README, 'utf8');
    const at = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(at, 'the README has the generated table').toBeGreaterThan(0);
    const current = readme.slice(at, end + END.length);
    if (process.env.DYNASCOPE_WRITE_README === '1') writeFileSync(README, readme.replace(current, table()));
    else expect(current).toBe(table());
  });
});
