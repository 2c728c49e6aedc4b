import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { TypeName } from '@pgsql/types';
import { mayReadCatchAll } from '../catalog/catch-all';
import { as, builtInTypeName, names, walk } from '../parse/ast';
import { pushTypeOf, toAttributeValue, type SqlConstant } from '../plan/attribute-value';
import { commute, isComparisonOp, type Predicate } from '../plan/predicate';
import { readsAsInteger } from '../plan/reads-as-integer';
import { arrayLiteralElements } from './array-literal';
import type { ColumnDef } from '../catalog/foreign-table';

/** Resolves a ColumnRef's fields to a column of the relation being planned, or null. */
export type ColumnResolver = (fields: readonly string[]) => ColumnDef | null;

/**
 * Reads one conjunct as a pushable comparison on the relation, or residual SQL.
 *   `30 < age` → compare age > 30;  `active` → compare active = true;  `lower(x) = 'a'` → residual.
 */
export function extractPredicate(
  node: unknown,
  sql: string,
  resolve: ColumnResolver,
  defaultIsC: boolean,
  folded: Folded = NONE_FOLDED,
): Predicate {
  // The columns as the conjunct names them: a predicate holds a column's declared name, which need not
  // be the name the query sees it by (`from t as x(a, b)`), so it is not resolved again.
  const columns = new Map<string, ColumnDef>();
  const p = extract(
    node,
    sql,
    (fields) => {
      const c = resolve(fields);
      if (c) columns.set(c.name, c);
      return c;
    },
    defaultIsC,
    folded,
  );
  if (p.kind === 'residual' || p.kind === 'null') return p;
  const col = columns.get(p.column) ?? null;
  const isText = (v: AttributeValue | undefined) => v?.S !== undefined;
  const textValued =
    p.kind === 'prefix' ||
    (p.kind === 'compare' ? isText(p.value) : p.kind === 'between' ? isText(p.low) : isText(p.values[0]));
  return textValued && col?.typname !== 'bytea' ? { ...p, anyType: true } : p;
}

/** Constant expressions and the constants the host folds them to (bind/folded-constants.ts). */
export type Folded = ReadonlyMap<unknown, unknown>;
const NONE_FOLDED: Folded = new Map();

function extract(
  node: unknown,
  sql: string,
  resolve: ColumnResolver,
  defaultIsC: boolean,
  folded: Folded,
): Predicate {
  const residual: Predicate = { kind: 'residual', sql };
  const e = as(node, 'A_Expr');
  if (e?.kind === 'AEXPR_OP') {
    const op = names(e.name);
    if (op.length !== 1 || !isComparisonOp(op[0]!)) return residual;
    const leftCol = columnOf(e.lexpr, resolve);
    const rightCol = columnOf(e.rexpr, resolve);
    const [col, constNode, operator] =
      leftCol && !rightCol
        ? [leftCol, e.rexpr, op[0]!]
        : rightCol && !leftCol
          ? [rightCol, e.lexpr, commute(op[0]!)]
          : [];
    if (!col || !operator) return residual;
    const value = valueFor(col, constNode, defaultIsC, folded);
    if (!value) return residual;
    if (value.BOOL !== undefined && operator !== '=' && operator !== '<>') return residual;
    return { kind: 'compare', column: col.name, op: operator, value, sql };
  }
  if (e?.kind === 'AEXPR_BETWEEN') {
    const col = columnOf(e.lexpr, resolve);
    const bounds = as(e.rexpr, 'List')?.items ?? (Array.isArray(e.rexpr) ? e.rexpr : []);
    if (!col || bounds.length !== 2) return residual;
    const low = valueFor(col, bounds[0], defaultIsC, folded);
    const high = valueFor(col, bounds[1], defaultIsC, folded);
    if (!low || !high || low.BOOL !== undefined) return residual;
    return { kind: 'between', column: col.name, low, high, sql };
  }
  if (e?.kind === 'AEXPR_IN' && names(e.name)[0] === '=') {
    const col = columnOf(e.lexpr, resolve);
    const items = as(e.rexpr, 'List')?.items ?? (Array.isArray(e.rexpr) ? e.rexpr : []);
    return inPredicate(col, items, sql, defaultIsC, folded) ?? residual;
  }
  if (e?.kind === 'AEXPR_OP_ANY' && names(e.name)[0] === '=') {
    const col = columnOf(e.lexpr, resolve);
    const array = as(e.rexpr, 'A_ArrayExpr')?.elements;
    const elements = array
      ? col && arrayExprElements(array, col, defaultIsC)
      : col && arrayConstantElements(folded.get(e.rexpr) ?? e.rexpr, col);
    return (elements && inPredicate(col, elements, sql, defaultIsC, folded)) ?? residual;
  }
  if (e?.kind === 'AEXPR_LIKE' && names(e.name)[0] === '~~') {
    const col = columnOf(e.lexpr, resolve);
    const pattern = constantOf(folded.get(e.rexpr) ?? e.rexpr);
    if (
      !col ||
      pattern?.kind !== 'string' ||
      !fitsName(col, pattern.value) ||
      pushTypeOf(col.typname, col.collation, defaultIsC, col.typmod, pattern.value) !== 'S'
    )
      return residual;
    // Only a literal prefix followed by one trailing %: `abc%`. No wildcard at all is equality.
    if (/^[^%_\\]*$/.test(pattern.value))
      return { kind: 'compare', column: col.name, op: '=', value: { S: pattern.value }, sql };
    const m = /^([^%_\\]+)%$/.exec(pattern.value);
    return m ? { kind: 'prefix', column: col.name, prefix: m[1]!, sql } : residual;
  }
  const nullTest = as(node, 'NullTest');
  if (nullTest && !nullTest.argisrow) {
    const col = columnOf(nullTest.arg, resolve);
    // A column that may read the catch-all has a value the engine derives: not an attribute test.
    if (!col || mayReadCatchAll(col)) return residual;
    return { kind: 'null', column: col.name, isNull: nullTest.nulltesttype === 'IS_NULL', sql };
  }
  const or = as(node, 'BoolExpr');
  if (or?.boolop === 'OR_EXPR') {
    // `pk = 'a' OR pk = 'b'` is `pk IN ('a', 'b')`.
    const parts = (or.args ?? []).map((a) => extract(a, sql, resolve, defaultIsC, folded));
    const first = parts[0];
    if (
      first?.kind === 'compare' &&
      parts.every((p) => p.kind === 'compare' && p.op === '=' && p.column === first.column) &&
      // Not of booleans, as inPredicate: dynalite's IN never matches BOOL false (`b or not b`).
      first.value.BOOL === undefined
    ) {
      return {
        kind: 'in',
        column: first.column,
        values: parts.map((p) => (p as { value: AttributeValue }).value),
        sql,
      };
    }
    return residual;
  }
  const bareColumn = columnOf(node, resolve);
  if (bareColumn?.typname === 'bool')
    return { kind: 'compare', column: bareColumn.name, op: '=', value: { BOOL: true }, sql };
  const not = as(node, 'BoolExpr');
  if (not?.boolop === 'NOT_EXPR' && not.args?.length === 1) {
    const c = columnOf(not.args[0], resolve);
    if (c?.typname === 'bool')
      return { kind: 'compare', column: c.name, op: '=', value: { BOOL: false }, sql };
  }
  return residual;
}

function inPredicate(
  col: ColumnDef | null,
  items: readonly unknown[],
  sql: string,
  defaultIsC: boolean,
  folded: Folded,
): Predicate | null {
  if (!col || !items.length || items.length > 100) return null;
  const values = items.map((i) => valueFor(col, i, defaultIsC, folded));
  if (values.some((v) => !v || v.BOOL !== undefined)) return null;
  return { kind: 'in', column: col.name, values: values as AttributeValue[], sql };
}

function columnOf(node: unknown, resolve: ColumnResolver): ColumnDef | null {
  const ref = as(node, 'ColumnRef');
  return ref ? resolve(names(ref.fields)) : null;
}

function valueFor(col: ColumnDef, given: unknown, defaultIsC: boolean, folded: Folded) {
  const node = folded.get(given) ?? given;
  const cast = castToColumnType(node, col);
  const constant = constantOf(cast ?? node);
  const text = constant?.kind === 'string' ? constant.value : undefined;
  const type = pushTypeOf(col.typname, col.collation, defaultIsC, col.typmod, text);
  if (constant?.kind === 'string' && !fitsName(col, constant.value)) return null;
  // A quoted text is read by the integer column type's input function: `'4.2'` is its error (22P02),
  // `'99999999999'` for int4 too (22003) — the host's to raise (a cast's text was read as its type).
  if (!cast && constant?.kind === 'string' && INTEGERS.has(col.typname))
    if (!readsAsInteger(constant.value, col.typname)) return null;
  return type && constant ? toAttributeValue(constant, type) : null;
}

/** NAMEDATALEN - 1: the bytes a `name` keeps. */
const NAME_BYTES = 63;

/**
 * Whether a text compares with a `name` column's items as with its values: Postgres cuts both to
 * 63 bytes, DynamoDB compares the items whole — the same only for a text shorter than that.
 */
function fitsName(col: ColumnDef, text: string): boolean {
  return col.typname !== 'name' || Buffer.byteLength(text) < NAME_BYTES;
}

const INTEGERS = new Set(['int2', 'int4', 'int8']);

/**
 * `'a'::text` against a text column, `5::int4` against a bigint one (an EXECUTE's bound parameter
 * looks like this): a constant cast to the column's own type, or an integer to another integer type,
 * compares exactly as the bare constant does — its constant; anything else null, a non-integer cast
 * to an integer type too (`(1.5)::int8` is 2, not 1.5), and one out of the type's range (22003).
 */
function castToColumnType(node: unknown, col: ColumnDef): unknown {
  const cast = as(node, 'TypeCast');
  const type = cast?.typeName;
  if (!cast || !type || type.arrayBounds || type.typmods) return null;
  const target = builtInTypeName(type);
  const c = constantOf(cast.arg);
  if (!c || !target) return null;
  // A cast to an integer type rounds (`(1.5)::int8` is 2) and fails out of its range (`(99999)::int2`):
  // only an integer it holds keeps its value.
  if (!INTEGERS.has(target)) return target === col.typname ? cast.arg : null;
  const holds = c.kind !== 'boolean' && readsAsInteger(c.value, target);
  return holds && INTEGERS.has(col.typname) ? cast.arg : null;
}

/**
 * An array constant's elements as constants of the column's type — `= any('{a,b}')` (its type the
 * column's array type), or cast to the column's array type or, with integers only, another integer
 * array type (a wire client's `= any($1)` binds `('{a,b}')::pg_catalog._text`) — so it is `IN ('a',
 * 'b')`. A NULL element matches nothing: left out (WHERE takes NULL as false). Null for anything
 * else, and for an array with no element left: the host evaluates it.
 */
function arrayConstantElements(node: unknown, col: ColumnDef): unknown[] | null {
  const cast = as(node, 'TypeCast');
  const element = cast ? arrayElementType(cast.typeName) : col.typname;
  const inner = cast ? cast.arg : node;
  const text = as(inner, 'A_Const')?.sval?.sval;
  const nodes =
    (cast && as(inner, 'A_ArrayExpr')?.elements) ??
    (text === undefined
      ? null
      : arrayLiteralElements(text)
          ?.filter((v): v is string => v !== null)
          .map((v) => ({ A_Const: { sval: { sval: v } } })));
  if (!element || !nodes?.length) return null;
  if (!INTEGERS.has(element)) return element === col.typname ? nodes : null;
  // An integer array's elements into an integer column, integers its type holds only: a cast rounds
  // `1.5`, and the input function refuses `'{1.5}'` and `'{99999}'` for int2[].
  const integers = nodes.every((n) => {
    const c = constantOf(n);
    return c !== null && c.kind !== 'boolean' && readsAsInteger(c.value, element);
  });
  return integers && INTEGERS.has(col.typname) ? nodes : null;
}

/**
 * `array[…]`'s elements, or null when a quoted text among them is not read as the column's type: the
 * array's type is its other elements' (`array[7, '3000000000']` is int4[], 22003), text when all are
 * quoted (`int_col = any(array['7'])` is 42883) — the host's to evaluate, unless the column compares
 * as text.
 */
function arrayExprElements(elements: unknown[], col: ColumnDef, defaultIsC: boolean): unknown[] | null {
  const quoted = elements.some((n) => constantOf(n)?.kind === 'string');
  return quoted && pushTypeOf(col.typname, col.collation, defaultIsC, col.typmod) !== 'S' ? null : elements;
}

/** The element type of an array type name, built in (`text[]`, `pg_catalog._text` → 'text'); else undefined. */
function arrayElementType(type: TypeName | undefined): string | undefined {
  const name = builtInTypeName(type);
  if (!type || !name || type.typmods) return undefined;
  if (type.arrayBounds?.length === 1) return name;
  return name.startsWith('_') && !type.arrayBounds ? name.slice(1) : undefined;
}

/** A_Const → SqlConstant (NULL and anything else → null). */
export function constantOf(node: unknown): SqlConstant | null {
  const c = as(node, 'A_Const');
  if (!c || c.isnull) return null;
  if (c.ival) return { kind: 'number', value: String(c.ival.ival ?? 0) };
  if (c.fval) return { kind: 'number', value: c.fval.fval ?? '0' };
  if (c.sval) return { kind: 'string', value: c.sval.sval ?? '' };
  if (c.boolval) return { kind: 'boolean', value: c.boolval.boolval ?? false };
  return null;
}

/**
 * May a conjunct restrict the relation's rows (for the residual list of its plan)? When it references
 * one of its columns or reads it through a whole-row reference (`wholeRow`: `to_jsonb(e)`, `(e).kind`,
 * `e::text`), and when it has a subquery (which may name the relation, `exists (select ... where
 * s.id = e.id)`, and in any case filters its rows) or no column at all (`false`): such a conjunct keeps
 * the relation's rows from being the items read, which the shapes that need nothing of the host (a
 * count, a streaming aggregate or top-N) must know.
 */
export function referencesRelation(
  node: unknown,
  resolve: ColumnResolver,
  wholeRow: (fields: readonly string[]) => boolean = () => false,
): boolean {
  let found = false;
  let sublink = false;
  let refs = 0;
  walk(node, (kind, _fields, n) => {
    if (kind === 'SubLink') {
      sublink = true;
      return false;
    }
    const ref = as(n, 'ColumnRef');
    if (ref) refs++;
    if (ref && (resolve(names(ref.fields)) || wholeRow(names(ref.fields)))) found = true;
    return undefined;
  });
  return found || sublink || refs === 0;
}
