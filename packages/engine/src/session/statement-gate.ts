import { EngineError, cancelledError } from '../errors';

const ONE_CONNECTION =
  'the embedded Postgres has one connection for every session: a transaction block keeps the others out while it is open';

/**
 * Which sessions' statements may run now, when sessions share one host connection (PGlite). Outside
 * transaction blocks every session runs at once (the host lock takes their host calls in turn).
 * A transaction block is its session's alone: a statement that opens one (BEGIN, START TRANSACTION)
 * first waits for the statements other sessions have running, and other sessions' statements wait
 * for the block's end. Either wait lasts `waitMs` at most, then fails with 55P03; a cancelled
 * request stops waiting (57014).
 *
 *   A: select count(*) from big (running)   B: select ... where id = 1 → runs beside it
 *   A: begin (waits for B's statement)      B: select 1 → waits for A's commit, or 55P03 after waitMs
 */
export class StatementGate<S> {
  /** Sessions with a statement running (between `enter` and `leave`). */
  private readonly running = new Set<S>();
  /** The session whose transaction block is open. */
  private owner: S | null = null;
  /** The session waiting for the others' statements to end before it opens a block. */
  private opener: S | null = null;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly waitMs: number) {}

  /** Whose transaction block is open (null: none). */
  get blockOwner(): S | null {
    return this.owner;
  }

  /** A statement (or request) of `session` starts: it waits while another session has a block open or opening. */
  async enter(session: S, signal: AbortSignal | undefined): Promise<void> {
    await this.until(
      () => this.free(session),
      () => this.running.add(session),
      signal,
      blockOpen,
    );
  }

  /**
   * A request of no session (the engine's own call: engine.ts outsideBlocks) starts at once, beside an
   * open block: a BEGIN waits for it as for a statement, and so does drain.
   */
  track(request: S): void {
    this.running.add(request);
  }

  /**
   * `session`, whose block is open, waits until nothing else is running (only tracked requests can be):
   * a key change in its block waits for the engine's own calls that read the keys as they stood.
   */
  async drain(session: S, signal: AbortSignal | undefined): Promise<void> {
    await this.until(
      () => [...this.running].every((s) => s === session),
      () => undefined,
      signal,
      () =>
        new EngineError('55P03', "the engine's own calls to DynamoDB are running", {
          hint: `${ONE_CONNECTION}: a change of server keys in a block waits for them; run it again`,
        }),
    );
  }

  /** `session`'s request ended, its transaction block open (`inBlock`) or not. */
  leave(session: S, inBlock: boolean): void {
    this.running.delete(session);
    this.settle(session, inBlock);
  }

  /** Whether `session` has a transaction block open, as the host says after each of its statements. */
  settle(session: S, inBlock: boolean): void {
    if (inBlock) this.owner = session;
    else if (this.owner === session) this.owner = null;
    this.wake();
  }

  /**
   * `session` (running) is about to open a transaction block: it waits until no other session has a
   * statement running (others that come meanwhile wait behind it), then the block is its own.
   */
  async open(session: S, signal: AbortSignal | undefined): Promise<void> {
    if (this.owner === session) return;
    // Not running while it waits: two sessions opening blocks at once must not wait for each other.
    this.running.delete(session);
    this.wake();
    try {
      await this.until(
        () => this.free(session),
        () => (this.opener = session),
        signal,
        blockOpen,
      );
      await this.until(
        () => [...this.running].every((s) => s === session),
        () => (this.owner = session),
        signal,
        () =>
          new EngineError('55P03', 'other sessions have statements running', {
            hint: `${ONE_CONNECTION}: BEGIN waits for the statements running in other sessions; run it again when they end`,
          }),
      );
    } finally {
      if (this.opener === session) this.opener = null;
      this.running.add(session);
      this.wake();
    }
  }

  /** Forgets a session that ended (its block was rolled back). */
  forget(session: S): void {
    this.running.delete(session);
    this.settle(session, false);
  }

  private free(session: S): boolean {
    return (
      (this.owner === null || this.owner === session) && (this.opener === null || this.opener === session)
    );
  }

  /**
   * Runs `claim` as soon as `ready()` holds (in the same turn: nothing can change in between); fails
   * with `timeout()` after waitMs, or as cancelled when `signal` aborts.
   */
  private async until(
    ready: () => boolean,
    claim: () => unknown,
    signal: AbortSignal | undefined,
    timeout: () => EngineError,
  ): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      if (ready()) {
        claim();
        return;
      }
      if (signal?.aborted) throw cancelledError();
      const left = deadline - Date.now();
      if (left <= 0) throw timeout();
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          this.waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        this.waiting.add(done);
      });
    }
  }

  private wake(): void {
    for (const done of [...this.waiting]) done();
  }
}

function blockOpen(): EngineError {
  return new EngineError('55P03', 'another session has a transaction block open', {
    hint: `${ONE_CONNECTION}: that session must COMMIT or ROLLBACK first (an idle session is rolled back when it expires)`,
  });
}
