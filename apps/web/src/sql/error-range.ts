import { splitStatements } from './split-statements';

export interface ErrorLocation {
  readonly position?: number;
  readonly statementIndex?: number;
}

/**
 * Where to put an error marker, as 0-based offsets in the editor: `position` is 1-based in the
 * submitted text, which began at `base` in the editor, and counts characters (code points) as
 * Postgres does, where the editor's offsets count UTF-16 code units (an emoji is two). The marker
 * covers the token at the position; without a position, the failing statement; without either,
 * everything submitted.
 */
export function errorRange(
  submitted: string,
  base: number,
  error: ErrorLocation,
): { start: number; end: number } {
  if (error.position !== undefined && error.position > 0) {
    const at = Math.min(codeUnitOffset(submitted, error.position - 1), Math.max(0, submitted.length - 1));
    const word = /^("(?:[^"]|"")*"|'(?:[^']|'')*'|[\w$.]+|\S)/u.exec(submitted.slice(at));
    return { start: base + at, end: base + at + (word ? word[0].length : 1) };
  }
  const spans = splitStatements(submitted);
  const span = error.statementIndex !== undefined ? spans[error.statementIndex] : undefined;
  if (span) return { start: base + span.start, end: base + span.end };
  return { start: base, end: base + submitted.length };
}

/** The string offset of the character (code point) `chars` characters into `text`. */
function codeUnitOffset(text: string, chars: number): number {
  let at = 0;
  for (let n = 0; n < chars && at < text.length; n++) at += text.codePointAt(at)! >= 0x10000 ? 2 : 1;
  return at;
}
