import { createServer, request, type Server } from 'node:http';

/** How many DynamoDB requests of each operation passed through the relay. */
export interface CountingRelay {
  readonly endpoint: string;
  count(operation: string): number;
  close(): Promise<void>;
}

/**
 * An HTTP relay in front of dynalite that counts the DynamoDB calls by X-Amz-Target (the one
 * place a test sees whether reads stopped): every request is forwarded unchanged.
 */
export async function startCountingRelay(target: string): Promise<CountingRelay> {
  const counts = new Map<string, number>();
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .at(-1) ?? '';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forward = request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    count: (operation) => counts.get(operation) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
