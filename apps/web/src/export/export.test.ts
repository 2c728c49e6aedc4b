import { describe, expect, it } from 'vitest';
import { toCsv } from './to-csv';
import { rowToTsv, toJson } from './to-json';
import { LosslessNumber } from '../api/lossless-json';

const columns = [
  { name: 'id', type: 'text' },
  { name: 'total', type: 'numeric' },
  { name: 'n', type: 'integer' },
  { name: 'attrs', type: 'jsonb' },
];

describe('toCsv', () => {
  it('writes a header, quotes when needed, NULL as empty, exact numbers', () => {
    const rows = [
      ['a,b', '12345678901234567890123456789012345678', 1, { q: 'x"y' }],
      [null, null, null, null],
      ['line\nbreak', '0.10', -2, [new LosslessNumber('1.000000000000000000001')]],
    ];
    expect(toCsv(columns, rows)).toBe(
      'id,total,n,attrs\r\n' +
        '"a,b",12345678901234567890123456789012345678,1,"{""q"":""x\\""y""}"\r\n' +
        ',,,\r\n' +
        '"line\nbreak",0.10,-2,[1.000000000000000000001]\r\n',
    );
  });
});

describe('toJson', () => {
  it('writes row objects with values as sent', () => {
    const json = toJson(columns.slice(0, 3), [['a', '1.50', 3]]);
    expect(JSON.parse(json)).toEqual([{ id: 'a', total: '1.50', n: 3 }]);
  });
  it('keeps jsonb digits and disambiguates duplicate names', () => {
    const json = toJson(
      [
        { name: 'x', type: 'jsonb' },
        { name: 'x', type: 'text' },
      ],
      [[{ big: new LosslessNumber('123456789012345678901234567890') }, null]],
    );
    expect(json).toContain('"big": 123456789012345678901234567890');
    expect(json).toContain('"x_2": null');
  });
});

describe('rowToTsv', () => {
  it('joins a row with tabs', () => {
    expect(rowToTsv(columns, ['a', '1', 2, { k: 1 }])).toBe('a\t1\t2\t{"k":1}');
  });
});
