import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Twelve events (id, device, kind) for the name-resolution tests, which run each statement over a
 * foreign table holding them as items and over a host table holding them as rows, and compare.
 */
export const TWIN_EVENTS = Array.from({ length: 12 }, (_, i) => ({
  id: `e${String(i).padStart(2, '0')}`,
  device: (i * 5) % 7,
  kind: ['click', 'view', 'buy'][i % 3]!,
}));

type TwinEvent = (typeof TWIN_EVENTS)[number];

/** The events as DynamoDB items: id (S), device (N), kind (S). */
export const twinEventItems = (
  events: readonly TwinEvent[] = TWIN_EVENTS,
): Record<string, AttributeValue>[] =>
  events.map((r) => ({ id: { S: r.id }, device: { N: String(r.device) }, kind: { S: r.kind } }));

/** The events as a VALUES list for `(id text, device integer, kind text)`. */
export const twinEventValues = (events: readonly TwinEvent[] = TWIN_EVENTS): string =>
  events.map((r) => `('${r.id}', ${r.device}, '${r.kind}')`).join(', ');
