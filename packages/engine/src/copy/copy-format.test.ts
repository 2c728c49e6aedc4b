import { describe, expect, it } from 'vitest';
import { loadWarmParser } from '../parse/parse';
import { copyFormat, copyShape } from './copy-format';

await loadWarmParser();

describe('copyShape', () => {
  it("reads a COPY's direction and format from the parse tree, not from words in its strings or comments", () => {
    expect(copyShape('COPY events FROM STDIN (format csv)')).toEqual({ format: 'csv', direction: 'from' });
    expect(copyShape('copy (select 1) to stdout')).toEqual({ format: 'text', direction: 'to' });
    expect(copyShape("copy (select 'from stdin' as a) to stdout")).toEqual({
      format: 'text',
      direction: 'to',
    });
    expect(copyShape('copy (select 1 as a) to stdout -- not from stdin')).toEqual({
      format: 'text',
      direction: 'to',
    });
    expect(copyShape("copy t to '/tmp/x'")).toBeNull();
    expect(copyShape('select 1')).toBeNull();
    expect(copyFormat('copy t to stdout (format dynamodb_json)')).toBe('dynamodb_json');
  });
});
