import { afterEach, describe, expect, it, vi } from 'vitest';
import { JSON_NULL, LosslessNumber } from '@dynascope/contract';
import { api, ApiError } from './client';

const BIG = '12345678901234567890123456789012345678';
const answer = (body: string, status = 200, type = 'application/json') =>
  new Response(body, { status, headers: { 'content-type': type } });

function serve(...responses: Response[]) {
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => responses.shift()!);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe('api', () => {
  it('posts the typed body to the route and keeps every digit of the answer', async () => {
    const fetch = serve(answer(`{"rows":[[{"n":${BIG}}]],"cursor":null,"consumedRcu":0.5}`));
    const page = await api.next('c1');
    expect(fetch.mock.calls[0]![0]).toBe('/api/sql/next');
    expect(fetch.mock.calls[0]![1]).toMatchObject({ method: 'POST', body: '{"cursor":"c1"}' });
    const cell = page.rows[0]![0] as { n: LosslessNumber };
    expect(cell.n).toBeInstanceOf(LosslessNumber);
    expect(String(cell.n)).toBe(BIG);
  });

  it('holds the cells an answer lists in jsonNulls as JSON_NULL, every other null as SQL NULL', async () => {
    const statement = (rows: string, jsonNulls: string) =>
      `{"sql":"s","command":"SELECT","rowCount":2,"columns":[{"name":"d","type":"jsonb"}],"rows":${rows},${jsonNulls}"cursor":null,"plan":null,"consumedRcu":0,"durationMs":1,"notices":[]}`;
    const script = `{"statements":[${statement('[[null],[null]]', '"jsonNulls":[[1,0]],')}],"redactedSql":"s","redactions":[]}`;
    serve(
      answer(script),
      answer('{"rows":[[null],[null]],"jsonNulls":[[0,0]],"cursor":null,"consumedRcu":0}'),
      answer(`{"type":"result",${script.slice(1)}\n`, 200, 'application/x-ndjson'),
    );
    expect((await api.sql('s', 'r1')).statements[0]!.rows).toEqual([[null], [JSON_NULL]]);
    const page = await api.next('c1');
    expect(page.rows[0]![0]).toBe(JSON_NULL);
    expect(page.rows[1]![0]).toBeNull();
    const streamed = await api.stream('s', 'r2', () => undefined);
    expect(streamed.statements[0]!.rows[1]![0]).toBe(JSON_NULL);
    expect(streamed.statements[0]!.rows[0]![0]).toBeNull();
  });

  it('names the tab’s session in every request of a run', async () => {
    const fetch = serve(
      answer('{"rows":[],"cursor":null,"consumedRcu":0}'),
      answer('{"ok":true}'),
      answer('{"statements":[],"redactedSql":"x","redactions":[]}'),
    );
    await api.next('c1', 'tab-7');
    await api.close('c1', 'tab-7');
    await api.explain('select 1', 'tab-7');
    expect(fetch.mock.calls.map((c) => JSON.parse(String(c[1].body)).session)).toEqual([
      'tab-7',
      'tab-7',
      'tab-7',
    ]);
  });

  it('hands back a failed script (400) as its result, and throws any other failure', async () => {
    serve(
      answer(
        '{"statements":[],"redactedSql":"x","redactions":[],"error":{"message":"bad","sqlstate":"42601"}}',
        400,
      ),
    );
    expect((await api.explain('x')).error).toEqual({ message: 'bad', sqlstate: '42601' });
    serve(answer('{"error":{"message":"\\"sql\\" must be a non-empty string"}}', 400));
    await expect(api.explain('')).rejects.toEqual(new ApiError('"sql" must be a non-empty string', 400));
    serve(answer('<html>', 502, 'text/html'));
    await expect(api.catalog()).rejects.toMatchObject({ status: 502 });
  });

  it('fills in path parameters, encoded', async () => {
    const fetch = serve(answer('{"server":"dynamo db","tables":["a"]}'), answer('{}'));
    expect(await api.tables('dynamo db')).toEqual(['a']);
    expect(fetch.mock.calls[0]![0]).toBe('/api/servers/dynamo%20db/tables');
    await api.describe('s', 'a/b?c');
    expect(fetch.mock.calls[1]![0]).toBe('/api/servers/s/tables/a%2Fb%3Fc');
  });

  it('streams progress frames, then returns the result frame', async () => {
    const lines = [
      '{"type":"progress","statementIndex":0,"relation":"r","itemsScanned":5,"itemsReturned":5,"consumedRcu":1}',
      `{"type":"result","statements":[],"redactedSql":"select ${BIG}","redactions":[]}`,
    ];
    serve(answer(lines.join('\n') + '\n', 200, 'application/x-ndjson'));
    const progress: unknown[] = [];
    const result = await api.stream(`select ${BIG}`, 'r1', (p) => progress.push(p));
    expect(progress).toHaveLength(1);
    expect(result.redactedSql).toBe(`select ${BIG}`);
    serve(
      answer('{"type":"error","error":{"message":"the engine is closed"}}\n', 200, 'application/x-ndjson'),
    );
    await expect(api.stream('select 1', 'r2', () => undefined)).rejects.toThrow('the engine is closed');
  });
});
