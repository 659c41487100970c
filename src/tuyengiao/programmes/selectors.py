"""Reads of programmes and tasks, and the completion roll-up ("completed 60/85 tasks").

Every selector starts from access.scope(). The status of a task on a day is computed in SQL from
its latest update on or before that day; roll-ups are one grouped query over the subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr

from tuyengiao import access
from tuyengiao.core.periods import Period
from tuyengiao.orgunits.choices import LEVEL_RANK, Level
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit, subtree_q, valid_on_q
from tuyengiao.programmes.choices import CLOSED_STATUSES, TaskOrigin, TaskStatus
from tuyengiao.programmes.models import Programme, Task, TaskUpdate


def status_on(day: dt.date) -> Coalesce:
    """SQL for a task's status on `day`: its latest update on or before it, else not started."""
    latest = TaskUpdate.objects.filter(task=OuterRef("pk"), date__lte=day).order_by("-date", "-id")
    return Coalesce(Subquery(latest.values("status")[:1]), Value(TaskStatus.NOT_STARTED.value))


def _has_children() -> Exists:
    return Exists(Task.objects.filter(parent=OuterRef("pk")))


# Programmes and tasks


def programme_list(
    *,
    user: Any,
    unit: OrgUnit | None = None,
    subtree_of: OrgUnit | None = None,
    year: int | None = None,
) -> QuerySet[Programme]:
    """Programmes the user can see, optionally of one unit or of a unit's whole subtree, and of
    one year, with their task counts."""
    qs = access.scope(Programme.objects.all(), user).select_related("unit", "approved_by")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if subtree_of is not None:
        qs = qs.filter(subtree_q("unit__path", subtree_of.path, vendor=connection.vendor))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(task_count=Count("tasks")).order_by("-year", "unit__path")


def programme_get(*, user: Any, pk: int, action: access.Action = "view") -> Programme:
    return access.get_for_user(Programme.objects.select_related("unit"), user, action, pk=pk)


def task_list(*, user: Any, programme: Programme, as_of: dt.date) -> list[Task]:
    """The programme's tasks in outline order (groups before their children), each with
    `status_on` (on `as_of`), `overdue`, `depth` and `handed_down_count`; four queries in all."""
    # The copies are counted by a subquery: Count("handed_down") would join them and GROUP BY
    # every selected column, which costs more than the page's whole query. The joined units are
    # read without their search text, which the outline never shows.
    copies = (
        Task.objects.filter(assigned_from=OuterRef("pk"))
        .order_by()
        .values("assigned_from")
        .annotate(n=Count("pk"))
        .values("n")
    )
    tasks = list(
        access.scope(Task.objects.filter(programme=programme), user)
        .select_related("lead_unit", "assigned_from__programme__unit")
        .defer("lead_unit__search_name", "assigned_from__programme__unit__search_name")
        .prefetch_related(
            Prefetch("supporting_units", queryset=OrgUnit.objects.defer("search_name"))
        )
        .annotate(
            status_on=status_on(as_of), handed_down_count=Coalesce(Subquery(copies[:1]), Value(0))
        )
        .order_by("number", "pk")
    )
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for task in children.get(parent_id, []):
            task.depth = depth
            task.is_group = task.pk in children
            task.overdue = task.due_date < as_of and task.status_on not in CLOSED_STATUSES
            ordered.append(task)
            walk(task.pk, depth + 1)

    walk(None, 0)
    return ordered


def task_get(*, user: Any, pk: int, action: access.Action = "view") -> Task:
    return access.get_for_user(
        Task.objects.select_related(
            "programme__unit", "lead_unit", "parent", "assigned_from__programme__unit"
        ),
        user,
        action,
        pk=pk,
    )


def task_timeline(*, task: Task) -> QuerySet[TaskUpdate]:
    """The task's progress updates, oldest first (the task was checked by task_get)."""
    return task.updates.select_related("created_by").order_by("date", "pk")


def _with_overdue(qs: QuerySet[Task], day: dt.date) -> QuerySet[Task]:
    """Annotates `status_on` and `overdue` (open and past its due date) for `day`."""
    closed = [s.value for s in CLOSED_STATUSES]
    return qs.annotate(status_on=status_on(day)).annotate(
        overdue=Case(
            When(Q(due_date__lt=day) & ~Q(status_on__in=closed), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def tasks_from_above(*, user: Any, as_of: dt.date) -> QuerySet[Task]:
    """The inbox: tasks handed down into programmes of units the user edits, newest first.

    A copy whose source the user also edits (a province admin sees its districts' copies of its
    own tasks) is not "from above" for that user, and is left out.
    """
    editable = access.scope(OrgUnit.objects.all(), user, "edit")
    received = access.scope(Task.objects.filter(origin=TaskOrigin.ASSIGNED), user, "edit").exclude(
        assigned_from__programme__unit__in=editable
    )
    return _with_overdue(
        received.select_related("programme__unit", "assigned_from__programme__unit"), as_of
    ).order_by("-entered_on", "-pk")


def task_handed_down_list(*, user: Any, task: Task, as_of: dt.date) -> list[Task]:
    """The copies of `task` in the units below, with their status on `as_of`."""
    copies = access.scope(task.handed_down.all(), user).select_related("programme__unit")
    return list(_with_overdue(copies, as_of).order_by("programme__unit__path"))


def handdown_targets(
    *,
    user: Any,
    unit: OrgUnit,
    year: int,
    mode: str,
    level: str = "",
    picked: list[int] | None = None,
) -> list[OrgUnit]:
    """Units a task of `unit` can go to: all its children ("children"), all units of a level in
    its subtree ("level"), or those picked ("pick"); each alive at some time in `year`."""
    alive = Q(valid_from__lte=dt.date(year, 12, 31)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1))
    )
    below = (
        access.scope(OrgUnit.objects.all(), user)
        .filter(alive, subtree_q("path", unit.path, vendor=connection.vendor))
        .exclude(pk=unit.pk)
    )
    if mode == "children":
        below = below.filter(parent=unit)
    elif mode == "level":
        if level not in Level.values or LEVEL_RANK[Level(level)] <= LEVEL_RANK[Level(unit.level)]:
            return []
        below = below.filter(level=level)
    else:
        below = below.filter(pk__in=picked or [])
    return list(below.order_by("path"))


# Roll-up


@dataclass
class TaskCounts:
    """How a set of tasks stands on a day. `overdue` counts open tasks past their due date."""

    total: int = 0
    planned: int = 0
    ad_hoc: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, other: TaskCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def done_ratio(self) -> str:
        """As a leader quotes it: "60/85"."""
        return f"{self.done}/{self.total}"

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class TaskRollup:
    unit: OrgUnit
    as_of: dt.date
    period: Period
    own: TaskCounts
    subtree: TaskCounts
    children: list[tuple[OrgUnit, TaskCounts]] = field(default_factory=list)


def _tally(counts: TaskCounts, *, status: str, origin: str, late: bool, n: int) -> None:
    """Adds `n` tasks of one (status, origin, late) kind to `counts`."""
    counts.total += n
    if origin == TaskOrigin.AD_HOC:
        counts.ad_hoc += n
    else:
        counts.planned += n
    setattr(counts, status, getattr(counts, status) + n)
    if late and status not in CLOSED_STATUSES:
        counts.overdue += n


def rollup_tasks(*, user: Any, unit: OrgUnit, as_of: dt.date, period: Period) -> QuerySet[Task]:
    """The tasks a roll-up counts: leaf tasks (a group is counted through its tasks) of the
    programmes of `period`'s year in the unit's subtree, due within the period (a year or one half of it), and already in
    their programme on `as_of` (an ad-hoc task counts from the day it was added)."""
    return (
        access.scope(Task.objects.all(), user)
        .filter(
            subtree_q("programme__unit__path", unit.path, vendor=connection.vendor),
            programme__year=period.year,
            due_date__gte=period.start,
            due_date__lte=period.end,
            entered_on__lte=as_of,
        )
        .exclude(_has_children())
    )


def task_rollup(*, user: Any, unit: OrgUnit, as_of: dt.date, period: Period) -> TaskRollup:
    """Planned / ad-hoc / done / in progress / not started / cancelled / overdue for the unit's
    own programme, for its whole subtree, and per child unit (which subordinate units lag).

    One grouped query. Rows are grouped by the first path segment below the unit (the unit's own
    tasks form one group, each child's subtree another) and by status, origin and lateness, so the
    status subquery runs once per task and the database returns a few dozen rows, which are then
    tallied here; counting with one COUNT(... FILTER) per figure would repeat the subquery in each.
    """
    width = len(unit.path) + PATH_SEGMENT_WIDTH + 1
    rows = (
        rollup_tasks(user=user, unit=unit, as_of=as_of, period=period)
        .annotate(
            status_now=status_on(as_of),
            branch=Substr("programme__unit__path", 1, width),
            late=Case(
                When(due_date__lt=as_of, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values_list("branch", "status_now", "origin", "late")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_branch: dict[str, TaskCounts] = {}
    for branch, status, origin, late, n in rows:
        _tally(
            by_branch.setdefault(branch, TaskCounts()), status=status, origin=origin, late=late, n=n
        )
    own = by_branch.pop(unit.path, TaskCounts())
    subtree = TaskCounts()
    subtree.add(own)
    children_units = {
        c.path: c
        for c in OrgUnit.objects.filter(
            Q(path__in=list(by_branch)) | (Q(parent=unit) & valid_on_q(as_of))
        ).only(
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "path",
            "parent_id",
            "valid_from",
            "valid_to",
        )
    }
    children = []
    for path, child in sorted(children_units.items()):
        counts = by_branch.get(path, TaskCounts())
        subtree.add(counts)
        children.append((child, counts))
    return TaskRollup(
        unit=unit, as_of=as_of, period=period, own=own, subtree=subtree, children=children
    )
