"""Benchmark: importing a national XLSX of report figures (issue 4: 100,000 values in < 10 s).

Against the database of DATABASE_URL (SQLite file by default), it migrates, loads the real units
(`load_units`) and defines, if not there yet, a generated half-year form "BENCH-IMP" of the central
commission with 30 entered indicators (24 counts, 3 amounts in VND, 3 decimals; a rule "I02 <= I01")
and one computed ratio, reported by provinces and communes. It writes, with the export's own
function (exports.figures_xlsx), the wide-layout file of BENCH_VALUES figures (default 100,000):
the first ceil(BENCH_VALUES / 30) province and commune units of the tree of 30/06/2026 (3,355
exist: about 100,650 figures), random plausible values, and then times, in the same run:

- the import service end to end (`services_import.submissions_import_xlsx`, an admin of the central
  commission, whose rights reach every row): read and check the file, check every row and value,
  create every report as a draft, write every figure, versions and audit rows; for a first import
  (no report yet), the same file again (nothing changes) and a file with every figure changed;
- baselines: openpyxl reading the same file alone (read-only, values only), and a plain bulk
  insert of the same rows (executemany of the reports, then the figures by executemany on SQLite
  and COPY on PostgreSQL: the fastest plain way on each, and what the import itself uses);

and prints each time, figures per second, and the import against the baselines (read + insert).
Each run is rolled back, so every round starts from the same database.

    .venv/bin/python bench/bench_reports_import.py              (SQLite: var/bench/db.sqlite3)
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_tg .venv/bin/python bench/bench_reports_import.py
    BENCH_VALUES=10000 BENCH_REPEAT=1 .venv/bin/python bench/bench_reports_import.py     (quick, for CI)

BENCH_REPEAT (default 3) rounds per case, cases in turn; the median is printed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
if not os.environ.get("DATABASE_URL", "").strip():
    # SQLite: a file of its own (var/bench/), not the working database, unless told otherwise.
    os.environ.setdefault("TUYENGIAO_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from tuyengiao.accounts.models import Membership, User  # noqa: E402
from tuyengiao.core.exceptions import ImportRejected  # noqa: E402
from tuyengiao.core.periods import PeriodKind  # noqa: E402
from tuyengiao.orgunits.models import OrgUnit  # noqa: E402
from tuyengiao.reports import exports, selectors, services, services_import  # noqa: E402
from tuyengiao.reports.choices import Aggregation, SectionKind, ValueType  # noqa: E402
from tuyengiao.reports.models import Form, Indicator, Submission, Value  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PG = connection.vendor == "postgresql"
N_VALUES = int(os.environ.get("BENCH_VALUES", "100000"))
GOAL_S = 10.0  # issue 4: 100k values
FORM = "BENCH-IMP"
PERIOD = "2026-H1"
TREE_DAY = dt.date(2026, 6, 30)
SEED = 20260630
TYPES = [ValueType.INTEGER] * 24 + [ValueType.MONEY] * 3 + [ValueType.DECIMAL] * 3


class _Rollback(Exception):
    pass


def rolled_back(fn: Callable[[], object]) -> object:
    """Runs `fn` in a transaction that is then undone: every round sees the same database."""
    result: list[object] = []
    try:
        with transaction.atomic():
            result.append(fn())
            raise _Rollback
    except _Rollback:
        pass
    return result[0]


def timed(fns: dict[str, Callable[[], object]]) -> dict[str, tuple[float, object]]:
    """Median seconds of each function over REPEAT rounds, the functions in turn (each sees the
    same machine load as those it is compared with)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, object] = {}
    for _ in range(REPEAT):
        for name, fn in fns.items():
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in fns}


# The form and the file


def bench_form(operator: User) -> Form:
    """The generated form (idempotent): I01..I30 entered, R01 = I02 / I01 computed."""
    form = Form.objects.filter(code=FORM).first()
    if form is not None:
        return form
    central = OrgUnit.objects.get(code="TW")
    indicators = []
    for number, value_type in enumerate(TYPES, start=1):
        code = f"BENCH_I{number:02d}"
        indicator = Indicator.objects.filter(code=code).first() or services.indicator_create(
            actor=operator,
            owner=central,
            code=code,
            name=f"Chỉ tiêu thử {number:02d}",
            measure="đồng" if value_type == ValueType.MONEY else "",
            value_type=value_type,
            aggregation=Aggregation.AVERAGE if value_type == ValueType.DECIMAL else Aggregation.SUM,
        )
        indicators.append(indicator)
    ratio = Indicator.objects.filter(code="BENCH_R01").first() or services.indicator_create(
        actor=operator,
        owner=central,
        code="BENCH_R01",
        name="Tỷ lệ thử",
        measure="%",
        value_type=ValueType.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator=indicators[1],
        denominator=indicators[0],
    )
    form = services.form_create(
        actor=operator,
        owner=central,
        code=FORM,
        name="Biểu mẫu thử nhập số liệu",
        subject="Số liệu thử {period}",
        period_kind=PeriodKind.HALF,
        levels=["province", "commune"],
        deadline_days=10,
    )
    section = services.section_add(
        actor=operator, form=form, title="Số liệu", kind=SectionKind.FIGURES
    )
    for indicator in [*indicators, ratio]:
        services.form_indicator_add(actor=operator, form=form, section=section, indicator=indicator)
    services.form_rule_add(
        actor=operator, form=form, left=indicators[1], operator="lte", right=indicators[0]
    )
    services.section_add(
        actor=operator, form=form, title="Kết quả", kind=SectionKind.NARRATIVE, template="..."
    )
    return form


def reporting_units(form: Form, count: int) -> list[OrgUnit]:
    period = form.period(PERIOD)
    central = OrgUnit.objects.get(code="TW")
    units = selectors.units_expected(form=form, period=period, within=central).order_by("path")
    return list(units.only("code", "name", "path")[:count])


def figures(rng: random.Random, items, *, shift: int = 0) -> dict[int, Decimal]:
    values: dict[int, Decimal] = {}
    base = rng.randint(50, 5000)
    for number, item in enumerate(items):
        indicator = item.indicator
        if indicator.is_computed:
            continue
        if number == 0:
            value = Decimal(base + shift)
        elif number == 1:
            value = Decimal(rng.randint(0, base) + shift)  # I02 <= I01
        elif indicator.value_type == ValueType.MONEY:
            value = Decimal(rng.randint(1, 900) * 1_000_000 + shift)
        elif indicator.value_type == ValueType.DECIMAL:
            value = Decimal(rng.randint(0, 10_000) + shift) / 100
        else:
            value = Decimal(rng.randint(0, 2000) + shift)
        values[indicator.pk] = value
    return values


def national_file(form: Form, units: list[OrgUnit], *, shift: int = 0) -> bytes:
    items = selectors.form_items(form)
    rng = random.Random(SEED)
    rows = [
        exports.FigureRow(
            unit_code=u.code, unit_name=u.name, values=figures(rng, items, shift=shift)
        )
        for u in units
    ]
    return exports.figures_xlsx(form=form, period=form.period(PERIOD), items=items, rows=rows)


# Baselines


def read_alone(data: bytes) -> int:
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    for row in wb.active.iter_rows(values_only=True):
        cells += sum(1 for v in row if v is not None)
    wb.close()
    return cells


def plain_insert(form: Form, units: list[OrgUnit], data: bytes) -> int:
    """The same reports and figures, inserted by executemany with nothing checked."""
    period = form.period(PERIOD)
    items = [i for i in selectors.form_items(form) if not i.indicator.is_computed]
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    by_code = {u.code: u for u in units}
    rows = [r for r in wb.active.iter_rows(values_only=True) if r and r[0] in by_code]
    wb.close()
    now = timezone.now()
    submissions = Submission._meta.db_table
    values_table = Value._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {submissions} (form_id, unit_id, unit_path, period_code, period_start, "
            "period_end, deadline, status, narratives, place, signer_position, signer_name, "
            "recipients, number_text, return_reason, version, updated_at) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, 'draft', '{}', '', '', '', '', '', '', 1, %s)",
            [
                (
                    form.pk,
                    by_code[r[0]].pk,
                    by_code[r[0]].path,
                    period.code,
                    period.start,
                    period.end,
                    period.end,
                    now,
                )
                for r in rows
            ],
        )
        cursor.execute(
            f"SELECT unit_id, id FROM {submissions} WHERE form_id = %s AND period_code = %s",
            [form.pk, period.code],
        )
        ids = dict(cursor.fetchall())
        params = []
        for r in rows:
            submission_id = ids[by_code[r[0]].pk]
            for col, item in enumerate(items, start=2):
                if r[col] is not None:
                    params.append((submission_id, item.indicator.pk, Decimal(str(r[col])), ""))
        columns = "submission_id, indicator_id, number, text"
        if PG:
            with cursor.cursor.copy(f"COPY {values_table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {values_table} ({columns}) VALUES (%s, %s, %s, %s)", params
            )
    return len(params)


def main() -> None:
    translation.activate("en")
    version = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = f" ({cursor.fetchone()[0].split(' on ')[0]})"
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}{version}; "
        f"{REPEAT} rounds per case, cases in turn, each rolled back; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units", stdout=StringIO())
    print(
        f"migrate + load-units: {time.perf_counter() - start:.1f} s ({OrgUnit.objects.count()} units)"
    )

    operator, _ = User.objects.get_or_create(
        username="bench.operator", defaults={"is_superuser": True}
    )
    form = bench_form(operator)
    Submission.objects.filter(form=form).delete()  # a run that was stopped halfway
    entered = sum(1 for i in selectors.form_items(form) if not i.indicator.is_computed)
    units = reporting_units(form, math.ceil(N_VALUES / entered))
    admin, _ = User.objects.get_or_create(username="bench.central-admin")
    Membership.objects.get_or_create(
        user=admin, unit=OrgUnit.objects.get(code="TW"), defaults={"role": "admin"}
    )
    admin = User.objects.get(pk=admin.pk)

    start = time.perf_counter()
    data = national_file(form, units)
    changed = national_file(form, units, shift=1)
    export_s = (time.perf_counter() - start) / 2
    n_values = len(units) * entered
    print(
        f"file: {len(units):,} units x {entered} figures = {n_values:,} values (+ a computed "
        f"column), {len(data) / 1e6:.1f} MB; written by exports.figures_xlsx in {export_s:.1f} s"
    )

    def first_import():
        return services_import.submissions_import_xlsx(actor=admin, form=form, data=data)

    inner: dict[str, list[float]] = {"again": [], "changed": []}
    outcome: dict[str, services_import.ImportResult] = {}

    def second_import(name: str, second: bytes):
        # Time only the second import: the first puts every report in place.
        services_import.submissions_import_xlsx(actor=admin, form=form, data=data)
        start = time.perf_counter()
        outcome[name] = services_import.submissions_import_xlsx(actor=admin, form=form, data=second)
        inner[name].append(time.perf_counter() - start)

    try:
        results = timed(
            {
                "read": lambda: read_alone(data),
                "insert": lambda: rolled_back(lambda: plain_insert(form, units, data)),
                "import": lambda: rolled_back(first_import),
                "again": lambda: rolled_back(lambda: second_import("again", data)),
                "changed": lambda: rolled_back(lambda: second_import("changed", changed)),
            }
        )
    except ImportRejected as exc:
        print("the file was refused:", *[e.message for e in exc.errors[:10]], sep="\n  ")
        raise SystemExit(1) from exc

    read_s, cells = results["read"]
    insert_s, inserted = results["insert"]
    import_s, result = results["import"]
    assert inserted == n_values and result.values == n_values, (inserted, result)
    assert result.created == len(units), result
    baseline = read_s + insert_s
    print(
        f"\nbaselines: openpyxl read alone {read_s:.2f} s ({cells:,} cells); plain bulk "
        f"insert {insert_s:.2f} s ({inserted:,} figures + {len(units):,} reports)"
    )
    print(
        f"import, first (creates {result.created:,} drafts): {import_s:.2f} s, "
        f"{n_values / import_s:,.0f} values/s; {import_s / read_s:.1f}x the read alone, "
        f"{import_s / baseline:.1f}x read + insert"
    )
    for name, label in (
        ("again", "the same file again (nothing changes)"),
        ("changed", "every figure changed"),
    ):
        seconds, done = statistics.median(inner[name]), outcome[name]
        print(
            f"import, {label}: {seconds:.2f} s, {n_values / seconds:,.0f} values/s "
            f"({done.updated:,} reports changed, {done.unchanged:,} unchanged, {done.values:,} "
            f"values written); {seconds / baseline:.1f}x read + insert"
        )
    scaled = import_s * 100_000 / n_values
    verdict = "meets" if scaled < GOAL_S else "MISSES"
    print(
        f"goal: 100,000 values < {GOAL_S:.0f} s; first import scaled to 100,000 values: "
        f"{scaled:.1f} s ({verdict})"
    )


if __name__ == "__main__":
    main()
