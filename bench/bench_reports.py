"""Benchmark: report roll-ups (issue 4) over a national data set of periodic reports.

Against the database of DATABASE_URL (SQLite file by default), it migrates, loads the real units
(`load_units`) and generates, if not there yet, the national data set (bench/generate_reports.py:
every province and commune reporting a 30-indicator half-year form for the ten half-years
2021-H1..2025-H2, on the tree of each half-year's end; about 2.5 million values, written in about
4 minutes the first time). Then it measures `rollup_values`, the selector of a unit's report page,
against hand-written SQL giving the same numbers, in the same run, asserting both give the same
answer (totals per aggregation kind, the per-child table with completeness, the missing units, the
unit's own figures, the previous period and the same period last year over the units it came
from):

1. the national roll-up of 2024-H2 (central unit, operator), and its figures statement alone
   (`selectors._tallies`: the grouped sum, count, min and max per branch and indicator);
2. a province's roll-up with its per-child table and completeness (Nghệ An, P-40, for a viewer of
   the province): 2024-H2, its children the districts; 2025-H2, its children the communes;
3. a merged 2025 province (Hồ Chí Minh, P25-79, for a viewer of it) for 2025-H2, compared with
   2025-H1 and 2024-H2 over the three provinces merged into it; and that comparison alone.

The national roll-up and the merged province's comparison read the branch tallies the services
keep (reports/tallies.py: per-province sums of the handed-in figures); each is also timed with the
tallies off (TUYENGIAO_REPORT_TALLIES=0), reading the figures as every roll-up below the provinces
does. The plain SQL always aggregates the figures themselves: the numbers a user gets, computed the
straightforward way.

For each, several plain-SQL shapes are timed (the selector's statements one by one; the three
periods' figures in fewer statements) and the fastest is the baseline. Goals (issue 4): within
1.3x of the plain SQL; the national roll-up < 300 ms (p99) on PostgreSQL. The selector's statements
are also replayed alone (as sent), to tell the query's share from Python's. On PostgreSQL, when a
case misses its goal (or with BENCH_EXPLAIN=1), the EXPLAIN ANALYZE of the slowest statement of
that selector is printed.

    .venv/bin/python bench/bench_reports.py                 (SQLite: var/bench/db.sqlite3)
    createdb -h 127.0.0.1 -U postgres bench_reports
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_reports .venv/bin/python bench/bench_reports.py
    BENCH_SHARE=0.03 BENCH_REPEAT=3 .venv/bin/python bench/bench_reports.py     (quick, for CI)

BENCH_REPEAT (default 30) runs per case; BENCH_SHARE (default 1) the share of the communes in the
data set (the quick run keeps a few %; the others are then expected and missing); BENCH_HALVES
(default 10) half-years up to 2025-H2 (at least 5: 2023-H2 is the oldest one compared);
BENCH_JIT=off|on sets PostgreSQL's `jit` for the run (default: the server's setting).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
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

from bench_meetings import explain_selector, path_params, subtree_sql  # noqa: E402
from bench_programmes import replay, sql, summary, timed  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from generate_reports import describe, generate  # noqa: E402

from tuyengiao.accounts.models import Membership, User  # noqa: E402
from tuyengiao.core.periods import Period  # noqa: E402
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit  # noqa: E402
from tuyengiao.reports import selectors  # noqa: E402
from tuyengiao.reports.choices import COUNTED_STATUSES, Aggregation  # noqa: E402
from tuyengiao.reports.models import Form  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
SHARE = float(os.environ.get("BENCH_SHARE", "1"))
HALVES = max(5, int(os.environ.get("BENCH_HALVES", "10")))
GOAL = 1.3  # selector / plain SQL
NATIONAL_GOAL_MS = 300.0  # p99, PostgreSQL
PG = connection.vendor == "postgresql"
PROVINCE = "P-40"  # Nghệ An: 21 districts before the reform, 130 communes after
MERGED = "P25-79"  # Hồ Chí Minh from 2025-07-01: P-74, P-77 and P-79 merged
FOUR = Decimal("0.0001")

V, S, U = "reports_value", "reports_submission", "orgunits_orgunit"
COUNTED = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)


# The plain SQL

ITEMS_SQL = """SELECT i.id, i.code, i.aggregation, i.numerator_id, i.denominator_id
FROM reports_formindicator fi JOIN reports_indicator i ON i.id = fi.indicator_id
    JOIN reports_section sec ON sec.id = fi.section_id
WHERE fi.form_id = %(form)s ORDER BY sec."order", fi."order" """
AGGREGATES = "SUM(v.number), COUNT(v.number), MIN(v.number), MAX(v.number)"
HANDED_IN = f"s.form_id = %(form)s AND s.status IN ({COUNTED}) AND v.number IS NOT NULL"
# The figures of the period by branch (the unit itself, each child's subtree) and indicator.
FIGURES_SQL = f"""SELECT SUBSTRING(s.unit_path, 1, %(width)s), v.indicator_id, {AGGREGATES}
FROM {V} v JOIN {S} s ON s.id = v.submission_id
WHERE {HANDED_IN} AND s.period_code = %(period)s AND {subtree_sql("s.unit_path")}
GROUP BY 1, 2"""
# The comparison: the other periods' figures over the unit and the units it came from.
# One period: grouped by indicator alone (SQLite sorts every figure by the grouping columns).
COMPARED_SQL = f"""SELECT {{code}}, v.indicator_id, {AGGREGATES}
FROM {V} v JOIN {S} s ON s.id = v.submission_id
WHERE {HANDED_IN} AND s.period_code IN ({{periods}}) AND ({{paths}})
GROUP BY {{group}}"""


def compared_sql(names: list[str], paths: str) -> str:
    """The figures of the periods named (parameter names) over the compared subtrees."""
    one = len(names) == 1
    return COMPARED_SQL.format(
        code=f"%({names[0]})s" if one else "s.period_code",
        periods=", ".join(f"%({n})s" for n in names),
        paths=paths,
        group="v.indicator_id" if one else "s.period_code, v.indicator_id",
    )


# All three periods in one statement: the period's by branch, the others whole.
ALL_SQL = f"""SELECT s.period_code,
    CASE WHEN s.period_code = %(period)s THEN SUBSTRING(s.unit_path, 1, %(width)s) ELSE '' END,
    v.indicator_id, {AGGREGATES}
FROM {V} v JOIN {S} s ON s.id = v.submission_id
WHERE {HANDED_IN} AND ((s.period_code = %(period)s AND {subtree_sql("s.unit_path")})
    OR (s.period_code IN (%(previous)s, %(last_year)s) AND ({{paths}})))
GROUP BY 1, 2, 3"""
EXPECTED_WHERE = f"""{subtree_sql("u.path")} AND {subtree_sql("u.path", "owner")}
    AND u.valid_from <= %(end)s AND (u.valid_to IS NULL OR u.valid_to >= %(end)s)
    AND u.level IN ({{levels}})"""
EXPECTED_SQL = f"""SELECT SUBSTRING(u.path, 1, %(width)s), COUNT(*) FROM {U} u
WHERE {EXPECTED_WHERE} GROUP BY 1"""
# On time: handed in by the deadline, the local date (as the selector's __date reads it).
IN_TIME = (
    "(s.submitted_at AT TIME ZONE %(tz)s)::date <= s.deadline"
    if PG
    else "date(s.submitted_at, %(tz_offset)s) <= s.deadline"
)
HANDED_SQL = f"""SELECT SUBSTRING(s.unit_path, 1, %(width)s), s.status, {IN_TIME}, COUNT(*)
FROM {S} s
WHERE s.form_id = %(form)s AND s.period_code = %(period)s AND {subtree_sql("s.unit_path")}
    AND s.status IN ({COUNTED})
GROUP BY 1, 2, 3"""
CHILDREN_SQL = f"""SELECT u.path, u.code FROM {U} u WHERE u.id = %(unit)s AND u.path IN ({{branches}})
UNION ALL SELECT u.path, u.code FROM {U} u WHERE u.parent_id = %(unit)s AND (u.path IN ({{branches}})
    OR (u.valid_from <= %(end)s AND (u.valid_to IS NULL OR u.valid_to >= %(end)s)))"""
# NOT IN over the subtree's reports (hashed): faster than NOT EXISTS nationally on PostgreSQL.
MISSING_SQL = f"""SELECT u.code FROM {U} u WHERE {EXPECTED_WHERE}
    AND u.id NOT IN (SELECT s.unit_id FROM {S} s WHERE s.form_id = %(form)s
        AND s.period_code = %(period)s AND s.status IN ({COUNTED})
        AND {subtree_sql("s.unit_path")})
ORDER BY u.path LIMIT {selectors.MISSING_LIST_LIMIT}"""
# The unit's own report whatever its status (a row without figures when it has none yet).
OWN_SQL = f"""SELECT v.indicator_id, v.number, v.text FROM {S} s
    LEFT JOIN {V} v ON v.submission_id = s.id
WHERE s.form_id = %(form)s AND s.unit_id = %(unit)s AND s.period_code = %(period)s"""
# The units it came from, every generation back (a rename links a unit to itself: not one).
PREDECESSORS_SQL = f"""WITH RECURSIVE p(id, path, code) AS (
    SELECT u.id, u.path, u.code FROM orgunits_lineagelink l JOIN {U} u ON u.id = l.predecessor_id
    WHERE l.successor_id = %(unit)s AND l.predecessor_id <> %(unit)s
    UNION SELECT u.id, u.path, u.code FROM p JOIN orgunits_lineagelink l ON l.successor_id = p.id
        JOIN {U} u ON u.id = l.predecessor_id WHERE l.predecessor_id <> %(unit)s)
SELECT path, code FROM p ORDER BY path"""

Item = tuple[int, str, str, int | None, int | None]  # id, code, aggregation, numerator, denominator
Tallies = dict[int, list]  # indicator -> [total, count, low, high]
Figures = tuple[tuple[str, Decimal | str | None], ...]
Counts = tuple[int, int, int, int, int]  # expected, submitted, approved, on time, late
Answer = tuple[
    Figures,  # totals
    tuple[tuple[str, bool, Figures, Counts], ...],  # per child (and the unit itself)
    Counts,
    tuple[str, ...],  # missing units
    Figures,  # own figures
    Figures,  # previous period
    Figures,  # same period last year
    tuple[str, ...],  # the units compared with (predecessors)
]


def dec(x: object) -> Decimal | None:
    """A number as a Decimal, as the ORM gives it (SQLite's plain SQL gives int or float)."""
    if x is None or isinstance(x, Decimal):
        return x
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def norm(x: object) -> Decimal | str | None:
    """For comparing answers (not timed): 4 decimal places, as the database keeps them."""
    return x if x is None or isinstance(x, str) else dec(x).quantize(FOUR)


def add(tallies: Tallies, pk: int, total: object, n: int, low: object, high: object) -> None:
    t = tallies.get(pk)
    if t is None:
        tallies[pk] = [dec(total) or Decimal(0), n, dec(low), dec(high)]
        return
    t[0] += dec(total) or 0
    t[1] += n
    if low is not None:
        t[2] = dec(low) if t[2] is None else min(t[2], dec(low))
    if high is not None:
        t[3] = dec(high) if t[3] is None else max(t[3], dec(high))


def figures(items: list[Item], tallies: Tallies) -> dict[int, Decimal | None]:
    """Each indicator's figure from its tally, per aggregation kind (written apart from the
    selector's `combine`, so that the two check each other)."""
    out: dict[int, Decimal | None] = {}
    for pk, _code, kind, num, den in items:
        t = tallies.get(pk)
        if kind == Aggregation.RATIO:
            a, b = tallies.get(num), tallies.get(den)
            out[pk] = a[0] * 100 / b[0] if a and b and a[1] and b[0] else None
        elif t is None or not t[1] or kind == Aggregation.NONE:
            out[pk] = None
        elif kind == Aggregation.AVERAGE:
            out[pk] = t[0] / t[1]
        elif kind == Aggregation.MIN:
            out[pk] = t[2]
        elif kind == Aggregation.MAX:
            out[pk] = t[3]
        else:
            out[pk] = t[0]
    return out


def paths_sql(column: str, paths: Iterable[str]) -> tuple[str, dict]:
    """OR of the prefix filters of several subtrees, with their parameters."""
    parts, params = [], {}
    for i, path in enumerate(paths):
        parts.append(subtree_sql(column, f"c{i}"))
        params |= path_params(path, f"c{i}")
    return " OR ".join(parts), params


@dataclass
class PlainRollup:
    """What the plain SQL gives: figures by indicator id, as the selector's Rollup holds them."""

    items: list[Item]
    totals: dict[int, Decimal | None]
    branches: list[tuple[str, bool, dict[int, Decimal | None], Counts]]
    completeness: Counts
    missing: tuple[str, ...]
    own: dict[int, Decimal | str | None] | None
    previous: dict[int, Decimal | None]
    last_year: dict[int, Decimal | None]
    compared: tuple[str, ...]


def rollup_by_sql(variant: str, form: Form, unit: OrgUnit, period: Period) -> PlainRollup:
    """The roll-up from plain statements: `variant` says how the three periods' figures are read
    ("3 statements": each alone, as the selector does; "2 statements": the comparison in one;
    "1 statement")."""
    previous, last_year = period.previous(), period.same_period_last_year()
    end = period.end
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offset = dt.datetime.combine(end, dt.time(12), tz).utcoffset() or dt.timedelta()
    params = {
        "form": form.pk,
        "unit": unit.pk,
        "period": period.code,
        "previous": previous.code,
        "last_year": last_year.code,
        "end": end,
        "width": len(unit.path) + PATH_SEGMENT_WIDTH + 1,
        "tz": settings.TIME_ZONE,
        "tz_offset": f"{offset.total_seconds() / 3600:+g} hours",
        **path_params(unit.path),
        **path_params(form.owner.path, "owner"),
    }
    items: list[Item] = sql(ITEMS_SQL, params)
    predecessors = sql(PREDECESSORS_SQL, params)
    compared, compared_params = paths_sql("s.unit_path", [unit.path, *(p for p, _ in predecessors)])
    params |= compared_params
    by_branch: dict[str, Tallies] = {}
    by_period: dict[str, Tallies] = {previous.code: {}, last_year.code: {}}
    if variant == "1 statement":
        for code, branch, pk, *agg in sql(ALL_SQL.format(paths=compared), params):
            tallies = by_branch.setdefault(branch, {}) if code == period.code else by_period[code]
            add(tallies, pk, *agg)
    else:
        for branch, pk, *agg in sql(FIGURES_SQL, params):
            add(by_branch.setdefault(branch, {}), pk, *agg)
        groups = (
            [["previous"], ["last_year"]]
            if variant == "3 statements"
            else [["previous", "last_year"]]
        )
        for names in groups:
            for code, pk, *agg in sql(compared_sql(names, compared), params):
                add(by_period[code], pk, *agg)
    levels = ", ".join(f"'{level}'" for level in form.levels)
    counts: dict[str, list[int]] = {}
    for branch, n in sql(EXPECTED_SQL.format(levels=levels), params):
        counts.setdefault(branch, [0] * 5)[0] += n
    for branch, status, in_time, n in sql(HANDED_SQL, params):
        c = counts.setdefault(branch, [0] * 5)
        c[1] += n
        c[2] += n if status == "approved" else 0
        c[3 if in_time else 4] += n
    branches = sorted(set(by_branch) | set(counts))
    names = {f"b{i}": b for i, b in enumerate(branches)}
    children = sql(
        CHILDREN_SQL.format(branches=", ".join(f"%({n})s" for n in names) or "NULL"),
        params | names,
    )
    missing = tuple(code for (code,) in sql(MISSING_SQL.format(levels=levels), params))
    own_rows = sql(OWN_SQL, params)
    own: dict[int, Decimal | str | None] | None = None
    if own_rows:
        own_numbers: Tallies = {}
        own = {}
        for pk, number, text in own_rows:
            if pk is not None:
                own[pk] = text if number is None else dec(number)
            if number is not None:
                add(own_numbers, pk, number, 1, number, number)
        ratios = figures([i for i in items if i[2] == Aggregation.RATIO], own_numbers)
        own |= ratios
    overall: Tallies = {}
    rows = []
    for path, code in sorted(children):
        branch = by_branch.get(path, {})
        for pk, t in branch.items():
            add(overall, pk, *t)
        rows.append(
            (code, path == unit.path, figures(items, branch), tuple(counts.get(path, [0] * 5)))
        )
    return PlainRollup(
        items=items,
        totals=figures(items, overall),
        branches=rows,
        completeness=tuple(sum(r[3][i] for r in rows) for i in range(5)),
        missing=missing,
        own=own,
        previous=figures(items, by_period[previous.code]),
        last_year=figures(items, by_period[last_year.code]),
        compared=tuple(code for _, code in predecessors),
    )


def plain_answer(p: PlainRollup) -> Answer:
    def fig(values: dict) -> Figures:
        return tuple((code, norm(values.get(pk))) for pk, code, *_ in p.items)

    return (
        fig(p.totals),
        tuple((code, is_self, fig(f), c) for code, is_self, f, c in p.branches),
        p.completeness,
        p.missing,
        fig(p.own) if p.own is not None else (),
        fig(p.previous),
        fig(p.last_year),
        p.compared,
    )


def rollup_answer(r: selectors.Rollup) -> Answer:
    def fig(values: dict) -> Figures:
        return tuple((i.code, norm(values.get(i.pk))) for i in r.indicators)

    def counts(c: selectors.Completeness) -> Counts:
        return (c.expected, c.submitted, c.approved, c.on_time, c.late)

    return (
        fig(r.totals),
        tuple((b.unit.code, b.is_self, fig(b.figures), counts(b.completeness)) for b in r.branches),
        counts(r.completeness),
        tuple(u.code for u in r.missing_units),
        fig(r.own) if r.own_submission is not None else (),
        fig(r.previous),
        fig(r.last_year),
        tuple(u.code for u in r.compared_units),
    )


# The figures statement and the comparison alone

TallyAnswer = dict[tuple[str, int], tuple]


def tallies_by_selector(user: User, form: Form, unit: OrgUnit, period: Period) -> dict:
    width = len(unit.path) + PATH_SEGMENT_WIDTH + 1
    return selectors._tallies(
        user=user, form=form, period_code=period.code, paths=[unit.path], width=width
    )


def tallies_answer(tallies: dict) -> TallyAnswer:
    return {k: (norm(t), n, norm(lo), norm(hi)) for k, (t, n, lo, hi) in tallies.items()}


def tallies_by_sql(form: Form, unit: OrgUnit, period: Period) -> TallyAnswer:
    params = {
        "form": form.pk,
        "period": period.code,
        "width": len(unit.path) + PATH_SEGMENT_WIDTH + 1,
        **path_params(unit.path),
    }
    return {
        (branch, pk): (dec(total), n, dec(low), dec(high))
        for branch, pk, total, n, low, high in sql(FIGURES_SQL, params)
    }


def plain_tallies_answer(tallies: TallyAnswer) -> TallyAnswer:
    return {k: (norm(t), n, norm(lo), norm(hi)) for k, (t, n, lo, hi) in tallies.items()}


def comparison_by_selector(user: User, form: Form, unit: OrgUnit, period: Period) -> list:
    indicators = [i.indicator for i in selectors.form_items(form)]
    paths = [unit.path, *selectors.predecessor_paths(unit)]
    return [
        selectors._figures_over(user=user, form=form, period=p, paths=paths, indicators=indicators)
        for p in (period.previous(), period.same_period_last_year())
    ]


def comparison_by_sql(variant: str, form: Form, unit: OrgUnit, period: Period) -> list:
    """The two compared periods' figures: in one statement, or one statement per period."""
    previous, last_year = period.previous(), period.same_period_last_year()
    params = {
        "form": form.pk,
        "unit": unit.pk,
        "previous": previous.code,
        "last_year": last_year.code,
    }
    items: list[Item] = sql(ITEMS_SQL, params)
    predecessors = sql(PREDECESSORS_SQL, params)
    compared, compared_params = paths_sql("s.unit_path", [unit.path, *(p for p, _ in predecessors)])
    groups = (
        [["previous", "last_year"]] if variant == "one statement" else [["previous"], ["last_year"]]
    )
    by_period: dict[str, Tallies] = {previous.code: {}, last_year.code: {}}
    for names in groups:
        for code, pk, *agg in sql(compared_sql(names, compared), params | compared_params):
            add(by_period[code], pk, *agg)
    return [figures(items, by_period[p.code]) for p in (previous, last_year)]


def comparison_answer(form: Form) -> Callable[[list], tuple]:
    codes = [(i.indicator_id, i.indicator.code) for i in selectors.form_items(form)]
    return lambda periods: tuple(
        tuple((code, norm(f.get(pk))) for pk, code in codes) for f in periods
    )


# Reporting

LINE = (
    "{label:<60} {rows:>5}  selector {s_med:8.2f} ms (p99 {s_p99:8.2f})  "
    "SQL {q_med:8.2f} ms (p99 {q_p99:8.2f})  ratio {ratio:5.2f}  {verdict}"
)
MISSED: list[tuple[str, Callable[[], object]]] = []
TABLE: list[tuple[str, float, float, float, float, float, float]] = []


Run = tuple[Callable[[], object], Callable[[object], object]]  # what to time, its answer


def compare(
    label: str,
    selector: Run,
    variants: dict[str, Run],
    rows: Callable[[object], int],
    note: Callable[[object], str],
    *,
    national: bool = False,
) -> None:
    """Times the selector, its statements replayed and each plain-SQL variant in turn; checks
    (untimed) that every variant gives the selector's answer."""
    run, answer_of = selector
    fns: dict[str, Callable[[], object]] = {"selector": run, "its SQL": replay(run)}
    fns |= {name: fn for name, (fn, _) in variants.items()}
    with CaptureQueriesContext(connection) as captured:
        run()
    runs = timed(fns)
    s_times, result = runs.pop("selector")
    answer = answer_of(result)
    sent_med, _ = summary(runs.pop("its SQL")[0])
    tried = []
    for name, (times, q_result) in runs.items():
        q_answer = variants[name][1](q_result)
        assert q_answer == answer, f"{label}: the selector and the SQL ({name}) disagree"
        tried.append((summary(times), name))
    (q_med, q_p99), _name = min(tried)
    s_med, s_p99 = summary(s_times)
    ratio = s_med / q_med
    parts = [f"<= {GOAL}x: {'met' if ratio <= GOAL else 'MISSED'}"]
    slow = national and PG and s_p99 >= NATIONAL_GOAL_MS
    if national:
        parts.append(
            f"p99 < {NATIONAL_GOAL_MS:.0f} ms: {'MISSED' if slow else 'met'}"
            if PG
            else f"p99 < {NATIONAL_GOAL_MS:.0f} ms on PostgreSQL"
        )
    print(
        LINE.format(
            label=label,
            rows=rows(answer),
            s_med=s_med,
            s_p99=s_p99,
            q_med=q_med,
            q_p99=q_p99,
            ratio=ratio,
            verdict="goal " + ", ".join(parts),
        )
    )
    print(
        f"{'':<60}   {note(answer)}; {len(captured)} queries; its statements alone (replayed "
        f"as sent) {sent_med:.2f} ms, ratio {sent_med / q_med:.2f}"
    )
    if len(tried) > 1:
        print(
            f"{'':<60}   plain SQL, fastest first (median ms): "
            + ", ".join(f"{n} {m:.2f}" for (m, _), n in sorted(tried))
        )
    TABLE.append((label, s_med, s_p99, q_med, q_p99, ratio, sent_med))
    if ratio > GOAL or slow:
        MISSED.append((label, run))


def rollup_note(a: Answer) -> str:
    totals, _branches, c, missing, own, *_ = a
    first = dict(totals)
    shown = ", ".join(f"{k} {first[k]}" for k in ("BR_HT_CUOC", "BR_HT_TYLE") if k in first)
    return (
        f"{c[1]}/{c[0]} reports handed in ({c[2]} approved, {c[4]} late), "
        f"{len(missing)} missing listed; {shown}; own figures {'yes' if own else 'no'}"
    )


def compare_rollup(
    label: str, user: User, form: Form, unit: OrgUnit, period: Period, *, national: bool = False
) -> None:
    compare(
        label,
        (
            lambda: selectors.rollup_values(user=user, form=form, unit=unit, period=period),
            rollup_answer,
        ),
        {
            v: (lambda v=v: rollup_by_sql(v, form, unit, period), plain_answer)
            for v in ("3 statements", "2 statements", "1 statement")
        },
        lambda a: len(a[1]),
        rollup_note,
        national=national,
    )


def compare_comparison(label: str, user: User, form: Form, unit: OrgUnit, period: Period) -> None:
    compare(
        label,
        (
            lambda: comparison_by_selector(user, form, unit, period),
            comparison_answer(form),
        ),
        {
            v: (lambda v=v: comparison_by_sql(v, form, unit, period), comparison_answer(form))
            for v in ("one statement", "one per period")
        },
        lambda a: 2,
        lambda a: (
            f"{period.previous().code} and {period.same_period_last_year().code}: "
            f"BR_HT_CUOC {dict(a[0]).get('BR_HT_CUOC')} and {dict(a[1]).get('BR_HT_CUOC')}"
        ),
    )


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
    stats = generate(SHARE, HALVES)
    print(describe(stats))
    if SHARE < 1:
        print(
            f"(a sample: {SHARE:g} of the communes; the ratios of a small data set measure "
            "Django's fixed cost per statement, not the issue's figures)"
        )
    with connection.cursor() as cursor:
        if PG:
            # What autovacuum does after a bulk insert: statistics, and the visibility map.
            cursor.execute(f"VACUUM (ANALYZE) {V}, {S}, {U}, orgunits_lineagelink")
        else:
            cursor.execute("PRAGMA optimize")

    form = Form.objects.select_related("owner").get(code="BENCH-6T")
    operator = User.objects.get(username="bench.operator")
    central = OrgUnit.objects.get(code="TW")
    province = OrgUnit.objects.get(code=PROVINCE)
    merged = OrgUnit.objects.get(code=MERGED)
    viewers = {}
    for unit in (province, merged):
        member, _ = User.objects.get_or_create(username=f"bench.reports.{unit.code.lower()}")
        Membership.objects.get_or_create(user=member, unit=unit, defaults={"role": "viewer"})
        viewers[unit.code] = User.objects.get(pk=member.pk)  # grants read once, then kept
    h2_2024 = form.period("2024-H2")
    h2_2025 = form.period("2025-H2")

    print(
        f"\n1. national roll-up of {h2_2024.code} (operator); rows = branches (provinces); goal: "
        f"within {GOAL}x of the fastest plain SQL, p99 < {NATIONAL_GOAL_MS:.0f} ms on PostgreSQL"
    )
    for tallied in (True, False):
        # The selector reads the branch tallies the services keep; off, the figures themselves
        # (what any roll-up below the provinces does). The plain SQL always reads the figures.
        settings.REPORT_TALLIES = tallied
        how = "branch tallies" if tallied else "figures, tallies off"
        compare_rollup(
            f"national {h2_2024.code} ({how})", operator, form, central, h2_2024, national=True
        )
        compare(
            f"national {h2_2024.code}: figures statement ({how})",
            (lambda: tallies_by_selector(operator, form, central, h2_2024), tallies_answer),
            {
                "grouped join": (
                    lambda: tallies_by_sql(form, central, h2_2024),
                    plain_tallies_answer,
                )
            },
            len,
            lambda a: f"{len(a)} (branch, indicator) rows",
        )
    settings.REPORT_TALLIES = True

    print(f"\n2. {province.name} ({PROVINCE}), a viewer of the province; rows = children")
    for period in (h2_2024, h2_2025):
        compare_rollup(f"{PROVINCE} {period.code}", viewers[PROVINCE], form, province, period)

    print(
        f"\n3. {merged.name} ({MERGED}) {h2_2025.code}, a viewer of it, compared over the units "
        "it came from"
    )
    for tallied in (True, False):
        settings.REPORT_TALLIES = tallied
        how = "tallies" if tallied else "tallies off"
        compare_rollup(f"{MERGED} {h2_2025.code} ({how})", viewers[MERGED], form, merged, h2_2025)
        compare_comparison(
            f"{MERGED} {h2_2025.code}: comparison ({how})", viewers[MERGED], form, merged, h2_2025
        )
    settings.REPORT_TALLIES = True

    print(f"\nsummary ({connection.vendor}, median / p99 ms)")
    print(f"{'case':<60} {'selector':>19} {'plain SQL':>19} {'ratio':>6} {'replayed':>9}")
    for label, s_med, s_p99, q_med, q_p99, ratio, sent in TABLE:
        print(
            f"{label:<60} {s_med:8.1f} / {s_p99:8.1f} {q_med:8.1f} / {q_p99:8.1f} "
            f"{ratio:6.2f} {sent:9.1f}"
        )

    explain = os.environ.get("BENCH_EXPLAIN", "")
    if explain == "1" or (explain != "0" and PG and MISSED):
        for label, run in MISSED or [
            (
                "national",
                lambda: selectors.rollup_values(
                    user=operator, form=form, unit=central, period=h2_2024
                ),
            )
        ]:
            print()
            explain_selector(label, run)


if __name__ == "__main__":
    main()
