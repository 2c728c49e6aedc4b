"""psycopg 3 (Debian's python3-psycopg) against the Dynascope wire server: server-side cursors over a
foreign table and a local one, as psycopg 3 runs them (DECLARE, then Describe of the portal by name,
MOVE and FETCH) and libpq's PQdescribePortal. Prints one "key: value" line per check.
Usage: python3 psycopg3_cursors.py <host> <port> <user> <password>
"""
import sys

import psycopg

host, port, user, password = sys.argv[1:5]

# A scrollable server-side cursor (DECLARE ... SCROLL CURSOR, then MOVE / FETCH over the extended
# protocol) over a foreign table, back and forth across more rows than the engine keeps in memory; a
# NO SCROLL one is refused going back (55000), as Postgres refuses it.
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope") as conn:
    query = "select device_id, ts from events order by device_id, ts"
    plain = conn.cursor()
    plain.execute(query)
    row_number = {row: i + 1 for i, row in enumerate(plain.fetchall())}
    with conn.cursor(name="sc", scrollable=True) as sc:
        sc.execute(query)
        seen = [row_number[r] for r in sc.fetchmany(3)]
        sc.scroll(-2)
        seen.append(row_number[sc.fetchone()])
        sc.scroll(1500, mode="absolute")
        seen.append(row_number[sc.fetchone()])
        sc.scroll(-1400)
        seen.append(row_number[sc.fetchone()])
        sc.scroll(0, mode="absolute")
        seen.append(row_number[sc.fetchone()])
        print("scroll:", len(row_number), seen, sc.rownumber)
    with conn.cursor(name="ns", scrollable=False) as ns:
        ns.execute(query)
        ns.fetchone()
        try:
            ns.scroll(-1)
        except psycopg.Error as e:
            print("no scroll back:", e.sqlstate)
    conn.rollback()

# libpq's Describe of a DECLAREd cursor by its name (PQdescribePortal, as psycopg 3's named cursor
# sends it) after the cursor moved: the columns, without reading or moving it — over a foreign table
# NO SCROLL (whose re-read of its row Postgres refuses) and SCROLL, and over a local table.
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope") as conn:
    cur = conn.cursor()
    cur.execute("create temp table local_events as select device_id, ts from events")
    conn.commit()

    def described(name):
        r = conn.pgconn.describe_portal(name.encode())
        if r.status != psycopg.pq.ExecStatus.COMMAND_OK:
            return r.error_field(psycopg.pq.DiagnosticField.SQLSTATE).decode()
        return " ".join(f"{r.fname(i).decode()}:{r.ftype(i)}" for i in range(r.nfields))

    query = "select device_id, ts from {} order by device_id, ts"
    cur.execute(query.format("local_events"))
    row_number = {row: i + 1 for i, row in enumerate(cur.fetchall())}
    cases = [
        ("foreign no scroll", "no scroll", "events", "move 5 in c; fetch 1 from c"),
        ("foreign scroll", "scroll", "events", "move 300 in c; fetch backward 2 from c"),
        ("local scroll", "scroll", "local_events", "move 300 in c; fetch backward 2 from c"),
        ("local no scroll", "no scroll", "local_events", "move 5 in c; fetch 1 from c"),
        ("local unmoved", "no scroll", "local_events", ""),
    ]
    for label, scroll, table, moves in cases:
        cur.execute(f"declare c {scroll} cursor for {query.format(table)}")
        for step in filter(None, moves.split("; ")):
            cur.execute(step)
        columns = described("c")
        if ":" not in columns:
            # Refused (its SQLSTATE): the block is aborted.
            print(f"describe {label}:", columns)
            conn.rollback()
            continue
        # The next row is the one after where the moves left it.
        cur.execute("fetch 1 from c")
        print(f"describe {label}:", columns, row_number[cur.fetchone()])
        conn.rollback()
