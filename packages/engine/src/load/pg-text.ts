import { EngineError } from '../errors';
import { jsonToAttribute } from '../write/json-attribute';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { pgNumericText } from '../util/decimal';

/**
 * JSON text → jsonb's text output: keys sorted (shorter first, then bytewise), `", "` and `": "`
 * separators, numbers as numeric output, strings escaped as Postgres escapes them.
 *   pgJsonbText('{"bb":1,"a":[1.50,true]}') → '{"a": [1.50, true], "bb": 1}'
 */
export function pgJsonbText(json: string): string {
  return format(jsonToAttribute(json));
}

function format(v: AttributeValue): string {
  if (v.S !== undefined) return quote(v.S);
  if (v.N !== undefined) return pgNumericText(v.N);
  if (v.BOOL !== undefined) return v.BOOL ? 'true' : 'false';
  if (v.NULL) return 'null';
  if (v.L) return '[' + v.L.map(format).join(', ') + ']';
  const entries = Object.entries(v.M ?? {}).sort(([a], [b]) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return '{' + entries.map(([k, x]) => `${quote(k)}: ${format(x)}`).join(', ') + '}';
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * A text value as Postgres holds it: text cannot hold U+0000, which the host refuses as it reads the
 * value from JSON (22P05, its own message):  'x\u0000y' → 22P05;  'xy' → 'xy'
 */
export function pgTextValue(s: string): string {
  if (s.includes('\u0000'))
    throw new EngineError('22P05', 'unsupported Unicode escape sequence', {
      detail: '\\u0000 cannot be converted to text.',
    });
  return s;
}

function quote(s: string): string {
  pgTextValue(s);
  return (
    '"' +
    s.replace(
      // eslint-disable-next-line no-control-regex
      /["\\\u0000-\u001f]/g,
      (c) => ESCAPES[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
    ) +
    '"'
  );
}
