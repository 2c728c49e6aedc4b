import { describe, expect, it } from 'vitest';
import { attributeValueSql, compareAttributeValues, pushTypeOf, toAttributeValue } from './attribute-value';

describe('compareAttributeValues', () => {
  it('numbers numerically, strings bytewise (UTF-8, like DynamoDB)', () => {
    expect(Math.sign(compareAttributeValues({ N: '9' }, { N: '10' }))).toBe(-1);
    expect(Math.sign(compareAttributeValues({ S: '9' }, { S: '10' }))).toBe(1);
    expect(Math.sign(compareAttributeValues({ S: 'Z' }, { S: 'a' }))).toBe(-1);
    // U+FF5E (3 bytes, EF BD 9E) sorts before U+1F600 (4 bytes, F0 ...) in UTF-8, though not in UTF-16.
    expect(Math.sign(compareAttributeValues({ S: '～' }, { S: '😀' }))).toBe(-1);
    expect(Math.sign(compareAttributeValues({ S: 'é' }, { S: 'z' }))).toBe(1);
  });
});

describe('toAttributeValue', () => {
  it('S: only string constants', () => {
    expect(toAttributeValue({ kind: 'string', value: 'abc' }, 'S')).toEqual({ S: 'abc' });
    expect(toAttributeValue({ kind: 'string', value: '' }, 'S')).toEqual({ S: '' });
    expect(toAttributeValue({ kind: 'string', value: ' x ' }, 'S')).toEqual({ S: ' x ' });
    expect(toAttributeValue({ kind: 'number', value: '1' }, 'S')).toBeNull();
    expect(toAttributeValue({ kind: 'boolean', value: true }, 'S')).toBeNull();
  });

  it('N: numbers and numeric strings, normalised', () => {
    expect(toAttributeValue({ kind: 'number', value: '30' }, 'N')).toEqual({ N: '30' });
    expect(toAttributeValue({ kind: 'number', value: '1.50' }, 'N')).toEqual({ N: '1.5' });
    expect(toAttributeValue({ kind: 'number', value: '1e3' }, 'N')).toEqual({ N: '1000' });
    expect(toAttributeValue({ kind: 'string', value: ' 42 ' }, 'N')).toEqual({ N: '42' });
    expect(toAttributeValue({ kind: 'string', value: '-0.0' }, 'N')).toEqual({ N: '0' });
    expect(
      toAttributeValue({ kind: 'number', value: '12345678901234567890123456789012345678' }, 'N'),
    ).toEqual({
      N: '12345678901234567890123456789012345678',
    });
  });

  it('N and BOOL: only ASCII whitespace around a text is skipped, as the input functions of Postgres skip it', () => {
    expect(toAttributeValue({ kind: 'string', value: '\t1.5\n' }, 'N')).toEqual({ N: '1.5' });
    expect(toAttributeValue({ kind: 'string', value: ' true\f' }, 'BOOL')).toEqual({ BOOL: true });
    // A no-break space, a BOM, an ideographic space: 22P02 in Postgres, the host's to raise.
    for (const space of ['\u00a0', '\ufeff', '\u3000']) {
      expect(toAttributeValue({ kind: 'string', value: `${space}1.5` }, 'N')).toBeNull();
      expect(toAttributeValue({ kind: 'string', value: `true${space}` }, 'BOOL')).toBeNull();
    }
  });

  it('N: not pushed when DynamoDB could not hold it or it is no number', () => {
    expect(toAttributeValue({ kind: 'number', value: '1'.repeat(39) }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'string', value: 'abc' }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'string', value: 'NaN' }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'boolean', value: true }, 'N')).toBeNull();
  });

  it('N: not pushed when numeric_in refuses its display scale (over 16383), though the value is 0 or 1', () => {
    expect(toAttributeValue({ kind: 'string', value: '0e-20000' }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'number', value: '0e-16384' }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'string', value: `1.${'0'.repeat(16384)}` }, 'N')).toBeNull();
    expect(toAttributeValue({ kind: 'number', value: '0e-16383' }, 'N')).toEqual({ N: '0' });
    expect(toAttributeValue({ kind: 'string', value: '0e+20000' }, 'N')).toEqual({ N: '0' });
    expect(toAttributeValue({ kind: 'string', value: `1.${'0'.repeat(16383)}` }, 'N')).toEqual({ N: '1' });
  });

  it('BOOL: boolean constants and the strings Postgres reads as booleans', () => {
    expect(toAttributeValue({ kind: 'boolean', value: true }, 'BOOL')).toEqual({ BOOL: true });
    expect(toAttributeValue({ kind: 'boolean', value: false }, 'BOOL')).toEqual({ BOOL: false });
    for (const t of ['t', 'true', 'TRUE', 'y', 'yes', 'on', '1', ' true ']) {
      expect(toAttributeValue({ kind: 'string', value: t }, 'BOOL')).toEqual({ BOOL: true });
    }
    for (const f of ['f', 'false', 'n', 'no', 'off', '0', 'OFF']) {
      expect(toAttributeValue({ kind: 'string', value: f }, 'BOOL')).toEqual({ BOOL: false });
    }
    expect(toAttributeValue({ kind: 'string', value: 'maybe' }, 'BOOL')).toBeNull();
    expect(toAttributeValue({ kind: 'number', value: '1' }, 'BOOL')).toBeNull();
  });
});

describe('pushTypeOf', () => {
  it('text types push as S only under a bytewise collation', () => {
    expect(pushTypeOf('text', 'C', false)).toBe('S');
    expect(pushTypeOf('text', 'POSIX', false)).toBe('S');
    expect(pushTypeOf('varchar', 'C', false)).toBe('S');
    expect(pushTypeOf('name', 'C', false)).toBe('S');
    expect(pushTypeOf('text', 'default', true)).toBe('S');
    expect(pushTypeOf('text', 'default', false)).toBeNull();
    expect(pushTypeOf('text', 'en_US', true)).toBeNull();
    expect(pushTypeOf('text', 'und-x-icu', true)).toBeNull();
    expect(pushTypeOf('varchar', 'default', false)).toBeNull();
  });

  it('integer and numeric types push as N; floats never', () => {
    for (const t of ['int2', 'int4', 'int8', 'numeric']) expect(pushTypeOf(t, null, true)).toBe('N');
    expect(pushTypeOf('float4', null, true)).toBeNull();
    expect(pushTypeOf('float8', null, true)).toBeNull();
  });

  it('numeric(p, s) and varchar(n) never push: the column holds the item rounded or cut', () => {
    // typmod: numeric(10, 2) is ((10 << 16) | 2) + 4, varchar(3) is 3 + 4; -1 is no modifier.
    expect(pushTypeOf('numeric', null, true, ((10 << 16) | 2) + 4)).toBeNull();
    expect(pushTypeOf('varchar', 'C', true, 7)).toBeNull();
    expect(pushTypeOf('numeric', null, true, -1)).toBe('N');
    expect(pushTypeOf('varchar', 'C', true, -1)).toBe('S');
    // Other types' modifiers change nothing they compare.
    expect(pushTypeOf('int4', null, true, 0)).toBe('N');
  });

  it('bool pushes as BOOL; padded, date/time, json and other types are residual', () => {
    expect(pushTypeOf('bool', null, true)).toBe('BOOL');
    for (const t of ['bpchar', 'date', 'timestamp', 'timestamptz', 'jsonb', 'json', 'uuid', '_text']) {
      expect(pushTypeOf(t, t === 'bpchar' ? 'C' : null, true)).toBeNull();
    }
  });
});

describe('attributeValueSql', () => {
  it('renders values as SQL literals for plans', () => {
    expect(attributeValueSql({ S: "it's" })).toBe("'it''s'");
    expect(attributeValueSql({ N: '-1.5' })).toBe('-1.5');
    expect(attributeValueSql({ BOOL: false })).toBe('false');
    expect(attributeValueSql({ NULL: true })).toBe('NULL');
  });
});
