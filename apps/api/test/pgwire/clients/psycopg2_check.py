"""psycopg2 (Debian's python3-psycopg2) against the Dynascope wire server: parameters and a
named server-side cursor fetched in batches. Prints one "key: value" line per check.
Usage: python3 psycopg2_check.py <host> <port> <user> <password>
"""
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
try:
    cur.execute("select 1/0")
except psycopg2.Error as e:
    print("error:", e.pgcode)
conn.close()
