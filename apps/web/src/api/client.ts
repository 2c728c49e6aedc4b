import { parseLosslessJson } from './lossless-json';
import { NdjsonSplitter } from './ndjson';
import { TOKEN_KEY } from './token';
import type {
  CatalogSnapshot,
  ExampleSnippet,
  StreamFrame,
  TableDescription,
  WireNextPage,
  WireProgress,
  WireScriptResult,
} from './wire';

/** An HTTP failure that is not a SQL error (401, 404, network). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function token(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function headers(): HeadersInit {
  const t = token();
  return { 'Content-Type': 'application/json', ...(t ? { Authorization: `Bearer ${t}` } : {}) };
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, headers: headers() };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const res = await fetch(path, init);
  const text = await res.text();
  // 400 from /api/sql carries a script result with `error`: hand it back as data.
  if (!res.ok && res.status !== 400) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
      const e = parsed.error;
      message = (typeof e === 'string' ? e : e?.message) ?? parsed.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(message, res.status);
  }
  return parseLosslessJson(text) as unknown as T;
}

export function newRequestId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `r${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export const api = {
  sql: (sql: string, requestId: string, pageSize?: number) =>
    request<WireScriptResult>('POST', '/api/sql', { sql, requestId, ...(pageSize ? { pageSize } : {}) }),
  explain: (sql: string) => request<WireScriptResult>('POST', '/api/explain', { sql }),
  next: (cursor: string) => request<WireNextPage>('POST', '/api/sql/next', { cursor }),
  /** Frees a cursor the app no longer shows. */
  close: (cursor: string) => request<unknown>('POST', '/api/sql/close', { cursor }),
  cancel: (requestId: string) => request<unknown>('POST', '/api/sql/cancel', { requestId }),
  catalog: () => request<CatalogSnapshot>('GET', '/api/catalog'),
  tables: async (server: string): Promise<string[]> => {
    const r = await request<string[] | { tables: string[] }>('GET', `/api/servers/${encodeURIComponent(server)}/tables`);
    return Array.isArray(r) ? r : r.tables;
  },
  describe: (server: string, table: string) =>
    request<TableDescription>(
      'GET',
      `/api/servers/${encodeURIComponent(server)}/tables/${encodeURIComponent(table)}`,
    ),
  examples: () => request<ExampleSnippet[] | { examples: ExampleSnippet[] }>('GET', '/api/examples'),
  health: () => request<{ ok: boolean }>('GET', '/api/health'),

  /**
   * Runs a script through the NDJSON stream, reporting progress frames; falls back to
   * POST /api/sql when the server has no stream endpoint.
   */
  async stream(
    sql: string,
    requestId: string,
    onProgress: (p: WireProgress) => void,
    pageSize?: number,
  ): Promise<WireScriptResult> {
    const res = await fetch('/api/sql/stream', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ sql, requestId, ...(pageSize ? { pageSize } : {}) }),
    });
    if (res.status === 404 || res.status === 405) return api.sql(sql, requestId, pageSize);
    if (!res.body || (!res.ok && res.status !== 400)) {
      const text = await res.text();
      let message = `${res.status} ${res.statusText}`;
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string } };
        message = parsed.error?.message ?? message;
      } catch {
        /* not JSON */
      }
      throw new ApiError(message, res.status);
    }
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) {
      return parseLosslessJson(await res.text()) as unknown as WireScriptResult;
    }
    const splitter = new NdjsonSplitter();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let result: WireScriptResult | null = null;
    const handle = (line: string): void => {
      const frame = parseLosslessJson(line) as unknown as StreamFrame | { type: 'error'; error: WireScriptResult['error'] };
      if (frame.type === 'progress') onProgress(frame);
      else if (frame.type === 'result') result = frame;
      else if (frame.type === 'error') result = { statements: [], ...(frame.error ? { error: frame.error } : {}) };
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
