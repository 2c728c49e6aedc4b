import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { WorkbenchEngine } from '../workbench-engine';

const TOKEN = 't0k3n-for-copy-routes';

/** An engine whose export writes one batch, then fails: the route must abort, not end the body. */
function failingEngine(failAfterFirst: boolean): WorkbenchEngine {
  return {
    copyTo: async (_sql: string, options: { onChunk: (b: Uint8Array) => Promise<void> | void }) => {
      await options.onChunk(new TextEncoder().encode('a,b\n'));
      if (failAfterFirst) throw new Error('DynamoDB went away');
      return {
        command: 'COPY',
        rowCount: 1,
        format: 'csv',
        plan: null,
        consumedRcu: 0,
        consumedWcu: 0,
        notices: [],
      };
    },
  } as unknown as WorkbenchEngine;
}

const request = (engine: WorkbenchEngine) =>
  createApp({ engine, token: TOKEN }).request('http://127.0.0.1:5480/api/copy', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      origin: 'http://127.0.0.1:5480',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ sql: 'copy t to stdout (format csv)' }),
  });

describe('POST /api/copy (TO STDOUT)', () => {
  it('ends the body when the export completes', async () => {
    const res = await request(failingEngine(false));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('a,b\n');
  });

  it('aborts the body when the export fails after its first byte', async () => {
    const res = await request(failingEngine(true));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('a,b\n');
    await expect(reader.read()).rejects.toThrow('DynamoDB went away');
  });
});
