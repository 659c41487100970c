"""/api/v1/programmes, /tasks and /rollups/tasks: thin wrappers over the selectors and services.

Reads answer 404 for anything outside your units' subtrees; writes a visible record you may not
change answer 403. Editable records carry `version`: send the one you read (or `If-Match`), and a
save made meanwhile by someone else is refused with 409 (412 with If-Match), not overwritten.
"""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core import xlsx
from tuyengiao.core.concurrency import version_sent
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.periods import Period
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.programmes import selectors, services, services_import
from tuyengiao.programmes.choices import CLOSED_STATUSES
from tuyengiao.programmes.schemas import (
    CountOut,
    HandDownIn,
    InboxTaskOut,
    ProgrammeFilter,
    ProgrammeIn,
    ProgrammeOut,
    PropagateIn,
    TaskDetailOut,
    TaskIn,
    TaskOut,
    TaskOutlineOut,
    TaskPatch,
    TaskRollupOut,
    TaskUpdateIn,
    TaskUpdateOut,
    VersionIn,
)

router = Router(tags=["programmes"])

XLSX_RESPONSE = {
    "responses": {
        200: {
            "description": "The XLSX file",
            "content": {xlsx.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _unit(request: HttpRequest, pk: int | None):
    return None if pk is None else unit_selectors.orgunit_get(user=request.user, pk=pk)


def _task_refs(request: HttpRequest, data: dict) -> dict:
    """Turns the ids of a task payload into the objects the services take (404 when not visible)."""
    if data.get("parent_id") is not None:
        data["parent"] = selectors.task_get(user=request.user, pk=data["parent_id"])
    elif "parent_id" in data:
        data["parent"] = None
    data.pop("parent_id", None)
    if "lead_unit_id" in data:
        data["lead_unit"] = _unit(request, data.pop("lead_unit_id"))
    if "supporting_unit_ids" in data:
        data["supporting_units"] = [_unit(request, pk) for pk in data.pop("supporting_unit_ids")]
    return data


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Programmes


@router.get("/programmes", response=list[ProgrammeOut], operation_id="programmes_programme_list")
@paginate(LimitOffsetPagination)
def programme_list(request: HttpRequest, filters: Query[ProgrammeFilter]):
    """Work programmes you can see, newest year first, with their number of tasks."""
    return selectors.programme_list(
        user=request.user, unit=_unit(request, filters.unit), year=filters.year
    )


@router.post(
    "/programmes", response={201: ProgrammeOut}, operation_id="programmes_programme_create"
)
def programme_create(request: HttpRequest, payload: ProgrammeIn):
    """Drafts a unit's programme for a year (editors of the unit; one per unit and year)."""
    programme = services.programme_create(
        actor=request.user,
        unit=_unit(request, payload.unit_id),
        year=payload.year,
        title=payload.title,
    )
    return Status(201, programme)


@router.get("/programmes/{pk}", response=ProgrammeOut, operation_id="programmes_programme_get")
def programme_get(request: HttpRequest, pk: int):
    """A programme you can see: its unit, year, status and approval."""
    return selectors.programme_get(user=request.user, pk=pk)


@router.post(
    "/programmes/{pk}/approve",
    response=ProgrammeOut,
    operation_id="programmes_programme_approve",
)
def programme_approve(request: HttpRequest, pk: int, payload: VersionIn):
    """Approves the programme (approvers of the unit or its parent). Send the `version` you read
    (or `If-Match`). Its tasks stay editable afterwards."""
    programme = selectors.programme_get(user=request.user, pk=pk, action="approve")
    return services.programme_approve(
        actor=request.user, programme=programme, version=version_sent(request, payload.version)
    )


@router.get(
    "/programmes/{pk}/tasks",
    response=list[TaskOutlineOut],
    operation_id="programmes_task_list",
)
def programme_tasks(request: HttpRequest, pk: int, as_of: dt.date | None = None):
    """The programme's tasks in outline order (each group before its tasks, `depth` giving the
    indentation), each with its status on `as_of` (default today) and whether it is overdue."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    return selectors.task_list(user=request.user, programme=programme, as_of=as_of or today())


@router.get(
    "/programmes/{pk}/export.xlsx",
    response={200: None},
    operation_id="programmes_programme_export",
    openapi_extra=XLSX_RESPONSE,
)
def programme_export(request: HttpRequest, pk: int, as_of: dt.date | None = None):
    """The programme as an XLSX file (sheet "Nhiệm vụ"): every task with its status on `as_of`
    (default today), overdue mark, units it was handed down to, and the totals line
    ("Hoàn thành 60/85"). The file can be imported again."""
    programme = selectors.programme_get(user=request.user, pk=pk)
    day = as_of or today()
    content = services_import.programme_export_file(
        user=request.user, programme=programme, as_of=day
    )
    return _xlsx(content, f"chuong-trinh-{programme.year}-{programme.unit.code}-{day:%Y%m%d}.xlsx")


@router.post(
    "/programmes/{pk}/import",
    response={201: CountOut},
    operation_id="programmes_programme_import",
)
def programme_import(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Adds the tasks of an XLSX file in the template's format (download it from the
    programme's import page) to the programme (editors of the unit).

    All or nothing: when any row is refused, nothing is written and the answer is 400 with
    `extra.errors`, one `{sheet, row, column, message}` per refused cell.
    """
    programme = selectors.programme_get(user=request.user, pk=pk, action="edit")
    xlsx.check_upload_size(file.size)
    count = services_import.programme_import_xlsx(
        actor=request.user, programme=programme, data=file.read()
    )
    return Status(201, {"count": count})


# Tasks


@router.get("/tasks/inbox", response=list[InboxTaskOut], operation_id="programmes_task_inbox")
@paginate(LimitOffsetPagination)
def task_inbox(request: HttpRequest, as_of: dt.date | None = None):
    """Tasks from above: tasks handed down into the programmes of units you edit, newest first,
    with their status on `as_of` (default today)."""
    request.tasks_as_of = as_of or today()
    return selectors.tasks_from_above(user=request.user, as_of=request.tasks_as_of)


@router.post("/tasks", response={201: TaskOut}, operation_id="programmes_task_create")
def task_create(request: HttpRequest, payload: TaskIn):
    """Adds a task to a programme (editors of the programme's unit). A task becomes a group once
    another task names it as `parent_id`. The deadline is a day or a month (`deadline_month`)
    of the programme's year; neither means 31 December."""
    data = _task_refs(request, payload.dict())
    programme = selectors.programme_get(user=request.user, pk=data.pop("programme_id"))
    return Status(201, services.task_create(actor=request.user, programme=programme, **data))


@router.get("/tasks/{pk}", response=TaskDetailOut, operation_id="programmes_task_get")
def task_get(request: HttpRequest, pk: int, as_of: dt.date | None = None):
    """A task with its status on `as_of` (default today) and the copies handed down from it."""
    task = selectors.task_get(user=request.user, pk=pk)
    day = as_of or today()
    task.status_on = services.task_status_on(task, day)
    task.overdue = task.due_date < day and task.status_on not in CLOSED_STATUSES
    return task


@router.patch("/tasks/{pk}", response=TaskOut, operation_id="programmes_task_update")
def task_update(request: HttpRequest, pk: int, payload: TaskPatch):
    """Changes a task. Send the `version` you read (or `If-Match: "<version>"`): a save made
    meanwhile by someone else is refused (409, or 412 with If-Match) with who and when.
    A new deadline does not reach the copies handed down: see propagate-deadline."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    version = version_sent(request, payload.version)
    changes = _task_refs(request, payload.changes())
    return services.task_update(actor=request.user, task=task, version=version, **changes)


@router.delete("/tasks/{pk}", response={204: None}, operation_id="programmes_task_delete")
def task_delete(request: HttpRequest, pk: int):
    """Deletes a task entered by mistake, with its tasks and updates (cancel a real task
    instead, with a progress update)."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    services.task_delete(actor=request.user, task=task)
    return Status(204, None)


@router.post(
    "/tasks/{pk}/hand-down",
    response={201: list[TaskOut]},
    operation_id="programmes_task_hand_down",
)
def task_hand_down(request: HttpRequest, pk: int, payload: HandDownIn):
    """Hands the task down to units below its unit in one action: all children
    (`mode=children`), all units of a `level` in the subtree (`mode=level`), or `unit_ids`
    (`mode=pick`). Each receives a linked copy in its own programme of the year (drafted when
    missing); units that already have it are skipped. A picked unit outside the subtree is
    refused and nothing is written. Returns the copies created."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    if payload.mode == "level" and payload.level is None:
        raise DomainError("level is required for mode=level", field="level")
    unit = task.programme.unit
    targets = selectors.handdown_targets(
        user=request.user,
        unit=unit,
        year=task.programme.year,
        mode=payload.mode,
        level=payload.level or "",
        picked=payload.unit_ids,
    )
    if payload.mode == "pick":
        # handdown_targets keeps the units that qualify; the others go to the service, which
        # refuses them by name (or 404 here when the unit is not even visible).
        found = {u.pk for u in targets}
        missing = [unit_id for unit_id in dict.fromkeys(payload.unit_ids) if unit_id not in found]
        targets += [_unit(request, unit_id) for unit_id in missing]
    copies = services.task_hand_down(
        actor=request.user, task=task, recipients=targets, on=payload.on
    )
    return Status(201, copies)


@router.post(
    "/tasks/{pk}/propagate-deadline",
    response=CountOut,
    operation_id="programmes_task_propagate_deadline",
)
def task_propagate_deadline(request: HttpRequest, pk: int, payload: PropagateIn):
    """Gives the chosen copies handed down from this task (`task_ids`) the task's current
    deadline, after it changed. Copies not named keep theirs; none changes silently."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    targets = [selectors.task_get(user=request.user, pk=t) for t in dict.fromkeys(payload.task_ids)]
    count = services.task_deadline_propagate(actor=request.user, task=task, targets=targets)
    return {"count": count}


# Progress


@router.get(
    "/tasks/{pk}/updates",
    response=list[TaskUpdateOut],
    operation_id="programmes_progress_list",
)
def progress_list(request: HttpRequest, pk: int):
    """The task's progress updates, oldest first (its timeline)."""
    task = selectors.task_get(user=request.user, pk=pk)
    return selectors.task_timeline(task=task)


@router.post(
    "/tasks/{pk}/updates",
    response={201: TaskUpdateOut},
    operation_id="programmes_progress_add",
)
def progress_add(request: HttpRequest, pk: int, payload: TaskUpdateIn):
    """Reports progress: the task's status from `date` on, with a note (editors of the task's
    unit). Refused: a future date, a date before the last update or before the task entered the
    programme, and any update of a cancelled task. JSON only: attach files on the task's page."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    update = services.task_progress_add(
        actor=request.user, task=task, status=payload.status, date=payload.date, note=payload.note
    )
    return Status(201, update)


# Roll-up


@router.get("/rollups/tasks", response=TaskRollupOut, operation_id="programmes_task_rollup")
def task_rollup(
    request: HttpRequest, unit: int, as_of: dt.date | None = None, period: str | None = None
):
    """How the tasks of a unit stand on `as_of` (default today) for a `period` ("2020",
    "2020-H1", "2020-Q2", "2020-M06", "6 tháng đầu năm 2020"; default the year of as_of):
    planned, ad-hoc, done, in progress, not started, cancelled and overdue leaf tasks for the
    unit's own programme, its whole subtree, and each child unit; `done_ratio` reads "60/85"."""
    day = as_of or today()
    return selectors.task_rollup(
        user=request.user,
        unit=_unit(request, unit),
        as_of=day,
        period=Period.parse(period) if period else Period(day.year),
    )
