import type { Node as PgNode, TypeName } from '@pgsql/types';

/**
 * The libpg-query JSON AST: a node is `{ KindName: { ...fields } }`. Its fields are typed by
 * `@pgsql/types` (18, generated from the same PostgreSQL 18 parse tree libpg-query 18 prints: a typed
 * field such as SelectStmt's `larg` holds the fields, unwrapped; a `Node` field holds `{ Kind: fields }`).
 * Helpers here read it without `any`.
 */
export type Node = Record<string, unknown>;

/** Every node kind: 'SelectStmt', 'ColumnRef', 'A_Const', … */
export type NodeKind = PgNode extends infer N ? (N extends unknown ? keyof N : never) : never;

/** The fields of a node of kind K, as @pgsql/types types them: `NodeOf<'SortBy'>` → `SortBy`. */
export type NodeOf<K extends NodeKind> = PgNode extends infer N
  ? N extends { readonly [P in K]: infer F }
    ? F
    : never
  : never;

/** The kind of a node: `{ SelectStmt: {...} }` → 'SelectStmt'. */
export function kindOf(node: unknown): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * The fields of a node of the given kind, or undefined. With a kind written out, they are typed:
 * `as(node, 'SelectStmt')` → `SelectStmt | undefined` (@pgsql/types); with a kind only known at run
 * time, as the caller says (`as<Record<string, unknown>>(node, kind)`).
 */
export function as<K extends NodeKind>(node: unknown, kind: K): NodeOf<K> | undefined;
export function as<T = Record<string, unknown>>(node: unknown, kind: string): T | undefined;
export function as(node: unknown, kind: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  const inner = (node as Record<string, unknown>)[kind];
  return inner && typeof inner === 'object' ? inner : undefined;
}

/** Visits every node (`{ Kind: fields }`) depth-first; return false from `visit` to skip children. */
export function walk(
  node: unknown,
  visit: (kind: string, fields: Record<string, unknown>, node: Node) => boolean | void,
): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const kind = kindOf(node);
  if (kind && /^[A-Z]/.test(kind)) {
    const fields = (node as Record<string, unknown>)[kind];
    if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
      if (visit(kind, fields as Record<string, unknown>, node as Node) === false) return;
      for (const value of Object.values(fields)) walk(value, visit);
      return;
    }
  }
  for (const value of Object.values(node)) walk(value, visit);
}

/** `[{String:{sval:'a'}},{String:{sval:'b'}}]` → ['a', 'b'] (A_Star → '*'). */
export function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((n) => {
    const s = as(n, 'String');
    if (s) return s.sval ?? '';
    if (as(n, 'A_Star')) return '*';
    return '';
  });
}

/**
 * A type name's own name when it is a built-in's — unqualified or pg_catalog's — else undefined (a
 * user's `s.int8` is no int8): `bigint` → 'int8', `pg_catalog._text` → '_text'.
 */
export function builtInTypeName(type: TypeName | undefined): string | undefined {
  const parts = names(type?.names);
  return parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog') ? parts.at(-1) : undefined;
}

/** Quotes an identifier the way Postgres's quote_ident does (always, for safety). */
export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Quotes a string literal. */
export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}
