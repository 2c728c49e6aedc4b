import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EngineError, SqlState } from '../errors';

/**
 * JSON text → a DynamoDB attribute with native types, keeping every digit of every number
 * (JSON.parse would round them): `{"a": [1, "x"], "n": 12345678901234567890123456789012345678}`
 *   → { M: { a: { L: [{ N: '1' }, { S: 'x' }] }, n: { N: '12345678901234567890123456789012345678' } } }
 */
export function jsonToAttribute(text: string): AttributeValue {
  const p = new Parser(text);
  const v = p.value();
  p.end();
  return v;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  end(): void {
    this.ws();
    if (this.i !== this.s.length) this.fail();
  }

  value(): AttributeValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { S: this.string() };
    if (this.s.startsWith('true', this.i)) return ((this.i += 4), { BOOL: true });
    if (this.s.startsWith('false', this.i)) return ((this.i += 5), { BOOL: false });
    if (this.s.startsWith('null', this.i)) return ((this.i += 4), { NULL: true });
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m![0].length;
    return { N: m![0] };
  }

  private object(): AttributeValue {
    const M: Record<string, AttributeValue> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') return (this.i++, { M });
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      this.expect(':');
      M[key] = this.value();
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return (this.expect('}'), { M });
    }
  }

  private array(): AttributeValue {
    const L: AttributeValue[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return (this.i++, { L });
    for (;;) {
      L.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return (this.expect(']'), { L });
    }
  }

  private string(): string {
    if (this.s[this.i] !== '"') this.fail();
    let end = this.i + 1;
    while (end < this.s.length && this.s[end] !== '"') end += this.s[end] === '\\' ? 2 : 1;
    const raw = this.s.slice(this.i, end + 1);
    this.i = end + 1;
    return JSON.parse(raw) as string;
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  private expect(c: string): void {
    if (this.s[this.i] !== c) this.fail();
    this.i++;
  }

  private fail(): never {
    throw new EngineError(SqlState.invalidTextRepresentation, `invalid JSON at character ${this.i + 1}`);
  }
}
