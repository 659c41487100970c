"""Shapes of the work-programmes API."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.schemas import UnitRef
from tuyengiao.programmes.choices import (
    CLOSED_STATUSES,
    ProgrammeStatus,
    TaskCategory,
    TaskOrigin,
    TaskStatus,
)

# Programmes


class ProgrammeOut(Schema):
    id: int
    unit: UnitRef
    year: int
    title: str
    status: ProgrammeStatus
    approved_by: str | None = Field(description="Username of the approver")
    approved_at: dt.datetime | None
    task_count: int | None = Field(None, description="In lists: tasks and groups of the programme")
    version: int

    @staticmethod
    def resolve_approved_by(obj) -> str | None:
        return obj.approved_by.username if obj.approved_by_id else None

    @staticmethod
    def resolve_task_count(obj) -> int | None:
        return getattr(obj, "task_count", None)


class ProgrammeFilter(Schema):
    unit: int | None = Field(None, description="Only this unit's programmes")
    year: int | None = None


class ProgrammeIn(Schema):
    unit_id: int
    year: int
    title: str = Field("", max_length=300, description="Default: 'Work programme <year>'")


class VersionIn(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")


# Tasks


class TaskOut(Schema):
    id: int
    programme_id: int
    parent_id: int | None = Field(description="The group the task belongs to")
    number: str
    title: str
    category: TaskCategory
    origin: TaskOrigin
    lead_unit: UnitRef
    supporting_units: list[UnitRef]
    deadline: dt.date | None
    deadline_month: int | None
    due_date: dt.date = Field(description="The deadline, else the month's last day, else 31/12")
    entered_on: dt.date = Field(description="The day the task joined the programme")
    source: str = Field(description="The directive or meeting it comes from")
    assigned_from_id: int | None = Field(description="The higher unit's task it was handed from")
    version: int

    @staticmethod
    def resolve_supporting_units(obj) -> list:
        return list(obj.supporting_units.all())


class TaskOutlineOut(TaskOut):
    depth: int = Field(description="0 for a top-level task, 1 inside a group, ...")
    is_group: bool = Field(description="Has tasks of its own (roll-ups count those instead)")
    status_on: TaskStatus = Field(description="Status on the as_of date")
    overdue: bool = Field(description="Past its due date on as_of and neither done nor cancelled")
    handed_down_count: int = Field(description="Units it was handed down to")


class TaskDetailOut(TaskOut):
    status_on: TaskStatus = Field(description="Status on the as_of date")
    overdue: bool
    handed_down_ids: list[int] = Field(description="Copies handed down to units below")

    @staticmethod
    def resolve_handed_down_ids(obj) -> list[int]:
        return list(obj.handed_down.order_by("pk").values_list("pk", flat=True))


class TaskIn(Schema):
    programme_id: int
    title: str = Field(max_length=500)
    number: str = Field("", max_length=20, description="1, 1.2, ...")
    category: TaskCategory = TaskCategory.OTHER
    origin: Literal["planned", "ad_hoc"] = Field(
        "planned", description="ad_hoc: a task added during the year (nhiệm vụ đột xuất)"
    )
    parent_id: int | None = Field(None, description="The group (a task of the same programme)")
    lead_unit_id: int | None = Field(None, description="Default: the programme's unit")
    supporting_unit_ids: list[int] = []
    deadline: dt.date | None = None
    deadline_month: int | None = Field(None, description="1-12, when the deadline is a month")
    source: str = Field("", max_length=300)
    entered_on: dt.date | None = Field(
        None, description="Default: 1 January for a planned task, today for an ad-hoc one"
    )


class TaskPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    number: str | None = Field(None, max_length=20)
    title: str | None = Field(None, max_length=500)
    category: TaskCategory | None = None
    parent_id: int | None = Field(None, description="null: move out of its group")
    lead_unit_id: int | None = None
    supporting_unit_ids: list[int] | None = None
    deadline: dt.date | None = None
    deadline_month: int | None = None
    source: str | None = Field(None, max_length=300)

    def changes(self) -> dict:
        """The fields sent, by their service names; null only where it means "none"."""
        sent = self.dict(exclude_unset=True, exclude={"version"})
        for name in (
            "number",
            "title",
            "category",
            "lead_unit_id",
            "source",
            "supporting_unit_ids",
        ):
            if name in sent and sent[name] is None:
                raise DomainError(f"{name} cannot be null", field=name)
        return sent


class HandDownIn(Schema):
    mode: Literal["children", "level", "pick"] = Field(
        description="children: all child units; level: all units of `level` in the subtree; "
        "pick: the units in `unit_ids`"
    )
    level: Level | None = Field(None, description="For mode=level")
    unit_ids: list[int] = Field([], description="For mode=pick")
    on: dt.date | None = Field(None, description="The day the units receive it; default today")


class PropagateIn(Schema):
    task_ids: list[int] = Field(description="Handed-down copies to give the task's deadline")


class CountOut(Schema):
    count: int


# Progress


class TaskUpdateOut(Schema):
    id: int
    task_id: int
    status: TaskStatus
    date: dt.date
    note: str
    attachment: str | None = Field(description="URL of the attached file")
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_attachment(obj) -> str | None:
        return obj.attachment.url if obj.attachment else None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.username if obj.created_by_id else None


class TaskUpdateIn(Schema):
    status: TaskStatus
    date: dt.date
    note: str = ""


class InboxTaskOut(Schema):
    id: int
    number: str
    title: str
    programme_id: int
    unit: UnitRef = Field(description="The unit that received the task")
    from_unit: UnitRef | None = Field(description="The unit that handed it down")
    assigned_from_id: int | None
    deadline: dt.date | None
    deadline_month: int | None
    due_date: dt.date
    entered_on: dt.date
    status_on: TaskStatus
    overdue: bool

    @staticmethod
    def resolve_unit(obj):
        return obj.programme.unit

    @staticmethod
    def resolve_from_unit(obj):
        return obj.assigned_from.programme.unit if obj.assigned_from_id else None

    @staticmethod
    def resolve_overdue(obj, context) -> bool:
        as_of = context["request"].tasks_as_of  # set by the inbox operation
        return obj.due_date < as_of and obj.status_on not in CLOSED_STATUSES


# Roll-up


class TaskCountsOut(Schema):
    total: int
    planned: int = Field(description="In the programme from the start, or from the level above")
    ad_hoc: int
    done: int
    in_progress: int
    not_started: int
    cancelled: int
    overdue: int
    done_ratio: str = Field(description='Done of total, as a leader quotes it: "60/85"')
    percent_done: int


class PeriodOut(Schema):
    code: str = Field(description='"2020", "2020-H1", "2020-Q2" or "2020-M06"')
    label: str
    start: dt.date
    end: dt.date

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


class ChildCountsOut(Schema):
    unit: UnitRef
    counts: TaskCountsOut


class TaskRollupOut(Schema):
    unit: UnitRef
    as_of: dt.date
    period: PeriodOut
    own: TaskCountsOut = Field(description="The unit's own programme")
    subtree: TaskCountsOut = Field(description="The unit and every unit below it")
    children: list[ChildCountsOut] = Field(description="Each child unit with its subtree")

    @staticmethod
    def resolve_children(obj) -> list:
        return [{"unit": unit, "counts": counts} for unit, counts in obj.children]
