"""A proper Python peer, as a baseline: fetch each page, check every record against the same JSON Schema
contract (jsonschema, draft 2020-12, formats checked), map it, and upsert with executemany.

Prints one line: python_peer_rows_per_s=<rows/s> rows=<n> rejected=<n> seconds=<s>. Connection from the
libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD)."""
import argparse
import json
import time
import urllib.request

import jsonschema
import psycopg2

UPSERT = """INSERT INTO %s (uuid, username, title, first, last, gender, email, dob, registered, phone, cell,
  street_number, street_name, city, state, country, postcode, latitude, longitude, tz_offset, nat)
VALUES (%%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s, %%s)
ON CONFLICT (uuid) DO UPDATE SET username = EXCLUDED.username, title = EXCLUDED.title, first = EXCLUDED.first,
  last = EXCLUDED.last, gender = EXCLUDED.gender, email = EXCLUDED.email, dob = EXCLUDED.dob,
  registered = EXCLUDED.registered, phone = EXCLUDED.phone, cell = EXCLUDED.cell,
  street_number = EXCLUDED.street_number, street_name = EXCLUDED.street_name, city = EXCLUDED.city,
  state = EXCLUDED.state, country = EXCLUDED.country, postcode = EXCLUDED.postcode, latitude = EXCLUDED.latitude,
  longitude = EXCLUDED.longitude, tz_offset = EXCLUDED.tz_offset, nat = EXCLUDED.nat"""


def row(u):
    loc = u.get("location") or {}
    street = loc.get("street") or {}
    coords = loc.get("coordinates") or {}
    return (u["login"]["uuid"], u["login"]["username"], u["name"]["title"], u["name"]["first"], u["name"]["last"],
            u.get("gender"), u["email"].lower(), (u.get("dob") or {}).get("date"), (u.get("registered") or {}).get("date"),
            u.get("phone"), u.get("cell"), street.get("number"), street.get("name"), loc.get("city"), loc.get("state"),
            loc.get("country"), None if loc.get("postcode") is None else str(loc.get("postcode")),
            coords.get("latitude"), coords.get("longitude"), (loc.get("timezone") or {}).get("offset"), u["nat"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--users", type=int, required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--contract", required=True, help="the user JSON Schema file")
    a = ap.parse_args()
    with open(a.contract, encoding="utf-8") as f:
        contract = json.load(f)
    validator = jsonschema.Draft202012Validator(contract, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    conn = psycopg2.connect("")
    table = '"%s".peer_users' % a.schema
    with conn, conn.cursor() as cur:
        cur.execute("""CREATE TABLE %s (uuid uuid PRIMARY KEY, username text, title text, first text, last text,
            gender text, email text, dob timestamptz, registered timestamptz, phone text, cell text, street_number int,
            street_name text, city text, state text, country text, postcode text, latitude numeric, longitude numeric,
            tz_offset text, nat text)""" % table)
    start = time.perf_counter()
    rows = rejected = 0
    page, left = 1, a.users
    while left > 0:
        n = min(left, 5000)
        url = "%s/api/1.4/?results=%d&seed=%s&page=%d" % (a.url, n, a.seed, page)
        with urllib.request.urlopen(url, timeout=120) as r:
            doc = json.load(r)
        batch = []
        for u in doc["results"]:
            errors = list(validator.iter_errors(u))
            if errors:
                rejected += 1
                continue
            batch.append(row(u))
        with conn, conn.cursor() as cur:
            cur.executemany(UPSERT % table, batch)
        rows += len(batch)
        left -= n
        page += 1
    seconds = time.perf_counter() - start
    print("python_peer_rows_per_s=%.0f rows=%d rejected=%d seconds=%.3f" % ((rows + rejected) / seconds, rows, rejected, seconds))


if __name__ == "__main__":
    main()
