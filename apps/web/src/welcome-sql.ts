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
