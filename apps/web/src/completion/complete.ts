import type { CatalogSnapshot, CatalogTable, SampledAttribute } from '../api/wire';
import { quoteIdent } from '../sql/identifiers';
import { SQL_FUNCTIONS, SQL_KEYWORDS } from './sql-words';
import { DEFAULT_SEARCH_PATH, isVisible, resolveRelation } from './resolve-relation';
import { relationsInScope, type RelationRef } from './tables-in-scope';

export type CompletionKind = 'keyword' | 'function' | 'schema' | 'table' | 'column' | 'attribute';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Type, key role, or where the item comes from. */
  readonly detail: string;
  readonly insertText: string;
  /** Lower sorts first; Monaco's sortText is this, zero-padded. */
  readonly rank: number;
}

export interface CompletionInput {
  readonly catalog: CatalogSnapshot;
  /** Sampled attributes per `schema.table`, for `_attrs->>'...'` keys. */
  readonly attributes?: ReadonlyMap<string, readonly SampledAttribute[]>;
  /** The statement under the cursor. */
  readonly statement: string;
  /** Cursor offset inside `statement`. */
  readonly offset: number;
  /** The session's search path (`current_schemas(false)`); Postgres's default when unknown. */
  readonly searchPath?: readonly string[];
}

export interface CompletionResult {
  /** Characters before the cursor that the completion replaces. */
  readonly replaceLength: number;
  readonly items: Completion[];
}

const KEY_LABEL = { partition: 'partition key', sort: 'sort key' } as const;

function columnDetail(table: CatalogTable, col: CatalogTable['columns'][number]): string {
  const role = col.keyRole ? ` · ${KEY_LABEL[col.keyRole]}` : col.catchAll ? ' · catch-all' : '';
  return `${col.type}${role} — ${table.schema}.${table.name}`;
}

/** A table's columns as completions, keys first, then in declaration order. */
function columnItems(table: CatalogTable, baseRank: number): Completion[] {
  return table.columns.map((col, i) => ({
    label: col.name,
    kind: 'column',
    detail: columnDetail(table, col),
    insertText: quoteIdent(col.name),
    rank: baseRank + (col.keyRole === 'partition' ? 0 : col.keyRole === 'sort' ? 1 : 10) + i,
  }));
}

/** Case-insensitive match quality: 0 exact prefix, 1 substring, -1 none. */
function matchQuality(label: string, prefix: string): number {
  if (!prefix) return 0;
  const l = label.toLowerCase();
  const p = prefix.toLowerCase();
  if (l.startsWith(p)) return 0;
  if (l.includes(p)) return 1;
  return -1;
}

function finish(items: Completion[], prefix: string, replaceLength: number): CompletionResult {
  const seen = new Set<string>();
  const out: Completion[] = [];
  for (const item of items) {
    const q = matchQuality(item.label, prefix);
    if (q < 0) continue;
    const key = `${item.kind}:${item.label}:${item.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...item, rank: item.rank + q * 1000 });
  }
  out.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
  return { replaceLength, items: out };
}

/**
 * Completions at a cursor: after `schema.` the schema's tables; after `alias.` that table's
 * columns (type and key role in `detail`); inside `_attrs->>'` the sampled attribute names;
 * otherwise columns of the tables in scope first, then tables, schemas, functions and keywords
 * (tables first right after FROM/JOIN). Names needing quotes are inserted quoted.
 */
export function completeAt(input: CompletionInput): CompletionResult {
  const { catalog, statement, offset } = input;
  const searchPath = input.searchPath ?? DEFAULT_SEARCH_PATH;
  const before = statement.slice(0, offset);
  // Inside a JSON key string: col->>'pre| (the open string would hide the FROM clause after it).
  const jsonKey = /(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))\s*->>?\s*'([^']*)$/.exec(before);
  const scopeText = jsonKey
    ? before.slice(0, before.length - jsonKey[3]!.length - 1) + statement.slice(offset).replace(/^'/, '')
    : statement;
  const scopeTables = relationsInScope(scopeText)
    .map((ref) => ({ ref, table: resolveRelation(catalog, ref, searchPath) }))
    .filter((x): x is { ref: RelationRef; table: CatalogTable } => x.table !== undefined);

  if (jsonKey) {
    const column = jsonKey[1] ?? jsonKey[2]!.toLowerCase();
    const prefix = jsonKey[3]!;
    const items: Completion[] = [];
    for (const { table } of scopeTables) {
      const catchAll =
        table.columns.find((c) => c.name === column && c.catchAll) ??
        table.columns.find((c) => c.name === column);
      if (!catchAll) continue;
      // The attributes declared columns read (a column may read another name: the option `attribute`).
      const declared = new Set(table.columns.map((c) => c.attribute ?? c.name));
      const attrs = input.attributes?.get(`${table.schema}.${table.name}`) ?? [];
      for (const attr of attrs) {
        if (declared.has(attr.name)) continue;
        const types = Object.keys(attr.types).join('/');
        items.push({
          label: attr.name,
          kind: 'attribute',
          detail: `${types} · in ${Math.round(attr.frequency * 100)}% of sampled items`,
          insertText: attr.name.replace(/'/g, "''"),
          rank: 100 - Math.round(attr.frequency * 100),
        });
      }
    }
    return finish(items, prefix, prefix.length);
  }

  // After a qualifier: x.pre|
  const dotted = /(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))\.("?[\w$]*)$/.exec(before);
  if (dotted) {
    const qualifier = dotted[1]?.replace(/""/g, '"') ?? dotted[2]!.toLowerCase();
    const typed = dotted[3]!;
    const prefix = typed.replace(/^"/, '');
    const items: Completion[] = [];
    const byAlias = scopeTables.find(
      ({ ref }) => (ref.alias ?? ref.name) === qualifier || ref.name === qualifier,
    );
    // Not in scope: the table the bare name resolves to (what `qualifier.` will mean once it is added).
    const table = byAlias?.table ?? resolveRelation(catalog, { schema: null, name: qualifier }, searchPath);
    if (table) items.push(...columnItems(table, 0));
    if (catalog.schemas.includes(qualifier)) {
      for (const t of catalog.tables.filter((t) => t.schema === qualifier)) {
        items.push({
          label: t.name,
          kind: 'table',
          detail: t.kind === 'foreign' ? `foreign table → ${t.dynamoTable ?? t.name}` : t.kind,
          insertText: quoteIdent(t.name),
          rank: 0,
        });
      }
    }
    return finish(items, prefix, typed.length);
  }

  const word = /"?[\w$]*$/.exec(before)![0];
  const prefix = word.replace(/^"/, '');
  const lastKeyword = /([A-Za-z]+)\s+"?[\w$]*$/.exec(before)?.[1]?.toLowerCase() ?? '';
  const wantsTable = ['from', 'join', 'update', 'into', 'table'].includes(lastKeyword);
  const items: Completion[] = [];
  const tableRank = wantsTable ? 0 : 300;
  const columnRank = wantsTable ? 600 : 0;

  for (const { table } of scopeTables) items.push(...columnItems(table, columnRank));
  for (const t of catalog.tables) {
    // Unqualified only where the search path finds this very table under its bare name.
    const unqualified = isVisible(catalog, t, searchPath);
    items.push({
      label: unqualified ? t.name : `${t.schema}.${t.name}`,
      kind: 'table',
      detail: t.kind === 'foreign' ? `foreign table → ${t.dynamoTable ?? t.name}` : t.kind,
      insertText: unqualified ? quoteIdent(t.name) : `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`,
      rank: tableRank + (t.kind === 'foreign' ? 0 : 50),
    });
    if (!unqualified) {
      items.push({
        label: t.name,
        kind: 'table',
        detail: `${t.schema}.${t.name}`,
        insertText: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`,
        rank: tableRank + 20,
      });
    }
  }
  for (const s of catalog.schemas) {
    items.push({
      label: s,
      kind: 'schema',
      detail: 'schema',
      insertText: quoteIdent(s),
      rank: tableRank + 100,
    });
  }
  if (!wantsTable) {
    for (const f of SQL_FUNCTIONS) {
      items.push({
        label: f.name,
        kind: 'function',
        detail: f.signature,
        insertText: `${f.name}(`,
        rank: 700,
      });
    }
  }
  const upper = /[A-Z]/.test(prefix) && prefix === prefix.toUpperCase();
  SQL_KEYWORDS.forEach((k, i) => {
    const text = upper ? k.toUpperCase() : k;
    items.push({ label: text, kind: 'keyword', detail: 'keyword', insertText: text, rank: 800 + i });
  });
  return finish(items, prefix, word.length);
}
