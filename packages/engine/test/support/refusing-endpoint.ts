import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP listener standing in for DynamoDB: what each request carried, and its URL. */
export interface RefusingEndpoint {
  readonly endpoint: string;
  /** Each request's headers (its Authorization names the key id it signed with). */
  readonly seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * An endpoint a server's keys can be sent to that answers every request with DynamoDB's
 * ResourceNotFoundException — an endpoint a user pointed a server at, which records what the keys
 * signed: `Credential=AKIA.../` in `seen[i].authorization`, a session token in `x-amz-security-token`.
 */
export async function refusingEndpoint(): Promise<RefusingEndpoint> {
  const seen: IncomingHttpHeaders[] = [];
  const listener = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
          message: 'no',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => listener.close(() => resolve())),
  };
}
