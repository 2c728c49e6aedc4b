/**
 * SQL in → DynamoDB request out: one case per access path and statement shape (every shape of
 * plan/statement/statement-plan.ts, writes included, is among them). The golden file
 * (statement-requests.json) holds the exact first request of each scan; statement-plans.test.ts checks
 * it on both emulators (planned = golden = sent), and the engine README's table is made from it.
 *
 * Tables: `orders` — partition key `customer_id` (S), sort key `order_date` (S), GSI `by_status`
 * (status); `users` — partition key `user_id` (S); `orders_renamed` — `orders` with columns mapped to
 * its attributes (`customer` → `customer_id`, ...); `orders_doc` — `orders` with `_attrs`. WRITE_CASES add every request a write sends.
 */
export interface StatementCase {
  readonly name: string;
  readonly sql: string;
}

export const ORDERS_COLUMNS = 'customer_id text, order_date text, status text, total numeric, note text';
export const USERS_COLUMNS = 'user_id text, name text';
/** `orders` again, its columns renamed and mapped to the attributes by the column option `attribute`. */
export const RENAMED_COLUMNS =
  "customer text options (attribute 'customer_id'), placed text options (attribute 'order_date'), state text options (attribute 'status'), amount numeric options (attribute 'total')";

/** `orders` with a catch-all: `select *` needs attributes a top-N neither sorts nor checks. */
export const DOC_COLUMNS = 'customer_id text, order_date text, total numeric, _attrs jsonb';

export const STATEMENT_CASES: readonly StatementCase[] = [
  { name: 'full key', sql: "select * from orders where customer_id = 'c1' and order_date = '2024-01-05'" },
  { name: 'partition keys of a key-only table', sql: "select name from users where user_id in ('u1', 'u2')" },
  // An array constant is an IN list: also how a driver binds `= any($1)` (`('{u1,u2}')::pg_catalog._text`).
  { name: 'partition keys as an array', sql: "select name from users where user_id = any('{u1,u2}')" },
  { name: 'partition key', sql: "select order_date, total from orders where customer_id = 'c1'" },
  {
    name: 'partition key IN on a composite key',
    sql: "select * from orders where customer_id in ('c1', 'c2')",
  },
  {
    name: 'commuted range',
    sql: "select * from orders where '2024-01-05' <= order_date and 'c1' = customer_id",
  },
  {
    name: 'strict bounds',
    sql: "select * from orders where customer_id = 'c1' and order_date > '2024-01' and order_date < '2024-03'",
  },
  { name: 'LIKE prefix', sql: "select * from orders where customer_id = 'c1' and order_date like '2024-0%'" },
  { name: 'index equality', sql: "select customer_id, total from orders where status = 'open'" },
  { name: 'filter', sql: 'select * from orders where total > 100 and note is null' },
  {
    name: 'not equal (only items with the attribute)',
    sql: "select customer_id, order_date from orders where total <> 100 and note <> 'gift'",
  },
  { name: 'residual', sql: "select * from orders where lower(status) = 'open'" },
  { name: 'count', sql: 'select count(*) from orders where total > 100' },
  { name: 'count of a partition', sql: "select count(*) from orders where customer_id = 'c1'" },
  {
    name: 'descending top-N',
    sql: "select * from orders where customer_id = 'c1' order by order_date desc limit 2",
  },
  {
    name: 'top-N through the host',
    sql: "select order_date, total * 2 from orders where customer_id = 'c1' order by order_date limit 2",
  },
  { name: 'streaming limit', sql: 'select * from users limit 3' },
  { name: 'streaming limit through the host', sql: 'select upper(name) from users limit 3 offset 1' },
  {
    name: 'streaming aggregate in the engine',
    sql: 'select status, count(*), sum(total) from orders where total > 100 group by status',
  },
  {
    // Items of ~150 bytes, every declared attribute checked: reading keys then fetching would not pay.
    name: 'top-N of small items: whole items, not by key',
    sql: 'select * from orders_doc order by total desc limit 1',
  },
  {
    name: 'join restricted by the keys read',
    sql: "select o.order_date, u.name from orders o join users u on u.user_id = o.customer_id where o.customer_id = 'c1'",
  },
  {
    name: 'join through the host, restricted by the keys read',
    sql: "select o.total * 2, u.name from orders o join users u on u.user_id = o.customer_id where o.customer_id = 'c1'",
  },
  {
    name: 'columns mapped to attributes',
    sql: "select placed, amount from orders_renamed where customer = 'c1' and placed >= '2024-01-05' and state = 'open'",
  },
];

/**
 * Writes, run after the reads and in this order, on customer `w1`'s orders (which no read case sees):
 * the golden file holds every request each sends — its reads, then its writes (conditioned on the item
 * as read, with the key it was read by).
 */
export const WRITE_CASES: readonly StatementCase[] = [
  {
    name: 'INSERT one row',
    sql: "insert into orders (customer_id, order_date, status, total) values ('w1', '2024-05-01', 'open', 12.50)",
  },
  {
    name: 'INSERT several rows',
    sql: "insert into orders (customer_id, order_date, status, total, note) values ('w1', '2024-05-02', 'open', 1, 'a'), ('w1', '2024-05-03', 'closed', 2, null)",
  },
  {
    name: 'INSERT ... ON CONFLICT DO NOTHING',
    sql: "insert into orders (customer_id, order_date, status) values ('w1', '2024-05-01', 'dup') on conflict do nothing",
  },
  {
    name: 'UPDATE by the full key',
    sql: "update orders set total = total + 1, note = 'gift' where customer_id = 'w1' and order_date = '2024-05-01'",
  },
  {
    name: 'UPDATE setting NULL, by a filter',
    sql: "update orders set note = null where customer_id = 'w1' and status = 'open' and note is not null",
  },
  {
    name: 'DELETE by the full key',
    sql: "delete from orders where customer_id = 'w1' and order_date = '2024-05-03'",
  },
  { name: 'DELETE a partition', sql: "delete from orders where customer_id = 'w1'" },
];
