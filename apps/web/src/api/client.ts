import { hc, type ClientResponse } from 'hono/client';
import {
  parseLosslessJson,
  receivedPage,
  receivedScript,
  type ApiApp,
  type DdlTarget,
  type ErrorBody,
  type JsonNull,
  type JsonValue,
  type ProgressFrame,
  type SavedQueryBody,
  type ScriptResult,
  type StreamFrame,
} from '@dynascope/contract';
import { NdjsonSplitter } from './ndjson';
import { TOKEN_KEY } from './token';

/** An HTTP failure that is not a SQL error (401, 404, network). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The engine's hint (how to fix it), when the answer had one. */
    readonly hint: string | null = null,
    /** Where in the input it failed (Postgres's CONTEXT: `COPY t, line 3, column n: "x"`). */
    readonly context: string | null = null,
  ) {
    super(message);
  }
}

/** The API token the page was opened with (Jupyter-style), if any. */
export function token(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/**
 * The API through Hono's typed client, built from the contract's description of its routes
 * (`ApiApp`, which the API's `AppType` is checked against): paths, parameters and request bodies
 * are checked at compile time, without compiling the server into the web app. Answers are read as
 * text and parsed with the contract's `parseLosslessJson`, never `res.json()`, so 38-digit numbers
 * keep every digit.
 */
const client = hc<ApiApp>('/', {
  headers: (): Record<string, string> => {
    const t = token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  },
});

/** The body type a route declares for its answer. */
type BodyOf<R> = R extends ClientResponse<infer T, number, 'json'> ? T : never;

/** An answer's text as lossless JSON; undefined when it is not JSON. */
export function parsed(text: string): JsonValue | undefined {
  try {
    return parseLosslessJson(text);
  } catch {
    return undefined; // not JSON (a proxy's error page, an empty body)
  }
}

/** A failed answer as an ApiError: the `{ error }` body's message, hint and context, else the status. */
export function failure(
  res: { readonly status: number; readonly statusText: string },
  body: JsonValue | undefined,
): ApiError {
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  return new ApiError(
    typeof error?.message === 'string' ? error.message : `${res.status} ${res.statusText}`,
    res.status,
    typeof error?.hint === 'string' ? error.hint : null,
    typeof error?.context === 'string' ? error.context : null,
  );
}

/**
 * The answer's body as its route declares it; a failure (the `{ error }` body) is thrown as an
 * ApiError, except a script's: a 400 that holds a script result is the result, with its `error`.
 */
async function read<R extends ClientResponse<unknown, number, 'json'>>(
  response: Promise<R>,
): Promise<BodyOf<R>> {
  const res = await response;
  const body = parsed(await res.text());
  const scriptFailed =
    res.status === 400 && typeof body === 'object' && body !== null && 'statements' in body;
  if ((res.ok || scriptFailed) && body !== undefined) return body as BodyOf<R>;
  throw failure(res, body);
}

/** A path parameter as a URL segment: hc puts parameters in the path as they are. */
const segment = (value: string): string => encodeURIComponent(value);

export function newRequestId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `r${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

/** The API's `session` field: each editor tab is a session of its own (settings, transaction, cursors). */
const inSession = (session?: string) => (session ? { session } : {});

export const api = {
  // Results as the app holds them: a json/jsonb cell holding JSON null as JSON_NULL (the answer's jsonNulls).
  sql: async (sql: string, requestId: string, pageSize?: number, session?: string) =>
    receivedScript(
      await read(
        client.api.sql.$post({
          json: { sql, requestId, ...(pageSize ? { pageSize } : {}), ...inSession(session) },
        }),
      ),
    ),
  explain: async (sql: string, session?: string) =>
    receivedScript(await read(client.api.explain.$post({ json: { sql, ...inSession(session) } }))),
  /** The script's writes previewed in the session (rows, before → after, WCU): nothing is written. */
  preview: (sql: string, session?: string) =>
    read(client.api.preview.$post({ json: { sql, ...inSession(session) } })),
  next: async (cursor: string, session?: string) =>
    receivedPage(await read(client.api.sql.next.$post({ json: { cursor, ...inSession(session) } }))),
  /** Frees a cursor the app no longer shows. */
  close: (cursor: string, session?: string) =>
    read(client.api.sql.close.$post({ json: { cursor, ...inSession(session) } })),
  cancel: (requestId: string) => read(client.api.sql.cancel.$post({ json: { requestId } })),
  catalog: () => read(client.api.catalog.$get()),
  tables: async (server: string) =>
    (await read(client.api.servers[':server'].tables.$get({ param: { server: segment(server) } }))).tables,
  /** DescribeTable and a sample of `sampleSize` items (the server's default when absent; 0 reads none). */
  describe: (server: string, table: string, sampleSize?: number) =>
    read(
      client.api.servers[':server'].tables[':table'].$get({
        param: { server: segment(server), table: segment(table) },
        query: sampleSize === undefined ? {} : { sampleSize: String(sampleSize) },
      }),
    ),
  /** Everything DynamoDB says about a table (the table inspector). */
  inspect: (server: string, table: string) =>
    read(
      client.api.servers[':server'].tables[':table'].inspect.$get({
        param: { server: segment(server), table: segment(table) },
      }),
    ),
  /** The SQL creating a server, a schema's foreign tables or one foreign table (no credentials). */
  ddl: async (target: DdlTarget) =>
    (
      await read(
        client.api.ddl.$get({
          query:
            target.kind === 'server'
              ? { server: target.name }
              : target.kind === 'schema'
                ? { schema: target.name }
                : { schema: target.schema, table: target.name },
        }),
      )
    ).sql,
  examples: () => read(client.api.examples.$get()),
  /** Where the Postgres wire protocol listens (null: off). */
  connection: () => read(client.api.connection.$get()),
  /** The demo's background fill on a first start (null: nothing filling). */
  demo: () => read(client.api.demo.$get()),
  /** The API process's AWS profiles (name, region, kind). */
  profiles: async () => (await read(client.api.aws.profiles.$get())).profiles,
  /** Who a server's credentials are (GetCallerIdentity); an ApiError with the fix when they fail. */
  identity: (server: string) =>
    read(client.api.servers[':server'].identity.$get({ param: { server: segment(server) } })),
  /** Saved queries (`?q=`: words the name, description or SQL all hold). */
  savedQueries: async (q = '') =>
    (await read(client.api['saved-queries'].$get({ query: q ? { q } : {} }))).queries,
  saveQuery: (body: SavedQueryBody) => read(client.api['saved-queries'].$post({ json: body })),
  replaceSavedQuery: (name: string, body: SavedQueryBody) =>
    read(client.api['saved-queries'][':name'].$put({ param: { name: segment(name) }, json: body })),
  deleteSavedQuery: (name: string) =>
    read(client.api['saved-queries'][':name'].$delete({ param: { name: segment(name) } })),
  /** A saved query's SQL with `$1`... as literals (none given: each parameter's example). */
  savedQuerySql: async (name: string, values?: (string | null)[]) =>
    (
      await read(
        client.api['saved-queries'][':name'].sql.$post({
          param: { name: segment(name) },
          json: values ? { values } : {},
        }),
      )
    ).sql,
  /** "Check all": EXPLAIN of every saved query against what it declared. */
  checkSavedQueries: () => read(client.api['saved-queries'].check.$post()),

  /**
   * `COPY ... TO STDOUT`: the data as it is read (`POST /api/copy`). An error before the first byte
   * is thrown here; one after it breaks the stream, so a cut-off file never reads as complete.
   */
  async copyTo(sql: string, requestId: string, signal: AbortSignal, session?: string) {
    const res = await client.api.copy.$post(
      { json: { sql, requestId, ...inSession(session) } },
      { init: { signal } },
    );
    if (!res.ok || !res.body) throw failure(res, parsed(await res.text()));
    return res.body;
  },

  /** Runs a script through the NDJSON stream (`POST /api/sql/stream`), reporting its progress frames. */
  async stream(
    sql: string,
    requestId: string,
    onProgress: (p: ProgressFrame) => void,
    pageSize?: number,
    session?: string,
  ): Promise<ScriptResult<JsonValue | JsonNull>> {
    const res = await client.api.sql.stream.$post({
      json: { sql, requestId, ...(pageSize ? { pageSize } : {}), ...inSession(session) },
    });
    if (!res.ok || !res.body) throw failure(res, parsed(await res.text()));
    const splitter = new NdjsonSplitter();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let result: ScriptResult<JsonValue | JsonNull> | null = null;
    const handle = (line: string): void => {
      const frame = parseLosslessJson(line) as unknown as StreamFrame;
      if (frame.type === 'progress') onProgress(frame);
      else if (frame.type === 'result') result = receivedScript(frame);
      // The script could not be run at all (the 200 was already sent): there is no result.
      else throw new ApiError(frame.error.message, 0);
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      splitter.push(value).forEach(handle);
    }
    splitter.end().forEach(handle);
    if (!result) throw new ApiError('The stream ended without a result', 0);
    return result;
  },
};
