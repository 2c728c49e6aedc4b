import { createConnection } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import {
  startPostgresCluster,
  type PostgresCluster,
} from '../../../../packages/engine/test/support/postgres-cluster';
import { startPgFixture, type PgFixture } from './pg-fixture';

/** Our wire server (on the demo's dynalite, `events` items) and a real PostgreSQL server to compare with. */
export function referencePair(events: number): { ours(): PgFixture; theirs(): PostgresCluster } {
  let fx: PgFixture;
  let reference: PostgresCluster;
  beforeAll(async () => {
    [fx, reference] = await Promise.all([startPgFixture(events), startPostgresCluster()]);
  });
  afterAll(async () => {
    await fx?.close();
    reference?.stop();
  });
  return { ours: () => fx, theirs: () => reference };
}

/** Where a client connects on either side: ours (database dynascope, the token) or theirs (postgres, trust). */
export function sideConnection(
  pair: ReturnType<typeof referencePair>,
  side: 'ours' | 'theirs',
): { host: string; port: number; user: string; database: string; password: string } {
  if (side === 'ours') return pair.ours().connection;
  const url = new URL(pair.theirs().url());
  return {
    host: url.hostname,
    port: Number(url.port),
    user: url.username,
    database: 'postgres',
    password: '',
  };
}

/** pgjdbc's URL for a connection. */
export const jdbcUrl = (c: { host: string; port: number; database: string }): string =>
  `jdbc:postgresql://${c.host}:${c.port}/${c.database}`;

/** A node-postgres client that keeps its notices and the ReadyForQuery statuses. */
export interface TrackedClient {
  readonly client: pg.Client;
  readonly notices: string[];
  /** The transaction status of the last ReadyForQuery: I, T or E. */
  status(): string;
  /** How many ReadyForQuery messages came (an error may settle a query before its ReadyForQuery). */
  readyCount(): number;
}

/** Connects, with the session's TimeZone set to UTC. */
export async function connectTracked(config: pg.ClientConfig | string): Promise<TrackedClient> {
  const client = new pg.Client(config);
  const notices: string[] = [];
  let status = 'I';
  let ready = 0;
  client.on('notice', (n) => notices.push(n.message ?? ''));
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('readyForQuery', (m: { status: string }) => {
    status = m.status;
    ready++;
  });
  await client.connect();
  await client.query("set timezone = 'UTC'");
  return { client, notices, status: () => status, readyCount: () => ready };
}

/** A CancelRequest to the server at `to` for the connection with these keys. */
export function cancelRequest(
  to: { readonly host: string; readonly port: number },
  processId: number,
  secretKey: number,
): Promise<void> {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processId, 8);
  packet.writeInt32BE(secretKey, 12);
  return new Promise((resolve) => {
    const socket = createConnection(to.port, to.host, () => socket.write(packet));
    socket.on('close', () => resolve());
    socket.on('error', () => undefined);
  });
}
