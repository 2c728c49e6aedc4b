import { describe, expect, it } from 'vitest';
import { StatementPuts } from './statement-puts';

describe('StatementPuts', () => {
  it('fails a key a second write of the statement puts, not one write putting its own keys again', () => {
    const puts = new StatementPuts();
    const [first, second] = [{}, {}];
    puts.claim(first, 's', 'tbl', 't', [{ id: { S: 'k' } }]);
    puts.claim(first, 's', 'tbl', 't', [{ id: { S: 'k' } }]);
    // Another table, or another server's table of that name, is another item.
    puts.claim(second, 's', 'other', 't', [{ id: { S: 'k' } }]);
    puts.claim(second, 's2', 'tbl', 't', [{ id: { S: 'k' } }]);
    puts.claim(second, 's', 'tbl', 't', [{ id: { S: 'j' } }]);
    expect(() => puts.claim(second, 's', 'tbl', 't', [{ id: { S: 'k' } }])).toThrow(
      expect.objectContaining({ sqlstate: '23505', message: 'duplicate key value violates the key of "t"' }),
    );
  });
});
