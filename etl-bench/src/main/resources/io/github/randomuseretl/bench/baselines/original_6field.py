"""The original project's way, as a baseline: fetch each page, check the whole document for 6 fields,
write the users as CSV, COPY 6 columns. No per-record schema, no mapping, no upsert, no history.

Prints one line: original_6field_rows_per_s=<rows/s> rows=<n> seconds=<s>. Connection from the libpq
environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD)."""
import argparse
import csv
import io
import json
import time
import urllib.request

import psycopg2

FIELDS = ("uuid", "first", "last", "email", "gender", "nat")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--schema", required=True)
    a = ap.parse_args()
    conn = psycopg2.connect("")
    table = '"%s".original_users' % a.schema
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE %s (uuid uuid, first text, last text, email text, gender text, nat text)" % table)
    start = time.perf_counter()
    rows = 0
    page, left = 1, a.users
    while left > 0:
        n = min(left, 5000)
        url = "%s/api/1.4/?results=%d&seed=%s&page=%d" % (a.url, n, a.seed, page)
        with urllib.request.urlopen(url, timeout=120) as r:
            doc = json.load(r)
        results = doc["results"]
        # whole-document check: every user has the 6 fields, or the page is refused
        for u in results:
            if not (u["login"]["uuid"] and u["name"]["first"] and u["name"]["last"] and u["email"]
                    and u["gender"] in ("female", "male") and u["nat"]):
                raise SystemExit("page %d: a user lacks one of the 6 fields" % page)
        buf = io.StringIO()
        w = csv.writer(buf)
        for u in results:
            w.writerow((u["login"]["uuid"], u["name"]["first"], u["name"]["last"], u["email"], u["gender"], u["nat"]))
        buf.seek(0)
        with conn, conn.cursor() as cur:
            cur.copy_expert("COPY %s (%s) FROM STDIN WITH (FORMAT csv)" % (table, ", ".join(FIELDS)), buf)
        rows += len(results)
        left -= n
        page += 1
    seconds = time.perf_counter() - start
    print("original_6field_rows_per_s=%.0f rows=%d seconds=%.3f" % (rows / seconds, rows, seconds))


if __name__ == "__main__":
    main()
