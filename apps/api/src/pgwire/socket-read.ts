import type { Readable } from 'node:stream';

/**
 * The next `n` bytes a client sends, or null when it ends or closes first. The socket flows while
 * they come and is paused after, what came beyond them put back. (A paused-mode `read(n)` short of
 * `n` bytes makes the stream emit 'readable' again at once: waiting on it spun without I/O while a
 * client had sent part of a packet.)
 */
export function readBytes(socket: Readable, n: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let have = 0;
    const stop = (bytes: Buffer | null, rest?: Buffer) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.pause();
      if (rest?.length) socket.unshift(rest);
      resolve(bytes);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have < n) return;
      const all = Buffer.concat(chunks);
      stop(all.subarray(0, n), all.subarray(n));
    };
    const onEnd = () => stop(null);
    if (socket.readableEnded || socket.destroyed) return resolve(null);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.resume();
  });
}
