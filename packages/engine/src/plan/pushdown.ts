import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { attributeValueSql, compareAttributeValues } from './attribute-value';
import type { TableInfo } from './key-schema';
import type { ColumnPredicate, ComparisonOp, Predicate } from './predicate';

export interface Pushdown {
  readonly operation: 'Query' | 'Scan';
  readonly keyCondition: string | null;
  readonly filter: string | null;
  readonly projection: string | null;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
  readonly keyConditionText: string | null;
  readonly filterText: string | null;
  readonly pushed: readonly string[];
  readonly residual: readonly string[];
  /** False when a pushed filter is widened (re-checked locally): DynamoDB's count is not the answer. */
  readonly exact: boolean;
}

/**
 * Splits predicates into a key condition, a filter and residual SQL (spec §3).
 *
 *   pk = 'c1' AND 30 < age AND name LIKE 'A%'   (table key: pk)
 *   → Query, keyCondition `#n0 = :v0`, filter `#n1 > :v1`, residual [`name LIKE 'A%'`]
 *
 * Sort-key bounds join the key condition whatever their order; two bounds become one BETWEEN.
 * A Query's filter never names a key attribute, so other key predicates stay residual there.
 */
export function pushdown(
  predicates: readonly Predicate[],
  table: TableInfo,
  projection: readonly string[] | null,
  mode: 'auto' | 'scan' = 'auto',
): Pushdown {
  const b = new ExpressionBuilder();
  const pushed: string[] = [];
  const residual: string[] = [];
  const used = new Set<Predicate>();
  const pk = table.partitionKey;
  const sk = table.sortKey;
  // DynamoDB rejects an empty string or binary in a key condition (no key can be empty): such
  // predicates stay out of it and are evaluated by the filter or locally.
  const matchesType = (v: AttributeValue, type: 'S' | 'N' | 'B') =>
    type === 'S' ? v.S !== undefined && v.S !== '' : type === 'N' ? v.N !== undefined : false;

  const pkEq =
    mode === 'scan'
      ? undefined
      : predicates.find(
          (p): p is Extract<Predicate, { kind: 'compare' }> =>
            p.kind === 'compare' && p.column === pk.name && p.op === '=' && matchesType(p.value, pk.type),
        );

  const keyParts: string[] = [];
  const keyTexts: string[] = [];
  if (pkEq) {
    used.add(pkEq);
    keyParts.push(`${b.name(pk.name)} = ${b.value(pkEq.value)}`);
    keyTexts.push(`${pk.name} = ${attributeValueSql(pkEq.value)}`);
    pushed.push(pkEq.sql);
    if (sk) {
      const typed = predicates.filter((p) =>
        p.kind === 'compare'
          ? p.column === sk.name && matchesType(p.value, sk.type)
          : p.kind === 'between'
            ? p.column === sk.name && matchesType(p.low, sk.type) && matchesType(p.high, sk.type)
            : p.kind === 'prefix' && p.column === sk.name && sk.type === 'S' && p.prefix !== '',
      );
      const eq = typed.find((p) => p.kind === 'compare' && p.op === '=');
      const prefix = typed.find((p) => p.kind === 'prefix');
      const range = sortRange(typed);
      const sortCondition = eq
        ? sortEquality(eq)
        : range?.predicates.length === 2 || range?.predicates[0]?.kind === 'between' || !prefix
          ? range
          : sortPrefix(prefix);
      if (sortCondition) {
        const { parts, text, predicates: consumed } = sortCondition;
        keyParts.push(parts(b.name(sk.name), (v) => b.value(v)));
        keyTexts.push(text(sk.name));
        for (const p of consumed) {
          used.add(p);
          // A strict bound inside an inclusive BETWEEN narrows the read but is exact only locally;
          // so is an inverted BETWEEN of which only the lower bound could be sent.
          const strict = consumed.length === 2 && p.kind === 'compare' && (p.op === '<' || p.op === '>');
          const inverted = p.kind === 'between' && compareAttributeValues(p.low, p.high) > 0;
          (strict || inverted ? residual : pushed).push(p.sql);
        }
      }
    }
  }

  const operation = pkEq ? 'Query' : 'Scan';
  const keyNames = new Set([pk.name, ...(sk ? [sk.name] : [])]);
  let exact = true;
  const filterParts: string[] = [];
  const filterTexts: string[] = [];
  for (const p of predicates) {
    if (used.has(p)) continue;
    // An inverted BETWEEN matches nothing, and DynamoDB would reject it: the host says so.
    const inverted = p.kind === 'between' && compareAttributeValues(p.low, p.high) > 0;
    if (p.kind === 'residual' || inverted || (operation === 'Query' && keyNames.has(p.column))) {
      residual.push(p.sql);
      continue;
    }
    // A key attribute always has the key's type: a filter on an S key needs no widening.
    const widen =
      p.kind !== 'null' &&
      !!p.anyType &&
      !(keyNames.has(p.column) && [pk, sk].some((k) => k?.name === p.column && k.type === 'S'));
    if (widen) exact = false;
    const [part, text] = filterCondition(p, b, widen, keyNames.has(p.column));
    // DynamoDB limits an expression to 4 KB and 300 operators: what does not fit is evaluated locally.
    const ops = operatorCount([...keyParts, ...filterParts, part].join(' AND '));
    if (filterParts.join(' AND ').length + part.length + 5 > MAX_EXPRESSION || ops > MAX_OPERATORS) {
      residual.push(p.sql);
      continue;
    }
    filterParts.push(part);
    filterTexts.push(text);
    pushed.push(p.sql);
  }

  const projectionExpression = projection ? projection.map((n) => b.name(n)).join(', ') : null;
  b.prune([...keyParts, ...filterParts, projectionExpression ?? ''].join(' '));
  return Object.freeze({
    operation,
    keyCondition: keyParts.length ? keyParts.join(' AND ') : null,
    filter: filterParts.length ? filterParts.join(' AND ') : null,
    projection: projectionExpression,
    names: b.names,
    values: b.values,
    keyConditionText: keyTexts.length ? keyTexts.join(' AND ') : null,
    filterText: filterTexts.length ? filterTexts.join(' AND ') : null,
    pushed,
    residual,
    exact,
  });
}

/** One pushed predicate as a FilterExpression condition, and as text for people. */
function filterCondition(
  p: ColumnPredicate,
  b: ExpressionBuilder,
  widen: boolean,
  keyAttribute: boolean,
): [string, string] {
  if (p.kind === 'compare' && p.op === '<>' && !keyAttribute) return notEqualCondition(p, b, widen);
  const [condition, text] = exactCondition(p, b);
  if (!widen) return [condition, text];
  const n = b.name(p.column);
  return [`(${condition} OR NOT attribute_type(${n}, ${b.value({ S: 'S' })}))`, text];
}

/**
 * DynamoDB's `<>` is also true where the attribute is missing, NULL or of another type; Postgres's
 * `NULL <> 5` is not true. The condition says which items Postgres keeps (a key attribute is
 * always there, with the key's type: a plain `<>`):
 *   age <> 5           → `(#n0 <> :v0 AND attribute_type(#n0, :v1))`                     :v1 = 'N'
 *   active <> true     → `#n0 = :v0`                                                       :v0 = false
 *   status <> 'x' (text column, reads N and BOOL too; widened, re-checked locally)
 *                      → `(#n0 <> :v0 AND attribute_exists(#n0) AND NOT attribute_type(#n0, :v1))`  :v1 = 'NULL'
 */
function notEqualCondition(
  p: Extract<ColumnPredicate, { kind: 'compare' }>,
  b: ExpressionBuilder,
  widen: boolean,
): [string, string] {
  const n = b.name(p.column);
  const text = `${p.column} <> ${attributeValueSql(p.value)}`;
  // A boolean is the other one (dynalite's attribute_type never matches a BOOL false).
  if (p.value.BOOL !== undefined) return [`${n} = ${b.value({ BOOL: !p.value.BOOL })}`, text];
  const condition = `${n} <> ${b.value(p.value)}`;
  if (widen) return [`(${condition} AND ${presentCondition(n, b)})`, text];
  const type = p.value.N !== undefined ? 'N' : p.value.B ? 'B' : 'S';
  return [`(${condition} AND attribute_type(${n}, ${b.value({ S: type })}))`, text];
}

/** The attribute is there and not NULL (`IS NOT NULL`). */
function presentCondition(n: string, b: ExpressionBuilder): string {
  return `attribute_exists(${n}) AND NOT attribute_type(${n}, ${b.value({ S: 'NULL' })})`;
}

function exactCondition(p: ColumnPredicate, b: ExpressionBuilder): [string, string] {
  const n = b.name(p.column);
  switch (p.kind) {
    case 'compare':
      return [`${n} ${p.op} ${b.value(p.value)}`, `${p.column} ${p.op} ${attributeValueSql(p.value)}`];
    case 'between':
      return [
        `${n} BETWEEN ${b.value(p.low)} AND ${b.value(p.high)}`,
        `${p.column} BETWEEN ${attributeValueSql(p.low)} AND ${attributeValueSql(p.high)}`,
      ];
    case 'in':
      return [
        `${n} IN (${p.values.map((v) => b.value(v)).join(', ')})`,
        `${p.column} IN (${p.values.map(attributeValueSql).join(', ')})`,
      ];
    case 'prefix':
      return [
        `begins_with(${n}, ${b.value({ S: p.prefix })})`,
        `begins_with(${p.column}, ${attributeValueSql({ S: p.prefix })})`,
      ];
    case 'null':
      // A DynamoDB NULL reads as SQL NULL too.
      return p.isNull
        ? [
            `(attribute_not_exists(${n}) OR attribute_type(${n}, ${b.value({ S: 'NULL' })}))`,
            `${p.column} IS NULL`,
          ]
        : [`(${presentCondition(n, b)})`, `${p.column} IS NOT NULL`];
  }
}

function sortPrefix(p: Predicate): SortCondition {
  const prefix = (p as Extract<Predicate, { kind: 'prefix' }>).prefix;
  return {
    parts: (n, val) => `begins_with(${n}, ${val({ S: prefix })})`,
    text: (c) => `begins_with(${c}, ${attributeValueSql({ S: prefix })})`,
    predicates: [p],
  };
}

const MAX_EXPRESSION = 3500;
const MAX_OPERATORS = 250;

/** Comparators, logical operators and functions in an expression, as DynamoDB counts them (about). */
function operatorCount(expression: string): number {
  return (expression.match(/\b(AND|OR|NOT|BETWEEN|IN)\b|<>|<=|>=|=|<|>|\w+\(/g) ?? []).length;
}

type ValueRef = (v: AttributeValue) => string;
interface SortCondition {
  parts: (name: string, value: ValueRef) => string;
  text: (column: string) => string;
  predicates: Predicate[];
}

function sortEquality(p: Predicate): SortCondition {
  const v = (p as Extract<Predicate, { kind: 'compare' }>).value;
  return {
    parts: (n, val) => `${n} = ${val(v)}`,
    text: (c) => `${c} = ${attributeValueSql(v)}`,
    predicates: [p],
  };
}

/** The first lower and the first upper bound; both → BETWEEN (inclusive: strict bounds are re-checked locally). */
function sortRange(predicates: readonly Predicate[]): SortCondition | null {
  let lower: { v: AttributeValue; op: ComparisonOp; p: Predicate } | undefined;
  let upper: { v: AttributeValue; op: ComparisonOp; p: Predicate } | undefined;
  for (const p of predicates) {
    if (p.kind === 'between') {
      if (!lower && !upper) {
        lower = { v: p.low, op: '>=', p };
        upper = { v: p.high, op: '<=', p };
      }
    } else if (p.kind === 'compare' && (p.op === '>' || p.op === '>=')) {
      lower ??= { v: p.value, op: p.op, p };
    } else if (p.kind === 'compare' && (p.op === '<' || p.op === '<=')) {
      upper ??= { v: p.value, op: p.op, p };
    }
  }
  // An empty range would make DynamoDB reject the request: keep the lower bound only.
  if (lower && upper && compareAttributeValues(lower.v, upper.v) > 0) upper = undefined;
  if (lower && upper) {
    const l = lower;
    const u = upper;
    return {
      parts: (n, val) => `${n} BETWEEN ${val(l.v)} AND ${val(u.v)}`,
      text: (c) => `${c} BETWEEN ${attributeValueSql(l.v)} AND ${attributeValueSql(u.v)}`,
      predicates: l.p === u.p ? [l.p] : [l.p, u.p],
    };
  }
  const one = lower ?? upper;
  if (!one) return null;
  return {
    parts: (n, val) => `${n} ${one.op} ${val(one.v)}`,
    text: (c) => `${c} ${one.op} ${attributeValueSql(one.v)}`,
    predicates: [one.p],
  };
}

/** Hands out `#n<i>` / `:v<i>` placeholders, only for what the request uses. */
class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly byName = new Map<string, string>();
  private valueCount = 0;
  private nameCount = 0;

  name(attribute: string): string {
    let placeholder = this.byName.get(attribute);
    if (!placeholder) {
      placeholder = `#n${this.nameCount++}`;
      this.byName.set(attribute, placeholder);
      this.names[placeholder] = attribute;
    }
    return placeholder;
  }

  value(v: AttributeValue): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = v;
    return placeholder;
  }

  /** Removes placeholders no expression uses (conditions that did not fit were left out). */
  prune(expressions: string): void {
    for (const k of Object.keys(this.values))
      if (!new RegExp(`${k}\\b`).test(expressions)) delete this.values[k];
    for (const k of Object.keys(this.names))
      if (!new RegExp(`${k}\\b`).test(expressions)) delete this.names[k];
  }
}
