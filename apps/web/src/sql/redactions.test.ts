import { describe, expect, it } from 'vitest';
import {
  locateSecrets,
  maskSecrets,
  redactedOf,
  redactText,
  secretTexts,
  type Redaction,
} from './redactions';

/** The range of the first `literal` in `sql`. */
const at = (sql: string, literal: string, from = 0): Redaction => {
  const start = sql.indexOf(literal, from);
  return { start, end: start + literal.length };
};

describe('redactedOf', () => {
  it('reads the two fields of a script result', () => {
    const result = { statements: [], redactedSql: "select '********'", redactions: [{ start: 7, end: 11 }] };
    expect(redactedOf(result)).toEqual({
      redactedSql: "select '********'",
      redactions: [{ start: 7, end: 11 }],
    });
  });

  it('is null without redactedSql and drops malformed ranges', () => {
    expect(redactedOf({ statements: [] })).toBeNull();
    expect(redactedOf(null)).toBeNull();
    expect(
      redactedOf({
        redactedSql: 'x',
        redactions: [{ start: 2, end: 1 }, { start: 'a' }, { start: 0, end: 1 }],
      }),
    ).toEqual({
      redactedSql: 'x',
      redactions: [{ start: 0, end: 1 }],
    });
    expect(redactedOf({ redactedSql: 'x' })).toEqual({ redactedSql: 'x', redactions: [] });
  });
});

describe('secretTexts', () => {
  it('takes the literals as sent, not those already masked', () => {
    const sql = `select "vault".create_secret('s3cr3t', 'n'); select vault.create_secret('********', 'm')`;
    expect(secretTexts(sql, [at(sql, "'s3cr3t'"), at(sql, "'********'")])).toEqual(["'s3cr3t'"]);
  });
});

describe('locateSecrets', () => {
  const submitted = `select "vault".create_secret('s3cr3t', 'n');\nselect vault.update_secret('n', 'n3w')`;
  const redactions = [at(submitted, "'s3cr3t'"), at(submitted, "'n3w'")];
  const sent = (base: number) => ({ submitted, base, redactions });

  it('finds the literals at their place in the editor, last first', () => {
    const text = `-- keys\n${submitted}\n-- end`;
    expect(locateSecrets(text, sent(8))).toEqual([at(text, "'n3w'"), at(text, "'s3cr3t'")]);
    expect(redactText(text, sent(8))).toBe(
      `-- keys\nselect "vault".create_secret('********', 'n');\nselect vault.update_secret('n', '********')\n-- end`,
    );
  });

  it('follows text edited while the statement ran to the nearest same literal', () => {
    const text = `select 's3cr3t' as decoy;\n-- a line typed meanwhile\n\n\n\n\n${submitted}`;
    expect(locateSecrets(text, sent(26))).toEqual([at(text, "'n3w'"), at(text, "'s3cr3t'", 30)]);
    expect(redactText(text, sent(26))).toContain("select 's3cr3t' as decoy");
  });

  it('gives two equal secrets two places and skips literals gone or already masked', () => {
    const twice = `select vault.create_secret('a', 'x'); select vault.create_secret('a', 'y')`;
    const both = [at(twice, "'a'"), at(twice, "'a'", 30)];
    expect(redactText(twice, { submitted: twice, base: 0, redactions: both })).toBe(
      `select vault.create_secret('********', 'x'); select vault.create_secret('********', 'y')`,
    );
    expect(locateSecrets('select 1', sent(0))).toEqual([]);
    const masked = `select vault.create_secret('********', 'n')`;
    expect(
      locateSecrets(masked, { submitted: masked, base: 0, redactions: [at(masked, "'********'")] }),
    ).toEqual([]);
  });
});

describe('maskSecrets', () => {
  it('masks the literals and their values in messages', () => {
    expect(
      maskSecrets(`syntax error at or near "'it''s-s3cret'"; value it's-s3cret`, ["'it''s-s3cret'"]),
    ).toBe(`syntax error at or near "'********'"; value ********`);
    expect(maskSecrets('dollar $q$AKIA123$q$ and AKIA123', ['$q$AKIA123$q$'])).toBe(
      "dollar '********' and ********",
    );
  });

  it('leaves short values alone unless quoted', () => {
    expect(maskSecrets("a 'ab' and ab", ["'ab'"])).toBe("a '********' and ab");
  });
});
