import {
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { awsError } from '../dynamo/aws-error';
import { throwIfAborted } from '../errors';

export type Item = Record<string, AttributeValue>;

export interface Page {
  readonly items: Item[];
  /** Items matched (with `Select: COUNT`, the only figure there is). */
  readonly count?: number;
  readonly consumedRcu: number;
  readonly scannedCount: number;
}

export type ReadRequest =
  | { readonly operation: 'Query'; readonly input: QueryCommandInput }
  | { readonly operation: 'Scan'; readonly input: ScanCommandInput };

/**
 * Reads lazily, one DynamoDB page per iteration, following LastEvaluatedKey (an empty page with a
 * LastEvaluatedKey means "keep going"), with ReturnConsumedCapacity on every request. With
 * `maxItems` (a LIMIT nothing filters locally) each request asks only for the items still wanted.
 * `signal` is a holder: a cursor's later pages run under a later request's signal.
 */
export async function* readPages(
  client: DynamoDBClient,
  request: ReadRequest,
  signal: { readonly current?: AbortSignal | undefined },
  maxItems?: number,
): AsyncGenerator<Page> {
  let startKey: Item | undefined;
  let remaining = maxItems;
  do {
    throwIfAborted(signal.current);
    const input = {
      ...request.input,
      ReturnConsumedCapacity: 'TOTAL' as const,
      ...(startKey && { ExclusiveStartKey: startKey }),
      ...(remaining !== undefined && { Limit: remaining }),
    };
    let out;
    try {
      out =
        request.operation === 'Query'
          ? await client.send(new QueryCommand(input), { abortSignal: signal.current })
          : await client.send(new ScanCommand(input), { abortSignal: signal.current });
    } catch (e) {
      throw awsError(e, `${request.operation} ${request.input.TableName}`);
    }
    startKey = out.LastEvaluatedKey && Object.keys(out.LastEvaluatedKey).length ? out.LastEvaluatedKey : undefined;
    yield {
      items: out.Items ?? [],
      count: out.Count ?? out.Items?.length ?? 0,
      consumedRcu: out.ConsumedCapacity?.CapacityUnits ?? 0,
      scannedCount: out.ScannedCount ?? out.Count ?? 0,
    };
    if (remaining !== undefined) {
      remaining -= out.Items?.length ?? 0;
      if (remaining <= 0) return;
    }
  } while (startKey);
}
