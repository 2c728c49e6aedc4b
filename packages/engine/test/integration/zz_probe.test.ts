import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { clientOf, createDocServer, createTable, ok, openTestEngine, putItems, uniqueName } from '../support/harness';
it('probe', async () => {
  const client = clientOf('dynamodb-local');
  const t = uniqueName('probe');
  await createTable(client, t, { name: 'id', type: 'S' });
  await putItems(client, t, [{ id: { S: 'a' }, n: { N: '999.999' } }, { id: { S: 'b' } }]);
  const e = await openTestEngine();
  await createDocServer(e, 'dynamodb-local');
  await ok(e, `create schema dynamodb; create foreign table dynamodb.d (id text not null, n numeric(5,2)) server dynamodb_server options (table '${t}')`);
  let out = '';
  for (const sql of [`create table c as select * from dynamodb.d`, `create table c2 as select 1 union select 2`, `select * from dynamodb.d`]) {
    const r = await e.execute(sql);
    out += sql + ' → ' + JSON.stringify(r.error ?? r.statements.map((s) => [s.command, s.rowCount])) + '\n';
  }
  writeFileSync('/tmp/x/probe.txt', out);
  await e.close();
});
