import { describe, expect, it } from 'vitest';
import { JSON_NULL, LosslessNumber } from '../api/lossless-json';
import { sqlLiteral } from './sql-literal';

describe('sqlLiteral', () => {
  it('quotes text with its quotes doubled and backslashes kept (standard_conforming_strings)', () => {
    expect(sqlLiteral("O'Hara", 'text')).toBe("'O''Hara'");
    expect(sqlLiteral("''", 'text')).toBe("''''''");
    expect(sqlLiteral('a\\b\nc', 'text')).toBe("'a\\b\nc'");
    expect(sqlLiteral('', 'text')).toBe("''");
  });

  it('writes numbers with every digit, bare; non-finite ones quoted', () => {
    expect(sqlLiteral('12345678901234567890.123456789012345678', 'numeric')).toBe(
      '12345678901234567890.123456789012345678',
    );
    expect(sqlLiteral('12.50', 'numeric')).toBe('12.50');
    expect(sqlLiteral('-7', 'bigint')).toBe('-7');
    expect(sqlLiteral('1e-3', 'double precision')).toBe('1e-3');
    expect(sqlLiteral(42, 'integer')).toBe('42');
    expect(sqlLiteral(new LosslessNumber('99999999999999999999'), 'numeric')).toBe('99999999999999999999');
    expect(sqlLiteral('NaN', 'numeric')).toBe("'NaN'");
    expect(sqlLiteral('-Infinity', 'double precision')).toBe("'-Infinity'");
  });

  it('tells SQL NULL from JSON null', () => {
    expect(sqlLiteral(null, 'jsonb')).toBe('NULL');
    expect(sqlLiteral(JSON_NULL, 'jsonb')).toBe("'null'");
    expect(sqlLiteral(null, 'text')).toBe('NULL');
  });

  it('writes jsonb as its JSON text, digits and quotes intact', () => {
    expect(
      sqlLiteral(
        { name: "it's", n: new LosslessNumber('1.50000000000000000001'), tags: ['a'], x: null },
        'jsonb',
      ),
    ).toBe(`'{"name":"it''s","n":1.50000000000000000001,"tags":["a"],"x":null}'`);
    expect(sqlLiteral('plain', 'jsonb')).toBe(`'"plain"'`);
    expect(sqlLiteral(3, 'json')).toBe(`'3'`);
  });

  it('writes bytea as its hex text, booleans bare, timestamps as text', () => {
    expect(sqlLiteral('\\x00ff', 'bytea')).toBe("'\\x00ff'");
    expect(sqlLiteral(true, 'boolean')).toBe('true');
    expect(sqlLiteral(false, 'boolean')).toBe('false');
    expect(sqlLiteral('2024-01-05 10:00:00+00', 'timestamp with time zone')).toBe("'2024-01-05 10:00:00+00'");
    expect(sqlLiteral('2024-01-05', 'date')).toBe("'2024-01-05'");
  });
});
