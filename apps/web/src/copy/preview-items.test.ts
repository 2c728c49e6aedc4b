import { describe, expect, it } from 'vitest';
import { attributeText, previewTable } from './preview-items';

describe('previewTable', () => {
  it('lists attributes in order of first appearance; a missing one is null, not NULL', () => {
    expect(
      previewTable([
        { id: { S: 'u1' }, n: { N: '12345678901234567890123456789012345678' } },
        { id: { S: 'u2' }, gone: { NULL: true } },
      ]),
    ).toEqual({
      columns: ['id', 'n', 'gone'],
      rows: [
        ['u1', '12345678901234567890123456789012345678', null],
        ['u2', null, 'NULL'],
      ],
    });
  });
});

describe('attributeText', () => {
  it('writes each DynamoDB type as text', () => {
    expect(attributeText({ BOOL: false })).toBe('false');
    expect(attributeText({ B: 'AQI=' })).toBe('AQI=');
    expect(attributeText({ SS: ['a', 'b'] })).toBe('{a, b}');
    expect(attributeText({ NS: ['1', '2.5'] })).toBe('{1, 2.5}');
    expect(attributeText({ L: [{ N: '1' }, { S: 'x' }, { NULL: true }] })).toBe('["1","x",null]');
    expect(attributeText({ M: { a: { BOOL: true }, b: { M: { c: { S: 'd' } } } } })).toBe(
      '{"a":true,"b":{"c":"d"}}',
    );
  });
});
