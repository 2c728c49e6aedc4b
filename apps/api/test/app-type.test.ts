import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApiSchema,
  AwsProfileList,
  CatalogSnapshot,
  ExampleList,
  NextPage,
  ScriptResult,
  ServerIdentity,
  SqlRequest,
  TableDescription,
  TableList,
} from '@dynascope/contract';
import type { ExtractSchema } from 'hono/types';
import type { AppType } from '../src/app';

// The web app builds a typed client from AppType: route names, bodies and answers are checked at
// compile time (`npm run typecheck`); this file fails to type-check when they drift from the contract.
describe('AppType', () => {
  it('types the routes for hc<AppType>', () => {
    const client = hc<AppType>('http://127.0.0.1:5480', { headers: { authorization: 'Bearer t' } });
    expectTypeOf(client.api.sql.$post)
      .parameter(0)
      .toMatchTypeOf<{ json: { sql: string; pageSize?: number; requestId?: string } }>();
    expectTypeOf<InferRequestType<typeof client.api.sql.$post>['json']>().toEqualTypeOf<SqlRequest>();
    expectTypeOf(client.api.sql.next.$post).parameter(0).toMatchTypeOf<{ json: { cursor: string } }>();
    expectTypeOf(client.api.sql.cancel.$post).parameter(0).toMatchTypeOf<{ json: { requestId: string } }>();
    expectTypeOf(client.api.servers[':server'].tables[':table'].$get)
      .parameter(0)
      .toMatchTypeOf<{ param: { server: string; table: string }; query: { sampleSize?: string } }>();
    expectTypeOf(client.api.explain.$post).toBeFunction();
    expectTypeOf(client.api.health.$get).toBeFunction();
    expectTypeOf<InferResponseType<typeof client.api.sql.$post, 200>>().toEqualTypeOf<ScriptResult>();
    expectTypeOf<InferResponseType<typeof client.api.sql.$post, 400>>().toEqualTypeOf<ScriptResult>();
    expectTypeOf<InferResponseType<typeof client.api.explain.$post, 200>>().toEqualTypeOf<ScriptResult>();
    expectTypeOf<InferResponseType<typeof client.api.sql.next.$post>>().toEqualTypeOf<NextPage>();
    expectTypeOf<InferResponseType<typeof client.api.catalog.$get>>().toEqualTypeOf<CatalogSnapshot>();
    expectTypeOf<
      InferResponseType<(typeof client.api.servers)[':server']['tables']['$get']>
    >().toEqualTypeOf<TableList>();
    expectTypeOf<
      InferResponseType<(typeof client.api.servers)[':server']['tables'][':table']['$get']>
    >().toEqualTypeOf<TableDescription>();
    expectTypeOf<InferResponseType<typeof client.api.examples.$get>>().toEqualTypeOf<ExampleList>();
    expectTypeOf<InferResponseType<typeof client.api.aws.profiles.$get>>().toEqualTypeOf<AwsProfileList>();
    expectTypeOf<
      InferResponseType<(typeof client.api.servers)[':server']['identity']['$get']>
    >().toEqualTypeOf<ServerIdentity>();
  });
});

describe('the contract', () => {
  it('describes exactly the routes of AppType', () => {
    type Routes = ExtractSchema<AppType>;
    type Differing = {
      [K in keyof ApiSchema]: ApiSchema[K] extends Routes[K]
        ? Routes[K] extends ApiSchema[K]
          ? never
          : K
        : K;
    }[keyof ApiSchema];
    expectTypeOf<Differing>().toBeNever();
    expectTypeOf<keyof Routes>().toEqualTypeOf<keyof ApiSchema>();
  });
});
