import type { CheckValue, ResidualCheck } from './residual-checks';

/** An attribute by name, quoted (`"status"`): any name is a valid quoted identifier. */
const attribute = (name: string): string => JSON.stringify(name);

/** A raw string literal (`'open'`); null for text a raw literal cannot hold exactly (a backslash). */
const raw = (text: string): string | null => (text.includes('\\') ? null : `'${text.replace(/'/g, "\\'")}'`);

/** What a text column reads from the attribute: an S, or an N as its text. */
const asText = (a: string): string => `not_null(${a}.S, ${a}.N)`;

function equality(a: string, op: '=' | '<>', value: CheckValue): string | null {
  if (value.type === 'BOOL')
    // A BOOL attribute only: `<>` true is `= false`.
    return `${a}.BOOL == \`${op === '=' ? value.value : !value.value}\``;
  // Numbers: the CLI's JMESPath compares their text, not their value (`1.50` is `1.5`).
  if (value.type === 'N') return null;
  const text = raw(value.text);
  if (text === null) return null;
  return op === '=' ? `${asText(a)} == ${text}` : `(${asText(a)} != \`null\` && ${asText(a)} != ${text})`;
}

/**
 * A residual predicate as a condition of the AWS CLI's `--query` filter (JMESPath over DynamoDB
 * JSON), or null where JMESPath cannot say it exactly — its `<`/`>` compare numbers only (as
 * floats: a 20-digit number would round), so ranges and numbers stay comments:
 *   `status <> 'closed'`        → `(not_null("status".S, "status".N) != \`null\` && not_null("status".S, "status".N) != 'closed')`
 *   `note is null`              → `(!"note" || "note".NULL == \`true\`)`
 *   `status in ('a', 'b')`      → `contains(['a', 'b'], not_null("status".S, "status".N))`
 *   `name like 'Ann%'`          → `starts_with(not_null("name".S, "name".N, ''), 'Ann')`
 *   `total > 3`                 → null
 */
export function jmespathCondition(check: ResidualCheck): string | null {
  if (check.kind === 'comment') return null;
  const a = attribute(check.attribute);
  switch (check.kind) {
    case 'compare':
      return check.op === '=' || check.op === '<>' ? equality(a, check.op, check.value) : null;
    case 'in': {
      const texts = check.values.map((v) => (v.type === 'S' ? raw(v.text) : null));
      if (texts.some((t) => t === null)) return null;
      return `contains([${texts.join(', ')}], ${asText(a)})`;
    }
    case 'prefix': {
      const prefix = raw(check.prefix);
      return prefix === null ? null : `starts_with(not_null(${a}.S, ${a}.N, ''), ${prefix})`;
    }
    case 'null':
      return check.isNull ? `(!${a} || ${a}.NULL == \`true\`)` : `(${a} && ${a}.NULL != \`true\`)`;
    case 'between':
      return null;
  }
}
