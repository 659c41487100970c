"""Benchmark: the tree of units over the real administrative units.

Measures, against the database of DATABASE_URL (SQLite file by default):
- `tuyengiao load-units` (first run and the idempotent second run);
- the subtree of a province as of a date, and of the whole country as of today;
- diacritic-free name searches;
each through the selector a page uses and as hand-written SQL for the same answer, in the same
run, printing median and p99 times and the ratio selector / SQL. On PostgreSQL it also prints the
plan of the subtree query, to show it is answered from the path index.

Run: `.venv/bin/python bench/bench_tree.py` (SQLite) or with
`DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test` (PostgreSQL). It writes the units into that
database (idempotently) and nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tuyengiao.accounts.models import Membership, User  # noqa: E402
from tuyengiao.core.text import search_terms  # noqa: E402
from tuyengiao.orgunits.models import OrgUnit  # noqa: E402
from tuyengiao.orgunits.selectors import orgunit_list  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
THEN, NOW = dt.date(2020, 6, 30), dt.date(2026, 1, 1)

NAME_ON_SQL = """COALESCE((SELECT n.name FROM orgunits_orgunitname n WHERE n.unit_id = u.id AND n.valid_to >= %s
                 ORDER BY n.valid_to LIMIT 1), u.name)"""
SUBTREE_SQL = f"""SELECT u.id, {NAME_ON_SQL} FROM orgunits_orgunit u
    WHERE u.path LIKE %s AND u.valid_from <= %s AND (u.valid_to IS NULL OR u.valid_to >= %s) ORDER BY u.path"""
# On SQLite the best hand-written subtree query is a range over the path index (its LIKE cannot use
# an index): the baseline is what a person would write for that database.
SUBTREE_SQL_SQLITE = f"""SELECT u.id, {NAME_ON_SQL} FROM orgunits_orgunit u
    WHERE u.path >= %s AND u.path < %s AND u.valid_from <= %s AND (u.valid_to IS NULL OR u.valid_to >= %s)
    ORDER BY u.path"""


def subtree_sql(path: str, day: dt.date) -> list[tuple]:
    if connection.vendor == "sqlite":
        return sql(SUBTREE_SQL_SQLITE, [day, path, path[:-1] + "0", day, day])
    return sql(SUBTREE_SQL, [day, path + "%", day, day])


def timed(fn: Callable[[], object]) -> tuple[list[float], object]:
    fn()  # warm caches and the connection
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[
        min(len(ordered) - 1, int(len(ordered) * 0.99))
    ] * 1000


def sql(query: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def compare(label: str, selector: Callable[[], list], plain: Callable[[], list]) -> None:
    s_times, s_rows = timed(selector)
    q_times, q_rows = timed(plain)
    assert s_rows == q_rows, f"{label}: the selector and the SQL disagree"
    (s_med, s_p99), (q_med, q_p99) = summary(s_times), summary(q_times)
    print(
        f"{label:<52} {len(s_rows):>6} rows  selector {s_med:7.2f} ms (p99 {s_p99:7.2f})  "
        f"SQL {q_med:7.2f} ms (p99 {q_p99:7.2f})  ratio {s_med / q_med:5.2f}"
    )


def main() -> None:
    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}; {REPEAT} runs per case")
    call_command("migrate", verbosity=0)
    for attempt in (
        "load-units (first run)" if not OrgUnit.objects.exists() else "load-units",
        "load-units (again)",
    ):
        start = time.perf_counter()
        call_command("load_units", stdout=StringIO())
        print(
            f"{attempt:<52} {time.perf_counter() - start:7.2f} s  ({OrgUnit.objects.count()} units)"
        )

    viewer, _ = User.objects.get_or_create(username="bench.viewer")
    nghe_an = OrgUnit.objects.get(code="P-40")
    Membership.objects.get_or_create(user=viewer, unit=nghe_an, defaults={"role": "viewer"})
    operator, _ = User.objects.get_or_create(
        username="bench.operator", defaults={"is_superuser": True}
    )
    central = OrgUnit.objects.get(code="TW")

    def fresh(user: User) -> User:
        return User.objects.get(pk=user.pk)  # a new request: memberships are read again

    def rows(qs) -> list:
        # The selector's own query, fetching the columns the hand-written SQL fetches: the ratio is
        # then about the query (filters, scope, index use), not about building model objects.
        return list(qs.values_list("pk", "name_on"))

    compare(
        "subtree of Nghệ An as of 30/06/2020 (member, request)",
        lambda: rows(orgunit_list(user=fresh(viewer), as_of=THEN, subtree_of=nghe_an)),
        lambda: subtree_sql(nghe_an.path, THEN),
    )
    warm = fresh(viewer)
    compare(
        "subtree of Nghệ An as of 30/06/2020 (member, warm)",
        lambda: rows(orgunit_list(user=warm, as_of=THEN, subtree_of=nghe_an)),
        lambda: subtree_sql(nghe_an.path, THEN),
    )
    compare(
        "whole country as of 01/01/2026 (operator)",
        lambda: rows(orgunit_list(user=operator, as_of=NOW, subtree_of=central)),
        lambda: subtree_sql(central.path, NOW),
    )
    compare(
        "whole country as of 30/06/2020 (operator)",
        lambda: rows(orgunit_list(user=operator, as_of=THEN, subtree_of=central)),
        lambda: subtree_sql(central.path, THEN),
    )
    for query, day in [("dong trieu", THEN), ("tuyen giao nghe an", NOW), ("phuong 1", NOW)]:
        terms = search_terms(query)
        where = " AND ".join("u.search_name LIKE %s" for _ in terms)
        search_sql = (
            f"SELECT u.id, {NAME_ON_SQL} FROM orgunits_orgunit u WHERE u.valid_from <= %s AND "
            f"(u.valid_to IS NULL OR u.valid_to >= %s) AND {where} ORDER BY u.path"
        )
        compare(
            f"search '{query}' as of {day:%d/%m/%Y} (operator)",
            lambda q=query, d=day: rows(orgunit_list(user=operator, as_of=d, query=q)),
            lambda d=day, t=terms, s=search_sql: sql(s, [d, d, d, *[f"%{x}%" for x in t]]),
        )

    times, objects = timed(
        lambda: list(orgunit_list(user=operator, as_of=THEN, subtree_of=nghe_an))
    )
    med, p99 = summary(times)
    print(
        f"{'(model objects with parents, Nghệ An 2020: page cost)':<52} {len(objects):>6} rows  "
        f"selector {med:7.2f} ms (p99 {p99:7.2f})"
    )

    if vendor == "postgresql":
        plan = sql("EXPLAIN " + SUBTREE_SQL, [THEN, nghe_an.path + "%", THEN, THEN])
        print("PostgreSQL plan of the subtree query:\n  " + "\n  ".join(r[0] for r in plan[:8]))


if __name__ == "__main__":
    main()
