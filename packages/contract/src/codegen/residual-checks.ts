/** A constant of a residual predicate: text, a number (its exact text) or a boolean. */
export type CheckValue =
  | { readonly type: 'S'; readonly text: string }
  | { readonly type: 'N'; readonly text: string }
  | { readonly type: 'BOOL'; readonly value: boolean };

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A residual predicate (evaluated locally, not by DynamoDB) as code can check it on an item, or a
 * comment when it is not that simple:
 *   `o.status <> 'closed'`  → { kind: 'compare', attribute: 'status', op: '<>', value: { type: 'S', text: 'closed' } }
 *   `note is null`          → { kind: 'null', attribute: 'note', isNull: true }
 *   `lower(name) = 'ann'`   → { kind: 'comment' }
 * The attribute is the column's name (a column with the option `attribute` reads another).
 */
export type ResidualCheck = { readonly sql: string } & (
  | {
      readonly kind: 'compare';
      readonly attribute: string;
      readonly op: CompareOp;
      readonly value: CheckValue;
    }
  | {
      readonly kind: 'between';
      readonly attribute: string;
      readonly low: CheckValue;
      readonly high: CheckValue;
    }
  | { readonly kind: 'in'; readonly attribute: string; readonly values: readonly CheckValue[] }
  | { readonly kind: 'prefix'; readonly attribute: string; readonly prefix: string }
  | { readonly kind: 'null'; readonly attribute: string; readonly isNull: boolean }
  | { readonly kind: 'comment' }
);

type Token =
  | { readonly t: 'ident'; readonly v: string; readonly quoted: boolean }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly v: string }
  | { readonly t: 'op'; readonly v: string };

const TOKEN =
  /\s*(?:("(?:[^"]|"")*")|([A-Za-z_][\w$]*)|((?:[eE])?'(?:[^']|'')*')|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(<>|!=|<=|>=|::|[=<>(),.]))/y;

function tokens(sql: string): Token[] | null {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < sql.length) {
    if (/^\s*$/.test(sql.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(sql);
    if (!m) return null;
    if (m[1]) out.push({ t: 'ident', v: m[1].slice(1, -1).replace(/""/g, '"'), quoted: true });
    else if (m[2]) out.push({ t: 'ident', v: m[2].toLowerCase(), quoted: false });
    else if (m[3]) {
      // An E'' string has escapes: not simple.
      if (/^[eE]/.test(m[3])) return null;
      out.push({ t: 'string', v: m[3].slice(1, -1).replace(/''/g, "'") });
    } else if (m[4]) out.push({ t: 'number', v: m[4] });
    else out.push({ t: 'op', v: m[5] === '!=' ? '<>' : m[5]! });
  }
  return out;
}

/** Reads a predicate's tokens from the front; each reader returns null when they are not its form. */
class Reader {
  i = 0;
  constructor(
    private readonly ts: readonly Token[],
    private readonly qualifiers: ReadonlySet<string>,
  ) {}
  get done(): boolean {
    return this.i === this.ts.length;
  }
  private peek(): Token | undefined {
    return this.ts[this.i];
  }
  keyword(word: string): boolean {
    const t = this.peek();
    if (t?.t === 'ident' && !t.quoted && t.v === word) {
      this.i++;
      return true;
    }
    return false;
  }
  op(...ops: string[]): string | null {
    const t = this.peek();
    if (t?.t === 'op' && ops.includes(t.v)) {
      this.i++;
      return t.v;
    }
    return null;
  }
  /** `col`, `alias.col` (the scan's alias or table), `"Col"`. */
  column(): string | null {
    const t = this.peek();
    if (t?.t !== 'ident' || (!t.quoted && RESERVED.has(t.v))) return null;
    this.i++;
    if (this.op('.')) {
      const c = this.peek();
      if (!this.qualifiers.has(t.v) || c?.t !== 'ident') return null;
      this.i++;
      return c.v;
    }
    return t.v;
  }
  /** `'text'`, `42`, `-1.5`, `true`, optionally cast (`'2024-01-01'::date`) — read as its text. */
  value(): CheckValue | null {
    const t = this.peek();
    let v: CheckValue | null = null;
    if (t?.t === 'string') v = { type: 'S', text: t.v };
    else if (t?.t === 'number') v = { type: 'N', text: t.v };
    else if (t?.t === 'ident' && !t.quoted && (t.v === 'true' || t.v === 'false'))
      v = { type: 'BOOL', value: t.v === 'true' };
    if (!v) return null;
    this.i++;
    if (this.op('::')) {
      const type = this.peek();
      if (type?.t !== 'ident' || !SIMPLE_CASTS.has(type.v)) return null;
      this.i++;
    }
    return v;
  }
}

const RESERVED = new Set(['not', 'null', 'true', 'false', 'and', 'or', 'is', 'in', 'like', 'between']);
/** Casts that leave a constant's text as DynamoDB holds it. */
const SIMPLE_CASTS = new Set([
  'text',
  'varchar',
  'numeric',
  'int',
  'int2',
  'int4',
  'int8',
  'integer',
  'bigint',
]);

function check(sql: string, qualifiers: ReadonlySet<string>): ResidualCheck {
  const comment: ResidualCheck = { kind: 'comment', sql };
  const ts = tokens(sql);
  if (!ts) return comment;
  const r = new Reader(ts, qualifiers);
  const attribute = r.column();
  if (!attribute) return comment;
  const simple = (c: ResidualCheck): ResidualCheck => (r.done ? c : comment);
  const op = r.op('=', '<>', '<', '<=', '>', '>=');
  if (op) {
    const value = r.value();
    return value ? simple({ kind: 'compare', sql, attribute, op: op as CompareOp, value }) : comment;
  }
  if (r.keyword('is')) {
    const not = r.keyword('not');
    return r.keyword('null') ? simple({ kind: 'null', sql, attribute, isNull: !not }) : comment;
  }
  if (r.keyword('between')) {
    const low = r.value();
    const high = r.keyword('and') ? r.value() : null;
    return low && high && low.type !== 'BOOL'
      ? simple({ kind: 'between', sql, attribute, low, high })
      : comment;
  }
  if (r.keyword('in') && r.op('(')) {
    const values: CheckValue[] = [];
    do {
      const v = r.value();
      if (!v) return comment;
      values.push(v);
    } while (r.op(','));
    return r.op(')') ? simple({ kind: 'in', sql, attribute, values }) : comment;
  }
  if (r.keyword('like')) {
    const pattern = r.value();
    const m = pattern?.type === 'S' ? /^([^%_\\]+)%$/.exec(pattern.text) : null;
    return m ? simple({ kind: 'prefix', sql, attribute, prefix: m[1]! }) : comment;
  }
  return comment;
}

/**
 * The residual predicates of a scan as checks (see ResidualCheck); `qualifiers` are the names a
 * column may be qualified with (the scan's alias and table name).
 */
export function residualChecks(
  residual: readonly string[],
  qualifiers: readonly (string | null)[],
): readonly ResidualCheck[] {
  const names = new Set(qualifiers.filter((q): q is string => !!q));
  return residual.map((sql) => check(sql, names));
}
