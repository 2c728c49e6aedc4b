import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsError } from './aws-error';

/** ListTables, every page. */
export async function listTables(client: DynamoDBClient, signal?: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    try {
      const out = await client.send(
        new ListTablesCommand({ ...(start && { ExclusiveStartTableName: start }) }),
        { abortSignal: signal },
      );
      names.push(...(out.TableNames ?? []));
      start = out.LastEvaluatedTableName;
    } catch (e) {
      throw awsError(e, 'ListTables');
    }
  } while (start);
  return names;
}
