import { JsonText } from '@dynascope/engine';
import { describe, expect, it } from 'vitest';
import { rowValues } from './row-values';
import { Oid } from './type-oids';

describe('rowValues', () => {
  const names = ['b', 'f', 'j', 'n', 'i', 't'];
  // A float cell is the host's text: the wire runs statements with floatsAsText.
  const row = [true, '1e+15', new JsonText('{"a": 1.50}'), '12345678901234567890.5', 7, null];

  it('writes Postgres text output in text format', () => {
    const fields = names.map((name, i) => ({
      name,
      typeOid: [16, 701, 3802, 1700, 23, 25][i]!,
      format: 0 as const,
    }));
    expect(rowValues(row, fields).map((v) => v?.toString() ?? null)).toEqual([
      't',
      '1e+15',
      '{"a": 1.50}',
      '12345678901234567890.5',
      '7',
      null,
    ]);
  });

  it('writes the binary form of the columns asked in binary', () => {
    const fields = [
      { name: 'b', typeOid: Oid.bool, format: 1 as const },
      { name: 'f', typeOid: Oid.float8, format: 1 as const },
      { name: 'j', typeOid: Oid.jsonb, format: 0 as const },
      { name: 'n', typeOid: Oid.numeric, format: 0 as const },
      { name: 'i', typeOid: Oid.int4, format: 1 as const },
      { name: 't', typeOid: Oid.text, format: 1 as const },
    ];
    const values = rowValues(row, fields);
    expect(values[0]!.toString('hex')).toBe('01');
    expect(values[1]!.readDoubleBE(0)).toBe(1e15);
    expect(values[4]!.toString('hex')).toBe('00000007');
    expect(values[5]).toBeNull();
  });

  it('reads dates in the DateStyle the session reports', () => {
    const fields = [{ name: 'd', typeOid: Oid.date, format: 1 as const }];
    const hex = (text: string, DateStyle?: string) =>
      rowValues([text], fields, DateStyle ? { DateStyle } : {})[0]!.toString('hex');
    expect(hex('02/01/2000', 'SQL, DMY')).toBe('00000001');
    expect(hex('02/01/2000', 'SQL, MDY')).toBe('0000001f');
    expect(hex('01-02-2000', 'Postgres, DMY')).toBe('0000001f');
    expect(hex('01.02.2000')).toBe('0000001f');
    expect(() => hex('02/01/2000')).toThrow(expect.objectContaining({ sqlstate: '0A000' }));
  });
});
