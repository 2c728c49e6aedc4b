import type { DynamoDBClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import { Readable } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Command, HttpHandlerOptions } from '@smithy/types';
import { ContextVariable } from '../util/context-variable';

/** The abort signal of the call sendCached is making here. */
const requestSignals = new ContextVariable<AbortSignal | undefined>();

/**
 * Sends `command` through the client's middleware as resolved once per command class
 * (`cacheMiddleware`: the SDK otherwise builds its stack of ~20 middlewares for every call, ~0.1 ms of
 * CPU a point lookup). The SDK keeps that cache only for a call without options, so the abort signal
 * travels in the async context instead: the client's HTTP handler (SignalledHttpHandler) aborts the
 * request with it, and retry-budget.ts's strategy stops retrying and waiting.
 * Only for commands with no middleware of their own: the cache keeps the first command's
 * (read-pages.ts's Scan and Query add theirs, and are sent with options).
 *   sendCached(client, new GetItemCommand({ TableName: 't', Key: { id: { S: 'a' } } }), signal)
 */
export function sendCached<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
  client: DynamoDBClient,
  command: Command<ServiceInputTypes, I, ServiceOutputTypes, O, DynamoDBClient['config']>,
  signal: AbortSignal | undefined,
): Promise<O> {
  if (!cacheable(command.input)) return client.send(command, { abortSignal: signal });
  return requestSignals.run(signal, () => client.send(command));
}

/**
 * Whether a request may go through the cached middleware: not when it names a table by ARN. The
 * cached middleware shares one context between the calls of a command class, and the endpoint a call
 * resolves is kept there until its request is written; an ARN may name another account's table,
 * whose account-based endpoint (`https://<account>.ddb.<region>.amazonaws.com`) a concurrent call
 * would then be sent to. Plain names resolve the same endpoint for every call of a client.
 */
export function cacheable(input: object): boolean {
  const { TableName, RequestItems } = input as { TableName?: unknown; RequestItems?: object };
  const names = [TableName, ...Object.keys(RequestItems ?? {})];
  return !names.some((name) => typeof name === 'string' && name.startsWith('arn:'));
}

/** The abort signal of the call being made here by sendCached (undefined for a call sent with options). */
export function requestSignal(): AbortSignal | undefined {
  return requestSignals.get();
}

/**
 * The SDK's Node.js HTTP handler, aborting a request sent by sendCached with the signal its caller
 * gave, and counting the requests in flight through it: one is in flight from when it is sent until
 * its answer's body has been read (or failed), so a client forgotten while it runs is destroyed only
 * after it (client-cache.ts retire), never under it.
 */
export class SignalledHttpHandler extends NodeHttpHandler {
  private running = 0;
  /** Called each time the last request in flight ends. */
  onIdle: (() => void) | null = null;

  /** Requests sent whose answer has not been read whole yet. */
  get inFlight(): number {
    return this.running;
  }

  override async handle(request: Parameters<NodeHttpHandler['handle']>[0], options: HttpHandlerOptions = {}) {
    const signal = options.abortSignal ? undefined : requestSignals.get();
    this.running++;
    let sent: Awaited<ReturnType<NodeHttpHandler['handle']>>;
    try {
      sent = await super.handle(request, signal ? { ...options, abortSignal: signal } : options);
    } catch (e) {
      this.ended();
      throw e;
    }
    const body = sent.response.body as unknown;
    // The body is a stream the SDK reads after this returns: the request ends when it closes.
    if (body instanceof Readable && !body.closed) body.once('close', () => this.ended());
    else this.ended();
    return sent;
  }

  private ended(): void {
    if (--this.running === 0) this.onIdle?.();
  }
}
