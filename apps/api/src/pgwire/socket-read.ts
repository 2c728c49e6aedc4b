import { once } from 'node:events';
import type { Readable } from 'node:stream';

/** The next `n` bytes a client sends (the stream read in paused mode), or null when it closes first. */
export async function readBytes(socket: Readable, n: number): Promise<Buffer | null> {
  for (;;) {
    const bytes = socket.read(n) as Buffer | null;
    if (bytes) return bytes;
    if (socket.readableEnded || socket.destroyed) return null;
    await Promise.race([once(socket, 'readable'), once(socket, 'close')]);
  }
}
