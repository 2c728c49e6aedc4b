import { EngineError, SqlState } from '../errors';

/**
 * A piece of COPY input that ends where a record ends, and how many lines it holds as Postgres counts
 * them (a record, plus each newline inside a quoted csv field).
 */
export interface RecordChunk {
  readonly bytes: Uint8Array;
  readonly lines: number;
}

/** How the input is quoted: text (backslash escapes) or csv (QUOTE and ESCAPE, one byte each). */
export type Quoting =
  { readonly kind: 'text' } | { readonly kind: 'csv'; readonly quote: number; readonly escape: number };

const NL = 0x0a;
const BACKSLASH = 0x5c;

/**
 * Cuts a COPY FROM input stream into chunks of about `chunkBytes` that end on a record boundary, so
 * each can go to the host's own COPY on its own: a newline inside a quoted csv field, or escaped by a
 * backslash in text, is data, not a boundary (the states of Postgres's CopyReadLineText). A record
 * longer than `maxRecordBytes` is refused (54000) instead of buffering the rest of the input.
 *   push('a,"x\ny"\nb,c\n') with csv → one chunk of 2 records
 */
export class RecordChunker {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Where, in `pending`, chunks end, and the line count of the input there. */
  private cuts: { at: number; lines: number }[] = [];
  /** The end of the last complete record in `pending`, and the input's line count there. */
  private boundary = 0;
  private boundaryLines = 0;
  /** Lines before `pending`'s first byte (in the chunks given out). */
  private given = 0;
  private records = 0;
  private lines = 0;
  /** Records after which a record spans more lines, and the extra lines up to them (see lineOf). */
  private readonly jumps: { record: number; extra: number }[] = [];
  private inQuote = false;
  private lastWasEscape = false;
  /** The first bytes of the record being read (up to 3) and its length: is it the `\.` end marker? */
  private head = '';
  private recordBytes = 0;
  /** The end-of-data marker was read: the rest of the input is not data (Postgres stops there). */
  private ended = false;
  /** ESCAPE when it differs from QUOTE, else -1: then the quote just toggles (as Postgres does). */
  private readonly escape: number;

  constructor(
    private readonly quoting: Quoting,
    private readonly chunkBytes: number,
    private readonly maxRecordBytes: number,
    private readonly context: () => string,
  ) {
    this.escape = quoting.kind === 'csv' && quoting.escape !== quoting.quote ? quoting.escape : -1;
  }

  /** The chunks `bytes` completes (none while the records buffered are short of `chunkBytes`). */
  push(bytes: Uint8Array): RecordChunk[] {
    if (this.ended) return [];
    const offset = this.pendingBytes;
    this.pending.push(bytes);
    this.pendingBytes += bytes.byteLength;
    const start = () => this.cuts.at(-1)?.at ?? 0;
    for (let i = 0; i < bytes.byteLength; i++) {
      const c = bytes[i]!;
      if (this.recordBytes++ < 3) this.head += String.fromCharCode(c);
      if (!this.step(c)) {
        // A newline in a quoted csv field is a line, not a record (Postgres counts it; text's escaped one it does not).
        if (c === NL && this.quoting.kind === 'csv') this.lines++;
        continue;
      }
      this.boundary = offset + i + 1;
      this.records++;
      const extra = ++this.lines - this.records;
      if (extra !== (this.jumps.at(-1)?.extra ?? 0)) this.jumps.push({ record: this.records, extra });
      this.boundaryLines = this.lines;
      const marker = this.head === '\\.\n' || (this.head === '\\.\r' && this.recordBytes === 4);
      const markerBytes = this.recordBytes;
      this.head = '';
      this.recordBytes = 0;
      if (marker) {
        // `\.` alone on a line ends the data, what follows dropped unread, as Postgres (15 to 17)
        // reads STDIN — in csv too, where psql sends it after the rows. The host's COPY reads a
        // file: it stops at the line in text, but takes it for a value in csv, so there it goes.
        this.ended = true;
        if (this.quoting.kind === 'csv') {
          this.boundary -= markerBytes;
          this.records--;
          this.boundaryLines = --this.lines;
        }
        const kept = Buffer.concat(this.pending).subarray(0, this.boundary);
        this.pending = kept.byteLength ? [kept] : [];
        this.pendingBytes = this.boundary;
        break;
      }
      if (this.boundary - start() >= this.chunkBytes)
        this.cuts.push({ at: this.boundary, lines: this.lines });
    }
    if (this.pendingBytes - this.boundary > this.maxRecordBytes) {
      throw new EngineError(
        SqlState.programLimitExceeded,
        `a COPY row is longer than ${this.maxRecordBytes} bytes`,
        {
          context: this.context() + `, line ${this.boundaryLines + 1}`,
          hint: 'is a quoted field left open?',
        },
      );
    }
    return this.cut();
  }

  /** The rest of the input at its end: null when nothing is left. */
  end(): RecordChunk | null {
    if (!this.pendingBytes) return null;
    // An unterminated last line is a line too (the host reports it if it is malformed).
    const lines = this.lines + (this.pendingBytes > this.boundary ? 1 : 0);
    const chunk = { bytes: Buffer.concat(this.pending), lines: lines - this.given };
    this.given = lines;
    this.pending = [];
    this.pendingBytes = this.boundary = 0;
    return chunk;
  }

  /** The input line (1-based, as Postgres counts) where record `n` (1-based) starts. */
  lineOf(n: number): number {
    let lo = 0;
    let hi = this.jumps.length;
    // The last jump after a record before n: the extra lines of the records before it.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.jumps[mid]!.record < n) lo = mid + 1;
      else hi = mid;
    }
    return n + (lo ? this.jumps[lo - 1]!.extra : 0);
  }

  /** One byte; true when it ends a record. */
  private step(c: number): boolean {
    if (this.quoting.kind === 'text') {
      if (this.lastWasEscape) {
        this.lastWasEscape = false;
        return false;
      }
      if (c === BACKSLASH) this.lastWasEscape = true;
      return c === NL;
    }
    // Postgres's CopyReadLineText: an escape counts inside quotes only, and only before a quote
    // (not the second of an escape-escape pair).
    if (this.inQuote && c === this.escape) this.lastWasEscape = !this.lastWasEscape;
    if (c === this.quoting.quote && !this.lastWasEscape) this.inQuote = !this.inQuote;
    if (c !== this.escape) this.lastWasEscape = false;
    return c === NL && !this.inQuote;
  }

  /** The chunks marked in `pending`; the rest stays pending. */
  private cut(): RecordChunk[] {
    if (!this.cuts.length) return [];
    const all = Buffer.concat(this.pending);
    let from = 0;
    const out = this.cuts.map((c) => {
      const chunk = { bytes: all.subarray(from, c.at), lines: c.lines - this.given };
      from = c.at;
      this.given = c.lines;
      return chunk;
    });
    const rest = all.subarray(from);
    this.pending = rest.byteLength ? [rest] : [];
    this.pendingBytes = rest.byteLength;
    this.boundary -= from;
    this.cuts = [];
    return out;
  }
}
