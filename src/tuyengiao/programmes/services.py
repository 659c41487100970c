"""Writes to work programmes and tasks: drafting, approval, hand-down, progress, deadline changes.

Every function checks rights through access.py first, validates before it writes, writes in one
transaction and records the audit trail. Refusals raise DomainError naming the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.programmes.choices import ProgrammeStatus, TaskCategory, TaskOrigin, TaskStatus
from tuyengiao.programmes.models import Programme, Task, TaskUpdate

TASK_FIELDS = [
    "number",
    "title",
    "category",
    "origin",
    "parent",
    "lead_unit",
    "deadline",
    "deadline_month",
    "entered_on",
    "source",
]
EDITABLE_TASK_FIELDS = {
    "number",
    "title",
    "category",
    "parent",
    "lead_unit",
    "deadline",
    "deadline_month",
    "source",
    "supporting_units",
}


def due_date_for(*, year: int, deadline: dt.date | None, deadline_month: int | None) -> dt.date:
    """The day a task is due: its deadline, else the last day of its month, else 31/12."""
    if deadline is not None:
        return deadline
    if deadline_month is not None:
        return dt.date(year, deadline_month, calendar.monthrange(year, deadline_month)[1])
    return dt.date(year, 12, 31)


def _alive_in_year(unit: OrgUnit, year: int) -> bool:
    return unit.valid_from <= dt.date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to >= dt.date(year, 1, 1)
    )


# Programmes


@transaction.atomic
def programme_create(*, actor: Any, unit: OrgUnit, year: int, title: str = "") -> Programme:
    """Drafts the unit's programme for `year` (editors of the unit)."""
    access.require(actor, "edit", unit)
    if not 2000 <= year <= 2100:
        raise DomainError(_("The year %(year)s is out of range.") % {"year": year}, field="year")
    if not _alive_in_year(unit, year):
        raise DomainError(_("The unit did not exist in %(year)s.") % {"year": year}, field="year")
    if Programme.objects.filter(unit=unit, year=year).exists():
        raise DomainError(
            _("The unit already has a programme for %(year)s.") % {"year": year}, field="year"
        )
    return _programme_open(actor=actor, unit=unit, year=year, title=title)


def _programme_open(
    *, actor: Any, unit: OrgUnit, year: int, title: str = "", **why: str
) -> Programme:
    """Writes a new programme and its audit row; callers have checked rights and rules (a
    hand-down opens the recipient's programme on the assigner's rights)."""
    programme = Programme.objects.create(
        unit=unit,
        year=year,
        title=title.strip() or _("Work programme %(year)s") % {"year": year},
        updated_by=user_or_none(actor),
    )
    changes = {"year": [None, year], "title": [None, programme.title]}
    changes.update({key: [None, value] for key, value in why.items()})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=programme, unit=unit, changes=changes)
    return programme


@transaction.atomic
def programme_approve(*, actor: Any, programme: Programme, version: int) -> Programme:
    """The unit's approver signs the programme off; its tasks stay editable (plans change), but
    the approval is recorded with who and when."""
    access.require(actor, "approve", programme.unit)
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    check_version(current, version)
    if current.status == ProgrammeStatus.APPROVED:
        raise DomainError(_("The programme is already approved."), field="status")
    if not current.tasks.exists():
        raise DomainError(_("A programme without tasks cannot be approved."), field="tasks")
    Programme.objects.filter(pk=current.pk).update(
        status=ProgrammeStatus.APPROVED,
        approved_by=user_or_none(actor),
        approved_at=timezone.now(),
        version=F("version") + 1,
        updated_by=user_or_none(actor),
        updated_at=timezone.now(),
    )
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes={"status": [ProgrammeStatus.DRAFT, ProgrammeStatus.APPROVED]},
    )
    return current


# Tasks


def _validate_task(task: Task, programme: Programme) -> None:
    year = programme.year
    if not task.title.strip():
        raise DomainError(_("The title is required."), field="title")
    for field in ("title", "number", "source"):
        limit = Task._meta.get_field(field).max_length
        if len(getattr(task, field)) > limit:
            raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field=field)
    if task.category not in TaskCategory.values:
        raise DomainError(
            _("Unknown category '%(value)s'.") % {"value": task.category}, field="category"
        )
    if task.origin not in TaskOrigin.values:
        raise DomainError(_("Unknown origin '%(value)s'.") % {"value": task.origin}, field="origin")
    if task.deadline is not None and task.deadline.year != year:
        raise DomainError(
            _("The deadline %(day)s is outside the programme year %(year)s.")
            % {"day": task.deadline.strftime("%d/%m/%Y"), "year": year},
            field="deadline",
        )
    if task.deadline_month is not None and not 1 <= task.deadline_month <= 12:
        raise DomainError(_("The deadline month must be 1 to 12."), field="deadline_month")
    if task.entered_on.year != year:
        raise DomainError(
            _("The task must enter the programme within its year."), field="entered_on"
        )
    if task.parent_id is not None:
        if task.parent.programme_id != programme.pk:
            raise DomainError(_("A task group must belong to the same programme."), field="parent")
        ancestor = task.parent
        while ancestor is not None:  # a group chain is a few levels deep
            if task.pk is not None and ancestor.pk == task.pk:
                raise DomainError(
                    _("A task cannot sit inside itself (a cycle of groups)."), field="parent"
                )
            ancestor = ancestor.parent
    if not _alive_in_year(task.lead_unit, year):
        raise DomainError(
            _("The lead unit did not exist in %(year)s.") % {"year": year}, field="lead_unit"
        )


def _visible_units(actor: Any, units: Iterable[OrgUnit], field: str) -> list[OrgUnit]:
    units = list(units)
    visible = set(
        access.scope(OrgUnit.objects.filter(pk__in=[u.pk for u in units]), actor).values_list(
            "pk", flat=True
        )
    )
    for unit in units:
        if unit.pk not in visible:
            raise DomainError(_("Unknown unit."), field=field)
    return units


@transaction.atomic
def task_create(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    category: str = TaskCategory.OTHER,
    origin: str = TaskOrigin.PLANNED,
    parent: Task | None = None,
    number: str = "",
    lead_unit: OrgUnit | None = None,
    supporting_units: Sequence[OrgUnit] = (),
    deadline: dt.date | None = None,
    deadline_month: int | None = None,
    source: str = "",
    entered_on: dt.date | None = None,
) -> Task:
    """Adds a task (or a group, once it has children) to a programme.

    A planned task belongs to the programme from 1 January; an ad-hoc task counts from the day
    it is entered (today by default).
    """
    access.require(actor, "edit", programme.unit)
    if entered_on is None:
        entered_on = (
            dt.date(programme.year, 1, 1)
            if origin == TaskOrigin.PLANNED
            else min(max(today(), dt.date(programme.year, 1, 1)), dt.date(programme.year, 12, 31))
        )
    task = Task(
        programme=programme,
        parent=parent,
        number=number.strip(),
        title=title.strip(),
        category=category,
        origin=origin,
        lead_unit=lead_unit or programme.unit,
        deadline=deadline,
        deadline_month=deadline_month,
        entered_on=entered_on,
        source=source.strip(),
        updated_by=user_or_none(actor),
    )
    _validate_task(task, programme)
    _visible_units(actor, [task.lead_unit], "lead_unit")
    supporting = _visible_units(actor, supporting_units, "supporting_units")
    task.due_date = due_date_for(
        year=programme.year, deadline=deadline, deadline_month=deadline_month
    )
    task.save(force_insert=True)
    task.supporting_units.set(supporting)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=task,
        unit=programme.unit,
        changes=diff({}, snapshot(task, TASK_FIELDS)),
    )
    return task


@transaction.atomic
def task_update(*, actor: Any, task: Task, version: int, **changes: Any) -> Task:
    """Changes a task. A stale `version` is refused with who changed it and when.

    When the deadline changes, tasks handed down from this one keep theirs: the caller offers
    `task_deadline_propagate` for the ones the user picks (none is silently changed).
    """
    access.require(actor, "edit", task.programme.unit)
    unknown = set(changes) - EDITABLE_TASK_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            _("The field '%(field)s' cannot be changed here.") % {"field": field}, field=field
        )
    current = (
        Task.objects.select_for_update(of=("self",)).select_related("programme").get(pk=task.pk)
    )
    check_version(current, version)
    before = snapshot(current, TASK_FIELDS)
    supporting = changes.pop("supporting_units", None)
    if "lead_unit" in changes:
        _visible_units(actor, [changes["lead_unit"]], "lead_unit")
    for field, value in changes.items():
        setattr(current, field, value.strip() if isinstance(value, str) else value)
    _validate_task(current, current.programme)
    current.due_date = due_date_for(
        year=current.programme.year,
        deadline=current.deadline,
        deadline_month=current.deadline_month,
    )
    save_new_version(current, actor=actor)
    if supporting is not None:
        current.supporting_units.set(_visible_units(actor, supporting, "supporting_units"))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.programme.unit,
        changes=diff(before, snapshot(current, TASK_FIELDS)),
    )
    return current


@transaction.atomic
def task_delete(*, actor: Any, task: Task) -> None:
    """Deletes a task entered by mistake (with its children and updates). A task that was handed
    down keeps its copies below, which lose the link; cancel a real task instead."""
    access.require(actor, "edit", task.programme.unit)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=task,
        unit=task.programme.unit,
        changes=snapshot(task, TASK_FIELDS),
    )
    task.delete()


# Handing down


@transaction.atomic
def task_hand_down(
    *, actor: Any, task: Task, recipients: Sequence[OrgUnit], on: dt.date | None = None
) -> list[Task]:
    """Assigns a task to units below the task's unit in one action: each receives a linked task
    (origin "from the level above") in its own programme for the year, drafted if missing.

    A recipient outside the unit's subtree, or not existing that year, is refused and nothing is
    written; a recipient that already has the task is skipped.
    """
    source_unit = task.programme.unit
    access.require(actor, "edit", source_unit)
    if not recipients:
        raise DomainError(
            _("Choose at least one unit to hand the task down to."), field="recipients"
        )
    year = task.programme.year
    for unit in recipients:
        if not unit.path.startswith(source_unit.path) or unit.pk == source_unit.pk:
            raise DomainError(
                _(
                    "%(name)s is not below %(source)s: a task is handed down within the subtree only."
                )
                % {"name": unit.name, "source": source_unit.name},
                field="recipients",
            )
        if not _alive_in_year(unit, year):
            raise DomainError(
                _("%(name)s did not exist in %(year)s.") % {"name": unit.name, "year": year},
                field="recipients",
            )
    day = on or min(max(today(), dt.date(year, 1, 1)), dt.date(year, 12, 31))
    if day.year != year:
        raise DomainError(
            _("A task of the %(year)s programme is handed down within %(year)s.") % {"year": year},
            field="on",
        )
    already = set(task.handed_down.values_list("programme__unit_id", flat=True))
    programmes = {p.unit_id: p for p in Programme.objects.filter(year=year, unit__in=recipients)}
    created = []
    for unit in recipients:
        if unit.pk in already:
            continue
        programme = programmes.get(unit.pk)
        if programme is None:
            programme = _programme_open(
                actor=actor, unit=unit, year=year, handed_down_from=str(task)
            )
        copy = Task.objects.create(
            programme=programme,
            title=task.title,
            category=task.category,
            origin=TaskOrigin.ASSIGNED,
            lead_unit=unit,
            deadline=task.deadline,
            deadline_month=task.deadline_month,
            due_date=task.due_date,
            entered_on=day,
            source=task.source or str(source_unit),
            assigned_from=task,
            updated_by=user_or_none(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=copy,
            unit=unit,
            changes={
                "handed_down_from": [None, f"{source_unit.short_name or source_unit.name}: {task}"]
            },
        )
        created.append(copy)
    return created


@transaction.atomic
def task_assign(
    *,
    actor: Any,
    assigning_unit: OrgUnit,
    units: Sequence[OrgUnit],
    year: int,
    title: str,
    source: str,
    deadline: dt.date | None = None,
    category: str = TaskCategory.OTHER,
    on: dt.date | None = None,
) -> list[Task]:
    """A decision of `assigning_unit` (a meeting's conclusion) becomes one task in the `year`
    programme of each of `units`, drafted if missing: an ad-hoc task in the unit's own programme,
    a task "from the level above" in a unit below it. The assigner's editors decide, as for a
    hand-down; a unit outside its subtree, or not existing that year, is refused and nothing is
    written."""
    access.require(actor, "edit", assigning_unit)
    if not units:
        raise DomainError(_("Choose at least one unit to receive the task."), field="units")
    if not title.strip():
        raise DomainError(_("The title is required."), field="title")
    if deadline is not None and deadline.year != year:
        raise DomainError(
            _("The deadline %(day)s is outside the programme year %(year)s.")
            % {"day": deadline.strftime("%d/%m/%Y"), "year": year},
            field="deadline",
        )
    for unit in units:
        if not unit.path.startswith(assigning_unit.path):
            raise DomainError(
                _(
                    "%(name)s is not below %(source)s: a task is handed down within the subtree only."
                )
                % {"name": unit.name, "source": assigning_unit.name},
                field="units",
            )
        if not _alive_in_year(unit, year):
            raise DomainError(
                _("%(name)s did not exist in %(year)s.") % {"name": unit.name, "year": year},
                field="units",
            )
    day = on or min(max(today(), dt.date(year, 1, 1)), dt.date(year, 12, 31))
    if day.year != year:
        raise DomainError(
            _("A task of the %(year)s programme is entered within %(year)s.") % {"year": year},
            field="on",
        )
    programmes = {p.unit_id: p for p in Programme.objects.filter(year=year, unit__in=units)}
    created = []
    for unit in units:
        programme = programmes.get(unit.pk) or _programme_open(
            actor=actor, unit=unit, year=year, assigned_by=str(assigning_unit)
        )
        task = Task.objects.create(
            programme=programme,
            title=title.strip()[:500],
            category=category,
            origin=TaskOrigin.AD_HOC if unit.pk == assigning_unit.pk else TaskOrigin.ASSIGNED,
            lead_unit=unit,
            deadline=deadline,
            due_date=due_date_for(year=year, deadline=deadline, deadline_month=None),
            entered_on=day,
            source=source.strip()[:300],
            updated_by=user_or_none(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=task,
            unit=unit,
            changes=diff({}, snapshot(task, TASK_FIELDS)),
        )
        created.append(task)
    return created


@transaction.atomic
def task_deadline_propagate(*, actor: Any, task: Task, targets: Sequence[Task]) -> int:
    """Gives the chosen handed-down copies of `task` its deadline (the assigner's decision, made
    when the deadline changed). Copies not chosen keep theirs."""
    access.require(actor, "edit", task.programme.unit)
    allowed = set(task.handed_down.values_list("pk", flat=True))
    for target in targets:
        if target.pk not in allowed:
            raise DomainError(
                _("%(task)s was not handed down from this task.") % {"task": target},
                field="targets",
            )
    for target in targets:
        before = {
            "deadline": target.deadline and target.deadline.isoformat(),
            "deadline_month": target.deadline_month,
        }
        Task.objects.filter(pk=target.pk).update(
            deadline=task.deadline,
            deadline_month=task.deadline_month,
            due_date=task.due_date,
            version=F("version") + 1,
            updated_by=user_or_none(actor),
            updated_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=target,
            unit=target.programme.unit,
            changes=diff(
                before,
                {
                    "deadline": task.deadline and task.deadline.isoformat(),
                    "deadline_month": task.deadline_month,
                },
            ),
        )
    return len(targets)


# Progress


def task_status_on(task: Task, day: dt.date) -> str:
    """The task's status on `day`: that of its latest update dated on or before it."""
    update = task.updates.filter(date__lte=day).order_by("-date", "-pk").first()
    return update.status if update else TaskStatus.NOT_STARTED


@transaction.atomic
def task_progress_add(
    *, actor: Any, task: Task, status: str, date: dt.date, note: str = "", attachment: Any = None
) -> TaskUpdate:
    """Records progress. Refused: an unknown status, a date in the future or before the task
    entered the programme, and any update once the task is cancelled."""
    access.require(actor, "edit", task.programme.unit)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # one update at a time per task
    if status not in TaskStatus.values:
        raise DomainError(_("Unknown status '%(value)s'.") % {"value": status}, field="status")
    if date > today():
        raise DomainError(_("Progress cannot be reported for a future date."), field="date")
    if date < task.entered_on:
        raise DomainError(_("The date is before the task entered the programme."), field="date")
    latest = task.updates.order_by("-date", "-pk").first()
    if latest is not None and latest.status == TaskStatus.CANCELLED:
        raise DomainError(_("The task was cancelled; it takes no more updates."), field="status")
    if latest is not None and date < latest.date:
        raise DomainError(
            _("An update dated %(day)s exists; report progress from that day on.")
            % {"day": latest.date.strftime("%d/%m/%Y")},
            field="date",
        )
    update = TaskUpdate(
        task=task, status=status, date=date, note=note.strip(), created_by=user_or_none(actor)
    )
    if attachment is not None:
        update.attachment = attachment
    update.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=update,
        unit=task.programme.unit,
        changes={
            "status": [latest.status if latest else None, status],
            "date": [None, date.isoformat()],
        },
    )
    return update
