import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { sqlRequest } from '@dynascope/contract';
import { handleError } from './handle-error';
import { jsonBody } from './json-body';

const app = new Hono()
  .post('/sql', jsonBody(sqlRequest), (c) => c.json(c.req.valid('json')))
  .onError(handleError);

const post = async (
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => {
  const res = await app.request('/sql', { method: 'POST', body, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('jsonBody', () => {
  it('hands the route the body as the schema reads it, whatever the Content-Type', async () => {
    expect(await post('{"sql":"select 1","pageSize":5,"extra":1}')).toEqual({
      status: 200,
      body: { sql: 'select 1', pageSize: 5 },
    });
    expect(await post('{"sql":"select 2"}', {})).toEqual({ status: 200, body: { sql: 'select 2' } });
    expect(await post('{"sql":"select 3"}', { 'content-type': 'application/x-www-form-urlencoded' })).toEqual(
      {
        status: 200,
        body: { sql: 'select 3' },
      },
    );
  });

  it('answers 400 with the error shape for malformed JSON', async () => {
    const res = await post('{"sql": "select 1"');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ message: expect.stringMatching(/^Malformed JSON in request body: /) });
  });

  it('answers 400 saying which field is wrong', async () => {
    expect(await post('[1]')).toEqual({
      status: 400,
      body: { error: { message: 'Request body must be a JSON object' } },
    });
    expect(await post('{"query":"select 1"}')).toEqual({
      status: 400,
      body: { error: { message: '"sql" must be a non-empty string' } },
    });
    expect((await post('{"sql":"x","pageSize":0}')).body).toEqual({
      error: { message: '"pageSize" must be an integer from 1 to 10000' },
    });
  });
});
