import { describe, expect, it } from 'vitest';
import { exportFileName, exportSql, wholeTableOf } from './export-sql';

describe('wholeTableOf', () => {
  it('names the table of a plain select *', () => {
    expect(wholeTableOf('select * from events')).toBe('events');
    expect(wholeTableOf('SELECT * FROM public.events;')).toBe('public.events');
    expect(wholeTableOf('select * from "My Table" -- all')).toBe('"My Table"');
  });
  it('is null for anything else', () => {
    expect(wholeTableOf('select * from events where kind = 1')).toBeNull();
    expect(wholeTableOf('select a from events')).toBeNull();
    expect(wholeTableOf('select * from events limit 5')).toBeNull();
    expect(wholeTableOf('select * from a, b')).toBeNull();
  });
});

describe('exportSql', () => {
  it('wraps the statement in COPY (...) TO STDOUT', () => {
    expect(exportSql('select a from t -- note', 'csv')).toBe(
      'copy (\nselect a from t -- note\n) to stdout with (format csv, header)',
    );
    expect(exportSql('select a from t;', 'text')).toBe(
      'copy (\nselect a from t\n) to stdout with (format text)',
    );
  });
  it('copies the table itself for DynamoDB JSON', () => {
    expect(exportSql('select * from public.events', 'dynamodb_json')).toBe(
      'copy public.events to stdout (format dynamodb_json)',
    );
    expect(() => exportSql('select a from t', 'dynamodb_json')).toThrow(/select \*/);
  });
});

describe('exportFileName', () => {
  const at = new Date('2026-11-30T12:01:02Z');
  it('stamps the file and names the table for DynamoDB JSON', () => {
    expect(exportFileName('select 1', 'csv', at)).toBe('dynascope-2026-11-30-12-01-02.csv');
    expect(exportFileName('select 1', 'text', at)).toBe('dynascope-2026-11-30-12-01-02.txt');
    expect(exportFileName('select * from "Ev"', 'dynamodb_json', at)).toBe('Ev-2026-11-30-12-01-02.json');
  });
});
