import { EngineError, SqlState } from '../errors';
import { parseOne, scanTokens } from '../parse/parse';
import { plpgsqlBody, type PlpgsqlBody } from '../parse/plpgsql-body';

/** Checks one statement of user SQL as statement-policy.ts does (passed in: that module calls this one). */
export type CheckStatement = (node: unknown, text: string) => void;

const STATIC_HINT =
  'Dynascope checks the SQL of a PL/pgSQL body before Postgres runs it, and cannot check SQL built while it runs; static SQL (SELECT ... INTO, PERFORM, FOR r IN SELECT, RETURN QUERY SELECT, INSERT/UPDATE/DELETE) is fine';

/**
 * Refuses (42501) a PL/pgSQL body (of a CREATE FUNCTION/PROCEDURE or DO `statement`) whose SQL could
 * act as the host's superuser: the host logs in as one and user SQL drops to dynascope_user by SET
 * SESSION AUTHORIZATION, which SQL the engine never saw could take back. So every dynamic form is
 * refused, and every piece of static SQL goes through `check`, as the user's own statements do:
 *   do $$ begin execute 'set session authorization postgres'; end $$
 *   → 42501 PL/pgSQL's EXECUTE is not allowed in Dynascope (position of `execute`)
 *   do $$ begin set session authorization postgres; end $$ → 42501 permission denied to set session authorization
 * A body Postgres's PL/pgSQL compiler refuses is its 42601; one it reads only with the catalog (a
 * field of a %ROWTYPE variable assigned) is a 42501 "could not check".
 */
export function refusePlpgsqlBody(statement: string, body: string, check: CheckStatement): void {
  let parsed: PlpgsqlBody;
  try {
    parsed = plpgsqlBody(statement, body);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    // The compiler's message has no position: the body's start stands for it.
    const position = Math.max(statement.indexOf(body), 0) + 1;
    if (/^"[^"]*\.[^"]*" is not a known variable$/.test(e.message))
      throw new EngineError(
        SqlState.insufficientPrivilege,
        `could not check the PL/pgSQL body: ${e.message}`,
        {
          position,
          hint: 'the body is checked without the catalog: assign to the fields of a variable declared as record (or NEW/OLD), not of a %ROWTYPE or composite one',
        },
      );
    e.position ??= position;
    throw e;
  }
  const at = (bodyIndex: number) => (parsed.inStatement ? parsed.inStatement(bodyIndex) + 1 : 1);
  for (const u of parsed.unknown)
    throw new EngineError(
      SqlState.insufficientPrivilege,
      `could not check the PL/pgSQL body: ${u.kind} is not known`,
      { position: at(parsed.lineStart(u.line)) },
    );
  for (const d of parsed.dynamic)
    throw new EngineError(
      SqlState.insufficientPrivilege,
      `PL/pgSQL's ${d.construct} is not allowed in Dynascope: its SQL is only known when it runs`,
      { position: at(keywordOnLine(parsed, d.line, 'execute')), hint: STATIC_HINT },
    );
  for (const piece of parsed.pieces) {
    const inBody = (offset: number) =>
      piece.at >= 0 ? piece.at + Math.max(0, offset - piece.prefix) : parsed.lineStart(piece.line);
    try {
      check(parseOne(piece.sql), piece.sql);
    } catch (e) {
      if (e instanceof EngineError) e.position = at(inBody((e.position ?? 1) - 1));
      throw e;
    }
  }
}

/** The body offset of the first `word` token on or after a line's start (the line's start if none). */
function keywordOnLine(parsed: PlpgsqlBody, line: number, word: string): number {
  const from = parsed.lineStart(line);
  try {
    return (
      scanTokens(parsed.body).find((t) => t.start >= from && t.text.toLowerCase() === word)?.start ?? from
    );
  } catch {
    return from;
  }
}
