import type { ClientGone } from '../http/client-gone';

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
   * Registers a request; `client` (the HTTP request's signal, or a ClientGone of http/client-gone.ts)
   * aborts it when the client goes away. One controller that the client's abort is forwarded to, not
   * `AbortSignal.any` (a composite signal holds weak references to its sources and costs a GC
   * finaliser: measurable on every statement).
   */
  start(requestId: string | undefined, client: AbortSignal | ClientGone): RunningRequest {
    const controller = new AbortController();
    const stopListening = listen(client, (reason) => controller.abort(reason));
    if (requestId !== undefined) {
      this.#byId.set(requestId, controller);
    }
    this.#all.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        stopListening();
        this.#all.delete(controller);
        if (requestId !== undefined && this.#byId.get(requestId) === controller) this.#byId.delete(requestId);
      },
    };
  }

  /** Runs `work` as a registered request and forgets it when it settles. */
  async run<T>(
    requestId: string | undefined,
    client: AbortSignal | ClientGone,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const request = this.start(requestId, client);
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

/** Calls `gone` when the client goes away (at once if it has); gives back the call that stops listening. */
function listen(client: AbortSignal | ClientGone, gone: (reason: unknown) => void): () => void {
  if (typeof client === 'function') return client(gone);
  const forward = () => gone(client.reason);
  if (client.aborted) forward();
  else client.addEventListener('abort', forward, { once: true });
  return () => client.removeEventListener('abort', forward);
}
