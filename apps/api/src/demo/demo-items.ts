import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { seededRandom, type SeededRandom } from './seeded-random';

/** A DynamoDB item in the low-level attribute-value format. */
export type Item = Record<string, AttributeValue>;

export const DEMO_USER_COUNT = 1000;
export const DEMO_PRODUCT_COUNT = 300;
export const DEMO_DEVICE_COUNT = 200;
/** 2025-01-01T00:00:00Z: events span the 30 days after it. */
export const EVENTS_START_MS = Date.UTC(2025, 0, 1);
const EVENTS_SPAN_MS = 30 * 24 * 3600 * 1000;

const FIRST = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Barbara',
  'Edsger',
  'Frances',
  'Ken',
  'Margaret',
  'Dennis',
  'Radia',
  'Donald',
  'Hedy',
  'John',
  'Sophie',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Thompson',
  'Hamilton',
  'Ritchie',
  'Perlman',
  'Knuth',
  'Lamarr',
  'Backus',
  'Wilson',
  'Berners-Lee',
];
const CITIES: readonly (readonly [string, string])[] = [
  ['Paris', 'FR'],
  ['Berlin', 'DE'],
  ['Lisbon', 'PT'],
  ['Austin', 'US'],
  ['Seattle', 'US'],
  ['Kyoto', 'JP'],
  ['Toronto', 'CA'],
  ['Melbourne', 'AU'],
];
const USER_TAGS = ['vip', 'beta', 'newsletter', 'churn-risk', 'wholesale'];
export const CATEGORIES = ['books', 'electronics', 'garden', 'kitchen', 'toys', 'apparel', 'sports', 'music'];
const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Pro', 'Vintage', 'Smart', 'Rugged'];
const NOUNS: Record<string, readonly string[]> = {
  books: ['Novel', 'Cookbook', 'Atlas', 'Field Guide'],
  electronics: ['Headphones', 'Charger', 'Keyboard', 'Speaker'],
  garden: ['Trowel', 'Planter', 'Hose', 'Seed Kit'],
  kitchen: ['Kettle', 'Knife Set', 'Skillet', 'Grinder'],
  toys: ['Puzzle', 'Kite', 'Robot', 'Board Game'],
  apparel: ['Jacket', 'Sneakers', 'Scarf', 'Hoodie'],
  sports: ['Racket', 'Yoga Mat', 'Bottle', 'Helmet'],
  music: ['Vinyl', 'Ukulele', 'Metronome', 'Capo'],
};
const STATUSES: readonly (readonly [string, number])[] = [
  ['delivered', 0.55],
  ['shipped', 0.15],
  ['pending', 0.15],
  ['cancelled', 0.1],
  ['returned', 0.05],
];
const EVENT_KINDS: readonly (readonly [string, number])[] = [
  ['page_view', 0.6],
  ['click', 0.25],
  ['purchase', 0.05],
  ['error', 0.05],
  ['login', 0.05],
];
const PATHS = ['/', '/search', '/cart', '/checkout', '/account', '/products', '/help'];

const s = (value: string): AttributeValue => ({ S: value });
const n = (value: number | string): AttributeValue => ({ N: String(value) });
const pad = (value: number, width: number) => String(value).padStart(width, '0');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const money = (cents: number) => `${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;

function weighted(random: SeededRandom, choices: readonly (readonly [string, number])[]): string {
  let roll = random.next();
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[0]![0];
}

export function userId(index: number): string {
  return `u${pad(index + 1, 4)}`;
}

export function productSku(index: number): string {
  return `SKU-${pad(index + 1, 5)}`;
}

/** Users: maps, lists, string sets, binaries, a DynamoDB NULL, missing attributes, a 38-digit number. */
export function* demoUsers(): Generator<Item> {
  const random = seededRandom(1);
  for (let i = 0; i < DEMO_USER_COUNT; i++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const [city, country] = random.pick(CITIES);
    const item: Item = {
      user_id: s(userId(i)),
      name: s(`${first} ${last}`),
      email: s(`${first}.${last}${i + 1}@example.com`.toLowerCase()),
      active: { BOOL: random.chance(0.85) },
      signup_at: s(
        iso(Date.UTC(2022, 0, 1) + random.int(0, 3 * 365) * 86_400_000 + random.int(0, 86_399) * 1000),
      ),
      country: s(country),
      lifetime_value: n(i === 0 ? '12345678901234567890.123456789012345678' : money(random.int(0, 500_000))),
      preferences: {
        M: {
          theme: s(random.pick(['light', 'dark', 'system'])),
          newsletter: { BOOL: random.chance(0.4) },
          languages: {
            L: [s('en'), ...(random.chance(0.3) ? [s(random.pick(['fr', 'de', 'pt', 'ja']))] : [])],
          },
        },
      },
    };
    if (i % 10 !== 3) item.age = n(random.int(18, 80));
    if (i % 20 !== 7)
      item.address = {
        M: {
          street: s(`${random.int(1, 200)} Main St`),
          city: s(city),
          zip: s(pad(random.int(1000, 99999), 5)),
        },
      };
    const tags = USER_TAGS.filter(() => random.chance(0.25));
    if (tags.length > 0) item.tags = { SS: tags };
    if (i % 10 === 0) item.avatar = { B: random.bytes(16) };
    if (random.chance(0.3)) item.phone = s(`+1-555-${pad(random.int(0, 9999), 4)}`);
    if (i % 50 === 5) item.referrer = { NULL: true };
    yield item;
  }
}

/** Products: a number set for apparel sizes, binary sets, nested maps, optional booleans. */
export function* demoProducts(): Generator<Item> {
  const random = seededRandom(2);
  for (let i = 0; i < DEMO_PRODUCT_COUNT; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const item: Item = {
      sku: s(productSku(i)),
      category: s(category),
      name: s(`${random.pick(ADJECTIVES)} ${random.pick(NOUNS[category]!)}`),
      price: n(money(random.int(299, 49_999))),
      stock: n(random.int(0, 500)),
      dimensions: {
        M: { w: n(random.int(1, 80)), h: n(random.int(1, 80)), d: n(random.int(1, 40)), unit: s('cm') },
      },
      tags: { SS: [category, random.pick(['new', 'sale', 'bestseller', 'gift'])] },
    };
    if (random.chance(0.8)) item.rating = n((random.int(10, 50) / 10).toFixed(1));
    if (category === 'apparel') item.sizes = { NS: ['36', '38', '40', '42', '44'] };
    if (i % 5 === 0) item.image = { B: random.bytes(24) };
    if (i % 20 === 11) item.discontinued = { BOOL: true };
    if (i % 25 === 0) item.checksums = { BS: [random.bytes(8), random.bytes(8)] };
    yield item;
  }
}

/** Orders: 0–9 per user, sort key `order_date` (ISO 8601), a list of item maps, optional fields. */
export function* demoOrders(): Generator<Item> {
  const random = seededRandom(3);
  let sequence = 0;
  for (let u = 0; u < DEMO_USER_COUNT; u++) {
    let at = Date.UTC(2024, 0, 1) + random.int(0, 60) * 86_400_000;
    const count = random.int(0, 9);
    for (let k = 0; k < count; k++) {
      at += random.int(1, 70) * 86_400_000 + random.int(0, 86_399) * 1000;
      sequence += 1;
      const status = weighted(random, STATUSES);
      const lines = Array.from({ length: random.int(1, 4) }, () => ({
        sku: productSku(random.int(0, DEMO_PRODUCT_COUNT - 1)),
        qty: random.int(1, 3),
        cents: random.int(299, 19_999),
      }));
      const [city, country] = random.pick(CITIES);
      const item: Item = {
        customer_id: s(userId(u)),
        order_date: s(iso(at)),
        order_id: s(`o${pad(sequence, 6)}`),
        status: s(status),
        total: n(money(lines.reduce((sum, line) => sum + line.qty * line.cents, 0))),
        currency: s(random.chance(0.7) ? 'EUR' : 'USD'),
        items: {
          L: lines.map((line) => ({
            M: { sku: s(line.sku), qty: n(line.qty), price: n(money(line.cents)) },
          })),
        },
      };
      if (status !== 'cancelled')
        item.shipping = {
          M: {
            method: s(random.pick(['standard', 'express'])),
            address: { M: { city: s(city), country: s(country) } },
          },
        };
      if (status === 'shipped' || status === 'delivered')
        item.shipped_at = s(iso(at + random.int(1, 3) * 86_400_000));
      if (random.chance(0.12)) item.coupon = s(random.pick(['WELCOME10', 'SPRING', 'VIP20']));
      if (random.chance(0.06)) item.gift = { BOOL: true };
      yield item;
    }
  }
}

/** Events: numeric partition (`device_id`) and sort (`ts`, epoch ms) keys; `count` items. */
export function* demoEvents(count: number): Generator<Item> {
  const random = seededRandom(4);
  const perDevice = Math.max(1, Math.ceil(count / DEMO_DEVICE_COUNT));
  const step = Math.floor(EVENTS_SPAN_MS / perDevice);
  for (let i = 0; i < count; i++) {
    const device = i % DEMO_DEVICE_COUNT;
    const kind = weighted(random, EVENT_KINDS);
    const item: Item = {
      device_id: n(device + 1),
      ts: n(
        EVENTS_START_MS + Math.floor(i / DEMO_DEVICE_COUNT) * step + random.int(0, Math.max(0, step - 1)),
      ),
      kind: s(kind),
      duration_ms: n(random.int(1, 2500)),
      session: s(`s-${device + 1}-${Math.floor(i / (DEMO_DEVICE_COUNT * 20))}`),
      payload: {
        M: {
          path: s(random.pick(PATHS)),
          ...(random.chance(0.2) ? { referrer: s('https://search.example') } : {}),
        },
      },
    };
    if (kind === 'purchase') item.value = n(money(random.int(500, 50_000)));
    if (kind === 'error') item.error_code = s(random.pick(['E_TIMEOUT', 'E_5XX', 'E_AUTH']));
    yield item;
  }
}
