/** The items a COPY FROM preview shows, as a table: attribute names in order of first appearance, cells as text. */
export interface PreviewTable {
  readonly columns: readonly string[];
  /** One row per item; null where the item has no such attribute (missing, not NULL). */
  readonly rows: readonly (readonly (string | null)[])[];
}

/**
 * DynamoDB JSON items (`{ id: { S: 'u1' }, n: { N: '2' } }`) as the rows of a table:
 * S and N as their text, BOOL as true/false, NULL as `NULL`, B as base64, sets as `{a, b}`, L and M as JSON.
 */
export function previewTable(items: readonly Record<string, unknown>[]): PreviewTable {
  const columns: string[] = [];
  for (const item of items)
    for (const name of Object.keys(item)) if (!columns.includes(name)) columns.push(name);
  return {
    columns,
    rows: items.map((item) => columns.map((c) => (c in item ? attributeText(item[c]) : null))),
  };
}

/** One DynamoDB JSON value as text: `{ N: '1.5' }` → `1.5`, `{ SS: ['a', 'b'] }` → `{a, b}`. */
export function attributeText(value: unknown): string {
  const [type, x] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? ['', undefined];
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return String(x);
    case 'BOOL':
      return x ? 'true' : 'false';
    case 'NULL':
      return 'NULL';
    case 'SS':
    case 'NS':
    case 'BS':
      return `{${(x as string[]).join(', ')}}`;
    case 'L':
      return JSON.stringify((x as unknown[]).map(plain));
    case 'M':
      return JSON.stringify(plain({ M: x }));
    default:
      return JSON.stringify(value);
  }
}

/** A DynamoDB JSON value as the plain JSON it holds (numbers kept as their text). */
function plain(value: unknown): unknown {
  const [type, x] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? ['', undefined];
  if (type === 'M')
    return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  if (type === 'L') return (x as unknown[]).map(plain);
  if (type === 'NULL') return null;
  if (type === 'BOOL') return x;
  return x;
}
