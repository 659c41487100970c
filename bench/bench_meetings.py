"""Benchmark: a province's calendar, a directive's study coverage and the directive's page over a
national data set of meetings.

Against the database of DATABASE_URL (SQLite file by default), it migrates, loads the real units
(`load_units`) and generates, if not there yet, a national data set of >= 100,000 meetings over
2020-2026 with >= 1,000,000 participation rows (bench/generate_meetings.py: organisers at every
level on the tree of the day, working visits, online points, study sessions of directives with
head counts). Then it measures, each through the selector the page uses and as hand-written SQL
for the same answer, in the same run, asserting both give the same answer:

- a busy province's calendar month (`meeting_calendar`, Hà Nội P-01, one month before the 2025
  reform and one after), for a viewer of the province;
- a directive's national study coverage (`directive_coverage`, central unit) for the directive
  studied most, and the same over Hà Nội;
- the directive's page (`meetings:directive_detail`, Django test client, a logged-in viewer of
  Hà Nội, coverage within Hà Nội) and its two selectors together (`directive_citations` +
  `directive_coverage`).

For each, several plain-SQL shapes are timed (OR against UNION ALL; a join against IN for the
directive) and the fastest is the baseline. Goals (issue 5): within 1.3x of the plain SQL, p99 <
100 ms on PostgreSQL. The selector's statements are also replayed alone (as sent), to tell the
query's share from Python's. On PostgreSQL, when a case misses its goal (or with BENCH_EXPLAIN=1),
the EXPLAIN ANALYZE of the slowest statement of that selector is printed.

    .venv/bin/python bench/bench_meetings.py                 (SQLite: var/bench/db.sqlite3)
    createdb -h 127.0.0.1 -U postgres bench_meetings
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_meetings .venv/bin/python bench/bench_meetings.py
    BENCH_MEETINGS=5000 BENCH_REPEAT=3 .venv/bin/python bench/bench_meetings.py     (quick, for CI)

BENCH_REPEAT (default 30) runs per case; BENCH_MEETINGS (default 100000) meetings in the data
set; BENCH_PARTICIPATIONS (default 10) participation rows per meeting; BENCH_JIT=off|on sets
PostgreSQL's `jit` for the run (default: the server's setting).
"""

from __future__ import annotations

import datetime as dt
import os
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

from bench_programmes import replay, sql, summary, timed  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import NoReverseMatch, reverse  # noqa: E402
from generate_meetings import describe, generate  # noqa: E402

from tuyengiao import access  # noqa: E402
from tuyengiao.accounts.models import Membership, User  # noqa: E402
from tuyengiao.directives.models import Directive  # noqa: E402
from tuyengiao.meetings import selectors  # noqa: E402
from tuyengiao.meetings.choices import MeetingKind  # noqa: E402
from tuyengiao.meetings.models import Meeting  # noqa: E402
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit  # noqa: E402
from tuyengiao.programmes.models import Task  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
N_MEETINGS = int(os.environ.get("BENCH_MEETINGS", "100000"))
RATIO = float(os.environ.get("BENCH_PARTICIPATIONS", "10"))
GOAL = 1.3  # selector / plain SQL
P99_GOAL_MS = 100.0  # PostgreSQL
PG = connection.vendor == "postgresql"
BUSY = "P-01"  # Hà Nội
AS_OF = dt.date(2026, 6, 30)
CASES = os.environ.get("BENCH_CASES", "calendar,coverage,page").split(",")

M = Meeting._meta.db_table
P = Meeting.participations.rel.related_model._meta.db_table
MD = Meeting.directives.through._meta.db_table
TD = Task.directives.through._meta.db_table


def subtree_sql(column: str, name: str = "prefix") -> str:
    """The prefix filter subtree_q gives: LIKE on PostgreSQL (path pattern index), a byte range
    on SQLite (whose LIKE cannot use an index)."""
    if PG:
        return f"{column} LIKE %({name})s"
    return f"{column} >= %({name}_lo)s AND {column} < %({name}_hi)s"


def path_params(path: str, name: str = "prefix") -> dict:
    return {name: path + "%", f"{name}_lo": path, f"{name}_hi": path[:-1] + "0"}


# 1. A unit's calendar

CAL_COLS = """m.id, m.organiser_id, m.kind, m.title, m.start_date, m.end_date, m.start_time,
    m.end_time, m.place, m.online, o.name, o.short_name"""
CAL_ORDER = "ORDER BY 5, 7, 1"  # start_date, start_time, id
CAL_DATES = "m.start_date <= %(end)s AND m.end_date >= %(start)s"
CALENDAR_SQL = {
    "LEFT JOIN + OR": f"""SELECT {CAL_COLS}, p.role, p.visit_start, p.visit_end
        FROM {M} m JOIN orgunits_orgunit o ON o.id = m.organiser_id
        LEFT JOIN {P} p ON p.meeting_id = m.id AND p.unit_id = %(unit)s
            AND m.organiser_id <> %(unit)s
        WHERE {CAL_DATES} AND (m.organiser_id = %(unit)s OR p.id IS NOT NULL) {CAL_ORDER}""",
    "UNION ALL": f"""SELECT {CAL_COLS}, 'organiser', CAST(NULL AS DATE), CAST(NULL AS DATE)
        FROM {M} m JOIN orgunits_orgunit o ON o.id = m.organiser_id
        WHERE m.organiser_id = %(unit)s AND {CAL_DATES}
        UNION ALL
        SELECT {CAL_COLS}, p.role, p.visit_start, p.visit_end
        FROM {P} p JOIN {M} m ON m.id = p.meeting_id JOIN orgunits_orgunit o ON o.id = m.organiser_id
        WHERE p.unit_id = %(unit)s AND m.organiser_id <> %(unit)s AND {CAL_DATES} {CAL_ORDER}""",
}

CalendarAnswer = list[tuple]


def _day(value: object) -> dt.date | None:
    """SQLite hands dates of a UNION back as text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def calendar_by_sql(variant: str, unit: OrgUnit, start: dt.date, end: dt.date) -> CalendarAnswer:
    out = []
    params = {"unit": unit.pk, "start": start, "end": end}
    for row in sql(CALENDAR_SQL[variant], params):
        pk, organiser_id, m_start, m_end, name = row[0], row[1], row[4], row[5], row[10]
        role, visit_start, visit_end = row[12], _day(row[13]), _day(row[14])
        m_start, m_end = _day(m_start), _day(m_end)
        if organiser_id == unit.pk or role is None:
            out.append((pk, "organiser", m_start, m_end, name))
            continue
        if role == "visited" and visit_start:
            day_start, day_end = visit_start, visit_end or visit_start
            if day_end < start or day_start > end:
                continue
        else:
            day_start, day_end = m_start, m_end
        out.append((pk, role, day_start, day_end, name))
    return out


def calendar_by_selector(user: User, unit: OrgUnit, start: dt.date, end: dt.date) -> CalendarAnswer:
    return [
        (e.meeting.pk, e.role, e.day_start, e.day_end, e.meeting.organiser.name)
        for e in selectors.meeting_calendar(user=user, unit=unit, start=start, end=end)
    ]


# 2. A directive's study coverage over a subtree

COVERAGE_WHERE = """{subtree} AND p.role IN ('participant', 'online_point')
    AND m.kind = 'study_session' AND m.start_date <= %(day)s"""
COVERAGE_FROM = {
    "JOIN": f"""{P} p JOIN orgunits_orgunit u ON u.id = p.unit_id JOIN {M} m ON m.id = p.meeting_id
        JOIN {MD} md ON md.meeting_id = m.id AND md.directive_id = %(directive)s""",
    "IN": f"""{P} p JOIN orgunits_orgunit u ON u.id = p.unit_id JOIN {M} m ON m.id = p.meeting_id
        AND m.id IN (SELECT meeting_id FROM {MD} WHERE directive_id = %(directive)s)""",
}
# The branches (the unit's own rows, each child's subtree), the units to list (the unit, the
# children with rows, the children alive on the day) and the distinct sessions of the subtree.
COVERAGE_SQL = """WITH r AS (
    SELECT substr(u.path, 1, %(width)s) AS branch, p.unit_id, p.meeting_id, p.expected,
        p.attended_in_person AS in_person, p.attended_online AS online
    FROM {frm} WHERE {where}),
g AS (SELECT branch, COUNT(DISTINCT unit_id) AS units, COUNT(DISTINCT meeting_id) AS sessions,
        SUM(expected) AS expected, SUM(in_person) AS in_person, SUM(online) AS online
    FROM r GROUP BY branch)
SELECT c.id, c.path, g.units, g.sessions, g.expected, g.in_person, g.online
FROM orgunits_orgunit c LEFT JOIN g ON g.branch = c.path
WHERE c.id = %(unit)s OR c.path IN (SELECT branch FROM g)
    OR (c.parent_id = %(unit)s AND c.valid_from <= %(day)s
        AND (c.valid_to IS NULL OR c.valid_to >= %(day)s))
UNION ALL SELECT NULL, NULL, NULL, COUNT(DISTINCT meeting_id), NULL, NULL, NULL FROM r"""
COVERAGE = {
    name: COVERAGE_SQL.format(frm=frm, where=COVERAGE_WHERE.format(subtree=subtree_sql("u.path")))
    for name, frm in COVERAGE_FROM.items()
}

Counts = tuple[int, int, int, int, int]  # units, sessions, expected, attended, attended online
CoverageAnswer = tuple[Counts, Counts, list[tuple[int, Counts]]]


def coverage_by_sql(
    variant: str, directive: Directive, unit: OrgUnit, as_of: dt.date
) -> CoverageAnswer:
    params = {
        "directive": directive.pk,
        "unit": unit.pk,
        "day": as_of,
        "width": len(unit.path) + PATH_SEGMENT_WIDTH + 1,
        **path_params(unit.path),
    }
    rows, sessions = [], 0
    for pk, path, units, n, expected, in_person, online in sql(COVERAGE[variant], params):
        if pk is None:
            sessions = n
            continue
        attended = (in_person or 0) + (online or 0)
        rows.append((path, pk, (units or 0, n or 0, expected or 0, attended, online or 0)))
    rows.sort()
    own: Counts = (0, 0, 0, 0, 0)
    children = []
    for _path, pk, counts in rows:
        if pk == unit.pk:
            own = counts
        else:
            children.append((pk, counts))
    total = [sum(c) for c in zip(own, *(c for _, c in children), strict=True)]
    total[1] = sessions
    return own, tuple(total), children


def coverage_by_selector(
    user: User, directive: Directive, unit: OrgUnit, as_of: dt.date
) -> CoverageAnswer:
    def counts(c: selectors.CoverageCounts) -> Counts:
        return (c.units, c.sessions, c.expected, c.attended, c.attended_online)

    c = selectors.directive_coverage(user=user, directive=directive, unit=unit, as_of=as_of)
    return counts(c.own), counts(c.subtree), [(u.pk, counts(n)) for u, n in c.children]


# 3. The directive's page: what cites it (as the user can see it) and its coverage

CITATIONS_SQL = f"""SELECT m.id, m.kind, m.title, m.start_date, m.end_date, m.start_time, m.place,
    m.organiser_id, o.name, o.short_name
FROM {M} m JOIN {MD} md ON md.meeting_id = m.id JOIN orgunits_orgunit o ON o.id = m.organiser_id
WHERE md.directive_id = %(directive)s AND ({{organised}} OR EXISTS (SELECT 1 FROM {P} p
    JOIN orgunits_orgunit u ON u.id = p.unit_id WHERE p.meeting_id = m.id AND ({{taking_part}})))
ORDER BY m.start_date DESC, m.id DESC LIMIT %(limit)s"""
TASKS_SQL = f"""SELECT t.id, t.number, t.title, p.year, u.name FROM programmes_task t
    JOIN {TD} td ON td.task_id = t.id JOIN programmes_programme p ON p.id = t.programme_id
    JOIN orgunits_orgunit u ON u.id = p.unit_id
WHERE td.directive_id = %(directive)s AND ({{organised}})
ORDER BY p.year DESC, u.path, t.number, t.id LIMIT %(limit)s"""

CitationsAnswer = tuple[list[int], list[int], list[int]]


def citations_by_sql(user: User, directive: Directive, limit: int = 200) -> CitationsAnswer:
    """The meetings and tasks citing the directive in the user's view: organised (or kept) in one
    of the user's subtrees, or a unit of one taking part."""
    paths = access.grants_for(user).view_paths
    params: dict = {"directive": directive.pk, "limit": limit}
    for i, path in enumerate(paths):
        params |= path_params(path, f"p{i}")
    organised = " OR ".join(subtree_sql("o.path", f"p{i}") for i in range(len(paths))) or "FALSE"
    taking_part = " OR ".join(subtree_sql("u.path", f"p{i}") for i in range(len(paths)))
    rows = sql(
        CITATIONS_SQL.format(organised=organised, taking_part=taking_part or "FALSE"), params
    )
    tasks = sql(TASKS_SQL.format(organised=organised.replace("o.path", "u.path")), params)
    study = MeetingKind.STUDY_SESSION
    return (
        [r[0] for r in rows if r[1] != study],
        [r[0] for r in rows if r[1] == study],
        [t[0] for t in tasks],
    )


def citations_by_selector(user: User, directive: Directive) -> CitationsAnswer:
    c = selectors.directive_citations(user=user, directive=directive)
    return [m.pk for m in c.meetings], [m.pk for m in c.study_sessions], [t.pk for t in c.tasks]


# Reporting

LINE = (
    "{label:<52} {rows:>5}  selector {s_med:8.2f} ms (p99 {s_p99:8.2f})  "
    "SQL {q_med:8.2f} ms (p99 {q_p99:8.2f})  ratio {ratio:5.2f}  {verdict}"
)
MISSED: list[tuple[str, Callable[[], object]]] = []


def verdict(ratio: float | None, p99: float) -> str:
    parts = []
    if ratio is not None:
        parts.append(f"<= {GOAL}x: {'met' if ratio <= GOAL else 'MISSED'}")
    if PG:
        parts.append(f"p99 < {P99_GOAL_MS:.0f} ms: {'met' if p99 < P99_GOAL_MS else 'MISSED'}")
    elif ratio is None:
        parts.append(f"p99 < {P99_GOAL_MS:.0f} ms on PostgreSQL")
    return "goal " + ", ".join(parts)


def compare(
    label: str,
    selector: Callable[[], object],
    variants: dict[str, Callable[[], object]],
    rows: Callable[[object], int],
    note: Callable[[object], str],
) -> None:
    fns: dict[str, Callable[[], object]] = {"selector": selector, "its SQL": replay(selector)}
    fns |= variants
    with CaptureQueriesContext(connection) as captured:
        selector()
    runs = timed(fns)
    s_times, answer = runs.pop("selector")
    sent_med, _ = summary(runs.pop("its SQL")[0])
    tried = []
    for name, (times, q_answer) in runs.items():
        assert q_answer == answer, f"{label}: the selector and the SQL ({name}) disagree"
        tried.append((summary(times), name))
    (q_med, q_p99), _name = min(tried)
    s_med, s_p99 = summary(s_times)
    ratio = s_med / q_med
    print(
        LINE.format(
            label=label,
            rows=rows(answer),
            s_med=s_med,
            s_p99=s_p99,
            q_med=q_med,
            q_p99=q_p99,
            ratio=ratio,
            verdict=verdict(ratio, s_p99),
        )
    )
    print(
        f"{'':<52}   {note(answer)}; {len(captured)} queries; its statements alone (replayed "
        f"as sent) {sent_med:.2f} ms, ratio {sent_med / q_med:.2f}"
    )
    print(
        f"{'':<52}   plain SQL, fastest first (median ms): "
        + ", ".join(f"{n} {m:.2f}" for (m, _), n in sorted(tried))
    )
    if ratio > GOAL or (PG and s_p99 >= P99_GOAL_MS):
        MISSED.append((label, selector))


def compare_page(
    label: str,
    member: User,
    password: str,
    directive: Directive,
    unit: OrgUnit,
    as_of: dt.date,
) -> None:
    """The page through the test client (a new request each time: session, user, grants), checked
    against the plain SQL once, then timed against it; and its two selectors without the view."""
    url = reverse("meetings:directive_detail", args=[directive.pk])
    query = {"within": unit.pk, "as_of": as_of.isoformat()}
    client = Client()
    assert client.login(username=member.username, password=password)

    def page_sql() -> tuple:
        row = sql(
            """SELECT d.id, d.code, d.title, u.name FROM directives_directive d
            JOIN orgunits_orgunit u ON u.id = d.unit_id WHERE d.id = %(d)s""",
            {"d": directive.pk},
        )
        return (
            row,
            citations_by_sql(member, directive),
            coverage_by_sql("JOIN", directive, unit, as_of),
        )

    setup_test_environment()  # the response's context, to check it, this once
    try:
        response = client.get(url, query)
        assert response.status_code == 200, response.status_code
        ctx = response.context
        c = ctx["citations"]
        shown = (
            [m.pk for m in c.meetings],
            [m.pk for m in c.study_sessions],
            [t.pk for t in c.tasks],
        )
        cov = ctx["coverage"]

        def counts(x: selectors.CoverageCounts) -> Counts:
            return (x.units, x.sessions, x.expected, x.attended, x.attended_online)

        shown_cov = (
            counts(cov.own),
            counts(cov.subtree),
            [(u.pk, counts(n)) for u, n in cov.children],
        )
        _row, q_cit, q_cov = page_sql()
        assert shown == q_cit, f"{label}: the page's citations and the SQL disagree"
        assert shown_cov == q_cov, f"{label}: the page's coverage and the SQL disagree"
    finally:
        teardown_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with CaptureQueriesContext(connection) as captured:
        client.get(url, query)
    n_queries = len(captured)

    def page() -> int:
        response = client.get(url, query)
        assert response.status_code == 200
        return len(response.content)

    runs = timed({"page": page, "sql": page_sql})
    s_med, s_p99 = summary(runs["page"][0])
    q_med, q_p99 = summary(runs["sql"][0])
    print(
        LINE.format(
            label=f"{label} (page)",
            rows=len(shown[0]) + len(shown[1]),
            s_med=s_med,
            s_p99=s_p99,
            q_med=q_med,
            q_p99=q_p99,
            ratio=s_med / q_med,
            verdict=verdict(None, s_p99),
        )
    )
    print(
        f"{'':<52}   {n_queries} queries per request (session, user, grants included), "
        f"{runs['page'][1] // 1024} KiB of HTML; the ratio counts the view, the template and the "
        "middleware against the bare SQL (no goal on it)"
    )


def compare_page_selectors(
    label: str, member: User, directive: Directive, unit: OrgUnit, as_of: dt.date
) -> None:
    """What the page asks of the meetings app: what cites the directive and its coverage."""
    warm = User.objects.get(pk=member.pk)

    def both() -> tuple:
        return (
            citations_by_selector(warm, directive),
            coverage_by_selector(warm, directive, unit, as_of),
        )

    compare(
        f"{label} (its two selectors)",
        both,
        {
            v: lambda v=v: (
                citations_by_sql(warm, directive),
                coverage_by_sql(v, directive, unit, as_of),
            )
            for v in COVERAGE
        },
        lambda a: len(a[0][0]) + len(a[0][1]),
        lambda a: (
            f"{len(a[0][1])} study sessions and {len(a[0][0])} meetings shown, "
            f"{len(a[1][2])} children in the coverage"
        ),
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
    print(f"plan of the slowest statement of {label}:\n  {query[:600]}\n  " + "\n  ".join(plan))


def main() -> None:
    version = ""
    if PG:
        with connection.cursor() as cursor:
            if os.environ.get("BENCH_JIT") in ("on", "off"):
                cursor.execute(f"SET jit = {os.environ['BENCH_JIT']}")
            cursor.execute("SELECT version(), current_setting('jit')")
            v, jit = cursor.fetchone()
        version = f" ({v.split(' on ')[0]}, jit={jit})"
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}{version}; "
        f"{REPEAT} runs per case, selector and SQL in turn; load average {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units", stdout=StringIO())
    print(
        f"migrate + load-units: {time.perf_counter() - start:.1f} s "
        f"({OrgUnit.objects.count()} units)"
    )
    print(describe(generate(N_MEETINGS, RATIO)))
    with connection.cursor() as cursor:
        if PG:
            # What autovacuum does after a bulk insert: statistics, and the visibility map that
            # lets the (unit, meeting) index answer without reading the table.
            tables = (M, P, MD, Directive._meta.db_table, OrgUnit._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        else:
            cursor.execute("PRAGMA optimize")

    operator, _ = User.objects.get_or_create(
        username="bench.operator", defaults={"is_superuser": True}
    )
    central = OrgUnit.objects.get(code="TW")
    busy = OrgUnit.objects.get(code=BUSY)
    member, _ = User.objects.get_or_create(username="bench.meetings.viewer")
    password = "bench-meetings-viewer"
    member.set_password(password)
    member.save()
    Membership.objects.get_or_create(user=member, unit=busy, defaults={"role": "viewer"})
    warm_member = User.objects.get(pk=member.pk)
    # The directive studied most (the one whose page and coverage are the heaviest).
    hot = (
        Directive.objects.filter(meetings__kind=MeetingKind.STUDY_SESSION, issuer="TW")
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
    )
    assert hot is not None, "no study session in the data set"

    if "calendar" in CASES:
        calendar_cases(warm_member, busy)
    if "coverage" in CASES:
        coverage_cases(operator, warm_member, central, busy, hot)
    if "page" in CASES:
        page_cases(member, password, busy, hot)

    explain = os.environ.get("BENCH_EXPLAIN", "")
    if explain == "1" or (explain != "0" and PG and MISSED):
        for label, run in MISSED or [
            ("coverage national", lambda: coverage_by_selector(operator, hot, central, AS_OF))
        ]:
            print()
            explain_selector(label, run)


def calendar_cases(warm_member: User, busy: OrgUnit) -> None:
    print(f"\n1. calendar month of {busy.name} ({BUSY}), viewer of the province")
    for month in (dt.date(2024, 11, 1), dt.date(2025, 11, 1)):
        end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        compare(
            f"calendar {month:%m/%Y}",
            lambda m=month, e=end: calendar_by_selector(warm_member, busy, m, e),
            {v: lambda v=v, m=month, e=end: calendar_by_sql(v, busy, m, e) for v in CALENDAR_SQL},
            len,
            lambda a: (
                "roles "
                + ", ".join(
                    f"{r} {sum(1 for x in a if x[1] == r)}" for r in sorted({x[1] for x in a})
                )
            ),
        )


def coverage_cases(
    operator: User, warm_member: User, central: OrgUnit, busy: OrgUnit, hot: Directive
) -> None:
    print(
        f"\n2. study coverage of {hot.code} ({hot.n} study sessions cite it) as of {AS_OF:%d/%m/%Y}"
    )
    for label, user, unit in (
        ("coverage national (operator)", operator, central),
        (f"coverage {BUSY} (viewer of the province)", warm_member, busy),
    ):
        compare(
            label,
            lambda u=user, unit=unit: coverage_by_selector(u, hot, unit, AS_OF),
            {v: lambda v=v, unit=unit: coverage_by_sql(v, hot, unit, AS_OF) for v in COVERAGE},
            lambda a: len(a[2]),
            lambda a: (
                f"{sum(1 for _, c in a[2] if c[1])}/{len(a[2])} children held a session; "
                f"{a[1][1]} sessions, {a[1][0]} units, attended {a[1][3]}/{a[1][2]}"
            ),
        )


def page_cases(member: User, password: str, busy: OrgUnit, hot: Directive) -> None:
    print(
        f"\n3. the page of {hot.code} for a viewer of {BUSY}, coverage within it, as of {AS_OF:%d/%m/%Y}"
    )
    try:
        reverse("meetings:directive_detail", args=[hot.pk])
    except NoReverseMatch:  # the page is not there yet: its two selectors
        print("(no meetings:directive_detail page yet: its selectors only)")
    else:
        compare_page(f"directive page {hot.code}", member, password, hot, busy, AS_OF)
    compare_page_selectors(f"directive page {hot.code}", member, hot, busy, AS_OF)


if __name__ == "__main__":
    main()
