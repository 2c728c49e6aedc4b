import { describe, expect, it } from 'vitest';
import { redactSecretLiterals, secretLiterals, secretRanges, secretsOfStatements } from './secret-literals';

const texts = (sql: string) => secretLiterals(sql).map((t) => t.text);

describe('secretLiterals', () => {
  it('finds the first argument of create_secret and the second of update_secret, with offsets', () => {
    const sql = "select vault.create_secret('AKIA123', 'key_id', 'desc');";
    const [t] = secretLiterals(sql);
    expect(t!.text).toBe("'AKIA123'");
    expect(sql.slice(t!.start, t!.end)).toBe("'AKIA123'");
    expect(texts("select vault.update_secret('key_id', 'n3w', 'key_id');")).toEqual(["'n3w'"]);
    expect(texts("select vault.update_secret('6f1c0a52-1e0f-4f7e-9d2a-3b8c4d5e6f70'::uuid, 'n3w')")).toEqual(["'n3w'"]);
  });

  it('handles case, whitespace, comments, quoted names and named arguments', () => {
    expect(texts("SELECT VAULT . Create_Secret ( /* s */ 'a', 'n')")).toEqual(["'a'"]);
    expect(texts('select "vault"."create_secret"(\'a\')')).toEqual(["'a'"]);
    expect(texts("select vault.create_secret(new_name => 'n', new_secret => 'a')")).toEqual(["'a'"]);
    expect(texts("select vault.update_secret('n', new_secret := 'b')")).toEqual(["'b'"]);
  });

  it("keeps '' escapes, E'' strings and dollar quotes inside one literal", () => {
    expect(texts("select vault.create_secret('it''s, a (secret)', 'n')")).toEqual(["'it''s, a (secret)'"]);
    expect(texts("select vault.create_secret(E'a\\'b', 'n')")).toEqual(["E'a\\'b'"]);
    expect(texts("select vault.create_secret($s$x', y$s$, 'n')")).toEqual(["$s$x', y$s$"]);
  });

  it('ignores other functions, strings that only mention the call, expressions and redacted literals', () => {
    expect(texts("select other.create_secret('a'), vault.decrypted('b')")).toEqual([]);
    expect(texts("select 'vault.create_secret(''a'')'")).toEqual([]);
    expect(texts("-- vault.create_secret('a')\nselect 1")).toEqual([]);
    expect(texts("select vault.create_secret('a' || 'b', 'n')")).toEqual([]);
    expect(texts("select vault.create_secret('********', 'n')")).toEqual([]);
    expect(texts('select vault.create_secret(')).toEqual([]);
  });

  it('finds one per call in a script', () => {
    expect(texts("select vault.create_secret('a', 'x'); select vault.create_secret('b', 'y');")).toEqual(["'a'", "'b'"]);
  });
});

describe('secretsOfStatements', () => {
  it('takes only the statements that ran', () => {
    const sql = "select vault.create_secret('a', 'x');\nselect vault.create_secret('b', 'y')";
    expect(secretsOfStatements(sql, 1)).toEqual(["'a'"]);
    expect(secretsOfStatements(sql, 2)).toEqual(["'a'", "'b'"]);
    expect(secretsOfStatements(sql, 0)).toEqual([]);
  });
});

describe('redactSecretLiterals', () => {
  it('replaces the given secrets, last first, and leaves the rest of the text alone', () => {
    const sql = "-- keys\nselect vault.create_secret('a', 'x');\nselect vault.create_secret('b', 'y');";
    expect(redactSecretLiterals(sql, new Set(["'a'", "'b'"]))).toBe(
      "-- keys\nselect vault.create_secret('********', 'x');\nselect vault.create_secret('********', 'y');",
    );
    expect(redactSecretLiterals(sql, new Set(["'b'"]))).toContain("create_secret('a', 'x')");
    expect(secretRanges(sql, new Set(["'a'", "'b'"])).map((r) => r.start)).toEqual([sql.indexOf("'b'"), sql.indexOf("'a'")]);
  });
});
