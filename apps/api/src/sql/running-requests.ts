/** One running request: its signal aborts on cancel, on client disconnect or on shutdown. */
export interface RunningRequest {
  readonly signal: AbortSignal;
  /** Forget the request once it has finished (always call it, in `finally`). */
  done(): void;
}

/**
 * The requests the engine is working on, by the client's `requestId`, so that
 * `POST /api/sql/cancel` and shutdown can abort their DynamoDB calls.
 */
export class RunningRequests {
  readonly #byId = new Map<string, AbortController>();
  readonly #all = new Set<AbortController>();

  /**
   * Registers a request; `clientSignal` (the HTTP request's) aborts it when the client goes away.
   * One controller that the client's abort is forwarded to, not `AbortSignal.any` (a composite signal
   * holds weak references to its sources and costs a GC finaliser: measurable on every statement).
   */
  start(requestId: string | undefined, clientSignal: AbortSignal): RunningRequest {
    const controller = new AbortController();
    const forward = () => controller.abort(clientSignal.reason);
    if (clientSignal.aborted) forward();
    else clientSignal.addEventListener('abort', forward, { once: true });
    if (requestId !== undefined) {
      this.#byId.set(requestId, controller);
    }
    this.#all.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        clientSignal.removeEventListener('abort', forward);
        this.#all.delete(controller);
        if (requestId !== undefined && this.#byId.get(requestId) === controller) this.#byId.delete(requestId);
      },
    };
  }

  /** Runs `work` as a registered request and forgets it when it settles. */
  async run<T>(
    requestId: string | undefined,
    clientSignal: AbortSignal,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const request = this.start(requestId, clientSignal);
    try {
      return await work(request.signal);
    } finally {
      request.done();
    }
  }

  /** Aborts the request with this id; false when no such request is running. */
  cancel(requestId: string): boolean {
    const controller = this.#byId.get(requestId);
    if (!controller) return false;
    controller.abort(new Error('cancelled by the client'));
    return true;
  }

  /** Aborts everything (shutdown). */
  cancelAll(): void {
    for (const controller of this.#all) controller.abort(new Error('the server is shutting down'));
  }

  /** Resolves once nothing is running, or after `timeoutMs` (shutdown waits for aborted work to unwind). */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#all.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  get size(): number {
    return this.#all.size;
  }
}
