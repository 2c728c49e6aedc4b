import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { SqlState } from '../errors';
import { itemSize } from '../plan/item-size';
import { keySampleOf, sampledKeyAttributes } from '../plan/key-sample';
import type { TableInfo } from '../plan/key-schema';
import { describedStats, describedZero, refusedStats, type TableStats } from '../plan/table-stats';

const SAMPLE_ITEMS = 100;
const COUNT_SEGMENTS = [1024, 128, 16];
const MIN_COUNTED = 50;

/**
 * Table size for the cost model: DescribeTable's figures when it has any (refreshed about every
 * 6 hours), else a small sample: one page of up to 100 items for the average item size (and the
 * exact count of a small table), plus one Scan segment counted (1/1024 of the table, more when that
 * holds too few items) to extrapolate a large one. The page's values of the GSIs' partition keys are
 * counted for the planner's index selectivity (plan/key-sample.ts). What the sample read is its `sampledRcu`: the
 * statement that planned with it reports it (run/run-stats.ts), later ones use the cached figures.
 * A sample that fails (a role without dynamodb:Scan: AccessDenied; throttled past the retry budget)
 * leaves the figures unknown (refusedStats) and the statement plans without them; a cancel fails it.
 */
export async function tableStats(
  client: DynamoDBClient,
  info: TableInfo,
  signal?: AbortSignal,
): Promise<TableStats> {
  const described = describedStats(info);
  if (described) return described;
  try {
    const sample = await client.send(
      new ScanCommand({ TableName: info.name, Limit: SAMPLE_ITEMS, ReturnConsumedCapacity: 'TOTAL' }),
      { abortSignal: signal },
    );
    const items = sample.Items ?? [];
    const bytes = items.reduce((n, item) => n + itemSize(item), 0);
    const avg = items.length ? bytes / items.length : 0;
    const keySample = keySampleOf(items, sampledKeyAttributes(info));
    let rcu = sample.ConsumedCapacity?.CapacityUnits ?? 0;
    if (!sample.LastEvaluatedKey) {
      return {
        itemCount: items.length,
        sizeBytes: bytes,
        avgItemBytes: avg,
        basis: 'sampled',
        sampledRcu: rcu,
        keySample,
        note: `counted: ${items.length} items, ${bytes} bytes in one page (${describedZero(info)}; sampling cost ${rcu} RCU)`,
      };
    }
    // Segments split the table by partition key hash: with few large partitions one segment may hold
    // none. Count ever larger shares (1/1024, 1/128, 1/16) until enough items were seen to extrapolate.
    for (const segments of COUNT_SEGMENTS) {
      const last = segments === COUNT_SEGMENTS.at(-1);
      let counted = 0;
      let read = 0;
      // At the last share, keep counting further segments (up to a quarter of the table) until one has items.
      do {
        let start: Record<string, never> | undefined;
        do {
          const seg = await client.send(
            new ScanCommand({
              TableName: info.name,
              Segment: read,
              TotalSegments: segments,
              Select: 'COUNT',
              ReturnConsumedCapacity: 'TOTAL',
              ...(start && { ExclusiveStartKey: start }),
            }),
            { abortSignal: signal },
          );
          counted += seg.Count ?? 0;
          rcu += seg.ConsumedCapacity?.CapacityUnits ?? 0;
          start = seg.LastEvaluatedKey as typeof start;
        } while (start && counted < 50_000);
        read++;
      } while (last && counted === 0 && read < segments / 4);
      if (counted >= MIN_COUNTED || (last && counted > 0)) {
        const itemCount = Math.max(items.length + 1, Math.round((counted * segments) / read));
        return {
          itemCount,
          sizeBytes: Math.round(itemCount * avg),
          avgItemBytes: avg,
          basis: 'sampled',
          sampledRcu: rcu,
          keySample,
          note: `sampled: ~${itemCount} items of ~${Math.round(avg)} bytes (${items.length} items measured, ${read}/${segments} of the table counted; ${describedZero(info)}; sampling cost ${rcu} RCU)`,
        };
      }
    }
    return {
      itemCount: items.length,
      sizeBytes: Math.round(items.length * avg),
      avgItemBytes: avg,
      basis: 'unknown',
      sampledRcu: rcu,
      keySample,
      note: `more than ${items.length} items of ~${Math.round(avg)} bytes; their number could not be sampled (${describedZero(info)}; sampling cost ${rcu} RCU)`,
    };
  } catch (e) {
    const error = awsError(e, `Scan ${info.name} (sampling its size)`);
    if (signal?.aborted || CANCELLED.has(error.sqlstate)) throw error;
    return refusedStats(info, firstLine(awsError(e, `Scan ${info.name}`).message));
  }
}

/** A cancel, a statement_timeout, or the server's keys changed meanwhile: the statement ends. */
const CANCELLED = new Set<string>([SqlState.queryCanceled, SqlState.objectNotInPrerequisiteState]);

const firstLine = (text: string) => {
  const line = text.split('\n')[0]!;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
};
