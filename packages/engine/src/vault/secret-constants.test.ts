import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse/parse';
import { maskSecretsIn, redact, secretConstantsOfScript } from './secret-constants';

beforeAll(() => loadParser());

const SECRET = 'Sx9-q7W/K2+sEcReT';

/** Every way we know to write the function's name: schema quoting, casing, comments, whitespace. */
const CALLEES = (fn: string) => [
  `vault.${fn}`,
  `"vault".${fn}`,
  `VAULT.${fn.toUpperCase()}`,
  `Vault . ${fn}`,
  `"vault"."${fn}"`,
  `vault/* c */./* d */${fn}`,
  `vault\n.\n${fn}`,
  fn,
];

/** Every way to write the secret itself. */
const LITERALS = [
  `'${SECRET}'`,
  `E'${SECRET}'`,
  `$$${SECRET}$$`,
  `$k$${SECRET}$k$`,
  `'${SECRET.slice(0, 8)}'\n'${SECRET.slice(8)}'`,
  `U&'${SECRET}'`,
];

/** Where the call may stand. */
const CONTEXTS = [
  (call: string) => `select ${call}`,
  (call: string) => `select ${call} as id`,
  (call: string) => `  -- a comment\n  SELECT ${call};`,
  (call: string) => `with c as (select ${call}) select * from c`,
  (call: string) => `explain select ${call}`,
  (call: string) => `explain (verbose, costs off) select ${call}`,
  (call: string) => `select * from (select ${call}) s`,
  (call: string) => `select 1; select ${call}; select 2`,
  (call: string) => `select ${call}; select ${call}`,
  (call: string) => `select ${call}::int`,
  (call: string) => `select 1 where ${call} is not null`,
];

function cases(): { sql: string; secretParts: string[] }[] {
  const out: { sql: string; secretParts: string[] }[] = [];
  for (const callee of [...CALLEES('create_secret'), ...CALLEES('update_secret')]) {
    const update = /update_secret/i.test(callee);
    for (const literal of LITERALS) {
      const argLists = update
        ? [
            `'aws_secret', ${literal}`,
            `'aws_secret', ${literal}, 'n', 'd'`,
            `secret_id => 'aws_secret', new_secret => ${literal}`,
            `'aws_secret', new_secret := ${literal}`,
          ]
        : [
            `${literal}`,
            `${literal}, 'name', 'description'`,
            `secret => ${literal}, name => 'n'`,
            `${literal}::text, 'n'`,
            `lower(${literal})`,
            `${literal} || ''`,
          ];
      for (const args of argLists)
        for (const context of CONTEXTS)
          out.push({
            sql: context(`${callee}(${args})`),
            secretParts: [SECRET.slice(0, 8), SECRET.slice(8)],
          });
    }
  }
  return out;
}

describe('secret constants: one module finds them in any spelling', () => {
  it(`never leaves the secret in the redacted text (${cases().length} spellings)`, () => {
    for (const { sql, secretParts } of cases()) {
      const redacted = redact(sql, secretConstantsOfScript(sql));
      for (const part of secretParts) expect(redacted, sql).not.toContain(part);
      expect(redacted, sql).toContain("'********'");
    }
  });

  it('keeps what is not secret: the name, the description, the id of the secret to change', () => {
    const sql =
      "select vault.create_secret('s3cr3t-value', 'my_name', 'my description'); select vault.update_secret('my_name', 'n3w-s3cr3t')";
    expect(redact(sql, secretConstantsOfScript(sql))).toBe(
      "select vault.create_secret('********', 'my_name', 'my description'); select vault.update_secret('my_name', '********')",
    );
  });

  it('masks plain credentials of CREATE and ALTER SERVER, and nothing else of them', () => {
    const sql = `create server s foreign data wrapper w options (aws_access_key_id 'AKIAPLAIN', aws_secret_access_key 'pl41n-s3cret', region 'eu-west-1');
      alter server s options (set aws_secret_access_key 'n3w-pl41n', add session_token 't0ken-value')`;
    const redacted = redact(sql, secretConstantsOfScript(sql));
    for (const s of ['AKIAPLAIN', 'pl41n-s3cret', 'n3w-pl41n', 't0ken-value'])
      expect(redacted).not.toContain(s);
    expect(redacted).toContain("region 'eu-west-1'");
  });

  it("masks plain credentials written U&'...' (with UESCAPE too), E'...' or dollar-quoted, and the rest still reads", () => {
    // A U&'' value was left as written, so the host's catalog kept it (found by helper-125).
    const sql = `create server s foreign data wrapper w options (aws_access_key_id U&'AKIA\\0055NICODE1',
      aws_secret_access_key U&'uni!0063ode-secret' UESCAPE '!', session_token E'tok\\x41en', region $$eu-west-1$$)`;
    const redacted = redact(sql, secretConstantsOfScript(sql));
    for (const s of ['0055NICODE1', 'uni!0063ode', 'x41en']) expect(redacted).not.toContain(s);
    expect(redacted).not.toMatch(/UESCAPE/i);
    expect(redacted).toContain('region $$eu-west-1$$');
    expect(redact(`${sql} from`, secretConstantsOfScript(`${sql} from`))).not.toContain('uni!0063ode');
  });

  it('masks secrets in statements that do not parse: a syntax error, an unterminated literal', () => {
    for (const sql of [
      `select vault.create_secret('${SECRET}', 'n'`,
      `select vault.create_secret('${SECRET}' 'x' 'y')`,
      `select 1; select "vault".create_secret(name => 'n', '${SECRET}') from`,
      `select vault.create_secret('${SECRET}`,
      `select vault.create_secret(U&'${SECRET}' from`,
      `select vault.create_secret($$${SECRET}`,
      `create server s foreign data wrapper w options (aws_secret_access_key '${SECRET}' region)`,
    ]) {
      expect(redact(sql, secretConstantsOfScript(sql)), sql).not.toContain(SECRET.slice(0, 8));
    }
  });

  it('masks a secret in a body written in quotes, as in a dollar-quoted one, and the body stays a string', () => {
    const cases: [string, string][] = [
      [
        "create function f() returns uuid language sql as 'select vault.create_secret(''s3cr3t-value'', ''k'')'",
        "create function f() returns uuid language sql as 'select vault.create_secret(''********'', ''k'')'",
      ],
      [
        "do 'begin perform vault.update_secret(''k'', new_secret => ''it''''s-s3cr3t''); end'",
        "do 'begin perform vault.update_secret(''k'', new_secret => ''********''); end'",
      ],
      [
        "do language plpgsql 'begin create user mapping for public server s options (aws_secret_access_key ''pl41n-s3cret''); end'",
        "do language plpgsql 'begin create user mapping for public server s options (aws_secret_access_key ''********''); end'",
      ],
      // Not parsed (a syntax error after it): its strings are read so too.
      [
        "do 'begin perform vault.create_secret(''s3cr3t-value''); end' from",
        "do 'begin perform vault.create_secret(''********''); end' from",
      ],
      // A parameter is no secret; a quoted body holding none is left as written.
      [
        "create function f(s text) returns uuid language sql as 'select vault.create_secret(s, ''k'')'",
        "create function f(s text) returns uuid language sql as 'select vault.create_secret(s, ''k'')'",
      ],
    ];
    for (const [sql, redacted] of cases)
      expect(redact(sql, secretConstantsOfScript(sql)), sql).toBe(redacted);
    // An E'' body: its escaped quotes are read too (masked whole, the body's quoting not kept).
    const e = "do E'begin perform vault.create_secret(\\'s3cr3t-value\\', ''k''); end'";
    expect(redact(e, secretConstantsOfScript(e))).not.toContain('s3cr3t');
    expect(redact(e, secretConstantsOfScript(e))).toContain("''k''");
    // Its bare value is masked in a message.
    const sql = cases[0]![0];
    expect(maskSecretsIn('at or near "s3cr3t-value"', sql, secretConstantsOfScript(sql))).toBe(
      `at or near "'********'"`,
    );
  });

  it('masks the value of an option whose name looks like a credential: a misspelled key, a password', () => {
    const sql = `create server s foreign data wrapper w options (aws_session_token 't0ken-value', region 'r1');
      alter user mapping for public server s options (add Secret_Key 'k3y-value', set access_key 'AKIAMISSPELT');
      alter role current_user password 'pa55word'; do $$ begin perform 1; end $$ from`;
    const redacted = redact(sql, secretConstantsOfScript(sql));
    for (const s of ['t0ken-value', 'k3y-value', 'AKIAMISSPELT', 'pa55word'])
      expect(redacted).not.toContain(s);
    expect(redacted).toContain("region 'r1'");
    // The vault options name a secret: not one themselves.
    const vault = "create server s foreign data wrapper w options (vault_secret_access_key 'my_key_name')";
    expect(secretConstantsOfScript(vault)).toEqual([]);
  });

  it('masks a secret quoted in a message, written and bare', () => {
    const sql = `select vault.create_secret('${SECRET}')`;
    const spans = secretConstantsOfScript(sql);
    expect(maskSecretsIn(`syntax error at or near "'${SECRET}'"`, sql, spans)).toBe(
      `syntax error at or near "'********'"`,
    );
    expect(maskSecretsIn(`invalid input syntax for type integer: "${SECRET}"`, sql, spans)).toBe(
      `invalid input syntax for type integer: "'********'"`,
    );
    expect(maskSecretsIn('nothing secret here', sql, spans)).toBe('nothing secret here');
  });

  it('finds nothing in statements without secrets', () => {
    for (const sql of [
      "select 'create_secret'",
      'select * from vault.secrets',
      'select vault.create_secret is null from t',
      "create server s options (region 'x')",
    ]) {
      expect(secretConstantsOfScript(sql), sql).toEqual([]);
    }
  });
});
