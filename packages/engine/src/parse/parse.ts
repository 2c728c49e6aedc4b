import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query';
import { EngineError, SqlState } from '../errors';
import { byteToCharOffsets } from './byte-offsets';
import { codePointCount, indexAfterCodePoints } from './code-point-count';
import type { Node } from './ast';
import { multiAssignSourceOnce } from './multi-assign-source';
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../util/deep-freeze';

let loaded: Promise<void> | undefined;

/** Loads the Postgres parser (WASM) once per process. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/**
 * Loads the parser and runs it once, outside the caches: its WebAssembly is compiled function by
 * function on first use (the grammar's ~0.1–0.3 s), which an engine opening pays while its host
 * starts instead of in the first statement it runs.
 */
export async function loadWarmParser(): Promise<void> {
  await loadParser();
  const sql =
    "select a.b, count(*) from s.t a join u on a.x = u.y where a.z in ($1, 'c') group by 1 order by 2 desc limit 3";
  parseSync(sql);
  scanSync(sql);
}

/** One statement of a script: its AST and where its text stands in the script. */
export interface ParsedStatement {
  readonly node: Node;
  readonly text: string;
  /** Where its text starts: an index into the script's string (UTF-16 code units). */
  readonly start: number;
  /**
   * The characters (code points) before its text, which a 1-based position in the text is shifted
   * by to be the script's, as Postgres counts positions: `start` counts an emoji twice.
   */
  readonly charsBefore: number;
}

/**
 * Splits and parses a script; a syntax error stops at the statement that has it, so the statements
 * before it can still run: `select 1; selec 2` → [select 1] and a 42601 error at position 11, as
 * Postgres counts it (characters of the script).
 */
export function parseScriptUntilError(sql: string): {
  statements: readonly ParsedStatement[];
  error?: EngineError;
} {
  try {
    return { statements: parseScript(sql) };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    const statements: ParsedStatement[] = [];
    let start = 0;
    let charsBefore = 0;
    for (const end of [...topLevelSemicolons(sql), sql.length]) {
      const chunk = sql.slice(start, end);
      try {
        for (const s of parseScript(chunk))
          statements.push({ ...s, start: s.start + start, charsBefore: s.charsBefore + charsBefore });
      } catch (inner) {
        if (!(inner instanceof EngineError)) return { statements, error: inScript(e, sql, 0) };
        return { statements, error: inScript(inner, chunk, charsBefore) };
      }
      start = end + 1;
      charsBefore += codePointCount(chunk) + 1;
    }
    return { statements, error: inScript(e, sql, 0) };
  }
}

/** A syntax error of `text` at Postgres's position in the script: characters, `charsBefore` before `text`. */
function inScript(e: EngineError, text: string, charsBefore: number): EngineError {
  if (e.position !== undefined) e.position = charsBefore + codePointCount(text, 0, e.position - 1) + 1;
  return e;
}

function topLevelSemicolons(sql: string): number[] {
  try {
    return scanTokens(sql)
      .filter((t) => t.text === ';')
      .map((t) => t.start);
  } catch {
    return [];
  }
}

/**
 * Parse results of recent texts (a workbench re-runs the same statements): parsing is a pure
 * function of the text, and the cached trees are frozen so no caller can change another's.
 */
const CACHEABLE_CHARS = 16_384;
const scripts = new LRUCache<string, readonly ParsedStatement[]>({ max: 256 });
const statements = new LRUCache<string, Node>({ max: 256 });
const tokenLists = new LRUCache<string, readonly ScanToken[]>({ max: 256 });

function memo<V extends object>(cache: LRUCache<string, V>, text: string, compute: () => V): V {
  if (text.length > CACHEABLE_CHARS) return compute();
  let value = cache.get(text);
  if (value === undefined) cache.set(text, (value = deepFreeze(compute())));
  return value;
}

/** Splits and parses a script with the real Postgres grammar. Errors carry a 1-based string index. */
export function parseScript(sql: string): readonly ParsedStatement[] {
  return memo(scripts, sql, () => parseScriptUncached(sql));
}

function parseScriptUncached(sql: string): ParsedStatement[] {
  const result = parseOrThrow(sql);
  const toChar = byteToCharOffsets(sql);
  const out: ParsedStatement[] = [];
  // Counted on from the statement before, once over the script.
  let counted = { start: 0, chars: 0 };
  for (const raw of result.stmts ?? []) {
    const startByte = raw.stmt_location ?? 0;
    let start = toChar(startByte);
    const end = raw.stmt_len ? toChar(startByte + raw.stmt_len) : sql.length;
    let text = sql.slice(start, end);
    // The statement's location includes leading whitespace and comments; trim both so the
    // text reads as the user wrote it, and keep `start` pointing at the first real character.
    const lead = leadingTrivia(text);
    start += lead;
    text = text.slice(lead).trimEnd();
    if (!text) continue;
    // Locations become relative to the statement's own text (parsed once, not again).
    const stmtStart = start;
    counted = { start, chars: counted.chars + codePointCount(sql, counted.start, start) };
    out.push({
      node: multiAssignSourceOnce(toCharLocations(raw.stmt, (b) => toChar(b) - stmtStart)) as Node,
      text,
      start,
      charsBefore: counted.chars,
    });
  }
  return out;
}

/** Parses one statement's text; positions in the AST are then relative to that text. */
export function parseOne(text: string): Node {
  return memo(statements, text, () => parseOneUncached(text));
}

function parseOneUncached(text: string): Node {
  const result = parseOrThrow(text);
  const stmt = result.stmts?.[0]?.stmt;
  if (!stmt) throw new EngineError(SqlState.syntaxError, 'empty statement');
  return multiAssignSourceOnce(toCharLocations(stmt, byteToCharOffsets(text))) as Node;
}

/** Rewrites every `location` in an AST from a UTF-8 byte offset to a JavaScript string index. */
function toCharLocations(node: unknown, toChar: (b: number) => number): unknown {
  if (Array.isArray(node)) {
    for (const child of node) toCharLocations(child, toChar);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) o[k] = toChar(v);
      else if (v && typeof v === 'object') toCharLocations(v, toChar);
    }
  }
  return node;
}

function parseOrThrow(sql: string): {
  stmts?: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[];
} {
  // No statements, as in Postgres (and as libpg-query answers ' '): `select 1;;; selec` said
  // "Query cannot be empty" of the text between two semicolons (parseScriptUntilError).
  if (sql === '') return {};
  try {
    return parseSync(sql) as never;
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails;
    // 0-based and in characters (code points), as Postgres counts positions: not a byte offset, as
    // the AST's locations are (`select 'ééééé' selec 1 2` said 17 where Postgres says 22). The
    // error's position is a string index, as every position in the engine is (run/statement-error.ts).
    const cursor = details?.cursorPosition;
    throw new EngineError(SqlState.syntaxError, details?.message ?? (e as Error).message, {
      ...(cursor !== undefined && { position: indexAfterCodePoints(sql, cursor) + 1 }),
    });
  }
}

/** Tokens of a statement with character offsets. */
export function scanTokens(text: string): readonly ScanToken[] {
  return memo(tokenLists, text, () => scanTokensUncached(text));
}

/** Control characters libpg-query's scanner writes unescaped into the JSON it answers with (a string literal may hold them). */
// eslint-disable-next-line no-control-regex
const UNESCAPED = /[\x01-\x08\x0b\x0c\x0e-\x1f]/g;

function scanTokensUncached(text: string): ScanToken[] {
  const toChar = byteToCharOffsets(text);
  // Scanned with a space in each one's place (one byte each: the offsets are the text's own), the
  // tokens' text taken from the text itself: `select 'a\fb'` failed with XX000 (review, helper-102).
  const scanned = text.replace(UNESCAPED, ' ');
  return scanSync(scanned).tokens.map((t) => {
    const [start, end] = [toChar(t.start), toChar(t.end)];
    return { ...t, start, end, ...(scanned !== text && { text: text.slice(start, end) }) };
  });
}

function leadingTrivia(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else j++;
      }
      i = j;
    } else return i;
  }
}
