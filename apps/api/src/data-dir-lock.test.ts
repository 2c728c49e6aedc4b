import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';

const dir = mkdtempSync(join(tmpdir(), 'dynascope-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('refuses a directory a live process holds, takes over a stale lock, and releases', () => {
    writeFileSync(join(dir, 'dynascope.lock'), `${process.ppid}\n`); // a live process that is not us
    expect(() => lockDataDir(dir)).toThrow(/another Dynascope server \(pid \d+\) is using/);

    writeFileSync(join(dir, 'dynascope.lock'), '2147483646\n'); // no such process
    const lock = lockDataDir(dir);
    lock.release();
    lockDataDir(dir).release();
  });
});
