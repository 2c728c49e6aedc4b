import type { ScanToken } from 'libpg-query';

/**
 * The SQL text of an expression node, recovered from the statement's tokens: from its first to its
 * last located token, with parentheses balanced. Used for pushed/residual lists in plans.
 *   `tier = 'gold'::text` → `tier = 'gold'::text` (not `tier = 'gold'::`: a cast's type name is a bare,
 *   unwrapped node, and a type name may take several words).
 */
export function nodeText(text: string, tokens: readonly ScanToken[], node: unknown): string {
  const range = nodeRange(tokens, node);
  if (!range) return '';
  return range.start === range.end ? text.slice(range.start).trim() : text.slice(range.start, range.end);
}

/** Where an expression node stands in the statement (character offsets), or null when nothing in it is located. */
export function nodeRange(
  tokens: readonly ScanToken[],
  node: unknown,
): { start: number; end: number } | null {
  let min = Infinity;
  let max = -Infinity;
  const typeNames = new Set<number>();
  locations(node, (loc, isTypeName) => {
    min = Math.min(min, loc);
    max = Math.max(max, loc);
    if (isTypeName) typeNames.add(loc);
  });
  if (min === Infinity) return null;
  let i = tokens.findIndex((t) => t.start >= min);
  let j = tokens.findIndex((t) => t.start >= max);
  if (i < 0) return { start: min, end: min };
  if (j < 0) j = tokens.length - 1;
  const next = (k = 1) => tokens[j + k]?.text ?? '';
  for (;;) {
    // `x IS [NOT] NULL`, `b IS TRUE`: the last located node is IS; its keywords follow it.
    if (/^(is|not|null|true|false|unknown)$/i.test(next())) j++;
    // `d.category`: a ColumnRef is located at its first name.
    else if (next() === '.' && tokens[j + 2]) j += 2;
    // `x collate "C"`: the collation's name is not located.
    else if (/^collate$/i.test(tokens[j]!.text) && tokens[j + 1]) j++;
    else break;
  }
  if (typeNames.has(tokens[j]!.start)) {
    // `'t'::character varying`, `x::timestamp with time zone`, `a::text[]`: the type's other words.
    while (/^(varying|precision|with|without|time|zone)$/i.test(next())) j++;
    while (next() === '[') j += next(2) === ']' ? 2 : 3;
  }
  // Parentheses and brackets balanced: `array['a', 'b']` ends at its `]`, which nothing locates.
  const nesting = (k: number) => {
    const t = tokens[k]!.text;
    return t === '(' || t === '[' ? 1 : t === ')' || t === ']' ? -1 : 0;
  };
  let depth = 0;
  for (let k = i; k <= j; k++) depth += nesting(k);
  while (depth > 0 && j + 1 < tokens.length) depth += nesting(++j);
  while (depth < 0 && i > 0) depth += nesting(--i);
  return { start: tokens[i]!.start, end: tokens[j]!.end };
}

/**
 * Every location in a subtree, wrapped nodes (`{ A_Const: {...} }`) and bare ones alike: a cast's
 * `typeName` and a write's target `relation` are plain objects, not wrapped in their kind.
 */
function locations(
  node: unknown,
  visit: (location: number, isTypeName: boolean) => void,
  isTypeName = false,
): void {
  if (Array.isArray(node)) {
    for (const child of node) locations(child, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'location' && typeof value === 'number' && value >= 0) visit(value, isTypeName);
    else locations(value, visit, key === 'typeName' || key === 'TypeName');
  }
}

/**
 * Where a relation's reference begins with its ONLY keyword, if it has one: `from only public.ft`
 * → the offset of `only` (a relation is located at its name).
 */
export function onlyStart(tokens: readonly ScanToken[], start: number): number {
  const i = tokens.findIndex((t) => t.start === start);
  return i > 0 && /^only$/i.test(tokens[i - 1]!.text) ? tokens[i - 1]!.start : start;
}

/**
 * The text a rewrite replaces for a relation's reference located at `location` (its name), with
 * what the replacement starts with. It ends after the name and the inheritance star Postgres still
 * takes after one (`from ft *`), which no subquery or alias may be followed by. It starts at the name,
 * or with `only` at its ONLY keyword; and in `table ft` — Postgres's short form of `select * from
 * ft`, where neither an alias nor a subquery may stand — at TABLE, the replacement then starting
 * `SELECT * FROM ` to say the same.
 *   `table only ft order by 1` at `ft` → from `table` to after `ft`, prefix 'SELECT * FROM '
 *   `from s.ft * where ...` at `s` → from `s` to after `*`, prefix ''
 */
export function relationReference(
  tokens: readonly ScanToken[],
  location: number,
  only = false,
): { readonly start: number; readonly end: number; readonly prefix: string } {
  let end = qualifiedNameEnd(tokens, location);
  const next = tokens.find((t) => t.start >= end);
  if (next?.text === '*') end = next.end;
  const i = tokens.findIndex((t) => t.start === location);
  const k = i > 0 && /^only$/i.test(tokens[i - 1]!.text) ? i - 2 : i - 1;
  // LOCK TABLE ft and TRUNCATE TABLE ft name a relation after TABLE too; they read nothing.
  if (
    k >= 0 &&
    /^table$/i.test(tokens[k]!.text) &&
    !(k > 0 && /^(lock|truncate)$/i.test(tokens[k - 1]!.text))
  )
    return { start: tokens[k]!.start, end, prefix: 'SELECT * FROM ' };
  return { start: only ? onlyStart(tokens, location) : location, end, prefix: '' };
}

/** The end of a (possibly qualified, possibly quoted) name starting at `start`: `"a"."B" x` → after `"B"`. */
export function qualifiedNameEnd(tokens: readonly ScanToken[], start: number): number {
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return start;
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  return tokens[i]!.end;
}
