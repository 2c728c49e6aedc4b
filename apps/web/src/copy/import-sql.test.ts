import { describe, expect, it } from 'vitest';
import { headerColumns, importOptionsFor, importSql } from './import-sql';

const users = { schema: 'public', name: 'users' };

describe('importOptionsFor', () => {
  it('guesses the format from the file name', () => {
    expect(importOptionsFor('users.csv')).toEqual({ format: 'csv', header: true, delimiter: ',' });
    expect(importOptionsFor('export.JSON')).toEqual({
      format: 'dynamodb_json',
      header: false,
      delimiter: '',
    });
    expect(importOptionsFor('dump.tsv')).toEqual({ format: 'text', header: false, delimiter: '\t' });
    expect(importOptionsFor('noextension')).toMatchObject({ format: 'csv' });
  });
});

describe('headerColumns', () => {
  it('splits a csv header as COPY would, quotes and all', () => {
    expect(headerColumns('id,"full, name","say ""hi"""\r', importOptionsFor('a.csv'))).toEqual([
      'id',
      'full, name',
      'say "hi"',
    ]);
    expect(headerColumns('a;b', { format: 'csv', header: true, delimiter: ';' })).toEqual(['a', 'b']);
    expect(headerColumns('a\tb', importOptionsFor('a.txt'))).toEqual(['a', 'b']);
  });
});

describe('importSql', () => {
  it('takes the header as the column list', () => {
    expect(importSql(users, importOptionsFor('u.csv'), 'user_id,name,userId')).toBe(
      'copy public.users (user_id, name, "userId") from stdin (format csv, header true)',
    );
  });

  it('writes a delimiter other than the format’s own as a literal', () => {
    expect(importSql(users, { format: 'csv', header: false, delimiter: ';' }, null)).toBe(
      "copy public.users from stdin (format csv, delimiter E';')",
    );
    expect(importSql(users, { format: 'text', header: false, delimiter: '\t' }, null)).toBe(
      'copy public.users from stdin (format text)',
    );
    expect(importSql(users, { format: 'text', header: false, delimiter: "'" }, null)).toBe(
      "copy public.users from stdin (format text, delimiter E'''')",
    );
  });

  it('copies whole items in DynamoDB JSON', () => {
    expect(importSql({ schema: 'My Schema', name: 'events' }, importOptionsFor('e.json'), null)).toBe(
      'copy "My Schema".events from stdin (format dynamodb_json)',
    );
  });
});
