import { randomUUID } from 'node:crypto';
import { LRUCache, type Perf } from 'lru-cache';
import { EngineError, SqlState } from '../errors';
import type { RowSource } from '../run/row-source';
import type { NextPage } from '../types';
import { keepRest, type KeepLimits } from './kept-rows';

export interface CursorOptions {
  /** How long an idle cursor lives. */
  readonly ttlMs: number;
  /** How many open cursors at most; the least recently used is closed beyond it. */
  readonly max: number;
  /** The clock idle time is measured on (tests); `performance` by default. */
  readonly clock?: Perf;
}

/**
 * The open cursors of a session, each a statement's row source still holding rows. A cursor idle for
 * `ttlMs` expires, and beyond `max` the least recently used is closed; either way its source is closed
 * before the call that noticed returns. A source that reached its end or failed is not kept.
 */
export class Cursors {
  private readonly open: LRUCache<string, RowSource>;
  /** When each source's statement started its statement_timeout clock. */
  private readonly clocks = new WeakMap<RowSource, number>();
  /** Sources the cache let go of (expired or evicted), being closed. */
  private closing: Promise<void>[] = [];

  constructor(options: CursorOptions) {
    this.open = new LRUCache<string, RowSource>({
      max: Math.max(1, options.max),
      ttl: options.ttlMs,
      // A clock read per lookup costs less than the timer lru-cache would set to save it.
      ttlResolution: 0,
      ...(options.clock && { perf: options.clock }),
      // Deleted by a caller: the caller closes (or not, at the end). Expired or evicted: closed here.
      dispose: (source, _id, reason) => {
        if (reason === 'expire' || reason === 'evict')
          this.closing.push(source.close().catch(() => undefined));
      },
    });
  }

  /** When the statement that opened a cursor started its statement_timeout clock. */
  clockStart(id: string): number | undefined {
    const source = this.open.peek(id);
    return source && this.clocks.get(source);
  }

  get size(): number {
    return this.open.size;
  }

  /**
   * Keeps a source that still holds rows; its id is the cursor. `clockStart`: when its statement's
   * statement_timeout clock started (performance.now()), for pages read as part of that statement.
   */
  async register(source: RowSource, clockStart?: number): Promise<string> {
    this.open.purgeStale();
    const id = randomUUID();
    this.open.set(id, source);
    if (clockStart !== undefined) this.clocks.set(source, clockStart);
    await this.settle();
    return id;
  }

  /** The cursor's next page (`cursor: null` once it is done); a cursor that is done or fails is forgotten. */
  async next(id: string, pageSize: number, signal?: AbortSignal): Promise<NextPage> {
    this.open.purgeStale();
    await this.settle();
    const source = this.open.get(id);
    if (!source)
      throw new EngineError(SqlState.invalidCursorName, `cursor "${id}" does not exist or has expired`);
    try {
      const page = await source.next(pageSize, signal);
      // A finished source has released what it held; one with rows left is kept for another ttl.
      if (page.done) this.open.delete(id);
      else this.open.set(id, source);
      return { rows: page.rows, cursor: page.done ? null : id, consumedRcu: page.consumedRcu };
    } catch (e) {
      this.open.delete(id);
      await source.close().catch(() => undefined);
      throw e;
    }
  }

  /**
   * Reads the rest of a cursor's rows into memory (session/kept-rows.ts), so that what writes next
   * cannot change them; false past `limits` (the cursor then answers the rows read and reads on). A
   * cursor that fails is closed, its error thrown.
   */
  async keep(id: string, limits: KeepLimits, signal?: AbortSignal): Promise<boolean> {
    const source = this.open.get(id);
    if (!source) return true;
    try {
      const kept = await keepRest(source, limits, signal);
      const clock = this.clocks.get(source);
      this.open.set(id, kept.source);
      if (clock !== undefined) this.clocks.set(kept.source, clock);
      return kept.kept;
    } catch (e) {
      this.open.delete(id);
      await source.close().catch(() => undefined);
      throw e;
    }
  }

  /** Closes a cursor (nothing happens for an unknown one); the source's error, if any, is thrown. */
  async close(id: string): Promise<void> {
    const source = this.open.peek(id, { allowStale: true });
    this.open.delete(id);
    await source?.close();
  }

  /** Closes every cursor. */
  async closeAll(): Promise<void> {
    this.open.purgeStale();
    const sources = [...this.open.values()];
    this.open.clear();
    for (const s of sources) await s.close().catch(() => undefined);
    await this.settle();
  }

  private async settle(): Promise<void> {
    const closing = this.closing;
    this.closing = [];
    await Promise.all(closing);
  }
}
