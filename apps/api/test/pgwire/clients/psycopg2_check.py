"""psycopg2 (Debian's python3-psycopg2) against the Dynascope wire server: parameters and a
named server-side cursor fetched in batches. Prints one "key: value" line per check.
Usage: python3 psycopg2_check.py <host> <port> <user> <password>
"""
import io
import sys
from decimal import Decimal

import psycopg2

host, port, user, password = sys.argv[1:5]
conn = psycopg2.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope")
cur = conn.cursor()
cur.execute("select user_id, age, lifetime_value from users where user_id = %s", ("u0001",))
row = cur.fetchone()
print("param:", row[0], type(row[1]).__name__, isinstance(row[2], Decimal))
cur.execute("select %s::int + 1, %s::text, %s::numeric", (41, "it's", Decimal("12345678901234567890.5")))
print("typed:", *cur.fetchone())
conn.rollback()

named = conn.cursor(name="events_cursor")
named.itersize = 250
named.execute("select device_id, ts from events where ts > %s", (0,))
batches = []
while True:
    rows = named.fetchmany(250)
    if not rows:
        break
    batches.append(len(rows))
named.close()
cur.execute("select count(*) from events where ts > %s", (0,))
print("batches:", cur.fetchone()[0], batches)
conn.rollback()
out = io.StringIO()
cur.copy_expert("copy (select user_id from users where user_id in ('u0001', 'u0002') order by 1) to stdout", out)
print("copy out:", out.getvalue().replace("\n", ";"))
conn.rollback()
# Outside a transaction block: dynalite has no TransactWriteItems for a COMMIT to apply writes with.
conn.autocommit = True
cur.copy_expert("copy users (user_id, name) from stdin (format csv)", io.StringIO("py1,Ada\npy2,Bob\n"))
print("copy in:", cur.rowcount)
cur.execute("select string_agg(name, ',' order by name) from users where user_id in ('py1', 'py2')")
print("copied:", cur.fetchone()[0])
conn.autocommit = False
try:
    cur.execute("select 1/0")
except psycopg2.Error as e:
    print("error:", e.pgcode)
conn.close()
