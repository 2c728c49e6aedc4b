// The floor under the API's per-statement measures: a bare node:http server, no framework and no
// engine. POST /plain answers at once; POST /worker answers after one round trip to a worker thread
// (what `select 1` needs at least: the embedded Postgres runs on a worker); POST /getitem, when
// argv[3] gives `{ endpoint, table, key }`, sends the hand-written GetItem of the bench's point
// lookup (shapes.ts) with the AWS SDK and answers its item as JSON: the SDK call plus one HTTP round
// trip, in one server, as a client of a service making that call would see it. Prints `ready` once
// it listens on 127.0.0.1:<argv[2]>. A script of the bench only, never the server's.
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const lookup = process.argv[3] ? JSON.parse(process.argv[3]) : null;
const dynamo =
  lookup &&
  new DynamoDBClient({
    region: 'us-east-1',
    endpoint: lookup.endpoint,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });

const worker = new Worker(
  "import { parentPort } from 'node:worker_threads'; parentPort.on('message', (m) => parentPort.postMessage(m));",
  { eval: true, type: 'module' },
);
const waiting = new Map();
let next = 0;
worker.on('message', (id) => {
  waiting.get(id)?.();
  waiting.delete(id);
});

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, length: body.length }));
    };
    if (req.url === '/getitem' && dynamo) {
      const input = { TableName: lookup.table, Key: lookup.key, ReturnConsumedCapacity: 'TOTAL' };
      return void dynamo.send(new GetItemCommand(input)).then(
        (out) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ item: out.Item ?? null, rcu: out.ConsumedCapacity?.CapacityUnits ?? 0 }));
        },
        (e) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(e) }));
        },
      );
    }
    if (req.url !== '/worker') return answer();
    const id = ++next;
    waiting.set(id, answer);
    worker.postMessage(id);
  });
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
