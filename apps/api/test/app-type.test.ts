import { hc, type InferResponseType } from 'hono/client';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppType } from '../src/app';

// The web app builds a typed client from AppType: route names, bodies and answers are checked at
// compile time (`npm run typecheck`); this file fails to type-check when they drift.
describe('AppType', () => {
  it('types the routes for hc<AppType>', () => {
    const client = hc<AppType>('http://127.0.0.1:5480', { headers: { authorization: 'Bearer t' } });
    expectTypeOf(client.api.sql.$post)
      .parameter(0)
      .toMatchTypeOf<{ json: { sql: string; pageSize?: number; requestId?: string } }>();
    expectTypeOf(client.api.sql.next.$post).parameter(0).toMatchTypeOf<{ json: { cursor: string } }>();
    expectTypeOf(client.api.sql.cancel.$post).parameter(0).toMatchTypeOf<{ json: { requestId: string } }>();
    expectTypeOf(client.api.explain.$post).toBeFunction();
    expectTypeOf(client.api.health.$get).toBeFunction();
    expectTypeOf(client.api.catalog.$get).toBeFunction();
    expectTypeOf(client.api.servers[':server'].tables[':table'].$get).toBeFunction();
    expectTypeOf(client.api.examples.$get).toBeFunction();
    expectTypeOf<InferResponseType<typeof client.api.sql.$post, 200>>().toHaveProperty('statements');
    expectTypeOf<InferResponseType<typeof client.api.sql.next.$post>>().toHaveProperty('cursor');
    expectTypeOf<InferResponseType<typeof client.api.catalog.$get>>().toHaveProperty('servers');
  });
});
