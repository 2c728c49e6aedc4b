import { describe, expect, it } from 'vitest';
import { countRecords, NO_RECORDS } from './record-counter';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('countRecords', () => {
  it('counts lines of text and DynamoDB JSON', () => {
    const one = countRecords(NO_RECORDS, bytes('a\tb\nc\\nd\t\\N\n{"x'), 'text');
    expect(one.records).toBe(2);
    expect(countRecords(one, bytes('"}\n'), 'dynamodb_json').records).toBe(3);
  });
  it('does not end a CSV record at a newline inside quotes, across chunks', () => {
    const first = countRecords(NO_RECORDS, bytes('id,note\n1,"a\n""b'), 'csv');
    expect(first).toEqual({ records: 1, inQuotes: true });
    expect(countRecords(first, bytes('"" c"\n2,x\n'), 'csv')).toEqual({ records: 3, inQuotes: false });
  });
});
