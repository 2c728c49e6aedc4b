import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { JsonText } from '../../src/types';
import {
  BACKENDS,
  clientOf,
  createDocServer,
  createTable,
  ok,
  openTestEngine,
  putItems,
  uniqueName,
} from '../support/harness';

/**
 * JSON null is not SQL NULL (issue 17, defect 6): a DynamoDB NULL attribute is JSON null inside the
 * catch-all (`_attrs->'x'` → jsonb 'null', `_attrs->>'x'` → SQL NULL, as Postgres does); a jsonb
 * column holding the JSON text `null` is JSON null; a missing attribute is SQL NULL.
 */
describe.each(BACKENDS)('JSON null and SQL NULL on %s', (backend) => {
  let engine: Engine;
  const table = uniqueName('nulls');

  beforeAll(async () => {
    const client = clientOf(backend);
    await createTable(client, table, { name: 'id', type: 'S' });
    await putItems(client, table, [
      { id: { S: 'n1' }, doc: { S: 'null' }, gone: { NULL: true } },
      { id: { S: 'n2' } },
    ]);
    engine = await openTestEngine();
    await createDocServer(engine, backend);
    await ok(
      engine,
      `create schema jn;
       create foreign table jn.items (id text not null, doc jsonb, _attrs jsonb)
         server dynamodb_server options (table '${table}', rowid_column 'id');`,
    );
  });
  afterAll(() => engine?.close());

  // The cells as the engine holds them (JsonText verbatim): a parse would make JSON null null.
  const cells = async (sql: string) => (await ok(engine, sql)).at(-1)!.rows;

  it('reads a NULL attribute as JSON null inside _attrs and a jsonb null apart from a missing attribute', async () => {
    expect(await cells(`select id, doc, _attrs from jn.items order by id`)).toEqual([
      ['n1', new JsonText('null'), new JsonText('{"gone": null}')],
      ['n2', null, null],
    ]);
  });

  it("_attrs->'x' of a NULL attribute is jsonb null, ->> is SQL NULL, a missing one is SQL NULL for both", async () => {
    expect(
      await cells(
        `select id, _attrs->'gone', _attrs->>'gone', _attrs ? 'gone', doc is null, doc = 'null'::jsonb
           from jn.items order by id`,
      ),
    ).toEqual([
      ['n1', new JsonText('null'), null, true, false, true],
      ['n2', null, null, null, true, null],
    ]);
  });

  it("a data-modifying WITH query's RETURNING keeps JSON null apart from SQL NULL", async () => {
    expect(
      await cells(
        `with u as (update jn.items set doc = doc where id = 'n1' returning id, doc, _attrs->'gone' as gone, _attrs->'absent' as absent)
         select id, doc, gone, absent, doc is null from u`,
      ),
    ).toEqual([['n1', new JsonText('null'), new JsonText('null'), null, false]]);
  });
});
