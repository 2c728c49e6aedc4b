import type { ClientEncoding } from './client-encoding';

/** How many bytes of CopyData wait for the engine before the connection stops reading more. */
const HIGH_WATER = 1 << 20;

/**
 * The CopyData of a `COPY ... FROM STDIN` as the body the engine's copyFrom reads while it arrives:
 * `push` waits while a megabyte is unread (the client is not read faster than the engine writes),
 * `end` at CopyDone, `fail` at CopyFail; once the engine stops reading (`abandon`), data is dropped.
 */
export class CopyInStream implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private error: Error | null = null;
  private abandoned = false;
  private wakeReader: (() => void) | null = null;
  private wakeWriter: (() => void) | null = null;

  async push(chunk: Uint8Array): Promise<void> {
    if (this.abandoned) return;
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
    this.wake();
    while (this.buffered > HIGH_WATER && !this.abandoned)
      await new Promise<void>((r) => (this.wakeWriter = r));
  }

  /**
   * A CopyData of the client's, in its client encoding: pushed as UTF-8 (client-encoding.ts toUtf8).
   * Bytes that are none of the encoding fail the COPY (22021, 22P05) as Postgres's conversion does.
   */
  pushConverted(chunk: Uint8Array, encoding: ClientEncoding): Promise<void> {
    let utf8: Uint8Array;
    try {
      utf8 = encoding.toUtf8(chunk);
    } catch (e) {
      this.fail(e as Error);
      return Promise.resolve();
    }
    return this.push(utf8);
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    this.error = error;
    this.wake();
  }

  /** The reader has stopped (done or failed): nothing waits for it any more. */
  abandon(): void {
    this.abandoned = true;
    this.chunks.length = 0;
    this.buffered = 0;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.error) throw this.error;
      const chunk = this.chunks.shift();
      if (chunk) {
        this.buffered -= chunk.byteLength;
        this.wakeWriter?.();
        this.wakeWriter = null;
        yield chunk;
      } else if (this.ended || this.abandoned) return;
      else await new Promise<void>((r) => (this.wakeReader = r));
    }
  }

  private wake(): void {
    this.wakeReader?.();
    this.wakeReader = null;
    if (this.abandoned) {
      this.wakeWriter?.();
      this.wakeWriter = null;
    }
  }
}
