"""A national data set of periodic reports over the real tree of units, for the benchmarks.

One half-year form of the central unit ("BENCH-6T", cut-off day 15, deadline 15 days) with 30
indicators (mostly summed whole numbers; reporters and collaborators as last values; a score as
average, minimum and maximum; two money figures; a yes/no; two ratios computed, never entered),
defined through the services by an operator. Every province and commune alive at the end of each
half-year from 2021-H1 to 2025-H2 reports it: until the 2025 reform (2025-H1 ends 14/06/2025) the
63 provinces and ~10,000 communes, after it the 34 provinces and ~3,300 communes. Per unit and
half-year: about 4 % hand in nothing, 3 % keep a draft, 1 % were returned, the rest were submitted
(about a quarter) or approved; 15 % late, a few within an hour of midnight on the deadline (the
on-time rule reads the local date). Drafts and returned reports carry figures too, which the
roll-up must leave out. 2025-H2 is still coming in: more drafts and missing units.

Submissions and values are written with `bulk_create` in batches (the services would take hours
for 2.5 million values), in one transaction, deterministic for a given size and seed. The form's
name carries the mark "[bench-reports <share> <halves> v1]": a second run with the same size writes
nothing, another size replaces the set.

    python bench/generate_reports.py [--share 1.0] [--halves 10]     (DATABASE_URL picks the database)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

if __name__ == "__main__":
    ROOT = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    if not os.environ.get("DATABASE_URL", "").strip():
        # SQLite: the benchmarks' file (var/bench/), never the working database.
        os.environ.setdefault("TUYENGIAO_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from tuyengiao.accounts.models import User
from tuyengiao.core.periods import Period, PeriodKind
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports import services, tallies
from tuyengiao.reports.choices import Aggregation, SectionKind, SubmissionStatus, ValueType
from tuyengiao.reports.models import (
    BranchTally,
    Form,
    FormIndicator,
    FormRule,
    Indicator,
    Section,
    Submission,
    Value,
)

MARK = "[bench-reports "
VERSION = 1
SEED = 20250630
BATCH = 5000
FORM_CODE = "BENCH-6T"
START_DAY = 15
DEADLINE_DAYS = 15
LEVELS = ["province", "commune"]
LAST_HALF = (2025, 2)
OPERATOR = "bench.operator"

INT, DEC, MONEY, B = ValueType.INTEGER, ValueType.DECIMAL, ValueType.MONEY, ValueType.BOOLEAN
SUM, AVG, LOW, HIGH, LAST = (
    Aggregation.SUM,
    Aggregation.AVERAGE,
    Aggregation.MIN,
    Aggregation.MAX,
    Aggregation.LAST,
)
# code, name, measure, type, aggregation, commune range, province range (own figures).
SPECS = [
    ("BR_HT_CUOC", "Số cuộc học tập, quán triệt", "cuộc", INT, SUM, (1, 12), (5, 40)),
    ("BR_HT_DUKIEN", "Số người dự kiến tham dự", "người", INT, SUM, (50, 600), (300, 4000)),
    ("BR_HT_THAMDU", "Số người tham dự", "người", INT, SUM, None, None),  # <= expected
    ("BR_NV_TONG", "Số nhiệm vụ trong kỳ", "nhiệm vụ", INT, SUM, (5, 40), (20, 120)),
    ("BR_NV_XONG", "Số nhiệm vụ hoàn thành", "nhiệm vụ", INT, SUM, None, None),  # <= total
    ("BR_BCV_SO", "Số báo cáo viên", "người", INT, LAST, (2, 15), (20, 90)),
    ("BR_BCV_HN", "Hội nghị báo cáo viên", "cuộc", INT, SUM, (0, 6), (2, 12)),
    ("BR_BCV_LUOT", "Lượt báo cáo viên nói chuyện", "lượt", INT, SUM, (0, 30), (10, 150)),
    ("BR_BC_HOP", "Giao ban báo chí", "cuộc", INT, SUM, (0, 2), (6, 26)),
    ("BR_BC_TIN", "Tin, bài đã đăng", "tin, bài", INT, SUM, (0, 200), (300, 5000)),
    ("BR_BC_BAI", "Bài viết chuyên đề", "bài", INT, SUM, (0, 20), (10, 200)),
    ("BR_DT_LOP", "Lớp bồi dưỡng", "lớp", INT, SUM, (0, 5), (2, 30)),
    ("BR_DT_HV", "Học viên", "người", INT, SUM, (0, 400), (100, 3000)),
    ("BR_DL_KS", "Cuộc khảo sát dư luận", "cuộc", INT, SUM, (0, 3), (1, 10)),
    ("BR_DL_BC", "Báo cáo dư luận xã hội", "báo cáo", INT, SUM, (0, 12), (6, 30)),
    ("BR_DL_CTV", "Cộng tác viên dư luận", "người", INT, LAST, (1, 10), (10, 80)),
    ("BR_CT_SO", "Công trình, phần việc", "công trình", INT, SUM, (0, 25), (5, 80)),
    ("BR_CT_GIATRI", "Giá trị công trình", "đồng", MONEY, SUM, (0, 5000), (1000, 60000)),
    ("BR_KP_CHI", "Kinh phí tuyên truyền", "đồng", MONEY, SUM, (10, 800), (500, 9000)),
    ("BR_MXH_TIN", "Bài đấu tranh phản bác", "bài", INT, SUM, (0, 50), (40, 900)),
    ("BR_MXH_TK", "Tài khoản tham gia mạng lưới", "tài khoản", INT, LAST, (0, 60), (50, 900)),
    ("BR_CTT_TIN", "Tin trên cổng thông tin", "tin", INT, SUM, (0, 120), (100, 2500)),
    ("BR_KG_DETAI", "Đề tài khoa học", "đề tài", INT, SUM, (0, 1), (0, 8)),
    ("BR_LS_SACH", "Sách lịch sử đảng bộ", "cuốn", INT, SUM, (0, 1), (0, 4)),
    ("BR_VH_SK", "Sự kiện văn hóa", "sự kiện", INT, SUM, (0, 10), (5, 60)),
    ("BR_KH_DAIHOI", "Có kế hoạch tuyên truyền đại hội", "đơn vị", B, SUM, None, None),
    ("BR_DG_DIEM", "Điểm tự đánh giá", "điểm", DEC, AVG, (5, 10), (6, 10)),
    ("BR_DG_THAP", "Điểm thấp nhất", "điểm", DEC, LOW, (3, 8), (4, 8)),
    ("BR_DG_CAO", "Điểm cao nhất", "điểm", DEC, HIGH, (7, 10), (8, 10)),
]
RATIOS = [
    ("BR_HT_TYLE", "Tỷ lệ tham dự", "BR_HT_THAMDU", "BR_HT_DUKIEN"),
    ("BR_NV_TYLE", "Tỷ lệ nhiệm vụ hoàn thành", "BR_NV_XONG", "BR_NV_TONG"),
]
REQUIRED = {"BR_HT_CUOC", "BR_HT_DUKIEN", "BR_HT_THAMDU"}
MILLION = Decimal(1_000_000)
QUARTER = Decimal("0.25")


@dataclass
class Stats:
    submissions: int = 0
    values: int = 0
    seconds: float = 0.0
    generated: bool = False
    tallies: int = 0  # branch tallies (re)built, when they were
    tally_seconds: float = 0.0
    units_per_half: dict[str, int] = field(default_factory=dict)
    by_status: Counter = field(default_factory=Counter)


def mark(share: float, halves: int) -> str:
    return f"{MARK}{share:g} {halves} v{VERSION}]"


def halves(n: int) -> list[Period]:
    """The last `n` half-years up to 2025-H2, oldest first."""
    p = Period.of_half(*LAST_HALF, start_day=START_DAY)
    out = [p]
    for _ in range(n - 1):
        p = p.previous()
        out.append(p)
    return out[::-1]


def existing() -> Form | None:
    return Form.objects.filter(code=FORM_CODE).first()


def delete_bench_data() -> None:
    """Removes a data set of another size (raw SQL: millions of values through the ORM's cascade
    would take long), then the form and its indicators."""
    v, s = Value._meta.db_table, Submission._meta.db_table
    with transaction.atomic():
        form = existing()
        if form is None:
            return
        with connection.cursor() as cursor:
            ids = f"SELECT id FROM {s} WHERE form_id = %s"
            cursor.execute(f"DELETE FROM {v} WHERE submission_id IN ({ids})", [form.pk])
            cursor.execute(f"DELETE FROM {s} WHERE form_id = %s", [form.pk])
        indicator_ids = list(form.items.values_list("indicator_id", flat=True))
        FormRule.objects.filter(form=form).delete()
        FormIndicator.objects.filter(form=form).delete()
        Section.objects.filter(form=form).delete()
        form.delete()
        ratios = Indicator.objects.filter(pk__in=indicator_ids, aggregation=Aggregation.RATIO)
        ratios.delete()
        Indicator.objects.filter(pk__in=indicator_ids).delete()


def operator() -> User:
    user, _ = User.objects.get_or_create(username=OPERATOR, defaults={"is_superuser": True})
    return user


def define_form(actor: User, central: OrgUnit, title: str) -> Form:
    """The form and its indicators, through the services (as an admin would)."""
    by_code: dict[str, Indicator] = {}
    for code, name, measure, value_type, aggregation, _c, _p in SPECS:
        by_code[code] = services.indicator_create(
            actor=actor,
            owner=central,
            code=code,
            name=name,
            measure=measure,
            value_type=value_type,
            aggregation=aggregation,
        )
    for code, name, numerator, denominator in RATIOS:
        by_code[code] = services.indicator_create(
            actor=actor,
            owner=central,
            code=code,
            name=name,
            measure="%",
            value_type=ValueType.PERCENT,
            aggregation=Aggregation.RATIO,
            numerator=by_code[numerator],
            denominator=by_code[denominator],
        )
    form = services.form_create(
        actor=actor,
        owner=central,
        code=FORM_CODE,
        name=f"{title} Báo cáo sơ kết 6 tháng",
        subject="Sơ kết công tác tuyên giáo {period}",
        period_kind=PeriodKind.HALF,
        start_day=START_DAY,
        deadline_days=DEADLINE_DAYS,
        levels=LEVELS,
    )
    figures = services.section_add(
        actor=actor, form=form, title="Kết quả thực hiện", kind=SectionKind.FIGURES
    )
    order = [c for c, *_ in SPECS]
    order.insert(order.index("BR_HT_THAMDU") + 1, "BR_HT_TYLE")
    order.insert(order.index("BR_NV_XONG") + 1, "BR_NV_TYLE")
    for code in order:
        services.form_indicator_add(
            actor=actor,
            form=form,
            section=figures,
            indicator=by_code[code],
            required=code in REQUIRED,
        )
    for left, right in (("BR_HT_THAMDU", "BR_HT_DUKIEN"), ("BR_NV_XONG", "BR_NV_TONG")):
        services.form_rule_add(
            actor=actor, form=form, left=by_code[left], operator="lte", right=by_code[right]
        )
    services.section_add(
        actor=actor,
        form=form,
        title="Tồn tại, hạn chế",
        kind=SectionKind.NARRATIVE,
        template="Tổ chức {{BR_HT_CUOC}} cuộc, tỷ lệ tham dự {{BR_HT_TYLE}}.",
    )
    return form


def _figures(
    rng: random.Random, level: str, ids: dict[str, int], sparse: bool
) -> list[tuple[int, Decimal]]:
    """One unit's figures: within each indicator's range, attended <= expected, done <= total;
    quarters for scores (sums stay exact in SQLite's floating point too); money in millions."""
    province = level == "province"
    out: dict[str, Decimal] = {}
    for code, _n, _m, value_type, _a, commune, own in SPECS:
        span = own if province else commune
        if code not in REQUIRED and rng.random() < (0.3 if sparse else 0.02):
            continue  # left blank
        if code == "BR_HT_THAMDU":
            expected = out.get("BR_HT_DUKIEN", Decimal(0))
            out[code] = (expected * Decimal(rng.uniform(0.7, 1.0))).to_integral_value()
        elif code == "BR_NV_XONG":
            if "BR_NV_TONG" in out:
                out[code] = Decimal(rng.randint(0, int(out["BR_NV_TONG"])))
        elif value_type == ValueType.BOOLEAN:
            out[code] = Decimal(rng.random() < 0.8)
        elif value_type == ValueType.DECIMAL:
            lo, hi = span
            out[code] = Decimal(rng.randint(lo * 4, hi * 4)) * QUARTER
        elif value_type == ValueType.MONEY:
            out[code] = Decimal(rng.randint(*span)) * MILLION
        else:
            out[code] = Decimal(rng.randint(*span))
    return [(ids[code], number) for code, number in out.items()]


def _outcome(rng: random.Random, period: Period) -> str | None:
    """The status of a unit's report, None when it handed in nothing."""
    latest = (period.year, period.number) == LAST_HALF
    r = rng.random()
    missing, draft, returned, submitted = (
        (0.10, 0.08, 0.01, 0.45) if latest else (0.04, 0.03, 0.01, 0.22)
    )
    if r < missing:
        return None
    r -= missing
    if r < draft:
        return SubmissionStatus.DRAFT
    r -= draft
    if r < returned:
        return SubmissionStatus.RETURNED
    r -= returned
    return SubmissionStatus.SUBMITTED if r < submitted else SubmissionStatus.APPROVED


def _submitted_at(rng: random.Random, deadline: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """On time mostly; 15 % late; a few handed in close to midnight around the deadline, where
    the UTC date and the local date differ."""
    r = rng.random()
    if r < 0.02:
        day, at = deadline, dt.time(23, rng.randint(0, 59))
    elif r < 0.04:
        day, at = deadline + dt.timedelta(days=1), dt.time(0, rng.randint(0, 59))
    elif r < 0.19:
        day, at = deadline + dt.timedelta(days=rng.randint(1, 30)), dt.time(rng.randint(7, 17))
    else:
        day, at = deadline - dt.timedelta(days=rng.randint(0, 25)), dt.time(rng.randint(7, 17))
    return dt.datetime.combine(day, at, tzinfo=tz)


def generate(share: float = 1.0, n_halves: int = 10, *, seed: int = SEED) -> Stats:
    """Makes sure the data set (the share of communes that exist in it, the number of half-years)
    is in the database; returns what it holds."""
    stats = Stats()
    start = time.perf_counter()
    title = mark(share, n_halves)
    form = existing()
    if form is not None and form.name.startswith(title):
        counted = Submission.objects.filter(form=form)
        stats.submissions = counted.count()
        stats.values = Value.objects.filter(submission__form=form).count()
        for code, n in counted.values_list("period_code").annotate(n=Count("pk")):
            stats.units_per_half[code] = n
        stats.seconds = time.perf_counter() - start
        if not BranchTally.objects.filter(form=form).exists():  # a data set older than tallies
            _rebuild_tallies(stats)
        return stats
    if form is not None:
        delete_bench_data()
        start = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        _generate(share, n_halves, title, rng, stats)
    stats.generated = True
    stats.seconds = time.perf_counter() - start
    # The reports were written in bulk, not through the services that keep the tallies.
    _rebuild_tallies(stats)
    return stats


def _rebuild_tallies(stats: Stats) -> None:
    start = time.perf_counter()
    with transaction.atomic():
        stats.tallies = tallies.rebuild()
    stats.tally_seconds = time.perf_counter() - start


def _generate(share: float, n_halves: int, title: str, rng: random.Random, stats: Stats) -> None:
    actor = operator()
    central = OrgUnit.objects.get(code="TW")
    form = define_form(actor, central, title)
    ids = dict(form.items.values_list("indicator__code", "indicator_id"))
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    units = list(
        OrgUnit.objects.filter(level__in=LEVELS)
        .order_by("path")
        .values_list("pk", "path", "level", "valid_from", "valid_to")
    )
    # The communes in the data set at all (the quick run keeps a share; provinces always).
    kept = {pk for pk, _p, level, _f, _t in units if level != "commune" or rng.random() < share}
    values: list[Value] = []
    for period in halves(n_halves):
        end = period.end
        deadline = form.deadline_for(period)
        alive = [u for u in units if u[0] in kept and u[3] <= end and (u[4] is None or u[4] >= end)]
        stats.units_per_half[period.code] = len(alive)
        rows: list[tuple[Submission, list[tuple[int, Decimal]]]] = []
        for pk, path, level, _f, _t in alive:
            status = _outcome(rng, period)
            if status is None:
                continue
            stats.by_status[status] += 1
            handed_in = status != SubmissionStatus.DRAFT
            at = _submitted_at(rng, deadline, tz) if handed_in else None
            s = Submission(
                form_id=form.pk,
                unit_id=pk,
                unit_path=path,
                period_code=period.code,
                period_start=period.start,
                period_end=end,
                deadline=deadline,
                status=status,
                report_date=end,
                place="Bench",
                submitted_at=at,
                submitted_by_id=actor.pk if handed_in else None,
                decided_at=at + dt.timedelta(days=3) if status == "approved" else None,
                decided_by_id=actor.pk if status == "approved" else None,
                return_reason="Bổ sung số liệu" if status == SubmissionStatus.RETURNED else "",
            )
            rows.append((s, _figures(rng, level, ids, sparse=not handed_in)))
        Submission.objects.bulk_create([s for s, _ in rows], batch_size=BATCH)
        stats.submissions += len(rows)
        for s, figures in rows:
            values.extend(Value(submission_id=s.pk, indicator_id=i, number=n) for i, n in figures)
            if len(values) >= 20 * BATCH:
                Value.objects.bulk_create(values, batch_size=BATCH)
                stats.values += len(values)
                values = []
    Value.objects.bulk_create(values, batch_size=BATCH)
    stats.values += len(values)


def describe(stats: Stats) -> str:
    verb = "generated in" if stats.generated else "already there (counted in"
    tail = "" if stats.generated else ")"
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(stats.by_status.items()))
    per_half = ", ".join(f"{k} {v}" for k, v in stats.units_per_half.items())
    return (
        f"data set {verb} {stats.seconds:.1f} s{tail}: {stats.submissions} reports"
        + (f" ({statuses})" if statuses else "")
        + f", {stats.values} values; "
        + ("units expected per half-year: " if stats.generated else "reports per half-year: ")
        + per_half
        + (
            f"; branch tallies rebuilt: {stats.tallies} rows in {stats.tally_seconds:.1f} s"
            if stats.tallies
            else ""
        )
    )


if __name__ == "__main__":
    import argparse

    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--share", type=float, default=1.0, help="share of the communes")
    parser.add_argument("--halves", type=int, default=10, help="half-years up to 2025-H2")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units")
    print(describe(generate(args.share, args.halves)))
