import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Held while a server uses a data directory; `release()` on shutdown. */
export interface DataDirLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One server per data directory: PGlite and LevelDB must not be opened by two processes at once.
 * A lock file holds the owner's pid; a lock whose process is gone is taken over. The directory is
 * made when it is not there yet (a first start).
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'dynascope.lock');
  try {
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new Error(
        `another Dynascope server (pid ${owner}) is using ${dataDir}; stop it or set DYNASCOPE_DATA_DIR`,
        { cause: err },
      );
    }
    writeFileSync(file, `${process.pid}\n`);
  }
  return {
    release: () => rmSync(file, { force: true }),
  };
}
