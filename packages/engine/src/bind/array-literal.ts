/**
 * The elements of a one-dimensional array literal as Postgres's array input reads it, or null for
 * anything this reader does not take (nested arrays, dimension decorations, backslashes outside
 * quotes, a malformed literal): the caller then leaves the expression to the host. An unquoted NULL
 * (any case) is SQL NULL; unquoted elements lose the whitespace around them; quoted ones keep theirs,
 * a backslash taking the character after it.
 *   `{a, "b c",NULL,"NULL"}` → ['a', 'b c', null, 'NULL'];  `{}` → [];  `{{1},{2}}` → null
 */
export function arrayLiteralElements(text: string): (string | null)[] | null {
  const body = trimSpace(text);
  if (!body.startsWith('{') || !body.endsWith('}')) return null;
  const inner = body.slice(1, -1);
  if (trimSpace(inner) === '') return [];
  const elements: (string | null)[] = [];
  let i = 0;
  for (;;) {
    while (isSpace(inner[i])) i++;
    if (inner[i] === '"') {
      let value = '';
      for (i++; i < inner.length && inner[i] !== '"'; i++) {
        if (inner[i] === '\\') i++;
        if (i >= inner.length) return null;
        value += inner[i];
      }
      if (inner[i] !== '"') return null;
      i++;
      while (isSpace(inner[i])) i++;
      elements.push(value);
    } else {
      let end = i;
      while (end < inner.length && inner[end] !== ',') end++;
      const raw = trimSpace(inner.slice(i, end));
      if (raw === '' || /[{}"\\]/.test(raw)) return null;
      elements.push(raw.toLowerCase() === 'null' ? null : raw);
      i = end;
    }
    if (i >= inner.length) return elements;
    if (inner[i] !== ',') return null;
    i++;
  }
}

/** `text` without the whitespace around it that Postgres's array input skips (not String.trim's no-break spaces). */
function trimSpace(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && isSpace(text[from])) from++;
  while (to > from && isSpace(text[to - 1])) to--;
  return text.slice(from, to);
}

/** Whitespace as Postgres's array input skips it (scanner_isspace). */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
}
