import { describe, expect, it } from 'vitest';
import { vaultHolder } from './holder-writes';

describe('vaultHolder', () => {
  const key = Buffer.alloc(32, 7);

  it('is the same for one token under one vault key (processes of the token, and restarts), and never the token', () => {
    const holder = vaultHolder(key, 'a-token-of-24-characters');
    expect(holder).toMatch(/^[0-9a-f]{64}$/);
    expect(vaultHolder(key, 'a-token-of-24-characters')).toBe(holder);
    expect(holder).not.toContain('a-token');
  });

  it('differs by token and by vault key: a weak token cannot be guessed from it without the key', () => {
    const holder = vaultHolder(key, 'token-a');
    expect(vaultHolder(key, 'token-b')).not.toBe(holder);
    expect(vaultHolder(Buffer.alloc(32, 8), 'token-a')).not.toBe(holder);
  });

  it('is a holder of its own for a process given no token', () => {
    const a = vaultHolder(key, undefined);
    expect(a).toMatch(/^process [0-9a-f]{32}$/);
    expect(vaultHolder(key, undefined)).not.toBe(a);
  });
});
