import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseOne } from '../parse/parse';
import { secretsOfScript } from './execute-secrets';
import { redact } from './secret-constants';

beforeAll(() => loadParser());

const masked = (sql: string, prepared?: Record<string, string>) =>
  redact(
    sql,
    secretsOfScript(
      sql,
      prepared && ((name) => (prepared[name] === undefined ? undefined : parseOne(prepared[name]))),
    ),
  );

describe("secrets an EXECUTE binds to a prepared vault call's secret parameter", () => {
  const session = {
    mk: 'select vault.create_secret($1, $2)',
    rot: 'select vault.update_secret(secret_id => $1, new_secret => $3, new_name => $2)',
    plain: 'select $1::text',
  };

  it('masks the arguments of the secret parameter only, by position or named', () => {
    expect(masked("execute mk('s3cr3t', 'k')", session)).toBe("execute mk('********', 'k')");
    expect(masked("execute rot('k', 'k2', 's3' || 'cr3t')", session)).toBe(
      "execute rot('k', 'k2', '********' || '********')",
    );
    expect(masked("create table t as execute mk('s3cr3t', 'k')", session)).toBe(
      "create table t as execute mk('********', 'k')",
    );
    expect(masked("execute plain('not secret'); execute nope('x')", session)).toBe(
      "execute plain('not secret'); execute nope('x')",
    );
  });

  it("takes a PREPARE of the script over the session's statement of that name", () => {
    expect(
      masked("prepare plain as select vault.create_secret('k', $1); execute plain('s3cr3t')", session),
    ).toBe("prepare plain as select vault.create_secret('********', $1); execute plain('s3cr3t')");
    expect(masked("prepare plain as select vault.create_secret($1); execute plain('s3cr3t')", session)).toBe(
      "prepare plain as select vault.create_secret($1); execute plain('********')",
    );
  });

  it('without the session masks every constant argument of an EXECUTE the script does not prepare', () => {
    expect(masked("execute anything('s3cr3t', 2, null)")).toBe(
      "execute anything('********', '********', null)",
    );
    expect(masked("select vault.create_secret('s3cr3t'); execute e('x')")).toBe(
      "select vault.create_secret('********'); execute e('********')",
    );
  });

  it('reads the text after a syntax error by its tokens', () => {
    // The session's vault call: its secret argument; its plain statement: nothing.
    expect(masked("selec 1; execute mk('s3cr3t', 'k'); execute plain('x')", session)).toBe(
      "selec 1; execute mk('********', 'k'); execute plain('x')",
    );
    // A statement the script prepares before the error, the EXECUTE after it (no `;` between them).
    expect(
      masked("prepare p as select vault.update_secret($2, $1); execute p('s3cr3t', 'k') selec 1", session),
    ).toBe("prepare p as select vault.update_secret($2, $1); execute p('********', 'k') selec 1");
    // One known nowhere (or prepared in the text that did not parse): every constant argument.
    expect(
      masked(
        "selec 1; prepare q as select vault.create_secret($1); explain execute q(E's3cr3t', 2)",
        session,
      ),
    ).toBe("selec 1; prepare q as select vault.create_secret($1); explain execute q('********', '********')");
    expect(masked('selec 1; execute "Q"(\'s3cr3t\')')).toBe('selec 1; execute "Q"(\'********\')');
    // An unterminated literal: from its quote to the end.
    expect(masked("selec 1; execute plain('x', 's3cr3t", session)).toBe("selec 1; execute plain('********'");
    // A trigger's EXECUTE FUNCTION runs no prepared statement.
    expect(masked("selec 1; create trigger t after insert on x execute function f('a')")).toBe(
      "selec 1; create trigger t after insert on x execute function f('a')",
    );
  });
});
