"""Benchmark: work-programme roll-ups and the programme page over a national data set.

Against the database of DATABASE_URL (SQLite file by default), it migrates, loads the real units
(`load_units`) and generates, if not there yet, a national data set of >= 200,000 tasks over two
years (bench/generate_tasks.py: 2024 on the tree of provinces, districts and communes; 2026 on the
tree of provinces and communes). Then it measures, each through the selector a page uses and as
hand-written SQL for the same answer, in the same run, asserting both give the same answer:

- the national roll-up (`task_rollup`, central unit, first half-year, as of 30/06);
- a province's roll-up with its per-child table (Nghệ An, P-40; children: its districts in 2024,
  its communes in 2026);
- the programme page of that province (`task_list` for a member of it), with its query count.

For the roll-ups several plain-SQL shapes are timed (correlated subquery, LATERAL, DISTINCT ON,
...) and the fastest one is the baseline. Goals (issue 3): roll-ups within 1.3x of the plain SQL;
programme page p99 < 100 ms on PostgreSQL. Each selector's statements are also replayed alone (as
sent), to tell the query's share from Python's. When the national roll-up misses its goal on
PostgreSQL (or with BENCH_EXPLAIN=1) it prints the EXPLAIN ANALYZE of the selector's statement.

    .venv/bin/python bench/bench_programmes.py                 (SQLite: var/bench/db.sqlite3)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_tg .venv/bin/python bench/bench_programmes.py
    BENCH_TASKS=20000 BENCH_REPEAT=3 .venv/bin/python bench/bench_programmes.py     (quick, for CI)

BENCH_REPEAT (default 30) runs per case; BENCH_TASKS (default 200000) tasks in the data set;
BENCH_JIT=off|on sets PostgreSQL's `jit` for the run (default: the server's setting).
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
if not os.environ.get("DATABASE_URL", "").strip():
    # SQLite: a file of its own (var/bench/), not the working database, unless told otherwise.
    os.environ.setdefault("TUYENGIAO_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from generate_tasks import describe, generate  # noqa: E402

from tuyengiao import access  # noqa: E402
from tuyengiao.accounts.models import Membership, User  # noqa: E402
from tuyengiao.core.periods import Period  # noqa: E402
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit  # noqa: E402
from tuyengiao.programmes import selectors  # noqa: E402
from tuyengiao.programmes.models import Programme  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
N_TASKS = int(os.environ.get("BENCH_TASKS", "200000"))
ROLLUP_GOAL = 1.3  # selector / plain SQL
PAGE_GOAL_MS = 100.0  # p99, PostgreSQL
COUNT_FIELDS = (
    "total",
    "planned",
    "ad_hoc",
    "done",
    "in_progress",
    "not_started",
    "cancelled",
    "overdue",
)
PG = connection.vendor == "postgresql"


# Timing


def timed(fns: dict[str, Callable[[], object]]) -> dict[str, tuple[list[float], object]]:
    """Runs the functions in turn, REPEAT rounds, so that each sees the same machine load (other
    processes, caches) as the ones it is compared with; the first round warms up, untimed."""
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(REPEAT):
        for name, fn in fns.items():
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {name: (times[name], results[name]) for name in fns}


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def sql(query: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


# Roll-up: the plain SQL


def subtree_sql(column: str) -> str:
    """The same prefix filter subtree_q gives: LIKE on PostgreSQL (path pattern index), a byte
    range on SQLite (whose LIKE cannot use an index)."""
    if PG:
        return f"{column} LIKE %(prefix)s"
    return f"{column} >= %(path)s AND {column} < %(path_end)s"


ROLLUP_FROM = """programmes_task t
    JOIN programmes_programme p ON p.id = t.programme_id
    JOIN orgunits_orgunit u ON u.id = p.unit_id"""
ROLLUP_WHERE = """{subtree} AND p.year = %(year)s AND t.due_date >= %(start)s AND t.due_date <= %(end)s
    AND t.entered_on <= %(day)s
    AND NOT EXISTS (SELECT 1 FROM programmes_task c WHERE c.parent_id = t.id)"""
LATEST_STATUS = """SELECT s.status FROM programmes_taskupdate s
    WHERE s.task_id = t.id AND s.date <= %(day)s ORDER BY s.date DESC, s.id DESC LIMIT 1"""
STATUS_CASES = ("done", "in_progress", "not_started", "cancelled")
COUNTS = """COUNT(*) AS total,
    COUNT(*) FILTER (WHERE x.origin <> 'ad_hoc') AS planned,
    COUNT(*) FILTER (WHERE x.origin = 'ad_hoc') AS ad_hoc,
    COUNT(*) FILTER (WHERE x.st = 'done') AS done,
    COUNT(*) FILTER (WHERE x.st = 'in_progress') AS in_progress,
    COUNT(*) FILTER (WHERE x.st = 'not_started') AS not_started,
    COUNT(*) FILTER (WHERE x.st = 'cancelled') AS cancelled,
    COUNT(*) FILTER (WHERE x.due_date < %(day)s AND x.st NOT IN ('done', 'cancelled')) AS overdue"""
# The per-child table in the same statement: the unit itself (its own tasks) and its children,
# those with tasks and those alive on the day (a branch below the unit is always a child's path,
# so the parent index narrows the children).
WITH_CHILDREN = """WITH g AS MATERIALIZED ({grouped})
SELECT c.id, c.path, c.name, c.short_name, {cols}
FROM orgunits_orgunit c LEFT JOIN g ON g.branch = c.path
WHERE c.id = %(unit)s OR (c.parent_id = %(unit)s AND (c.path IN (SELECT branch FROM g)
    OR (c.valid_from <= %(day)s AND (c.valid_to IS NULL OR c.valid_to >= %(day)s))))"""


def _rollup_variants() -> dict[str, tuple[str, bool]]:
    """Plain-SQL shapes of the roll-up: where the status on the day comes from, times how it is
    counted (FILTER per column over the tasks, the status computed once per task; or GROUP BY
    branch, status, ad hoc, late and a fold in Python). Each gives the unit's row and its children's
    rows: (id, path, name, short name, 8 counts) or (id, path, name, short name, status, ad hoc,
    late, n) when `grouped`."""
    no_fold = "OFFSET 0" if PG else "LIMIT -1 OFFSET 0"  # keeps the status computed once per task
    status = {"subquery": ("", f"COALESCE(({LATEST_STATUS}), 'not_started')")}
    if PG:
        status["LATERAL"] = (
            f"LEFT JOIN LATERAL ({LATEST_STATUS}) s ON TRUE",
            "COALESCE(s.status, 'not_started')",
        )
        status["DISTINCT ON"] = (
            """LEFT JOIN (SELECT DISTINCT ON (task_id) task_id, status FROM programmes_taskupdate
                WHERE date <= %(day)s ORDER BY task_id, date DESC, id DESC) s ON s.task_id = t.id""",
            "COALESCE(s.status, 'not_started')",
        )
    else:  # SQLite: a bare column next to max() comes from the row holding the maximum
        status["max() bare column"] = (
            """LEFT JOIN (SELECT task_id, status, max(date || printf('%%012d', id))
                FROM programmes_taskupdate WHERE date <= %(day)s GROUP BY task_id) s
                ON s.task_id = t.id""",
            "COALESCE(s.status, 'not_started')",
        )
    branch = "substr(u.path, 1, %(width)s)"
    variants = {}
    for name, (join, st) in status.items():
        per_task = f"""SELECT {branch} AS branch, t.origin, t.due_date, {st} AS st
            FROM {ROLLUP_FROM} {join} WHERE {ROLLUP_WHERE} {no_fold if not join else ""}"""
        variants[f"{name}/FILTER"] = (
            WITH_CHILDREN.format(
                grouped=f"SELECT x.branch, {COUNTS} FROM ({per_task}) x GROUP BY x.branch",
                cols=", ".join(f"COALESCE(g.{f}, 0)" for f in COUNT_FIELDS),
            ),
            False,
        )
        if name.startswith("DISTINCT") or name.startswith("max"):
            continue  # a scan of every update up to the day: slower whichever way it is counted
        variants[f"{name}/GROUP BY status"] = (
            WITH_CHILDREN.format(
                grouped=f"""SELECT {branch} AS branch, {st} AS st, t.origin = 'ad_hoc' AS ad_hoc,
                    t.due_date < %(day)s AS late, COUNT(*) AS n
                    FROM {ROLLUP_FROM} {join} WHERE {ROLLUP_WHERE} GROUP BY 1, 2, 3, 4""",
                cols="g.st, g.ad_hoc, g.late, g.n",
            ),
            True,
        )
    return {k: (q.format(subtree=subtree_sql("u.path")), g) for k, (q, g) in variants.items()}


ROLLUP_SQL = _rollup_variants()


def rollup_params(unit: OrgUnit, as_of: dt.date, period: Period) -> dict:
    return {
        "prefix": unit.path + "%",
        "path": unit.path,
        "path_end": unit.path[:-1] + "0",
        "year": period.year,
        "start": period.start,
        "end": period.end,
        "day": as_of,
        "width": len(unit.path) + PATH_SEGMENT_WIDTH + 1,
        "unit": unit.pk,
    }


Answer = tuple[tuple[int, ...], tuple[int, ...], list[tuple[int, tuple[int, ...]]]]


def rollup_by_sql(variant: str, unit: OrgUnit, as_of: dt.date, period: Period) -> Answer:
    """Own counts, subtree counts and the per-child table from one plain statement."""
    query, grouped = ROLLUP_SQL[variant]
    by_unit: dict[tuple[str, int], list[int]] = {}
    for pk, path, _name, _short, *rest in sql(query, rollup_params(unit, as_of, period)):
        counts = by_unit.setdefault((path, pk), [0] * len(COUNT_FIELDS))
        if not grouped:
            counts[:] = rest
        elif rest[-1] is not None:  # fold (status, ad hoc, late, n)
            status, ad_hoc, late, n = rest
            counts[0] += n
            counts[2 if ad_hoc else 1] += n
            counts[3 + STATUS_CASES.index(status)] += n
            if late and status not in ("done", "cancelled"):
                counts[7] += n
    own, children = (0,) * len(COUNT_FIELDS), []
    for (_path, pk), counts in sorted(by_unit.items()):
        if pk == unit.pk:
            own = tuple(counts)
        else:
            children.append((pk, tuple(counts)))
    subtree = tuple(map(sum, zip(own, *(c for _, c in children), strict=True)))
    return own, subtree, children


def rollup_by_selector(user: User, unit: OrgUnit, as_of: dt.date, period: Period) -> Answer:
    def counts(c: selectors.TaskCounts) -> tuple[int, ...]:
        return tuple(getattr(c, f) for f in COUNT_FIELDS)

    r = selectors.task_rollup(user=user, unit=unit, as_of=as_of, period=period)
    return counts(r.own), counts(r.subtree), [(child.pk, counts(c)) for child, c in r.children]


# Programme page: the plain SQL

PAGE_SQL = f"""SELECT t.id, t.parent_id, t.number, t.title, t.category, t.origin, t.deadline,
    t.deadline_month, t.due_date, t.entered_on, t.source, t.version, lu.id, lu.name, afu.name,
    COALESCE(({LATEST_STATUS}), 'not_started'),
    (SELECT COUNT(*) FROM programmes_task h WHERE h.assigned_from_id = t.id)
FROM programmes_task t
    JOIN programmes_programme p ON p.id = t.programme_id
    JOIN orgunits_orgunit pu ON pu.id = p.unit_id
    JOIN orgunits_orgunit lu ON lu.id = t.lead_unit_id
    LEFT JOIN programmes_task af ON af.id = t.assigned_from_id
    LEFT JOIN programmes_programme ap ON ap.id = af.programme_id
    LEFT JOIN orgunits_orgunit afu ON afu.id = ap.unit_id
WHERE t.programme_id = %(programme)s AND {{scope}}
ORDER BY t.number, t.id"""
PAGE_SQL = PAGE_SQL.format(scope=subtree_sql("pu.path"))
SUPPORTING_SQL = """SELECT m.task_id, o.id, o.name FROM programmes_task_supporting_units m
    JOIN orgunits_orgunit o ON o.id = m.orgunit_id JOIN programmes_task t ON t.id = m.task_id
WHERE t.programme_id = %(programme)s"""

PageRow = tuple


def page_by_sql(programme: Programme, scope: OrgUnit, as_of: dt.date) -> list[PageRow]:
    """The page's rows in outline order (groups before their tasks), as the selector gives them."""
    params = {
        "programme": programme.pk,
        "day": as_of,
        "prefix": scope.path + "%",
        "path": scope.path,
        "path_end": scope.path[:-1] + "0",
    }
    rows = sql(PAGE_SQL, params)
    supporting: dict[int, list[int]] = {}
    for task_id, unit_id, _name in sql(SUPPORTING_SQL, params):
        supporting.setdefault(task_id, []).append(unit_id)
    children: dict[int | None, list[tuple]] = {}
    for row in rows:
        children.setdefault(row[1], []).append(row)
    out: list[PageRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for r in children.get(parent_id, []):
            overdue = r[8] < as_of and r[15] not in ("done", "cancelled")
            out.append(
                (
                    r[0],
                    depth,
                    r[0] in children,
                    r[15],
                    overdue,
                    r[16],
                    r[13],
                    r[14],
                    tuple(sorted(supporting.get(r[0], []))),
                )
            )
            walk(r[0], depth + 1)

    walk(None, 0)
    return out


def page_by_selector(user: User, programme: Programme, as_of: dt.date) -> list[PageRow]:
    return [
        (
            t.pk,
            t.depth,
            t.is_group,
            t.status_on,
            t.overdue,
            t.handed_down_count,
            t.lead_unit.name,
            t.assigned_from.programme.unit.name if t.assigned_from_id else None,
            tuple(sorted(u.pk for u in t.supporting_units.all())),
        )
        for t in selectors.task_list(user=user, programme=programme, as_of=as_of)
    ]


def replay(run: Callable[[], object]) -> Callable[[], list]:
    """The statements `run` sends, as sent, to time them without the Python around them."""
    with CaptureQueriesContext(connection) as captured:
        run()
    statements = [q["sql"] for q in captured.captured_queries]

    def again() -> list:
        rows = []
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                rows.append(cursor.fetchall())
        return rows

    return again


# Reporting

LINE = "{label:<50} {rows:>6}  selector {s_med:8.2f} ms (p99 {s_p99:8.2f})  SQL {q_med:8.2f} ms (p99 {q_p99:8.2f})  ratio {ratio:5.2f}  {verdict}"


def compare_rollup(label: str, user: User, unit: OrgUnit, as_of: dt.date, period: Period) -> float:
    def selector() -> Answer:
        return rollup_by_selector(user, unit, as_of, period)

    fns: dict[str, Callable[[], object]] = {"selector": selector, "its SQL": replay(selector)}
    for variant in ROLLUP_SQL:
        fns[variant] = lambda v=variant: rollup_by_sql(v, unit, as_of, period)
    runs = timed(fns)
    s_times, answer = runs.pop("selector")
    sent_med, _ = summary(runs.pop("its SQL")[0])
    tried = []
    for name, (_times, q_answer) in runs.items():
        assert q_answer == answer, f"{label}: the selector and the SQL ({name}) disagree"
        tried.append((summary(_times), name))
    ((q_med, q_p99), name) = min(tried)
    s_med, s_p99 = summary(s_times)
    ratio = s_med / q_med
    _own, subtree, children = answer
    print(
        LINE.format(
            label=label,
            rows=len(children),
            s_med=s_med,
            s_p99=s_p99,
            q_med=q_med,
            q_p99=q_p99,
            ratio=ratio,
            verdict=f"goal <= {ROLLUP_GOAL}: {'met' if ratio <= ROLLUP_GOAL else 'MISSED'}",
        )
    )
    done = subtree[COUNT_FIELDS.index("done")]
    print(
        f"{'':<50}   {done}/{subtree[0]} done, {subtree[-1]} overdue. The selector's statements "
        f"alone (replayed as sent): {sent_med:.2f} ms, ratio {sent_med / q_med:.2f}; the rest is "
        f"Python (query building, objects)."
    )
    print(
        f"{'':<50}   Plain SQL, fastest first (median ms): "
        + ", ".join(f"{n} {m:.1f}" for (m, _), n in sorted(tried))
    )
    return ratio


def compare_page(label: str, member: User, programme: Programme, as_of: dt.date) -> None:
    def fresh() -> User:
        access.forget(member)  # a new request: the memberships are read again
        return member

    with CaptureQueriesContext(connection) as captured:
        page_by_selector(fresh(), programme, as_of)
    n_queries = len(captured)
    warm = User.objects.get(pk=member.pk)
    runs = timed(
        {
            "request": lambda: page_by_selector(fresh(), programme, as_of),
            "warm": lambda: page_by_selector(warm, programme, as_of),
            "its SQL": replay(lambda: page_by_selector(fresh(), programme, as_of)),
            "sql": lambda: page_by_sql(programme, programme.unit, as_of),
        }
    )
    sent_med, sent_p99 = summary(runs.pop("its SQL")[0])
    q_times, q_rows = runs.pop("sql")
    q_med, q_p99 = summary(q_times)
    for name, (s_times, s_rows) in runs.items():
        assert s_rows == q_rows, f"{label} ({name}): the selector and the SQL disagree"
        s_med, s_p99 = summary(s_times)
        goal = f"goal p99 < {PAGE_GOAL_MS:.0f} ms" + (
            f": {'met' if s_p99 < PAGE_GOAL_MS else 'MISSED'}" if PG else " (PostgreSQL)"
        )
        print(
            LINE.format(
                label=f"{label} ({name})",
                rows=len(s_rows),
                s_med=s_med,
                s_p99=s_p99,
                q_med=q_med,
                q_p99=q_p99,
                ratio=s_med / q_med,
                verdict=goal,
            )
        )
    print(
        f"{'':<50}   task_list: {n_queries} queries per request (memberships included), alone "
        f"(replayed as sent) {sent_med:.2f} ms (p99 {sent_p99:.2f}); plain SQL: 2 queries"
    )


def explain_selector(label: str, run: Callable[[], object]) -> None:
    """The plan of the selector's slowest statement, as sent (EXPLAIN ANALYZE on PostgreSQL)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    query = max(captured.captured_queries, key=lambda q: float(q["time"]))["sql"]
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if PG else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + query)
        plan = [str(r[0] if PG else r[-1]) for r in cursor.fetchall()]
    print(f"plan of {label}:\n  " + "\n  ".join(plan))


def main() -> None:
    settings = ""
    if PG:
        with connection.cursor() as cursor:
            if os.environ.get("BENCH_JIT") in ("on", "off"):
                cursor.execute(f"SET jit = {os.environ['BENCH_JIT']}")
            cursor.execute("SELECT version(), current_setting('jit')")
            version, jit = cursor.fetchone()
        settings = f" ({version.split(' on ')[0]}, jit={jit})"
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}{settings}; "
        f"{REPEAT} runs per case, selector and SQL in turn; load average {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units", stdout=StringIO())
    print(
        f"migrate + load-units: {time.perf_counter() - start:.1f} s ({OrgUnit.objects.count()} units)"
    )
    print(describe(generate(N_TASKS)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")

    operator, _ = User.objects.get_or_create(
        username="bench.operator", defaults={"is_superuser": True}
    )
    central = OrgUnit.objects.get(code="TW")
    nghe_an = OrgUnit.objects.get(code="P-40")
    member, _ = User.objects.get_or_create(username="bench.viewer")
    Membership.objects.get_or_create(user=member, unit=nghe_an, defaults={"role": "viewer"})
    warm_member = User.objects.get(pk=member.pk)

    print(
        f"\nroll-ups (goal: selector within {ROLLUP_GOAL}x of the fastest plain SQL; "
        "rows = children in the table)"
    )
    cases = []
    for year in (2024, 2026):
        period, day = Period.of_half(year, 1), dt.date(year, 6, 30)
        cases.append(
            (
                f"national {period.code} as of {day:%d/%m/%Y} (operator)",
                operator,
                central,
                day,
                period,
            )
        )
        cases.append(
            (
                f"Nghệ An {period.code} as of {day:%d/%m/%Y} (member)",
                warm_member,
                nghe_an,
                day,
                period,
            )
        )
    ratios = [compare_rollup(*case) for case in cases]

    print(f"\nprogramme page of Nghệ An (goal: p99 < {PAGE_GOAL_MS:.0f} ms on PostgreSQL)")
    for year in (2024, 2026):
        programme = Programme.objects.select_related("unit").get(unit=nghe_an, year=year)
        day = dt.date(year, 6, 30)
        compare_page(f"Nghệ An programme {year} as of {day:%d/%m/%Y}", member, programme, day)

    explain = os.environ.get("BENCH_EXPLAIN", "")
    if explain == "1" or (explain != "0" and PG and ratios[0] > ROLLUP_GOAL):
        print()
        label, user, unit, day, period = cases[0]
        explain_selector(
            f"the selector's {label}",
            lambda: selectors.task_rollup(user=user, unit=unit, as_of=day, period=period),
        )


if __name__ == "__main__":
    main()
