import { describe, expect, it } from 'vitest';
import { executeSql, prepareSql } from './prepared-sql';
import { Oid } from './type-oids';
import { UTF8 } from './client-encoding';

describe('prepared SQL', () => {
  it('prepares with the declared types, open ones (0) as unknown', () => {
    expect(prepareSql('__dsw1_1', 'select $1, $2', [Oid.int4, 0])).toEqual({
      sql: 'prepare __dsw1_1 (integer, unknown) as select $1, $2',
      prefix: 'prepare __dsw1_1 (integer, unknown) as '.length,
    });
    expect(prepareSql('__dsw1_2', 'select 1', []).sql).toBe('prepare __dsw1_2 as select 1');
  });

  it('executes with text and binary values as literals, NULL as NULL', () => {
    const int4 = Buffer.alloc(4);
    int4.writeInt32BE(-7);
    expect(
      executeSql(
        '__dsw1_1',
        [Buffer.from("it's"), int4, null],
        [0, 1, 0],
        [Oid.text, Oid.int4, Oid.text],
        UTF8,
      ),
    ).toBe(`execute __dsw1_1('it''s', '-7', NULL)`);
    expect(executeSql('__dsw1_2', [], [], [], UTF8)).toBe('execute __dsw1_2');
  });
});
