"""Work-programme pages: programmes of a unit, the task outline, a task with its progress, handing
down, the inbox of tasks from above, and the completion roll-up ("60/85").

Every page reads through `selectors` and writes through `services`; a refusal (DomainError) is
shown on the form that caused it, PermissionDenied answers 403, and anything outside the user's
subtree 404 (from `access.get_for_user` inside the selectors).
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.htmx import is_partial
from tuyengiao.core.periods import Period
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_get, orgunit_roots
from tuyengiao.programmes import selectors, services
from tuyengiao.programmes.forms import (
    HandDownForm,
    HandDownMode,
    ProgrammeApproveForm,
    ProgrammeForm,
    ProgressForm,
    PropagateForm,
    TaskCreateForm,
    TaskEditForm,
)
from tuyengiao.programmes.models import Programme, Task
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 50
PREVIEW_SIZE = 20


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _context_unit(request: HttpRequest) -> OrgUnit | None:
    return context_unit(user=request.user, unit_id=request.unit_context_id)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else request.as_of.year


def _unit_choices(request: HttpRequest, programme: Programme) -> list[OrgUnit]:
    """Lead and supporting units offered on a task: the programme's unit and its children that
    existed in the programme's year (the hand-down selector's "all children" answers that)."""
    children = selectors.handdown_targets(
        user=request.user, unit=programme.unit, year=programme.year, mode="children"
    )
    return [programme.unit, *children]


# Programmes


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """Programmes of the unit in context and of the units below it, for one year."""
    unit = _context_unit(request)
    year = _year(request)
    programmes = selectors.programme_list(user=request.user, year=year, subtree_of=unit)
    context = {
        "page": Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page")),
        "unit": unit,
        "year": year,
        "years": range(request.as_of.year + 1, request.as_of.year - 5, -1),
        "can_create": unit is not None and access.can(request.user, "edit", unit),
    }
    return render(request, "programmes/programme_list.html", context)


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    """Drafts the programme of the unit in context (its editors)."""
    unit = _context_unit(request)
    if unit is None:
        raise Http404("no unit in context")
    unit = orgunit_get(user=request.user, pk=unit.pk, action="edit")
    form = ProgrammeForm(request.POST or None, initial={"year": request.as_of.year})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, unit=unit, **form.cleaned_data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Programme drafted."))
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "unit": unit})


def _programme_page(
    request: HttpRequest,
    programme: Programme,
    *,
    tasks: list[Task] | None = None,
    task_form: TaskCreateForm | None = None,
) -> HttpResponse:
    if tasks is None:
        tasks = selectors.task_list(user=request.user, programme=programme, as_of=request.as_of)
    can_edit = access.can(request.user, "edit", programme)
    if can_edit and task_form is None:
        task_form = TaskCreateForm(
            units=_unit_choices(request, programme),
            groups=tasks,
            initial={"lead_unit": programme.unit.pk},
        )
    context = {
        "programme": programme,
        "tasks": tasks,
        "can_edit": can_edit,
        "can_approve": access.can(request.user, "approve", programme),
        "task_form": task_form,
        "export_url": reverse("programmes:programme_export", args=[programme.pk]),
        "import_url": reverse("programmes:programme_import", args=[programme.pk]),
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task outline with each task's status on the as-of date."""
    return _programme_page(request, selectors.programme_get(user=request.user, pk=pk))


@login_required
@require_POST
def programme_approve(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, pk=pk, action="approve")
    form = ProgrammeApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Reload the page and approve again."))
        services.programme_approve(
            actor=request.user, programme=programme, version=form.cleaned_data["version"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Programme approved."))
    return redirect(programme)


# Tasks


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The "add task" form of the programme page."""
    programme = selectors.programme_get(user=request.user, pk=pk, action="edit")
    if request.method != "POST":
        return redirect(programme)
    tasks = selectors.task_list(user=request.user, programme=programme, as_of=request.as_of)
    form = TaskCreateForm(request.POST, units=_unit_choices(request, programme), groups=tasks)
    if form.is_valid():
        try:
            task = services.task_create(
                actor=request.user, programme=programme, **form.cleaned_data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Task added: %(task)s") % {"task": task})
            return redirect(f"{programme.get_absolute_url()}#task-{task.pk}")
    return _programme_page(request, programme, tasks=tasks, task_form=form)


def _handed_down(request: HttpRequest, task: Task) -> list[Task]:
    """The copies of `task` in the units below, with their status on the as-of date."""
    return selectors.task_handed_down_list(user=request.user, task=task, as_of=request.as_of)


def _task_initial(task: Task) -> dict[str, Any]:
    return {
        "number": task.number,
        "title": task.title,
        "parent": task.parent_id,
        "category": task.category,
        "lead_unit": task.lead_unit_id,
        "supporting_units": [u.pk for u in task.supporting_units.all()],
        "deadline": task.deadline,
        "deadline_month": task.deadline_month,
        "source": task.source,
        "version": task.version,
    }


def _task_page(
    request: HttpRequest,
    task: Task,
    *,
    progress_form: ProgressForm | None = None,
    edit_form: TaskEditForm | None = None,
    handdown_form: HandDownForm | None = None,
    propagate_form: PropagateForm | None = None,
) -> HttpResponse:
    user, as_of, programme = request.user, request.as_of, task.programme
    copies = _handed_down(request, task)
    can_edit = access.can(user, "edit", task)
    context: dict[str, Any] = {
        "task": task,
        "programme": programme,
        "status": services.task_status_on(task, as_of),
        "timeline": selectors.task_timeline(task=task),
        "copies": copies,
        "above_visible": task.assigned_from_id is not None
        and access.can(user, "view", task.assigned_from),
        "can_edit": can_edit,
    }
    if can_edit:
        groups = [
            t
            for t in selectors.task_list(user=user, programme=programme, as_of=as_of)
            if t.pk != task.pk
        ]
        units = _unit_choices(request, programme)
        children = units[1:]
        context["progress_form"] = progress_form or ProgressForm(
            initial={"date": min(as_of, today()), "status": context["status"]}
        )
        context["edit_form"] = edit_form or TaskEditForm(
            initial=_task_initial(task), units=units, groups=groups
        )
        handdown_form = handdown_form or HandDownForm(
            unit_level=programme.unit.level, children=children
        )
        if children or handdown_form.fields["level"].choices:
            context["handdown_form"] = handdown_form
        # Copies whose deadline differs from the task's: offered, never changed silently.
        stale = [c for c in copies if c.due_date != task.due_date]
        context["stale_copies"] = stale
        if stale and (propagate_form is not None or "propagate" in request.GET):
            context["propagate_form"] = propagate_form or PropagateForm(copies=stale)
    return render(request, "programmes/task_detail.html", context)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task, its progress timeline, and (for editors) its forms."""
    return _task_page(request, selectors.task_get(user=request.user, pk=pk))


@login_required
def task_progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    if request.method != "POST":
        return redirect(task)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_progress_add(actor=request.user, task=task, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(task)
    return _task_page(request, task, progress_form=form)


@login_required
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the edit form; a stale version is refused with who changed the task and when."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    if request.method != "POST":
        return redirect(task)
    groups = selectors.task_list(user=request.user, programme=task.programme, as_of=request.as_of)
    form = TaskEditForm(
        request.POST,
        units=_unit_choices(request, task.programme),
        groups=[t for t in groups if t.pk != task.pk],
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            saved = services.task_update(actor=request.user, task=task, version=version, **data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Task saved."))
            if saved.due_date != task.due_date:  # offer the new deadline to the copies below
                return redirect(f"{saved.get_absolute_url()}?propagate=1#propagate")
            return redirect(saved)
    return _task_page(request, task, edit_form=form)


@login_required
@require_POST
def task_deadline_propagate(request: HttpRequest, pk: int) -> HttpResponse:
    """Gives the ticked handed-down copies the task's deadline; the others keep theirs."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    form = PropagateForm(request.POST, copies=_handed_down(request, task))
    if not form.is_valid():
        return _task_page(request, task, propagate_form=form)
    targets = form.cleaned_data["targets"]
    if not targets:
        messages.info(request, _("No handed-down task was changed."))
        return redirect(task)
    try:
        count = services.task_deadline_propagate(actor=request.user, task=task, targets=targets)
    except DomainError as exc:
        _form_error(form, exc)
        return _task_page(request, task, propagate_form=form)
    messages.success(
        request, _("New deadline given to %(count)s handed-down tasks.") % {"count": count}
    )
    return redirect(task)


def _targets(request: HttpRequest, programme: Programme, data: dict[str, Any]) -> list[OrgUnit]:
    return selectors.handdown_targets(
        user=request.user,
        unit=programme.unit,
        year=programme.year,
        mode=data["mode"],
        level=data.get("level") or "",
        picked=data.get("picked") or [],
    )


@login_required
def task_hand_down(request: HttpRequest, pk: int) -> HttpResponse:
    """Hands the task down to all children, all units of a level, or the units picked.

    With htmx, changing the mode fetches the form again (GET) with only the inputs of that mode
    and a preview of the recipients; without JavaScript the whole form posts the same fields."""
    task = selectors.task_get(user=request.user, pk=pk, action="edit")
    programme = task.programme
    children = selectors.handdown_targets(
        user=request.user, unit=programme.unit, year=programme.year, mode="children"
    )
    if request.method != "POST":
        if not is_partial(request):
            return redirect(f"{task.get_absolute_url()}#handdown")
        data = request.GET.copy()
        data.setdefault("mode", HandDownMode.CHILDREN)
        bound = HandDownForm(data, unit_level=programme.unit.level, children=children)
        targets = _targets(request, programme, bound.cleaned_data) if bound.is_valid() else []
        # Redrawn from what was chosen so far, without errors: the person is still choosing.
        form = HandDownForm(
            initial={
                "mode": data["mode"],
                "level": data.get("level", ""),
                "picked": data.getlist("picked"),
            },
            unit_level=programme.unit.level,
            children=children,
        )
        context = {
            "task": task,
            "handdown_form": form,
            "enhanced": True,
            "preview": targets[:PREVIEW_SIZE],
            "preview_count": len(targets),
            "preview_more": max(len(targets) - PREVIEW_SIZE, 0),
        }
        return render(request, "programmes/partials/_task_handdown_form.html", context)
    form = HandDownForm(request.POST, unit_level=programme.unit.level, children=children)
    if form.is_valid():
        targets = _targets(request, programme, form.cleaned_data)
        try:
            created = services.task_hand_down(actor=request.user, task=task, recipients=targets)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            message = _("Handed down to %(count)s units.") % {"count": len(created)}
            if len(targets) > len(created):
                skipped = len(targets) - len(created)
                message += " " + _("%(count)s already had it.") % {"count": skipped}
            messages.success(request, message)
            return redirect(f"{task.get_absolute_url()}#handed-down")
    return _task_page(request, task, handdown_form=form)


@login_required
def taskupdate_attachment(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    """A progress update's file, for those who can see the task (never a public media URL)."""
    task = selectors.task_get(user=request.user, pk=pk)
    update = get_object_or_404(selectors.task_timeline(task=task), pk=update_pk)
    if not update.attachment:
        raise Http404("no attachment")
    return FileResponse(
        update.attachment.open("rb"),
        as_attachment=True,
        filename=os.path.basename(update.attachment.name),
    )


@login_required
def task_inbox(request: HttpRequest) -> HttpResponse:
    """Tasks from above: handed down into programmes of units the user edits."""
    tasks = selectors.tasks_from_above(user=request.user, as_of=request.as_of)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/task_inbox.html", {"page": page})


# Roll-up


def _period_choices(as_of_year: int, period: Period) -> list[tuple[str, str]]:
    years = sorted({as_of_year, as_of_year - 1, period.year}, reverse=True)
    choices = []
    for year in years:
        choices += [
            (str(year), _("Year %(year)s") % {"year": year}),
            (f"{year}-H1", _("First half of %(year)s") % {"year": year}),
            (f"{year}-H2", _("Second half of %(year)s") % {"year": year}),
        ]
    # A quarter or a month typed into the address is rolled up too; it keeps its own label.
    if period.code not in dict(choices):
        choices.append((period.code, str(period)))
    return choices


def _lagging_first(row: tuple[OrgUnit, selectors.TaskCounts]) -> tuple:
    unit, counts = row
    # Units with nothing to do cannot lag: they go last.
    return (counts.total == 0, counts.percent_done, -counts.overdue, unit.path)


CHART_ROW = 26
CHART_BAR = 300


def _chart(rows: list[tuple[OrgUnit, selectors.TaskCounts]]) -> dict[str, Any]:
    """Bars of % done per child unit, laid out here so the template only draws them."""
    bars = []
    for i, (unit, counts) in enumerate(r for r in rows if r[1].total):
        pct = counts.percent_done
        bars.append(
            {
                "unit": unit,
                "counts": counts,
                "y": i * CHART_ROW,
                "text_y": i * CHART_ROW + 17,
                "width": round(CHART_BAR * pct / 100),
                "value_x": 262 + round(CHART_BAR * pct / 100),
                "tone": "low" if pct < 50 else "mid" if pct < 80 else "high",
            }
        )
    return {"bars": bars, "height": max(len(bars) * CHART_ROW, CHART_ROW)}


@login_required
def task_rollup(request: HttpRequest, unit_pk: int | None = None) -> HttpResponse:
    """How a unit and its subtree stand on the as-of date for a year or a half-year."""
    if unit_pk is not None:
        unit = orgunit_get(user=request.user, pk=unit_pk)
    else:
        unit = _context_unit(request) or next(
            iter(orgunit_roots(user=request.user, as_of=request.as_of)), None
        )
        if unit is None:
            raise Http404("no unit to roll up")
    period, period_error = Period(request.as_of.year), ""
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except DomainError as exc:
            period_error = exc.message
    rollup = selectors.task_rollup(user=request.user, unit=unit, as_of=request.as_of, period=period)
    rows = sorted(rollup.children, key=_lagging_first)
    context = {
        "rollup": rollup,
        "unit": unit,
        "period": period,
        "period_label": dict(_period_choices(period.year, period))[period.code],
        "period_choices": _period_choices(request.as_of.year, period),
        "period_error": period_error,
        "rows": rows,
        "chart": _chart(rows),
    }
    return render(request, "programmes/task_rollup.html", context)
