import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { tableQuery } from '@dynascope/contract';
import { handleError } from './handle-error';
import { queryParams } from './query-params';

const app = new Hono()
  .get('/t', queryParams(tableQuery), (c) => c.json(c.req.valid('query')))
  .onError(handleError);

describe('queryParams', () => {
  it('hands the route the query as the schema reads it', async () => {
    const res = await app.request('/t?sampleSize=25&x=1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sampleSize: 25 });
    expect(await (await app.request('/t')).json()).toEqual({});
  });

  it('answers 400 with the error shape', async () => {
    const res = await app.request('/t?sampleSize=many');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { message: '"sampleSize" must be an integer from 0 to 1000' },
    });
  });
});
