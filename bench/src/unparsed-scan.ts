import { ScanCommand, type DynamoDBClient, type ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { itemSpans } from '../../packages/engine/src/fetch/chunked-items';
import { TimeSlice } from '../../packages/engine/src/util/time-slice';

/**
 * A Scan read whose items are never parsed in this process, so that what it takes is the emulator's
 * own work (plus the bytes crossing the socket): each response's body is taken before the SDK's
 * deserialiser sees it and handed on with its `Items` array emptied, so the SDK reads only `Count`,
 * `ScannedCount` and `LastEvaluatedKey`. The array is found without walking the items: its key is the
 * first `"Items":` of the body (a quote inside a JSON string is escaped, so those bytes are a key) and
 * its end the last `]` (what follows it, the key to start from and the counts, holds a `]` only inside
 * a string: a few `]` from the end are tried), the result checked by parsing it (a few hundred
 * bytes). `LastEvaluatedKey` may stand before the items (dynalite writes it there) or after them.
 * A body where that fails is walked whole by the engine's itemSpans (counted in `walked`).
 */

const ITEMS_KEY = Buffer.from('"Items":');
const EMPTY = Buffer.from('[]');
const CLOSE_BRACKET = 0x5d;
/** How many `]` from the end are tried as the end of the `Items` array before the body is walked whole. */
const TAIL_TRIES = 8;

/** The body with its `Items` array emptied (the body itself when it has none); `walked` when that took itemSpans. */
export async function withoutItems(body: Buffer): Promise<{ rest: Buffer; walked: boolean }> {
  const key = body.indexOf(ITEMS_KEY);
  if (key < 0) return { rest: body, walked: false };
  const from = key + ITEMS_KEY.length;
  let end = body.lastIndexOf(CLOSE_BRACKET);
  for (let tries = 0; end > from && tries < TAIL_TRIES; tries++) {
    const rest = Buffer.concat([body.subarray(0, from), EMPTY, body.subarray(end + 1)]);
    try {
      JSON.parse(rest.toString('utf8'));
      return { rest, walked: false };
    } catch {
      end = body.lastIndexOf(CLOSE_BRACKET, end - 1);
    }
  }
  const { array } = await itemSpans(body, new TimeSlice());
  if (!array || array[1] < 0) return { rest: body, walked: true };
  return { rest: Buffer.concat([body.subarray(0, array[0]), EMPTY, body.subarray(array[1])]), walked: true };
}

export interface UnparsedScan {
  /** ScannedCount and Count summed over the pages. */
  readonly scanned: number;
  readonly returned: number;
  readonly pages: number;
  /** Pages whose items had to be walked to be found (withoutItems): 0 when the read parsed nothing. */
  readonly walked: number;
}

/** Reads `input` to its end (every page), the items left unparsed. */
export async function scanUnparsed(client: DynamoDBClient, input: ScanCommandInput): Promise<UnparsedScan> {
  let scanned = 0;
  let returned = 0;
  let pages = 0;
  const walked = { pages: 0 };
  let start: ScanCommandInput['ExclusiveStartKey'];
  do {
    const command = new ScanCommand({ ...input, ExclusiveStartKey: start });
    itemsUnparsed(client, command.middlewareStack, walked);
    const out = await client.send(command);
    scanned += out.ScannedCount ?? 0;
    returned += out.Count ?? 0;
    pages++;
    start = out.LastEvaluatedKey;
  } while (start);
  return { scanned, returned, pages, walked: walked.pages };
}

/** The deserialize-step plugin: a successful response's body collected and handed on without its items. */
function itemsUnparsed(
  client: DynamoDBClient,
  stack: ScanCommand['middlewareStack'],
  walked: { pages: number },
): void {
  type Add = Parameters<typeof stack.add>;
  const middleware = ((next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    const out = await next(args);
    const response = out.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== undefined && response.statusCode < 300 && response.body) {
      const bytes = await client.config.streamCollector(response.body);
      const { rest, walked: wasWalked } = await withoutItems(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      );
      if (wasWalked) walked.pages++;
      response.body = rest;
    }
    return out;
  }) as unknown as Add[0];
  stack.add(middleware, { step: 'deserialize', priority: 'low', name: 'benchItemsUnparsed' } as Add[1]);
}
