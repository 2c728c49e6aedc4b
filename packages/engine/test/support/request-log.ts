import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  /** `Scan`, `Query`, `GetItem`, ... (from X-Amz-Target). */
  readonly operation: string;
  readonly body: Record<string, unknown>;
  /** The access key id the request was signed with. */
  readonly accessKeyId: string | null;
}

/**
 * An HTTP relay in front of a real DynamoDB emulator that records every request the engine sends,
 * so a test can assert what went over the wire (not a mock: every request reaches the emulator).
 * `before` runs before a request is passed on — to make something happen in DynamoDB between two
 * of the engine's requests (another writer, say).
 */
export async function startRequestLog(
  target: string,
  before?: (request: LoggedRequest) => Promise<void>,
): Promise<{ endpoint: string; requests: LoggedRequest[]; close(): Promise<void> }> {
  const requests: LoggedRequest[] = [];
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? null;
      const logged = { operation, accessKeyId, body: body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {} };
      requests.push(logged);
      await before?.(logged);
      const out = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host } }, (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
