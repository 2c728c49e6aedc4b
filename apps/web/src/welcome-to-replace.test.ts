import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot, CatalogTable } from './api/wire';
import { foreignTable } from './test-support/catalog-fixtures';
import { NO_DEMO_WELCOME_SQL, WELCOME_SQL } from './welcome-sql';
import { welcomeToReplace } from './welcome-to-replace';

const table = (schema: string, name: string) => foreignTable(schema, name);
const catalogOf = (...tables: CatalogTable[]): CatalogSnapshot => ({ schemas: [], servers: [], tables });
const welcome = [{ id: 't1', title: 'Query 1', sql: WELCOME_SQL }];

describe('welcomeToReplace', () => {
  it('replaces the untouched demo welcome on a server without the demo tables (DYNASCOPE_DEMO=0)', () => {
    expect(welcomeToReplace(welcome, catalogOf())).toBe('t1');
    // Another server's tables are not the demo's.
    expect(welcomeToReplace(welcome, catalogOf(table('prod', 'users'), table('public', 'users')))).toBe('t1');
  });

  it('keeps it while the catalog is loading, on the demo, and once edited', () => {
    expect(welcomeToReplace(welcome, null)).toBeNull();
    expect(
      welcomeToReplace(welcome, catalogOf(table('public', 'users'), table('public', 'events'))),
    ).toBeNull();
    expect(welcomeToReplace([{ ...welcome[0]!, sql: `${WELCOME_SQL}\nselect 1;` }], catalogOf())).toBeNull();
  });

  it('the text without the demo runs nothing and points to adding a server', () => {
    const statements = NO_DEMO_WELCOME_SQL.split('\n').filter((l) => l.trim() && !l.startsWith('--'));
    expect(statements).toEqual([]);
    expect(NO_DEMO_WELCOME_SQL).toContain('the + beside SERVERS');
    expect(NO_DEMO_WELCOME_SQL).not.toMatch(/\bfrom (users|events)\b/);
  });
});
