import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fails, ok, openTestEngine } from '../support/harness';

/**
 * A conversion of text out of UTF8 hung the embedded PGlite: `convert_to('é', 'LATIN1')` answered
 * nothing and the host's next statement never returned, so every session waited on it. The engine
 * refuses them (host/encoding-policy.ts); the host goes on serving.
 */
describe('a conversion of text out of UTF8', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openTestEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('is refused with 0A000, and the host goes on answering', async () => {
    for (const sql of [
      "select convert_to('é', 'LATIN1')",
      "select set_config('client_encoding', 'LATIN1', false)",
      "copy (select 'é' as e) to stdout (encoding 'latin1')",
    ]) {
      const error = await fails(engine, sql);
      expect({ sql, sqlstate: error.sqlstate }).toEqual({ sql, sqlstate: '0A000' });
      const [answer] = await ok(engine, "select 'é' as e, convert_from('\\xe9'::bytea, 'LATIN1') as f");
      expect(answer!.rows).toEqual([['é', 'é']]);
    }
  });
});
