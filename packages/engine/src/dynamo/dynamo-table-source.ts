import { tableStats } from '../fetch/sample-stats';
import type { TableSource } from '../plan/table-source';
import type { ClientCache } from './client-cache';
import { describeTable } from './describe-table';

/** DescribeTable, and DescribeTable's sizes or a small sample when it reports none, through the server's client. */
export function dynamoTableSource(clients: ClientCache): TableSource {
  return {
    describe: async (server, table, signal) => describeTable(await clients.clientFor(server), table, signal),
    stats: async (server, info, signal) => tableStats(await clients.clientFor(server), info, signal),
  };
}
