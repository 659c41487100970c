"""A national data set of work programmes over the real tree of units, for the benchmarks.

Two years with the two shapes of the tree: 2024 (central -> 63 provinces -> 696 districts ->
communes) and 2026 (central -> 34 provinces -> communes). Each year: a programme for the central
unit, every province and district valid that year, and a sample of communes; a few task groups per
programme (some nested); 10-15 % ad-hoc tasks; 20-30 % of the tasks of a unit below the centre
handed down from a task of its parent unit (`assigned_from`, deadline copied); deadlines spread over
the year; a final status mix of about 55 % done, 20 % in progress, 20 % not started, 5 % cancelled,
reached through 0-3 progress updates dated over the year (so a task has its status "as of" any day,
and open tasks past their due date are overdue).

Written with `bulk_create` in batches, level by level (a handed-down task needs its source's id),
in one transaction, deterministic for a given size and seed. Exactly `n_tasks` task rows (groups
included). The programmes are marked by a title starting "[bench <n>]": a second run with the same
size writes nothing, another size replaces them.

    python bench/generate_tasks.py [--tasks 200000]     (DATABASE_URL picks the database)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()

from django.db import connection, transaction

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.programmes.choices import TaskCategory, TaskOrigin, TaskStatus
from tuyengiao.programmes.models import Programme, Task, TaskUpdate
from tuyengiao.programmes.services import due_date_for

YEARS = (2024, 2026)
MARK = "[bench "
VERSION = 2  # of the generator: a data set made by another version is replaced
SEED = 20240630
BATCH = 2000
# Relative programme sizes per level and year (a 2026 province or commune is a merged, larger one),
# and the share of communes with a programme of their own in the data set.
WEIGHT = {
    2024: {"central": 150, "province": 80, "district": 45, "commune": 20},
    2026: {"central": 150, "province": 150, "commune": 35},
}
COMMUNE_SHARE = {2024: 0.25, 2026: 0.60}
# Updates stop at the day the data set "was taken" (no progress reported in the future).
CUTOFF = {2024: dt.date(2024, 12, 31), 2026: dt.date(2026, 11, 15)}
LEVELS = ("central", "province", "district", "commune")

GROUP_TITLES = [
    "Công tác tham mưu",
    "Công tác tuyên truyền",
    "Công tác lý luận chính trị, đào tạo, bồi dưỡng",
    "Công tác khoa giáo",
    "Công tác văn hóa, văn nghệ",
    "Công tác lịch sử Đảng",
    "Công tác nắm bắt tình hình tư tưởng, dư luận xã hội",
]
TASK_TITLES = [
    "Tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện lịch sử quan trọng của đất nước",
    "Tham mưu ban hành kế hoạch học tập, quán triệt nghị quyết của Trung ương",
    "Tổ chức hội nghị báo cáo viên định kỳ",
    "Theo dõi, tổng hợp tình hình tư tưởng của cán bộ, đảng viên và nhân dân",
    "Hướng dẫn tuyên truyền Đại hội đảng bộ các cấp",
    "Bồi dưỡng lý luận chính trị cho đảng viên mới",
    "Biên soạn tài liệu lịch sử đảng bộ",
    "Kiểm tra, giám sát việc thực hiện chỉ thị về công tác khoa giáo",
    "Tổ chức cuộc thi tìm hiểu về Đảng và Bác Hồ",
    "Sơ kết 6 tháng thực hiện chương trình công tác",
    "Tổng kết công tác tuyên giáo năm và triển khai nhiệm vụ năm sau",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng",
    "Tham mưu tổ chức các hoạt động văn hóa, văn nghệ chào mừng",
    "Cung cấp thông tin định hướng cho báo chí, hệ thống thông tin cơ sở",
    "Hướng dẫn học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Tập huấn nghiệp vụ công tác tuyên giáo cho cán bộ cơ sở",
]
SOURCES = [
    "",
    "",
    "Kế hoạch công tác năm",
    "Nghị quyết Đại hội",
    "Chỉ thị của Ban Thường vụ",
    "Kết luận hội nghị Ban Chấp hành",
    "Hướng dẫn của cấp trên",
]
NOTES = ["", "", "", "Đã triển khai", "Đang thực hiện theo kế hoạch", "Đã có báo cáo kết quả"]
CATEGORIES = [c.value for c in TaskCategory]


@dataclass
class Source:
    """A task below which the next level's programmes may receive handed-down copies."""

    pk: int
    title: str
    category: str
    deadline: dt.date | None
    deadline_month: int | None
    due_date: dt.date
    entered_on: dt.date


@dataclass
class Stats:
    programmes: int = 0
    tasks: int = 0
    groups: int = 0
    ad_hoc: int = 0
    assigned: int = 0
    updates: int = 0
    supporting: int = 0
    seconds: float = 0.0
    generated: bool = False
    final: dict[str, int] = field(default_factory=dict)  # status at the end of the data (leaves)
    by_year: dict[int, int] = field(default_factory=dict)


def bench_programmes():
    return Programme.objects.filter(title__startswith=MARK)


def mark(n_tasks: int) -> str:
    return f"{MARK}{n_tasks} v{VERSION}]"


def existing_mark() -> str | None:
    """The mark of the data set in the database (None: none there)."""
    title = bench_programmes().values_list("title", flat=True).first()
    return title.split("]")[0] + "]" if title else None


def delete_bench_data() -> None:
    """Removes the programmes of a data set of another size (raw SQL: 200k rows through the ORM's
    cascade would take minutes)."""
    p, t, u = Programme._meta.db_table, Task._meta.db_table, TaskUpdate._meta.db_table
    m2m = Task.supporting_units.through._meta.db_table
    tasks = f"SELECT t.id FROM {t} t JOIN {p} p ON p.id = t.programme_id WHERE p.title LIKE %s"
    mark = [MARK + "%"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {u} WHERE task_id IN ({tasks})", mark)
        cursor.execute(f"DELETE FROM {m2m} WHERE task_id IN ({tasks})", mark)
        cursor.execute(
            f"UPDATE {t} SET assigned_from_id = NULL WHERE assigned_from_id IN ({tasks})", mark
        )
        cursor.execute(f"UPDATE {t} SET parent_id = NULL WHERE parent_id IN ({tasks})", mark)
        cursor.execute(f"DELETE FROM {t} WHERE id IN ({tasks})", mark)
        cursor.execute(f"DELETE FROM {p} WHERE title LIKE %s", mark)


def _units_of_year(year: int, rng: random.Random, scale: float) -> dict[str, list[OrgUnit]]:
    """The units with a programme in `year`: all but communes, and a sample of those."""
    mid = dt.date(year, 7, 1)
    taken = set(
        Programme.objects.filter(year=year)
        .exclude(title__startswith=MARK)
        .values_list("unit_id", flat=True)
    )
    by_level: dict[str, list[OrgUnit]] = {level: [] for level in LEVELS}
    for unit in OrgUnit.objects.valid_on(mid).filter(level__in=LEVELS).order_by("path"):
        if unit.pk not in taken:
            by_level[unit.level].append(unit)
    communes = by_level["commune"]
    share = COMMUNE_SHARE[year] * min(1.0, scale)
    by_level["commune"] = sorted(
        rng.sample(communes, round(len(communes) * share)), key=lambda u: u.path
    )
    return by_level


def _sizes(
    units: dict[str, list[OrgUnit]], year: int, budget: int, rng: random.Random
) -> dict[int, int]:
    """Task rows per programme (unit id), summing to `budget` exactly."""
    raw = {
        unit.pk: WEIGHT[year][level] * rng.uniform(0.7, 1.3)
        for level in LEVELS
        for unit in units[level]
    }
    factor = budget / sum(raw.values())
    sizes = {pk: max(3, round(w * factor)) for pk, w in raw.items()}
    central = units["central"][0].pk
    sizes[central] += budget - sum(sizes.values())  # the rounding residue
    assert sizes[central] >= 3, "BENCH_TASKS too small for the tree"
    return sizes


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def _updates(task: Task, year: int, rng: random.Random) -> list[tuple[str, dt.date]]:
    """0-3 progress updates ending in the task's final status, dated within the year. A task due
    early in the year is more often done by the end of it (about 70 % against 40 %): about 55 %
    done, 20 % in progress, 20 % not started and 5 % cancelled over all."""
    cutoff = CUTOFF[year]
    start, due = task.entered_on, task.due_date
    if start > cutoff:
        return []
    early = due.month <= 6
    roll = rng.random()
    done_share, started_share = (0.70, 0.83) if early else (0.45, 0.70)
    if roll < done_share:  # done, on time mostly, some late
        if rng.random() < 0.85:
            done = due - dt.timedelta(days=rng.randint(0, 30))
        else:
            done = due + dt.timedelta(days=rng.randint(1, 60))
        done = min(max(done, start), cutoff)
        steps = sorted(_day(rng, start, done) for _ in range(rng.randint(0, 2)))
        return [(TaskStatus.IN_PROGRESS, d) for d in steps] + [(TaskStatus.DONE, done)]
    if roll < started_share:  # in progress
        hi = min(cutoff, max(start, due - dt.timedelta(days=10)))
        steps = sorted(_day(rng, start, hi) for _ in range(rng.randint(1, 2)))
        return [(TaskStatus.IN_PROGRESS, d) for d in steps]
    if roll < 0.95:  # not started; sometimes said so
        if rng.random() < 0.2:
            return [
                (TaskStatus.NOT_STARTED, min(cutoff, start + dt.timedelta(days=rng.randint(1, 20))))
            ]
        return []
    end = _day(rng, start, cutoff)  # cancelled
    before = [(TaskStatus.IN_PROGRESS, _day(rng, start, end))] if rng.random() < 0.5 else []
    return [*before, (TaskStatus.CANCELLED, end)]


def _deadline(year: int, rng: random.Random, after: dt.date) -> tuple[dt.date | None, int | None]:
    roll = rng.random()
    if roll < 0.6:
        return _day(rng, max(after, dt.date(year, 1, 15)), dt.date(year, 12, 31)), None
    if roll < 0.85:
        return None, rng.randint(max(after.month, 1), 12)
    return None, None


def _programme_tasks(
    programme: Programme,
    unit: OrgUnit,
    size: int,
    pool: list[Source],
    source_name: str,
    year: int,
    rng: random.Random,
) -> tuple[list[Task], list[Task], list[tuple[Task, Source | None, Task | None]]]:
    """Groups (top, nested) and leaves (with the source they were handed down from, and the
    group they sit in) of one programme of `size` task rows."""
    n_groups = 0 if size < 6 else min(rng.randint(2, 5), size // 3)
    nested = 1 if n_groups >= 2 and size >= 12 and rng.random() < 0.3 else 0
    n_leaves = size - n_groups - nested
    jan1 = dt.date(year, 1, 1)

    def task(**kw) -> Task:
        return Task(programme=programme, lead_unit=unit, **kw)

    top = [
        task(
            number=f"{i + 1}",
            title=GROUP_TITLES[(i + rng.randint(0, 6)) % len(GROUP_TITLES)],
            category=rng.choice(CATEGORIES),
            due_date=dt.date(year, 12, 31),
            entered_on=jan1,
        )
        for i in range(n_groups)
    ]
    sub = [
        task(
            parent=top[0],
            number="1.0",
            title="Nhóm nhiệm vụ trọng tâm",
            category=top[0].category,
            due_date=dt.date(year, 12, 31),
            entered_on=jan1,
        )
        for _ in range(nested)
    ]
    homes: list[Task | None] = sub + top  # every group gets at least one task
    n_assigned = min(len(pool), round(n_leaves * rng.uniform(0.20, 0.30))) if pool else 0
    n_ad_hoc = round(n_leaves * rng.uniform(0.10, 0.15))
    sources = rng.sample(pool, n_assigned)
    leaves: list[tuple[Task, Source | None, Task | None]] = []
    for i in range(n_leaves):
        home = homes[i] if i < len(homes) else (rng.choice(homes) if homes else None)
        number = f"{home.number}.{i + 1}" if home is not None else f"{i + 1}"
        if i < n_assigned:
            src = sources[i]
            entered = min(src.entered_on + dt.timedelta(days=rng.randint(2, 20)), src.due_date)
            leaf = task(
                number=number,
                title=src.title,
                category=src.category,
                origin=TaskOrigin.ASSIGNED,
                deadline=src.deadline,
                deadline_month=src.deadline_month,
                due_date=src.due_date,
                entered_on=entered,
                source=source_name,
            )
            leaves.append((leaf, src, home))
            continue
        ad_hoc = i < n_assigned + n_ad_hoc
        entered = _day(rng, dt.date(year, 1, 5), dt.date(year, 11, 30)) if ad_hoc else jan1
        deadline, month = _deadline(year, rng, entered)
        leaf = task(
            number=number,
            title=rng.choice(TASK_TITLES),
            category=rng.choice(CATEGORIES),
            origin=TaskOrigin.AD_HOC if ad_hoc else TaskOrigin.PLANNED,
            deadline=deadline,
            deadline_month=month,
            due_date=due_date_for(year=year, deadline=deadline, deadline_month=month),
            entered_on=entered,
            source=rng.choice(SOURCES),
        )
        leaves.append((leaf, None, home))
    return top, sub, leaves


def _generate_year(
    year: int, budget: int, title: str, rng: random.Random, scale: float, stats: Stats
) -> None:
    units = _units_of_year(year, rng, scale)
    names = {u.pk: u.name for level in LEVELS for u in units[level]}
    sizes = _sizes(units, year, budget, rng)
    m2m = Task.supporting_units.through
    children_of: dict[int, list[int]] = {}
    for pk, parent_id in OrgUnit.objects.valid_on(dt.date(year, 7, 1)).values_list(
        "pk", "parent_id"
    ):
        children_of.setdefault(parent_id, []).append(pk)
    pools: dict[int, list[Source]] = {}  # unit id -> its tasks that can be handed down
    for level in LEVELS:
        level_units = units[level]
        if not level_units:
            continue
        programmes = Programme.objects.bulk_create(
            [
                Programme(
                    unit=u,
                    year=year,
                    title=f"{title} Chương trình công tác năm {year}",
                    status="approved",
                )
                for u in level_units
            ],
            batch_size=BATCH,
        )
        tops: list[Task] = []
        subs: list[Task] = []
        leaves: list[tuple[Task, Source | None, Task | None]] = []
        for programme, unit in zip(programmes, level_units, strict=True):
            top, sub, leaf = _programme_tasks(
                programme,
                unit,
                sizes[unit.pk],
                pools.get(unit.parent_id, []),
                names.get(unit.parent_id, ""),
                year,
                rng,
            )
            tops += top
            subs += sub
            leaves += leaf
        # Parents first: bulk_create reads a parent's new id from the object set on its child.
        Task.objects.bulk_create(tops, batch_size=BATCH)
        Task.objects.bulk_create(subs, batch_size=BATCH)
        for leaf, src, home in leaves:
            leaf.parent = home
            leaf.assigned_from_id = src.pk if src else None
        Task.objects.bulk_create([leaf for leaf, _, _ in leaves], batch_size=BATCH)

        updates, supporting = [], []
        for leaf, _, _ in leaves:
            steps = _updates(leaf, year, rng)
            final = steps[-1][0] if steps else TaskStatus.NOT_STARTED
            stats.final[final] = stats.final.get(final, 0) + 1
            for status, day in steps:
                note = rng.choice(NOTES)
                updates.append(TaskUpdate(task_id=leaf.pk, status=status, date=day, note=note))
            below = children_of.get(leaf.lead_unit_id, [])
            if below and rng.random() < 0.25:
                for unit_id in rng.sample(below, min(len(below), rng.randint(1, 2))):
                    supporting.append(m2m(task_id=leaf.pk, orgunit_id=unit_id))
            if leaf.origin != TaskOrigin.AD_HOC and rng.random() < 0.5:  # may go further down
                pools.setdefault(leaf.lead_unit_id, []).append(
                    Source(
                        pk=leaf.pk,
                        title=leaf.title,
                        category=leaf.category,
                        deadline=leaf.deadline,
                        deadline_month=leaf.deadline_month,
                        due_date=leaf.due_date,
                        entered_on=leaf.entered_on,
                    )
                )
        TaskUpdate.objects.bulk_create(updates, batch_size=BATCH)
        m2m.objects.bulk_create(supporting, batch_size=BATCH)

        n = len(tops) + len(subs) + len(leaves)
        stats.programmes += len(programmes)
        stats.tasks += n
        stats.groups += len(tops) + len(subs)
        stats.ad_hoc += sum(1 for leaf, _, _ in leaves if leaf.origin == TaskOrigin.AD_HOC)
        stats.assigned += sum(1 for _, src, _ in leaves if src is not None)
        stats.updates += len(updates)
        stats.supporting += len(supporting)
        stats.by_year[year] = stats.by_year.get(year, 0) + n


def generate(n_tasks: int = 200_000, *, seed: int = SEED) -> Stats:
    """Makes sure the data set of `n_tasks` task rows is in the database; returns what it holds."""
    stats = Stats()
    start = time.perf_counter()
    present = existing_mark()
    if present != mark(n_tasks):
        if present is not None:
            delete_bench_data()
            start = time.perf_counter()  # the time to generate, not to delete the old set
        rng = random.Random(seed)
        scale = n_tasks / 200_000
        with transaction.atomic():
            half = n_tasks // 2
            for year, budget in zip(YEARS, (half, n_tasks - half), strict=True):
                _generate_year(year, budget, mark(n_tasks), rng, scale, stats)
        stats.generated = True
        assert stats.tasks == n_tasks, (stats.tasks, n_tasks)
    else:
        tasks = Task.objects.filter(programme__title__startswith=MARK)
        stats.programmes = bench_programmes().count()
        stats.tasks = tasks.count()
        stats.groups = tasks.filter(children__isnull=False).distinct().count()
        stats.ad_hoc = tasks.filter(origin=TaskOrigin.AD_HOC).count()
        stats.assigned = tasks.filter(assigned_from__isnull=False).count()
        stats.updates = TaskUpdate.objects.filter(task__programme__title__startswith=MARK).count()
        stats.supporting = Task.supporting_units.through.objects.filter(
            task__programme__title__startswith=MARK
        ).count()
        for year in YEARS:
            stats.by_year[year] = tasks.filter(programme__year=year).count()
    stats.seconds = time.perf_counter() - start
    return stats


def describe(stats: Stats) -> str:
    leaves = stats.tasks - stats.groups
    pct = (lambda n: f"{100 * n / leaves:.0f} %") if leaves else (lambda n: "-")
    verb = "generated in" if stats.generated else "already there (counted in"
    tail = "" if stats.generated else ")"
    years = ", ".join(f"{y}: {n}" for y, n in sorted(stats.by_year.items()))
    mix = ", ".join(f"{pct(n)} {status.replace('_', ' ')}" for status, n in stats.final.items())
    return (
        f"data set {verb} {stats.seconds:.1f} s{tail}: {stats.programmes} programmes, "
        f"{stats.tasks} tasks ({years}; {stats.groups} groups; of the {leaves} tasks "
        f"{pct(stats.ad_hoc)} ad hoc, {pct(stats.assigned)} handed down), "
        f"{stats.updates} progress updates, {stats.supporting} supporting-unit links"
        + (f"; status at the end of the data: {mix}" if mix else "")
    )


if __name__ == "__main__":
    import argparse

    from django.core.management import call_command

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=int(os.environ.get("BENCH_TASKS", "200000")))
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(code="TW").exists():
        call_command("load_units")
    print(describe(generate(args.tasks)))
