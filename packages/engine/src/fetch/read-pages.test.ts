import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { FULL_READ } from './read-request';
import { readAccess } from './read-access';
import { readPages } from './read-pages';
import { BACKENDS, clientOf, createTable, putItems, uniqueName } from '../../test/support/harness';

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

describe('pages parsed when taken, not when they arrive (issue 18: the heap a long read grows)', () => {
  /**
   * How many items were read out of a body: each item holds `marker` once, and reading it (decode-item.ts,
   * or JSON.parse where that declines) turns the bytes holding it into text once, with Buffer's toString
   * (a marker of more than 12 bytes: shorter ASCII texts are built without it, decode-item.ts SHORT_TEXT).
   */
  function countItemParses(marker: string): { readonly count: number; restore(): void } {
    const toString = Buffer.prototype.toString;
    const counter = { count: 0, restore: () => void (Buffer.prototype.toString = toString) };
    Buffer.prototype.toString = function (this: Buffer, ...args: Parameters<typeof toString>) {
      const text = toString.apply(this, args);
      if (text.includes(marker)) counter.count += text.split(marker).length - 1;
      return text;
    } as typeof toString;
    return counter;
  }

  it.each(BACKENDS)(
    'on %s: a page read ahead waits unparsed until the consumer takes it',
    async (backend) => {
      const client = clientOf(backend);
      const table = uniqueName('arrived_pages');
      await createTable(client, table, { name: 'id', type: 'S' });
      await putItems(
        client,
        table,
        Array.from({ length: 30 }, (_, i) => ({ id: { S: `i${i}` }, pad: { S: 'x'.repeat(200) } })),
      );
      const parses = countItemParses('x'.repeat(200));
      try {
        const pages = readPages(
          client,
          { operation: 'Scan', input: { TableName: table, Limit: 10 } },
          { signal: {}, demand: { items: Infinity } },
        );
        const first = await pages.next();
        expect(first.value?.items).toHaveLength(10);
        expect(parses.count).toBe(10);
        // The request sent ahead has its answer (a real one) well within this wait; nothing parses it.
        await new Promise((r) => setTimeout(r, 300));
        expect(parses.count).toBe(10);
        const second = await pages.next();
        const items = second.done ? [] : second.value.items;
        expect(items).toHaveLength(10);
        expect(items.every((item) => item.pad?.S === 'x'.repeat(200))).toBe(true);
        expect(parses.count).toBe(20);
        await pages.return(undefined);
      } finally {
        parses.restore();
      }
    },
  );

  it.each(BACKENDS)('on %s: a parallel Scan parses only the page it hands out', async (backend) => {
    const client = clientOf(backend);
    const table = uniqueName('arrived_segments');
    await createTable(client, table, { name: 'id', type: 'S' });
    const marker = 'read-me-only-once';
    const all = Array.from({ length: 40 }, (_, i) => ({ id: { S: `i${i}` }, tag: { S: marker } }));
    await putItems(client, table, all);
    const parses = countItemParses(marker);
    try {
      const access = { operation: 'Scan', segments: 4 } as never;
      const pages = readAccess(client, access, { TableName: table }, FULL_READ, {
        signal: {},
        demand: { items: Infinity },
      });
      const got: string[] = [];
      for await (const page of pages) {
        // Other segments' answers have arrived meanwhile; only the items of the pages taken were read.
        await new Promise((r) => setTimeout(r, 100));
        for (const item of page.items) got.push(item.id!.S!);
        expect(parses.count).toBe(got.length);
      }
      expect(got.sort()).toEqual(all.map((i) => i.id.S).sort());
    } finally {
      parses.restore();
    }
  });
});
