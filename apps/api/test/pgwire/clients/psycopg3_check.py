"""psycopg 3 (Debian's python3-psycopg) against the Dynascope wire server: COPY as its Copy object
reads and writes it — rows() parses one row from each CopyData. Prints one "key: value" line per check.
Usage: python3 psycopg3_check.py <host> <port> <user> <password>
"""
import sys

import psycopg

host, port, user, password = sys.argv[1:5]
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope") as conn:
    cur = conn.cursor()
    # rows() parses text format (tab separated, escaped), one row per CopyData.
    sql = "copy (select user_id, name, e'two\\nlines' from users where user_id in ('u0001', 'u0002') order by 1) to stdout"
    with cur.copy(sql) as copy:
        rows = [(r[0], r[2]) for r in copy.rows()]
    print("copy rows:", rows, cur.rowcount)
    with cur.copy("copy (select user_id from users where user_id = 'u0003') to stdout (format csv, header)") as copy:
        print("copy columns:", copy.cursor.pgresult.nfields)
        print("copy data:", [bytes(b) for b in copy])
    conn.rollback()
    conn.autocommit = True
    with cur.copy("copy users (user_id, name) from stdin") as copy:
        print("copy in columns:", copy.cursor.pgresult.nfields)
        copy.write_row(("py3a", "Ada"))
        copy.write_row(("py3b", "Bob"))
    print("copy in:", cur.rowcount)
    cur.execute("select string_agg(name, ',' order by name) from users where user_id in ('py3a', 'py3b')")
    print("copied:", cur.fetchone()[0])
    try:
        with cur.copy("copy users (user_id, nosuch) from stdin") as copy:
            copy.write_row(("py3c", "x"))
    except psycopg.Error as e:
        print("copy in error:", e.sqlstate)

# A read-only connection (psycopg's read_only: each transaction BEGIN READ ONLY) reads what the host
# evaluates — a join, a residual predicate, a named server-side cursor (DECLARE, then a Describe of
# the cursor's portal by its name, then FETCH FORWARD itersize) — and is refused writes.
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope") as conn:
    conn.read_only = True
    cur = conn.cursor()
    cur.execute(
        "select a.user_id, b.name from users a join users b on b.user_id = a.user_id"
        " where a.user_id in ('py3a', 'py3b') and length(a.name) + 0 = 3 order by 1"
    )
    print("read only join:", cur.fetchall())
    with conn.cursor(name="ro_cursor") as named:
        named.itersize = 1
        named.execute("select name from users where user_id in ('py3a', 'py3b') and upper(name) <> '' order by 1")
        print("read only cursor:", [r[0] for r in named])
    cur.execute("show transaction_read_only")
    print("read only setting:", cur.fetchone()[0])
    try:
        cur.execute("update users set name = 'x' where user_id = 'py3a'")
    except psycopg.Error as e:
        print("read only update:", e.sqlstate)
