import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault the relay caused on a request (see FaultPlan). */
export type FaultKind = 'throttle' | 'serverError' | 'reset' | 'dropAnswer' | 'partialBatch' | 'refuse';

export interface LoggedRequest {
  /** `Scan`, `Query`, `GetItem`, ... (from X-Amz-Target). */
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** The access key id the request was signed with. */
  readonly accessKeyId: string | null;
  /** The fault the relay caused on it, if any. */
  readonly fault: FaultKind | null;
  /**
   * With `recordAnswers`: when the emulator's answer ended (ms since the epoch), its HTTP status and the
   * capacity units its ConsumedCapacity reports (summed over tables) — what the governor tests measure.
   */
  answer?: { readonly at: number; readonly status: number; readonly consumed: number };
}

/**
 * Faults the relay causes, each on a fraction (0–1) of the requests it gets — faults of real
 * DynamoDB that neither emulator can cause. Only one fault a request; every other request reaches
 * the emulator unchanged.
 */
export interface FaultPlan {
  /** Answer 400 ProvisionedThroughputExceededException; the emulator never sees the request. */
  readonly throttle?: number;
  /** Answer 500 InternalServerError; the emulator never sees the request. */
  readonly serverError?: number;
  /** Reset the connection; the emulator never sees the request. */
  readonly reset?: number;
  /** Pass the request on, then reset the connection instead of answering: applied, answer lost. */
  readonly dropAnswer?: number;
  /** BatchWriteItem of 2+ requests: pass a part on, answer the rest as UnprocessedItems. */
  readonly partialBatch?: number;
  /**
   * Answer 400 ValidationException to every request whose body holds this text: an item DynamoDB
   * refuses for a reason neither emulator checks. Not a fraction: every such request.
   */
  readonly refuse?: string;
  /**
   * A throttle's answer says to retry after this many seconds (`Retry-After`): the SDK then waits at
   * least that long — a long backoff a test can count on (DynamoDB's own are random).
   */
  readonly retryAfterSeconds?: number;
  /** The operations faults are caused on (default: every one). */
  readonly operations?: readonly string[];
  /** Seed of the relay's choices, so a run can be repeated (default 1). */
  readonly seed?: number;
}

export interface RequestLog {
  readonly endpoint: string;
  readonly requests: LoggedRequest[];
  /** Changes the fault plan from the next request on (`{}`: no faults). */
  setFaults(plan: FaultPlan): void;
  /** The engine's connections to the relay open now (kept-alive ones included). */
  connections(): Promise<number>;
  close(): Promise<void>;
}

const KINDS: readonly Exclude<FaultKind, 'partialBatch' | 'refuse'>[] = [
  'throttle',
  'serverError',
  'reset',
  'dropAnswer',
];

/**
 * An HTTP relay in front of a real DynamoDB emulator that records every request the engine sends,
 * so a test can assert what went over the wire (not a mock: every request that is not faulted reaches
 * the emulator as sent). `before` runs before a request is passed on — to make something happen in
 * DynamoDB between two of the engine's requests (another writer, say). `faults` (FaultPlan) stands in
 * for what the emulators cannot do: throttle, fail with 5xx, reset, lose an answer after the write was
 * applied, leave part of a batch unprocessed, refuse an item.
 */
export async function startRequestLog(
  target: string,
  before?: (request: LoggedRequest) => Promise<void>,
  faults: FaultPlan = {},
  options: {
    readonly recordAnswers?: boolean;
    /** Pass the Host header on as sent: an emulator that checks signatures (moto with IAM enforced) accepts them. */
    readonly keepHost?: boolean;
  } = {},
): Promise<RequestLog> {
  const requests: LoggedRequest[] = [];
  const to = new URL(target);
  let plan = faults;
  let random = mulberry32(plan.seed ?? 1);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let body = Buffer.concat(chunks);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? null;
      const parsed = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      const fault =
        plan.refuse !== undefined && body.includes(plan.refuse)
          ? 'refuse'
          : chooseFault(plan, operation, parsed, random());
      const logged: LoggedRequest = { operation, accessKeyId, body: parsed, fault };
      requests.push(logged);
      await before?.({ operation, accessKeyId, body: parsed, fault });
      if (fault === 'throttle')
        return answerError(
          res,
          400,
          'ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded.',
          plan.retryAfterSeconds === undefined ? {} : { 'retry-after': String(plan.retryAfterSeconds) },
        );
      if (fault === 'serverError')
        return answerError(res, 500, 'InternalServerError', 'Internal server error');
      if (fault === 'refuse')
        return answerError(res, 400, 'ValidationException', 'One or more parameter values were invalid');
      if (fault === 'reset') return void req.socket.destroy();
      let held: Record<string, unknown[]> | null = null;
      if (fault === 'partialBatch') {
        const split = splitBatch(parsed.RequestItems as Record<string, unknown[]>, random());
        held = split.held;
        body = Buffer.from(JSON.stringify({ ...parsed, RequestItems: split.sent }));
      }
      const headers: IncomingHttpHeaders = {
        ...req.headers,
        ...(!options.keepHost && { host: to.host }),
        'content-length': String(body.length),
      };
      const out = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers },
        (upstream) => {
          if (fault === 'dropAnswer') {
            upstream.resume();
            upstream.on('end', () => req.socket.destroy());
            return;
          }
          if (!held) {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
            if (options.recordAnswers) recordAnswer(logged, upstream);
            return;
          }
          const got: Buffer[] = [];
          upstream.on('data', (c: Buffer) => got.push(c));
          upstream.on('end', () => {
            const answer = JSON.parse(Buffer.concat(got).toString('utf8')) as Record<string, unknown>;
            const text =
              upstream.statusCode === 200
                ? JSON.stringify({ ...answer, UnprocessedItems: held })
                : Buffer.concat(got).toString('utf8');
            const { 'x-amz-crc32': _crc, 'content-length': _length, ...rest } = upstream.headers;
            res.writeHead(upstream.statusCode ?? 502, { ...rest, 'content-length': Buffer.byteLength(text) });
            res.end(text);
          });
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    setFaults(next) {
      plan = next;
      random = mulberry32(plan.seed ?? 1);
    },
    connections: () =>
      new Promise((resolve, reject) =>
        server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
      ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function chooseFault(
  plan: FaultPlan,
  operation: string,
  body: Record<string, unknown>,
  r: number,
): FaultKind | null {
  if (plan.operations && !plan.operations.includes(operation)) return null;
  let edge = 0;
  for (const kind of KINDS) {
    edge += plan[kind] ?? 0;
    if (r < edge) return kind;
  }
  edge += plan.partialBatch ?? 0;
  const batch =
    operation === 'BatchWriteItem' &&
    Object.values((body.RequestItems as Record<string, unknown[]>) ?? {}).flat().length > 1;
  return batch && r < edge ? 'partialBatch' : null;
}

/** Notes when an answer ended and the capacity it reports (see LoggedRequest.answer). */
function recordAnswer(logged: LoggedRequest, upstream: IncomingMessage): void {
  const got: Buffer[] = [];
  upstream.on('data', (c: Buffer) => got.push(c));
  upstream.on('end', () => {
    const at = Date.now();
    let consumed = 0;
    try {
      const c = (JSON.parse(Buffer.concat(got).toString('utf8')) as { ConsumedCapacity?: unknown })
        .ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
      consumed = [c ?? []].flat().reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);
    } catch {
      // not JSON (an emulator's error page): nothing consumed
    }
    logged.answer = { at, status: upstream.statusCode ?? 0, consumed };
  });
}

/** Sends the first part of every table's requests (at least one in all), holds back the rest. */
function splitBatch(
  items: Record<string, unknown[]>,
  r: number,
): { sent: Record<string, unknown[]>; held: Record<string, unknown[]> } {
  const sent: Record<string, unknown[]> = {};
  const held: Record<string, unknown[]> = {};
  for (const [table, list] of Object.entries(items)) {
    const keep = Math.max(1, Math.floor(r * list.length));
    sent[table] = list.slice(0, keep);
    if (keep < list.length) held[table] = list.slice(keep);
  }
  return { sent, held };
}

function answerError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A small seeded PRNG: the same seed gives the same faults. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
