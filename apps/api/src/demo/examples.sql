-- Example queries over the demo data, offered by the web app (GET /api/examples).
-- Each block starts with "-- title:"; the comment lines after it are its description.

-- title: Point lookup by partition key
-- The whole key has an equality, so DynamoDB reads one item (GetItem): 0.5 RCU, not a Scan.
select user_id, name, email, age, signup_at, lifetime_value
from users
where user_id = 'u0001';

-- title: Query with a sort-key range
-- customer_id is the partition key and order_date the sort key: both go into the KeyConditionExpression.
select order_date, order_id, status, total, currency
from orders
where customer_id = 'u0034' and order_date >= '2024-06-01'
order by order_date;

-- title: Full Scan with a pushed filter
-- kind is not a key, so this is a Scan of all events: the filter is pushed to DynamoDB, but a
-- filter does not reduce read capacity. Watch the consumed RCU.
select count(*) as errors
from events
where kind = 'error';

-- title: Query on numeric keys
-- events has a numeric partition key (device_id) and sort key (ts, epoch milliseconds): the first
-- three days of January 2025 for one device.
select ts, kind, duration_ms, payload->>'path' as path
from events
where device_id = 7 and ts between 1735689600000 and 1735948800000
order by ts;

-- title: Global secondary index
-- An equality on status, the partition key of the by_status index, lets DynamoDB Query the index
-- instead of scanning the whole table.
select customer_id, order_date, total
from orders
where status = 'returned'
order by order_date desc
limit 20;

-- title: Prefix match pushed as begins_with
-- LIKE 'prefix%' becomes a begins_with() filter. name is not a key, so this is still a Scan.
select user_id, name, email
from users
where name like 'Grace%'
order by user_id
limit 10;

-- title: Residual predicate (evaluated locally)
-- DynamoDB cannot evaluate lower(): the whole table is scanned and Postgres filters the rows.
select user_id, name, email
from users
where lower(email) like '%hopper%'
order by user_id
limit 10;

-- title: Catch-all jsonb column
-- _attrs holds every attribute without a declared column: maps, lists, sets, binaries.
-- IN on the partition key reads just those items (BatchGetItem).
select user_id, _attrs->'address'->>'city' as city, _attrs->'tags' as tags, _attrs->'preferences' as preferences
from users
where user_id in ('u0001', 'u0002', 'u0011');

-- title: Join and aggregate
-- The user is one GetItem; its key then restricts orders to a Query. The join, grouping and sums
-- run in Postgres.
select u.name, count(*) as orders, sum(o.total) as spent
from users u
join orders o on o.customer_id = u.user_id
where u.user_id = 'u0034'
group by u.name;

-- title: Products by category (index with a numeric sort key)
-- The by_category index has category as partition key and price as sort key: both conditions go
-- into its key condition. It projects name and stock, so nothing is fetched back from the table.
select sku, name, price, stock
from products
where category = 'books' and price < 100
order by price;

-- title: The imported (untyped) tables
-- IMPORT FOREIGN SCHEMA created dynamodb.* with the key columns and a jsonb catch-all.
select *
from dynamodb.products
limit 5;
