/*
 * The engine decides which constants of a script are secrets: every answer to a script (run,
 * stream, explain) carries the script with them masked (`redactedSql`) and where they were
 * (`redactions`, offsets into the SQL sent). This module only applies that answer.
 */

import type { Redaction } from '@dynascope/contract';

export type { Redaction };

/** What a secret literal becomes once the engine has seen it. */
export const REDACTED_LITERAL = "'********'";

/** The engine's answer about secrets for one request. */
export interface Redacted {
  /** The whole request's SQL with every secret constant replaced by `'********'`. */
  readonly redactedSql: string;
  readonly redactions: readonly Redaction[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

const isRedaction = (x: unknown): x is Redaction =>
  isObject(x) &&
  Number.isInteger(x.start) &&
  Number.isInteger(x.end) &&
  (x.start as number) >= 0 &&
  (x.end as number) >= (x.start as number);

/** The `redactedSql` and `redactions` of a script result, or null when the answer has none. */
export function redactedOf(result: unknown): Redacted | null {
  if (!isObject(result) || typeof result.redactedSql !== 'string') return null;
  const redactions = Array.isArray(result.redactions) ? result.redactions.filter(isRedaction) : [];
  return { redactedSql: result.redactedSql, redactions };
}

/** The secret literals themselves, as written in the SQL sent. */
export function secretTexts(submitted: string, redactions: readonly Redaction[]): string[] {
  return redactions.map((r) => submitted.slice(r.start, r.end)).filter((s) => s !== REDACTED_LITERAL);
}

/** The SQL a run sent from an editor tab, where it began there, and the secrets the engine found in it. */
export interface SentSecrets {
  readonly submitted: string;
  readonly base: number;
  readonly redactions: readonly Redaction[];
}

/**
 * Where the secrets of the SQL sent are in the editor's `text` now, last first (edit order). A literal still at its place is taken there; if the text
 * was edited meanwhile, the occurrence of the same literal text nearest to its old place; a
 * literal found nowhere is left. Literals already `'********'` are skipped.
 * `text = "x; select f('s3')"`, `{ submitted: "select f('s3')", base: 3, redactions: [{ start: 9, end: 13 }] }`
 * → `[{ start: 12, end: 16 }]`.
 */
export function locateSecrets(text: string, { submitted, base, redactions }: SentSecrets): Redaction[] {
  const found: Redaction[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  for (const r of redactions) {
    const literal = submitted.slice(r.start, r.end);
    if (!literal || literal === REDACTED_LITERAL) continue;
    const expected = base + r.start;
    let best = -1;
    for (let at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
      if (overlaps(at, at + literal.length)) continue;
      if (best < 0 || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
    }
    if (best >= 0) found.push({ start: best, end: best + literal.length });
  }
  return found.sort((a, b) => b.start - a.start);
}

/** An editor tab's `text` with the secrets of the SQL it sent replaced by `'********'`. */
export function redactText(text: string, sent: SentSecrets): string {
  return locateSecrets(text, sent).reduce(
    (t, r) => t.slice(0, r.start) + REDACTED_LITERAL + t.slice(r.end),
    text,
  );
}

/** The value a string literal stands for (`'it''s'` → `it's`, `$q$x$q$` → `x`), else the text itself. */
function literalValue(literal: string): string {
  const dollar = /^(\$[^$]*\$)([\s\S]*)\1$/.exec(literal);
  if (dollar) return dollar[2]!;
  const quoted = /^[eE]?'([\s\S]*)'$/.exec(literal);
  return quoted ? quoted[1]!.replaceAll("''", "'") : literal;
}

/** Values this short are masked only as the whole literal: masking every `a` of a message helps no one. */
const MIN_MASKED_VALUE = 4;

/**
 * Masks the secrets (literal texts from `secretTexts`) wherever they appear in a message, a notice
 * or a statement's text: as literals, and as values when they are long enough to be told apart.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, literal) => {
    const value = literalValue(literal);
    const masked = t.replaceAll(literal, REDACTED_LITERAL);
    return value.length >= MIN_MASKED_VALUE ? masked.replaceAll(value, '********') : masked;
  }, text);
}
