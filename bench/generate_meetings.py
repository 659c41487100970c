"""A national data set of meetings and study sessions over the real tree of units, for the
benchmarks.

Meetings from 2020 to 2026, each organised by a unit alive on its first day, at every level
(central, provinces, districts until 30/06/2025, communes), on the tree of that day: a few % central,
a third provincial (Hà Nội, P-01, about four times busier than another province), a quarter by
districts (before the 2025 reform; after it, their share goes to provinces and communes), a third by
communes. Kinds mixed as in the glossary; 1-3 day spans. About 8 % are working visits (1-6 units
below the organiser visited, one day each); about 15 % are online with online connection points
below the organiser; a third invite their superior unit or a sibling. About 22 % are study sessions
(học tập, quán triệt) of one or two directives: the organiser and units of its subtree (central: every
province, as online points) take part with expected and attended head counts; they carry most of
the participation rows (the total is `participations_per_meeting` x meetings). Directives: 36
central documents (05-CT/TW, 43-CT/TW, ...) issued 2016-2026 and two of each province's own, cited
by study sessions (mostly a document issued in the 18 months before) and by a quarter of the other
meetings.

Written with `bulk_create` in batches, in one transaction, deterministic for a given size and
seed. Marked by a title starting "[bench-meetings <n>x<r> v2]": a second run with the same size
writes nothing, another size replaces the set.

    python bench/generate_meetings.py [--meetings 100000]     (DATABASE_URL picks the database)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()

from django.db import connection, transaction

from tuyengiao.directives.models import Directive
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.models import Meeting, Participation
from tuyengiao.orgunits.models import OrgUnit

MARK = "[bench-meetings "
VERSION = 2
SEED = 20260630
BATCH = 5000
FIRST, LAST = dt.date(2020, 1, 1), dt.date(2026, 12, 31)
REFORM = dt.date(
    2025, 7, 1
)  # districts end, provinces and communes merged (the tree of 2025-07-01)
BUSY = "P-01"  # Hà Nội: a busy province
BUSY_WEIGHT = 4.0

LEVEL_SHARE = {
    "before": {"central": 0.03, "province": 0.37, "district": 0.25, "commune": 0.35},
    "after": {"central": 0.03, "province": 0.52, "commune": 0.45},
}
KIND_SHARE = {
    MeetingKind.STUDY_SESSION: 22,
    MeetingKind.BRIEFING: 20,
    MeetingKind.CONFERENCE: 12,
    MeetingKind.WORKING_VISIT: 8,
    MeetingKind.REPORTERS: 8,
    MeetingKind.WORKSHOP: 7,
    MeetingKind.PRESS_BRIEFING: 5,
    MeetingKind.ROUNDTABLE: 4,
    MeetingKind.INTERIM_REVIEW: 4,
    MeetingKind.ANNUAL_REVIEW: 4,
    MeetingKind.PRESS_CONFERENCE: 3,
    MeetingKind.OTHER: 3,
}
# Rows per study session, relative, by the organiser's level (capped by the units below it).
STUDY_WEIGHT = {"central": 60.0, "province": 40.0, "district": 12.0, "commune": 1.0}
TITLES = {
    MeetingKind.STUDY_SESSION: "Hội nghị học tập, quán triệt, triển khai thực hiện",
    MeetingKind.BRIEFING: "Hội nghị giao ban công tác tuyên giáo",
    MeetingKind.CONFERENCE: "Hội nghị triển khai nhiệm vụ",
    MeetingKind.WORKING_VISIT: "Đoàn công tác làm việc với các đơn vị",
    MeetingKind.REPORTERS: "Hội nghị báo cáo viên định kỳ",
    MeetingKind.WORKSHOP: "Hội thảo khoa học",
    MeetingKind.PRESS_BRIEFING: "Giao ban báo chí",
    MeetingKind.ROUNDTABLE: "Tọa đàm",
    MeetingKind.INTERIM_REVIEW: "Hội nghị sơ kết 6 tháng",
    MeetingKind.ANNUAL_REVIEW: "Hội nghị tổng kết công tác năm",
    MeetingKind.PRESS_CONFERENCE: "Họp báo",
    MeetingKind.OTHER: "Hoạt động khác",
}
PLACES = ["Hội trường Tỉnh ủy", "Trụ sở Ban", "Nhà văn hóa", "Trung tâm Chính trị", ""]
# Central documents: (number, type, issued).
CENTRAL_DIRECTIVES = [
    (5, "CT", dt.date(2016, 5, 15)),
    (208, "QĐ", dt.date(2019, 11, 8)),
    (1, "KL", dt.date(2021, 5, 18)),
    (173, "TB", dt.date(2020, 3, 12)),
    (43, "CT", dt.date(2025, 3, 21)),
    (44, "CT", dt.date(2025, 4, 10)),
    (100, "KL", dt.date(2024, 10, 18)),
    (21, "NQ", dt.date(2021, 10, 16)),
    (29, "NQ", dt.date(2022, 11, 17)),
    (35, "NQ", dt.date(2018, 10, 22)),
    (4, "NQ", dt.date(2016, 10, 30)),
    (20, "NQ", dt.date(2022, 1, 19)),
    (27, "NQ", dt.date(2022, 11, 9)),
    (41, "NQ", dt.date(2023, 10, 10)),
    (45, "NQ", dt.date(2023, 11, 24)),
    (57, "NQ", dt.date(2024, 12, 22)),
    (18, "NQ", dt.date(2017, 10, 25)),
    (66, "NQ", dt.date(2025, 4, 30)),
    (68, "NQ", dt.date(2025, 5, 4)),
    (59, "NQ", dt.date(2025, 1, 24)),
    (60, "NQ", dt.date(2025, 4, 12)),
    (24, "CT", dt.date(2023, 7, 4)),
    (28, "CT", dt.date(2023, 12, 21)),
    (32, "CT", dt.date(2024, 4, 11)),
    (39, "CT", dt.date(2024, 10, 30)),
    (7, "CT", dt.date(2021, 6, 11)),
    (8, "CT", dt.date(2021, 7, 29)),
    (11, "CT", dt.date(2021, 12, 13)),
    (14, "CT", dt.date(2022, 7, 18)),
    (21, "CT", dt.date(2023, 1, 20)),
    (12, "KL", dt.date(2021, 8, 6)),
    (21, "KL", dt.date(2021, 10, 25)),
    (50, "KL", dt.date(2023, 2, 28)),
    (117, "KL", dt.date(2024, 11, 29)),
    (126, "KL", dt.date(2025, 2, 14)),
    (150, "KL", dt.date(2025, 4, 14)),
]


@dataclass
class Stats:
    meetings: int = 0
    participations: int = 0
    citations: int = 0
    directives: int = 0
    study_sessions: int = 0
    visits: int = 0
    online: int = 0
    seconds: float = 0.0
    generated: bool = False
    by_level: Counter = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class Unit:
    pk: int
    path: str
    level: str
    parent_id: int | None
    code: str


def mark(n_meetings: int, ratio: float) -> str:
    return f"{MARK}{n_meetings}x{ratio:g} v{VERSION}]"


def bench_meetings():
    return Meeting.objects.filter(title__startswith=MARK)


def existing_mark() -> str | None:
    title = bench_meetings().values_list("title", flat=True).first()
    return title.split("]")[0] + "]" if title else None


def delete_bench_data() -> None:
    """Removes a data set of another size (raw SQL: a million rows through the ORM's cascade
    would take minutes)."""
    m, p = Meeting._meta.db_table, Participation._meta.db_table
    md = Meeting.directives.through._meta.db_table
    d = Directive._meta.db_table
    ids = f"SELECT id FROM {m} WHERE title LIKE %s"
    like = [MARK + "%"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {p} WHERE meeting_id IN ({ids})", like)
        cursor.execute(f"DELETE FROM {md} WHERE meeting_id IN ({ids})", like)
        cursor.execute(f"DELETE FROM {m} WHERE title LIKE %s", like)
        cursor.execute(f"DELETE FROM {d} WHERE title LIKE %s", like)


class Tree:
    """The units alive before and after the 2025 reform, by level, with their children."""

    def __init__(self) -> None:
        self.era: dict[str, dict[str, list[Unit]]] = {}
        self.children: dict[str, dict[int, list[Unit]]] = {}
        self.by_pk: dict[int, Unit] = {}
        for era, day in (("before", REFORM - dt.timedelta(days=1)), ("after", REFORM)):
            levels: dict[str, list[Unit]] = {}
            children: dict[int, list[Unit]] = {}
            for pk, path, level, parent_id, code in (
                OrgUnit.objects.valid_on(day)
                .order_by("path")
                .values_list("pk", "path", "level", "parent_id", "code")
            ):
                unit = Unit(pk, path, level, parent_id, code)
                self.by_pk[pk] = unit
                levels.setdefault(level, []).append(unit)
                children.setdefault(parent_id, []).append(unit)
            self.era[era] = levels
            self.children[era] = children

    def below(self, era: str, unit: Unit, depth: int = 2) -> list[Unit]:
        """Units under `unit`, down to `depth` levels."""
        out, frontier = [], [unit]
        for _ in range(depth):
            frontier = [c for u in frontier for c in self.children[era].get(u.pk, [])]
            out += frontier
        return out


def _directives(tree: Tree, title: str, rng: random.Random) -> list[Directive]:
    central = tree.era["before"]["central"][0]
    rows = []
    for number, doc_type, issued in CENTRAL_DIRECTIVES:
        code = f"{number}-{doc_type}/TW"
        rows.append(
            Directive(
                unit_id=central.pk,
                code=code,
                number=number,
                doc_type=doc_type,
                issuer="TW",
                issued_on=issued,
                term="XIII" if issued.year >= 2021 else "XII",
                title=f"{title} Văn bản {code}",
                search_name=code.lower(),
            )
        )
    provinces = {u.pk: u for era in ("before", "after") for u in tree.era[era]["province"]}
    for province in provinces.values():
        for number in (11, 8):
            issued = dt.date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
            code = f"{number}-NQ/TU"
            rows.append(
                Directive(
                    unit_id=province.pk,
                    code=code,
                    number=number,
                    doc_type="NQ",
                    issuer="TU",
                    issued_on=issued,
                    term=f"bench{issued.year}",
                    title=f"{title} Nghị quyết {code} của {province.code}",
                    search_name=code.lower(),
                )
            )
    return Directive.objects.bulk_create(rows, batch_size=BATCH)


def _day(rng: random.Random) -> dt.date:
    return FIRST + dt.timedelta(days=rng.randint(0, (LAST - FIRST).days))


def _counts(rng: random.Random, unit: Unit, role: str) -> tuple[int | None, int | None, int | None]:
    """Expected, attended in person, attended online: head counts, never above expected."""
    hi = {"central": 300, "province": 400, "district": 250}.get(unit.level, 120)
    expected = rng.randint(10, hi)
    attended = round(expected * rng.uniform(0.7, 1.0))
    if role == ParticipationRole.ONLINE_POINT:
        online = round(attended * rng.uniform(0.6, 1.0))
        in_person = attended - online
    else:
        online = round(attended * rng.uniform(0.0, 0.2)) if rng.random() < 0.3 else 0
        in_person = attended - online
    if rng.random() < 0.03:  # a report that gave no expected count
        return None, in_person, online
    return expected, in_person, online


def generate(n_meetings: int = 100_000, ratio: float = 10.0, *, seed: int = SEED) -> Stats:
    """Makes sure the data set of `n_meetings` meetings with about `ratio` participation rows per
    meeting is in the database; returns what it holds."""
    stats = Stats()
    start = time.perf_counter()
    title = mark(n_meetings, ratio)
    present = existing_mark()
    if present == title:
        stats.meetings = bench_meetings().count()
        stats.participations = Participation.objects.filter(meeting__title__startswith=MARK).count()
        stats.citations = Meeting.directives.through.objects.filter(
            meeting__title__startswith=MARK
        ).count()
        stats.directives = Directive.objects.filter(title__startswith=MARK).count()
        stats.study_sessions = bench_meetings().filter(kind=MeetingKind.STUDY_SESSION).count()
        stats.visits = bench_meetings().filter(kind=MeetingKind.WORKING_VISIT).count()
        stats.online = bench_meetings().filter(online=True).count()
        stats.seconds = time.perf_counter() - start
        return stats
    if present is not None:
        delete_bench_data()
        start = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        _generate(n_meetings, ratio, title, rng, stats)
    stats.generated = True
    stats.seconds = time.perf_counter() - start
    return stats


def _generate(n: int, ratio: float, title: str, rng: random.Random, stats: Stats) -> None:
    tree = Tree()
    directives = _directives(tree, title, rng)
    stats.directives = len(directives)
    central_docs = sorted(
        (d for d in directives if d.issuer == "TW"), key=lambda d: d.issued_on or FIRST
    )
    own_docs: dict[int, list[Directive]] = {}
    for d in directives:
        if d.issuer == "TU":
            own_docs.setdefault(d.unit_id, []).append(d)
    kinds, kind_weights = zip(*KIND_SHARE.items(), strict=True)
    level_weights = {}
    for era, shares in LEVEL_SHARE.items():
        units, weights = [], []
        for level, share in shares.items():
            group = tree.era[era][level]
            w = [BUSY_WEIGHT if u.code == BUSY else 1.0 for u in group]
            total = sum(w)
            units += group
            weights += [share * x / total for x in w]
        level_weights[era] = (units, weights)

    def province_of(era: str, unit: Unit) -> Unit | None:
        while unit.level not in ("province", "central"):
            unit = tree.by_pk[unit.parent_id]
        return unit if unit.level == "province" else None

    # Meetings first (in date order, so ids follow dates as they would in real use).
    days = sorted(_day(rng) for _ in range(n))
    plans = []  # (meeting, era, organiser, [(unit, role, visit_start, visit_end)], [directive ids])
    for day in days:
        era = "before" if day < REFORM else "after"
        units, weights = level_weights[era]
        org = rng.choices(units, weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        below = tree.children[era].get(org.pk, [])
        if kind == MeetingKind.WORKING_VISIT and not below:
            kind = MeetingKind.BRIEFING
        span = rng.choices((0, 1, 2), (70, 20, 10))[0]
        end = day + dt.timedelta(days=span)
        online = (
            bool(below)
            and (
                rng.random()
                < (0.6 if kind == MeetingKind.STUDY_SESSION and org.level == "central" else 0.15)
            )
            and kind != MeetingKind.WORKING_VISIT
        )
        parts: list[tuple[Unit, str, dt.date | None, dt.date | None]] = []
        taken = {org.pk}
        if kind == MeetingKind.WORKING_VISIT:
            visited = rng.sample(below, min(len(below), rng.randint(1, 6)))
            for i, unit in enumerate(visited):
                visit = min(end, day + dt.timedelta(days=i * (span + 1) // len(visited)))
                parts.append((unit, ParticipationRole.VISITED, visit, visit))
                taken.add(unit.pk)
        if online and kind != MeetingKind.STUDY_SESSION:
            for unit in rng.sample(below, rng.randint(min(3, len(below)), len(below))):
                parts.append((unit, ParticipationRole.ONLINE_POINT, None, None))
                taken.add(unit.pk)
        if rng.random() < 0.33:
            invited = []
            if org.parent_id is not None:
                invited.append(tree.by_pk[org.parent_id])
            siblings = tree.children[era].get(org.parent_id, [])
            invited += rng.sample(siblings, min(len(siblings), rng.randint(0, 2)))
            for unit in invited:
                if unit.pk not in taken:
                    parts.append((unit, ParticipationRole.INVITED, None, None))
                    taken.add(unit.pk)
        # Directives cited: a study session studies one or two (mostly recent central ones, or
        # its province's own); a quarter of the other meetings cite one or two.
        cited: list[int] = []
        if kind == MeetingKind.STUDY_SESSION or rng.random() < 0.25:
            issued = [d for d in central_docs if d.issued_on <= day]
            recent = [d for d in issued if (day - d.issued_on).days <= 540] or issued[-3:]
            province = province_of(era, org)
            own = [
                d for d in own_docs.get(province.pk if province else 0, []) if d.issued_on <= day
            ]
            for _ in range(rng.choices((1, 2), (75, 25))[0]):
                if own and rng.random() < 0.2:
                    pick = rng.choice(own)
                else:
                    pick = rng.choice(recent if rng.random() < 0.85 else issued)
                if pick.pk not in cited:
                    cited.append(pick.pk)
        meeting = Meeting(
            organiser_id=org.pk,
            kind=kind,
            title=f"{title} {TITLES[kind]}",
            start_date=day,
            end_date=end,
            start_time=dt.time(rng.choice((7, 8, 9, 14)), rng.choice((0, 30)))
            if rng.random() < 0.6
            else None,
            place=rng.choice(PLACES),
            online=online,
            search_name=TITLES[kind].lower(),
        )
        plans.append((meeting, era, org, parts, taken, cited))
        stats.by_level[org.level] += 1
        stats.study_sessions += kind == MeetingKind.STUDY_SESSION
        stats.visits += kind == MeetingKind.WORKING_VISIT
        stats.online += online

    # Study sessions take the rest of the participation budget, by the organiser's level: rows
    # per session = weight x jitter x f, capped by the units below the organiser, with f found by
    # bisection so that the total meets the budget.
    budget = round(ratio * n) - sum(len(p[3]) for p in plans)
    studies = []
    for meeting, era, org, parts, taken, _cited in plans:
        if meeting.kind == MeetingKind.STUDY_SESSION:
            pool = [u for u in tree.below(era, org) if u.pk not in taken]
            want = STUDY_WEIGHT[org.level] * rng.uniform(0.6, 1.4)
            studies.append((meeting, org, parts, pool, want))

    def rows_for(f: float) -> int:
        return sum(1 + min(len(pool), round(want * f)) for _m, _o, _p, pool, want in studies)

    lo, hi = 0.0, 1.0
    while rows_for(hi) < budget and hi < 1e6:
        hi *= 2
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if rows_for(mid) < budget else (lo, mid)
    for meeting, org, parts, pool, want in studies:
        parts.append((org, ParticipationRole.PARTICIPANT, None, None))
        k = min(len(pool), round(want * hi))
        role = ParticipationRole.ONLINE_POINT if meeting.online else ParticipationRole.PARTICIPANT
        if org.level == "central":  # every province, then a sample of what is below them
            provinces = [u for u in pool if u.level == "province"]
            rest = [u for u in pool if u.level != "province"]
            chosen = provinces + rng.sample(rest, max(0, min(len(rest), k - len(provinces))))
        else:
            chosen = rng.sample(pool, k)
        for unit in chosen:
            parts.append((unit, role, None, None))

    Meeting.objects.bulk_create([p[0] for p in plans], batch_size=BATCH)
    through = Meeting.directives.through
    citations = [
        through(meeting_id=m.pk, directive_id=d)
        for m, _e, _o, _p, _t, cited in plans
        for d in cited
    ]
    through.objects.bulk_create(citations, batch_size=BATCH)
    stats.citations = len(citations)
    rows: list[Participation] = []
    for meeting, _era, _org, parts, _taken, _cited in plans:
        study = meeting.kind == MeetingKind.STUDY_SESSION
        for unit, role, visit_start, visit_end in parts:
            expected = in_person = online = None
            if study and role != ParticipationRole.INVITED:
                expected, in_person, online = _counts(rng, unit, role)
            rows.append(
                Participation(
                    meeting_id=meeting.pk,
                    unit_id=unit.pk,
                    role=role,
                    visit_start=visit_start,
                    visit_end=visit_end,
                    expected=expected,
                    attended_in_person=in_person,
                    attended_online=online,
                )
            )
        if len(rows) >= 10 * BATCH:
            Participation.objects.bulk_create(rows, batch_size=BATCH)
            stats.participations += len(rows)
            rows = []
    Participation.objects.bulk_create(rows, batch_size=BATCH)
    stats.participations += len(rows)
    stats.meetings = len(plans)


def describe(stats: Stats) -> str:
    verb = "generated in" if stats.generated else "already there (counted in"
    tail = "" if stats.generated else ")"
    levels = ", ".join(f"{k} {v}" for k, v in stats.by_level.items())
    return (
        f"data set {verb} {stats.seconds:.1f} s{tail}: {stats.meetings} meetings"
        + (f" ({levels})" if levels else "")
        + f", {stats.study_sessions} study sessions, {stats.visits} working visits, "
        f"{stats.online} online; {stats.participations} participation rows; "
        f"{stats.directives} directives, {stats.citations} citations"
    )


if __name__ == "__main__":
    import argparse

    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--meetings", type=int, default=int(os.environ.get("BENCH_MEETINGS", "100000"))
    )
    parser.add_argument(
        "--ratio", type=float, default=float(os.environ.get("BENCH_PARTICIPATIONS", "10"))
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units")
    print(describe(generate(args.meetings, args.ratio)))
