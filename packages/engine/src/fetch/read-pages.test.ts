import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { FULL_READ } from './read-request';
import { readAccess } from './read-access';
import { readPages } from './read-pages';

/**
 * A request sent ahead that fails while its consumer is busy. The emulators cannot throttle on
 * demand, so a stand-in client answers the first request and throttles the next (a fault, not a
 * behaviour under test): the failure must surface where the page is read, never as an unhandled
 * rejection (which would end the server process).
 */
function throttlingClient(pages = 1): DynamoDBClient {
  let calls = 0;
  return {
    send: async () => {
      if (++calls <= pages)
        return {
          Items: [{ id: { S: String(calls) } }],
          LastEvaluatedKey: { id: { S: String(calls) } },
          Count: 1,
          ScannedCount: 1,
        };
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
    },
  } as unknown as DynamoDBClient;
}

describe('reading ahead', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  afterEach(() => {
    expect(unhandled).toEqual([]);
  });

  it('a sequential read: the failed request surfaces at the next page, as a DynamoDB error', async () => {
    const pages = readPages(
      throttlingClient(),
      { operation: 'Scan', input: { TableName: 't' } },
      { signal: {}, demand: { items: Infinity } },
    );
    const first = await pages.next();
    expect(first.value?.items).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50)); // the consumer is busy; the request sent ahead fails meanwhile
    const e = await pages.next().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as EngineError).message).toMatch(/Scan t/);
  });

  it('a parallel Scan: the same, for a segment requested ahead', async () => {
    const access = { operation: 'Scan', segments: 4 } as never;
    const pages = readAccess(throttlingClient(), access, { TableName: 't' }, FULL_READ, {
      signal: {},
      demand: { items: Infinity },
    });
    expect((await pages.next()).value?.items).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    const e = await pages.next().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
  });

  it('a consumer that stops: the request it no longer wants fails unobserved', async () => {
    const pages = readPages(
      throttlingClient(),
      { operation: 'Scan', input: { TableName: 't' } },
      { signal: {}, demand: { items: Infinity } },
    );
    await pages.next();
    await pages.return(undefined);
    await new Promise((r) => setTimeout(r, 50));
  });
});
