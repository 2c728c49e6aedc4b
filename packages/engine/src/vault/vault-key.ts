import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The vault's 256-bit key, kept outside the catalog: `DYNASCOPE_VAULT_KEY` (64 hex chars, 44 base64
 * chars, or any passphrase, hashed), else a 0600 file `vault.key` in the data directory.
 */
export function loadVaultKey(dataDir: string | undefined, fromEnv = process.env.DYNASCOPE_VAULT_KEY): Buffer {
  if (fromEnv) return keyFromString(fromEnv);
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, 'vault.key');
  if (existsSync(file)) return keyFromString(readFileSync(file, 'utf8').trim());
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

function keyFromString(text: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return Buffer.from(text, 'base64');
  return createHash('sha256').update(text, 'utf8').digest();
}
