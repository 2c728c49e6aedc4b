import { as, walk } from '../parse/ast';
import { parseScriptUntilError } from '../parse/parse';
import {
  constantsIn,
  executesOfUnparsed,
  outermost,
  secretConstantsOfScript,
  secretParameters,
  type SecretSpan,
} from './secret-constants';

/**
 * The secrets of a script as offsets into it: its secret constants (secretConstantsOfScript) and the
 * arguments of each EXECUTE (EXPLAIN EXECUTE, CREATE TABLE AS EXECUTE) that bind a vault call's
 * secret parameter — of a statement the session prepared (`preparedQuery`: its query's tree, engine-
 * or host-kept) or one a PREPARE of the script makes. Without the session (`preparedQuery` omitted:
 * the script could not run) every constant argument of an EXECUTE the script does not prepare is masked.
 * The text after a syntax error is read by its tokens: there an EXECUTE of a statement known to be
 * a vault call has its secret's arguments masked, and one of a statement not known (prepared
 * nowhere, or in that text) all its constant arguments.
 *   prepare p as select vault.update_secret($2, $1);  execute p('s3cr3t', 'k')
 *   → the spans of `'s3cr3t'` (no constant of the PREPARE: its secret is a parameter)
 *   selec 1; execute p('s3cr3t', 'k')  → the spans of `'s3cr3t'` and `'k'`
 */
export function secretsOfScript(sql: string, preparedQuery?: (name: string) => unknown): SecretSpan[] {
  const constants = secretConstantsOfScript(sql);
  if (!/execute/i.test(sql)) return constants;
  const { statements, error } = parseScriptUntilError(sql);
  const prepares = new Map<string, unknown>();
  for (const s of statements) {
    const prepare = as(s.node, 'PrepareStmt');
    if (prepare?.name !== undefined) prepares.set(prepare.name, prepare.query);
  }
  const bound = statements.flatMap((s) => {
    const args: unknown[] = [];
    walk(s.node, (_kind, _fields, n) => {
      const execute = as(n, 'ExecuteStmt');
      if (!execute) return;
      const name = execute.name ?? '';
      if (!prepares.has(name) && !preparedQuery) args.push(execute.params);
      else {
        const query = prepares.has(name) ? prepares.get(name) : preparedQuery?.(name);
        for (const n of secretParameters(query)) args.push(execute.params?.[n - 1]);
      }
    });
    return constantsIn(args, s.text).map((x) => ({ start: x.start + s.start, end: x.end + s.start }));
  });
  if (error) {
    const last = statements.at(-1);
    const from = last ? last.start + last.text.length : 0;
    for (const execute of executesOfUnparsed(sql.slice(from))) {
      const { name } = execute;
      const query =
        name === undefined ? undefined : prepares.has(name) ? prepares.get(name) : preparedQuery?.(name);
      const secret = query === undefined ? undefined : new Set(secretParameters(query));
      execute.args.forEach((arg, i) => {
        if (!secret || secret.has(i + 1))
          bound.push(...arg.map((x) => ({ start: x.start + from, end: x.end + from })));
      });
    }
  }
  if (!bound.length) return constants;
  // A span inside another (a vault call written as an EXECUTE's argument) is masked once.
  return outermost([...constants, ...bound]);
}
