"""pgAdmin 4's and pg_dump's first statements, as psycopg 3 (Debian's python3-psycopg; pgAdmin's
driver) sends them to the Dynascope wire server: set_config follows SET's rule. Prints one
"key: value" line per check.
Usage: python3 pgadmin_check.py <host> <port> <user> <password>
"""
import sys

import psycopg

host, port, user, password = sys.argv[1:5]
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname="dynascope", autocommit=True) as conn:
    conn.add_notice_handler(lambda diagnostic: None)
    # pgAdmin's connection set-up, one Query message: refused before, after which pgAdmin hung up.
    cur = conn.execute(
        "SET DateStyle=ISO; SET client_min_messages=notice; SELECT set_config('bytea_output','hex',false) "
        "FROM pg_catalog.pg_show_all_settings() WHERE name = 'bytea_output'; SET client_encoding='UTF8';"
    )
    print("batch:", cur.statusmessage)
    print("settings:", conn.execute("select current_setting('DateStyle'), current_setting('bytea_output')").fetchone())
    # pg_dump's.
    conn.execute("SELECT pg_catalog.set_config('search_path', '', false)")
    print("search_path:", repr(conn.execute("select pg_catalog.current_setting('search_path')").fetchone()[0]))
    for key, sql, params in [
        ("refused", "SELECT pg_catalog.set_config('session_authorization', 'postgres', false)", None),
        ("bound name", "SELECT pg_catalog.set_config(%s, 'postgres', false)", ["session_authorization"]),
    ]:
        try:
            conn.execute(sql, params)
            print(key + ":", "ran")
        except psycopg.Error as e:
            print(key + ":", e.sqlstate, e.diag.message_primary)
    print("user:", conn.execute("select current_user, session_user").fetchone())
