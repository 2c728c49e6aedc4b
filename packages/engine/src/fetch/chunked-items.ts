import type { AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import { TimeSlice } from '../util/time-slice';
import { decodeItem } from './decode-item';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  stringEnd,
} from './json-bytes';

type Item = Record<string, AttributeValue>;

/** Bytes of items read between two looks at the clock (~1 ms of work or less). */
const CHUNK_BYTES = 64 * 1024;
/** Bytes scanned between two looks at the clock (at the end of an item). */
const SCAN_STEP = 32 * 1024;

const ITEMS_KEY = Buffer.from('Items');

/** Where a response's top-level `Items` array lies: each item's byte range, and the array's own. */
export interface ItemSpans {
  /** `[start, end)` of each item's JSON object. */
  readonly items: [number, number][];
  /** `[start, end)` of the array, brackets included; null when the response has no `Items`. */
  readonly array: [number, number] | null;
}

/**
 * Finds the items of a Scan or Query response body by scanning its bytes once (strings skipped whole;
 * UTF-8 multi-byte sequences never hold an ASCII quote or bracket), pausing between items:
 *   `{"Count":2,"Items":[{"a":{"S":"}"}},{...}],"ScannedCount":2}` → items [[20,35],[36,..]], array [19,..]
 * The members before `Items` are walked as JSON (`stringEnd`); inside the array, where the page's
 * bytes are, a byte is looked up in a table (PLAIN, IN_STRING) rather than compared five times.
 */
export async function itemSpans(body: Buffer, slice: TimeSlice): Promise<ItemSpans> {
  const items: [number, number][] = [];
  const open = itemsArray(body);
  if (open < 0) return { items, array: null };
  const array: [number, number] = [open, -1];
  const n = body.length;
  let depth = 0;
  let itemStart = -1;
  let nextLook = open + SCAN_STEP;
  for (let i = open + 1; i < n; i++) {
    let c = body[i]!;
    // Past the body's end `c` is undefined, which is not PLAIN.
    while (PLAIN[c] === 1) c = body[++i]!;
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const s = body[i]!;
        if (IN_STRING[s] === 1) continue;
        if (s === QUOTE) break;
        i++; // a backslash: the byte after it is escaped
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 0) itemStart = i;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) {
        array[1] = i + 1;
        break;
      }
      if (--depth === 0) {
        items.push([itemStart, i + 1]);
        if (i >= nextLook) {
          nextLook = i + SCAN_STEP;
          if (slice.due()) await slice.pause();
        }
      }
    }
  }
  return { items, array };
}

/** Bytes that neither begin a string nor open or close an object or array: 1. */
const PLAIN = new Uint8Array(256).fill(1);
for (const c of [QUOTE, OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET]) PLAIN[c] = 0;
/** Bytes of a string that neither end it nor escape the next: 1. */
const IN_STRING = new Uint8Array(256).fill(1);
IN_STRING[QUOTE] = 0;
IN_STRING[BACKSLASH] = 0;

/** Where the response's top-level `Items` array opens (its `[`), or -1 when it has none. */
function itemsArray(body: Buffer): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) {
      const start = i + 1;
      i = stringEnd(body, start);
      if (depth === 1 && isItemsKey(body, start, i)) {
        let j = i + 1;
        while (j < body.length && body[j] !== COLON) j++;
        j++;
        while (j < body.length && body[j] !== OPEN_BRACKET && body[j] !== 0x6e /* null */) j++;
        return body[j] === OPEN_BRACKET ? j : -1;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return -1;
}

function isItemsKey(body: Buffer, start: number, end: number): boolean {
  if (end - start !== ITEMS_KEY.length) return false;
  for (let k = 0; k < ITEMS_KEY.length; k++) if (body[start + k] !== ITEMS_KEY[k]) return false;
  return true;
}

/**
 * A page's items parsed in chunks of about `CHUNK_BYTES`, pausing between them, as the SDK would
 * give them (binary values as bytes); the rest of the body (`Items` emptied) for the SDK to read.
 */
export async function parseItems(
  body: Buffer,
  slice: TimeSlice,
): Promise<{ items: Item[] | undefined; rest: Buffer }> {
  const spans = await itemSpans(body, slice);
  if (!spans.array || spans.array[1] < 0) return { items: undefined, rest: body };
  return { items: await parseSpans(body, spans, slice), rest: restOf(body, spans.array) };
}

/**
 * The items at `spans` of a page's body, read by `decodeItem` (JSON.parse where it declines), pausing
 * every `CHUNK_BYTES` or so.
 */
export async function parseSpans(body: Buffer, spans: ItemSpans, slice: TimeSlice): Promise<Item[]> {
  const items: Item[] = new Array<Item>(spans.items.length);
  let chunkStart = 0;
  for (let i = 0; i < spans.items.length; i++) {
    const [start, end] = spans.items[i]!;
    items[i] = itemAt(body, start, end);
    if (end - chunkStart >= CHUNK_BYTES) {
      chunkStart = end;
      if (slice.due()) await slice.pause();
    }
  }
  return items;
}

/** The item at `body[start, end)`, read by `decodeItem` (JSON.parse where it declines), binary values as bytes. */
export function itemAt(body: Buffer, start: number, end: number): Item {
  return decodeItem(body, start, end) ?? parsed(body, start, end);
}

/** An item JSON.parse reads (binary values as bytes, as the SDK gives them). */
function parsed(body: Buffer, start: number, end: number): Item {
  const item = JSON.parse(body.toString('utf8', start, end)) as Item;
  bytesIn(item);
  return item;
}

/** The body with its `Items` array emptied. */
function restOf(body: Buffer, [from, to]: readonly [number, number]): Buffer {
  return Buffer.concat([body.subarray(0, from), Buffer.from('[]'), body.subarray(to)]);
}

/** Turns `B` and `BS` values (base64 text) into bytes, in maps and lists too. */
function bytesIn(values: Record<string, AttributeValue> | AttributeValue[]): void {
  for (const v of Object.values(values) as unknown as Record<string, unknown>[]) {
    if (typeof v.B === 'string') v.B = new Uint8Array(Buffer.from(v.B, 'base64'));
    else if (Array.isArray(v.BS))
      v.BS = (v.BS as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64')));
    else if (v.M) bytesIn(v.M as Record<string, AttributeValue>);
    else if (v.L) bytesIn(v.L as AttributeValue[]);
  }
}

/**
 * A page's items as they arrived: how many, and the parse still to do (items are parsed when the page
 * is taken, not when it arrives: a page read ahead waits as its ~1 MB body, not as ~6 MB of objects).
 */
export interface ArrivedItems {
  readonly count: number;
  parse(): Promise<Item[]>;
  /** The items as bytes, for a reader that takes them so (absent when the SDK parsed them). */
  readonly raw?: RawItems;
}

/**
 * A page's items as the bytes of its body: where each item's JSON object lies (`itemAt` reads one).
 * A reader of a few attributes reads them there without making the items (load/raw-values.ts).
 */
export interface RawItems {
  readonly body: Buffer;
  readonly spans: readonly (readonly [number, number])[];
}

/**
 * A Scan or Query command's plugin that takes the items of a successful response out of its body
 * (itemSpans) into `into.items`, to be parsed in chunks when wanted (parseSpans), and hands the SDK
 * the rest (its schema walk over a 1 MB page is one long stretch of the JavaScript thread). Errors,
 * and answers without `Items`, go to the SDK as they came; retries replace `into.items`.
 */
export function chunkedItems(
  stack: ScanCommand['middlewareStack'],
  into: { items?: ArrivedItems | undefined },
): void {
  type Add = Parameters<typeof stack.add>;
  const middleware = ((next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    const out = await next(args);
    const response = out.response as { statusCode?: number; body?: unknown };
    if (response.statusCode === undefined || response.statusCode >= 300 || !response.body) return out;
    const body = await collect(response.body);
    const spans = await itemSpans(body, new TimeSlice());
    if (!spans.array || spans.array[1] < 0) {
      into.items = undefined;
      response.body = body;
      return out;
    }
    into.items = {
      count: spans.items.length,
      parse: () => parseSpans(body, spans, new TimeSlice()),
      raw: { body, spans: spans.items },
    };
    response.body = restOf(body, spans.array);
    return out;
  }) as unknown as Add[0];
  stack.add(middleware, { step: 'deserialize', priority: 'low', name: 'dynascopeChunkedItems' } as Add[1]);
}

async function collect(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parts: Buffer[] = [];
  for await (const part of body as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}
