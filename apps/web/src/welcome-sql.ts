/** The first tab's text on a first visit: what the workbench does, by example. */
export const WELCOME_SQL = `-- Welcome to Dynascope: Postgres SQL over DynamoDB.
-- Ctrl+Enter runs the statement under the cursor, Shift+Enter runs them all,
-- Ctrl+E explains it: the plan and its RCU, without running it. To estimate a table's size
-- it may read a small sample once per table (cached; the plan shows what it read).
-- More in Examples, on the left.

-- A point lookup: the partition key is fixed, so DynamoDB reads one item.
select user_id, name, email, country, lifetime_value
from users
where user_id = 'u0001';

-- kind is not a key: a full Scan. The filter is pushed, but a Scan still reads every item.
select kind, count(*) as events
from events
where kind in ('error', 'purchase')
group by kind;
`;

/**
 * The first tab's text on a server without the demo (DYNASCOPE_DEMO=0, or its tables dropped):
 * WELCOME_SQL's queries would fail (`relation "users" does not exist`), so it says how to add a
 * server instead, and runs nothing (comments only).
 */
export const NO_DEMO_WELCOME_SQL = `-- Welcome to Dynascope: Postgres SQL over DynamoDB.
-- This server has no demo tables: add your DynamoDB first.
--
-- * New server: the + beside SERVERS on the left. It lists your AWS profiles (~/.aws/config),
--   or takes access keys (kept encrypted in the vault). Then New foreign table (bottom left)
--   maps a DynamoDB table, or import foreign schema (below) maps them all.
-- * Or in SQL: remove the leading -- from these lines, then Shift+Enter runs them.
--
-- create foreign data wrapper dynamodb_wrapper;
-- create server prod foreign data wrapper dynamodb_wrapper
--   options (profile 'prod-readonly', environment 'production');  -- region: the profile's
-- create schema prod;
-- import foreign schema dynamodb from server prod into prod;
--
-- Then Ctrl+E explains a statement (its DynamoDB calls and RCU) before you run it, and
-- Connect (top right) shows how psql, JDBC or a BI tool reach this server.
`;
