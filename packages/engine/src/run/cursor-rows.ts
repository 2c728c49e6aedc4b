import { EngineError, SqlState } from '../errors';
import type { Cell } from '../types';
import type { CursorSpill } from './cursor-spill';
import type { PortalRows } from './portal-fetch';
import type { RowSource } from './row-source';

/** Rows a batch holds, and the full batches a scroll cursor keeps in memory (the rest are spilled). */
export const BATCH_ROWS = 256;
export const MEMORY_BATCHES = 4;

/**
 * A cursor's query as its FETCHes run it, forward and backward, over the rows its source (DynamoDB,
 * page by page) gives — as Postgres's Material node runs a scroll cursor's foreign scan. It stands
 * before row 1, on a row, or after the last (pos = rows + 1, once the source is done):
 *   run(forward, 3) at 0 → rows 1, 2, 3 (read from the source as they are first needed)
 *   run(backward, 2) at 3 → rows 2, 1 (read again from what the cursor keeps)
 * A scroll cursor (`spill` given) keeps the rows it read in batches of BATCH_ROWS: the last
 * MEMORY_BATCHES used in memory, the others in the host (cursor-spill.ts), read back when it scrolls
 * to them — its memory stays bounded however far it reads. A NO SCROLL one keeps none behind it.
 */
export class CursorRows implements PortalRows {
  private readonly batches = new Map<number, Cell[][]>();
  private readonly spilled = new Set<number>();
  /**
   * Spilled batches a rollback could undo while the cursor lives on (written in a savepoint it was
   * declared before, or in a block a WITH HOLD cursor outlives): kept in memory too, with the
   * savepoint depth they were written at, until that can no longer happen (settle) or it did (restore).
   */
  private readonly pinned = new Map<number, { rows: Cell[][]; depth: number }>();
  /** The depth a spill written now is at risk at (see pinned); null when no rollback can undo it. */
  writeDepth: number | null = null;
  private length = 0;
  private done = false;
  private pos = 0;
  signal: AbortSignal | undefined;

  constructor(
    private readonly source: RowSource,
    private readonly spill: CursorSpill | null,
    private readonly sizes = { batchRows: BATCH_ROWS, memoryBatches: MEMORY_BATCHES },
  ) {}

  async run(forward: boolean, count: number, keep: boolean): Promise<{ rows: Cell[][]; processed: number }> {
    if (forward) {
      const target = count === 0 ? Infinity : this.pos + count;
      // A NO SCROLL cursor's MOVE keeps none of the rows it passes: each page goes once read.
      await this.fill(target, !keep && !this.spill);
      const n = Math.max(0, Math.min(target, this.length) - this.pos);
      const rows = keep ? await this.slice(this.pos + 1, this.pos + n) : [];
      this.pos += n;
      if (count === 0 || n < count) this.pos = this.length + 1;
      if (!this.spill) this.forgetBefore(this.pos);
      return { rows, processed: n };
    }
    const n = Math.max(0, count === 0 ? this.pos - 1 : Math.min(count, this.pos - 1));
    const rows = keep ? (await this.slice(this.pos - n, this.pos - 1)).reverse() : [];
    this.pos -= n;
    if (count === 0 || n < count) this.pos = 0;
    return { rows, processed: n };
  }

  rewind(): void {
    this.pos = 0;
  }

  /**
   * Savepoints were released down to `depth` (the writes in them now belong to the one before), and
   * a rollback can no longer undo writes at `safeDepth` or less (Infinity: the block committed).
   */
  settle(depth: number, safeDepth: number): void {
    for (const [index, pin] of this.pinned) {
      pin.depth = Math.min(pin.depth, depth);
      if (pin.depth <= safeDepth) this.pinned.delete(index);
    }
  }

  /**
   * A rollback left `depth` savepoints open (-1: it ended the block): the batches it undid are written
   * again, at risk now at `depth` still (or not at all, outside the block: `writeDepth` says).
   */
  async restore(depth: number): Promise<void> {
    const lost = [...this.pinned].filter(([, pin]) => pin.depth >= depth);
    if (!lost.length || !this.spill) return;
    this.spill.forgetPlace();
    for (const [index, pin] of lost) {
      // Where the host cannot take it now (an aborted block), it stays in memory.
      const written = await this.spill.write(index, pin.rows).then(
        () => true,
        () => false,
      );
      if (written && this.writeDepth === null) this.pinned.delete(index);
      else if (written) pin.depth = this.writeDepth!;
    }
  }

  /** Deletes what the cursor spilled to the host and closes its source. */
  async close(): Promise<void> {
    this.batches.clear();
    await this.spill?.drop();
    await this.source.close();
  }

  /** The rows the cursor holds in memory now (those spilled to the host not counted). */
  get held(): number {
    let n = 0;
    for (const batch of this.batches.values()) n += batch.length;
    for (const [index, pin] of this.pinned) if (!this.batches.has(index)) n += pin.rows.length;
    return n;
  }

  /**
   * Reads the source until it has `target` rows (Infinity: all) or is done; `passing`: every row read
   * is one the cursor passes and never reads again (a NO SCROLL cursor's MOVE), let go once read —
   * its batches as they fill: memory holds one page and a batch however far it moves.
   */
  private async fill(target: number, passing = false): Promise<void> {
    const { batchRows } = this.sizes;
    while (!this.done && this.length < target) {
      const want = Math.min(target - this.length, batchRows);
      const page = await this.source.next(want, this.signal);
      for (const row of page.rows) await this.append(row);
      this.done = page.done;
      if (passing) this.forgetBefore(this.length);
    }
  }

  private async append(row: Cell[]): Promise<void> {
    const index = Math.floor(this.length / this.sizes.batchRows);
    const batch = this.batches.get(index) ?? [];
    if (!batch.length) this.batches.set(index, batch);
    batch.push(row);
    this.length++;
    if (batch.length === this.sizes.batchRows) await this.trim(index);
  }

  /** Rows `from`..`to` (1-based, inclusive), from memory or read back from the host. */
  private async slice(from: number, to: number): Promise<Cell[][]> {
    const { batchRows } = this.sizes;
    const rows: Cell[][] = [];
    for (let at = from; at <= to;) {
      const index = Math.floor((at - 1) / batchRows);
      const batch = await this.batch(index);
      const start = at - 1 - index * batchRows;
      const end = Math.min(to - index * batchRows, batch.length);
      rows.push(...batch.slice(start, end));
      at = index * batchRows + end + 1;
    }
    return rows;
  }

  private async batch(index: number): Promise<Cell[][]> {
    const held = this.batches.get(index);
    if (held) {
      // The most recently used last: the first in the map are let go first.
      this.batches.delete(index);
      this.batches.set(index, held);
      return held;
    }
    const pinned = this.pinned.get(index);
    if (pinned) return pinned.rows;
    const read = await this.spill?.read(index);
    if (!read)
      throw new EngineError(
        SqlState.objectNotInPrerequisiteState,
        'the rows this cursor read before a rollback are gone',
        {
          detail:
            'A scroll cursor over foreign tables keeps the rows it read in a temp table, which the ROLLBACK emptied.',
        },
      );
    this.batches.set(index, read);
    await this.trim(index);
    return read;
  }

  /** Lets full batches go, least recently used first, beyond MEMORY_BATCHES (`using` stays). */
  private async trim(using: number): Promise<void> {
    if (!this.spill) return;
    // The batch still filling stays until it is full (or the source is done).
    const filling = this.done ? -1 : Math.floor(this.length / this.sizes.batchRows);
    const full = [...this.batches.keys()].filter((i) => i !== filling);
    let held = full.length;
    for (const index of full) {
      if (held <= this.sizes.memoryBatches) break;
      if (index === using) continue;
      if (!this.spilled.has(index)) {
        const rows = this.batches.get(index)!;
        await this.spill.write(index, rows);
        this.spilled.add(index);
        if (this.writeDepth !== null) this.pinned.set(index, { rows, depth: this.writeDepth });
      }
      this.batches.delete(index);
      held--;
    }
  }

  /** A NO SCROLL cursor never goes back: the batches wholly before row `pos` go. */
  private forgetBefore(pos: number): void {
    const { batchRows } = this.sizes;
    for (const index of [...this.batches.keys()])
      if ((index + 1) * batchRows <= pos) this.batches.delete(index);
  }
}
