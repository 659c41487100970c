"""Meeting pages: the list of a unit's meetings, a meeting with its units, people, directives and
conclusions, the one-page form that records or changes a meeting, and turning a conclusion into
tasks.

Every page reads through `selectors` (and `selectors_pages` for the pickers) and writes through
`services`; a refusal (DomainError) is shown beside the input it names and nothing is written;
PermissionDenied answers 403 and anything outside the user's view 404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.dates import parse_date
from tuyengiao.core.exceptions import DomainError
from tuyengiao.directives.codes import CodeError, parse_code
from tuyengiao.directives.selectors import directive_resolve
from tuyengiao.meetings import selectors, selectors_pages, services
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.forms import (
    EXTRA_ROWS,
    ConclusionAddForm,
    ConclusionFormSet,
    DeleteForm,
    MakeTasksForm,
    MeetingEditForm,
    MeetingForm,
    ParticipationFormSet,
    PersonFormSet,
)
from tuyengiao.meetings.models import Conclusion, Meeting
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_get
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 50
MAIN_FIELDS = [
    "kind",
    "title",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "online",
    "agenda",
    "summary",
]
# Where a service's refusal is shown: fields of the formsets' rows are reported on the section.
UNIT_ERROR_FIELDS = {
    "units",
    "visit_start",
    "visit_end",
    "expected",
    "attended_in_person",
    "attended_online",
}


def _context_unit(request: HttpRequest) -> OrgUnit | None:
    return context_unit(user=request.user, unit_id=request.unit_context_id)


def _directive_url(directive: Any) -> str | None:
    """The directive's page in the meetings app (citations and coverage), once it exists."""
    try:
        return reverse("meetings:directive_detail", args=[directive.pk])
    except NoReverseMatch:
        return None


# List


def _list_filters(request: HttpRequest, unit: OrgUnit | None) -> tuple[dict[str, Any], list[str]]:
    """The list's filters from the address; a mistyped date or code is named, not guessed."""
    get, errors = request.GET, []
    filters: dict[str, Any] = {"search": get.get("q", "").strip()}
    kind = get.get("kind", "")
    filters["kind"] = kind if kind in MeetingKind.values else None
    for name in ("date_from", "date_to"):
        raw = get.get(name, "").strip()
        filters[name] = None
        if raw:
            try:
                filters[name] = parse_date(raw, field=name)
            except DomainError:
                errors.append(_("'%(value)s' is not a date.") % {"value": raw})
    code = get.get("directive", "").strip()
    filters["directive"] = None
    if code:
        try:
            parse_code(code)
        except CodeError as exc:
            errors.append(str(exc))
            filters["unknown_directive"] = True
        else:
            found = directive_resolve(user=request.user, code=code, unit=unit) if unit else None
            if found is None:
                errors.append(_("%(code)s is not in the directive registry.") % {"code": code})
                filters["unknown_directive"] = True
            filters["directive"] = found
    return filters, errors


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings of the unit in context: organised in its subtree or with a unit of its subtree
    taking part (invited, connected online, visited)."""
    unit = _context_unit(request)
    filters, errors = _list_filters(request, unit)
    if filters.pop("unknown_directive", False):
        meetings = Meeting.objects.none()
    else:
        meetings = selectors.meeting_list(user=request.user, unit=unit, **filters)
    context = {
        "page": Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page")),
        "unit": unit,
        "kinds": MeetingKind.choices,
        "filters": request.GET,
        "errors": errors,
        "can_create": unit is not None and access.can(request.user, "edit", unit),
    }
    return render(request, "meetings/meeting_list.html", context)


# Detail


def _participation_groups(meeting: Meeting) -> list[dict[str, Any]]:
    """Participating units grouped by role (in the glossary's order) with their head counts."""
    by_role: dict[str, list] = defaultdict(list)
    for p in meeting.participations.all():
        by_role[p.role].append(p)
    groups = []
    for role, label in ParticipationRole.choices:
        rows = by_role.get(role)
        if not rows:
            continue
        counted = [p for p in rows if p.expected is not None]
        expected = sum(p.expected for p in counted)
        attended = sum(p.attended or 0 for p in rows)
        attended_counted = sum(p.attended or 0 for p in counted)
        groups.append(
            {
                "role": role,
                "label": label,
                "rows": rows,
                "expected": expected if counted else None,
                "attended": attended if any(p.attended is not None for p in rows) else None,
                "rate": round(100 * attended_counted / expected, 1) if expected else None,
            }
        )
    return groups


def _people_groups(meeting: Meeting) -> list[tuple[str, list]]:
    by_role: dict[str, list] = defaultdict(list)
    for mp in meeting.people.all():
        by_role[mp.role].append(mp)
    return [(label, by_role[role]) for role, label in PersonRole.choices if by_role.get(role)]


def _detail_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    conclusion_form: ConclusionAddForm | None = None,
    task_form: tuple[int, MakeTasksForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_edit = access.can(user, "edit", meeting)
    conclusions = []
    for conclusion in selectors.conclusions_for(meeting=meeting, user=user):
        tasks = list(conclusion.tasks.all())
        seen = [t for t in tasks if access.can(user, "view", t)]
        entry: dict[str, Any] = {
            "conclusion": conclusion,
            "tasks": seen,
            "hidden_tasks": len(tasks) - len(seen),
        }
        if can_edit:
            if task_form is not None and task_form[0] == conclusion.pk:
                entry["task_form"] = task_form[1]
            else:
                target = conclusion.addressed_to or meeting.organiser
                entry["task_form"] = MakeTasksForm(
                    units=selectors_pages.task_unit_choices(
                        user=user, meeting=meeting, conclusion=conclusion
                    ),
                    initial={"units": [target.pk]},
                    auto_id=f"id_c{conclusion.pk}_%s",
                )
        conclusions.append(entry)
    context = {
        "meeting": meeting,
        "is_study": meeting.kind == MeetingKind.STUDY_SESSION,
        "groups": _participation_groups(meeting),
        "people_groups": _people_groups(meeting),
        "directives": [(d, _directive_url(d)) for d in meeting.directives.all()],
        "conclusions": conclusions,
        "can_edit": can_edit,
        "history": selectors_pages.meeting_history(user=user, meeting=meeting),
    }
    if can_edit:
        context["conclusion_form"] = conclusion_form or ConclusionAddForm()
        context["suggestions"] = selectors_pages.unit_suggestions(
            organiser=meeting.organiser, on=meeting.start_date
        )
    return render(request, "meetings/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as recorded; conclusions as far as the user may read them."""
    return _detail_page(request, selectors.meeting_get(user=request.user, pk=pk))


# The one-page form


class MeetingFormPage:
    """The meeting form and its formsets, bound or not, and the input they give the service.

    `extra` adds blank rows to one formset ("more rows" without JavaScript): the posted data is
    re-rendered with a larger TOTAL_FORMS for that formset and nothing is saved."""

    def __init__(
        self,
        request: HttpRequest,
        *,
        organiser: OrgUnit,
        meeting: Meeting | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        self.request, self.organiser, self.meeting = request, organiser, meeting
        data = request.POST.copy() if request.method == "POST" else None
        self.more = None
        if data is not None and data.get("more") in {"units", "people", "conclusions"}:
            self.more = data["more"]
            key = f"{self.more}-TOTAL_FORMS"
            if data.get(key, "").isdigit():
                data[key] = str(int(data[key]) + EXTRA_ROWS)
        form_class = MeetingEditForm if meeting is not None else MeetingForm
        initial = initial or {}
        self.form = form_class(data, initial=initial.get("main"))
        recorded = [mp.person_id for mp in meeting.people.all()] if meeting else []
        people = selectors_pages.people_choices(organiser=organiser, extra_ids=recorded)
        self.units = ParticipationFormSet(data, prefix="units", initial=initial.get("units"))
        self.people = PersonFormSet(
            data,
            prefix="people",
            initial=initial.get("people"),
            people=people,
            positions=selectors_pages.position_choices(people=people),
        )
        self.conclusions = (
            ConclusionFormSet(data, prefix="conclusions") if meeting is None else None
        )

    @property
    def formsets(self) -> list[Any]:
        return [f for f in (self.units, self.people, self.conclusions) if f is not None]

    def day(self) -> dt.date:
        data = getattr(self.form, "cleaned_data", {})
        return data.get("start_date") or (self.meeting.start_date if self.meeting else None)

    def resolve(self) -> dict[str, Any] | None:
        """The service's keyword arguments, or None when some input is wrong (errors are set)."""
        ok = self.form.is_valid()
        ok = all([f.is_valid() for f in self.formsets]) and ok
        if not ok:
            return None
        data = dict(self.form.cleaned_data)
        day = data["start_date"]
        data["end_date"] = data["end_date"] or day
        try:
            data["directives"] = selectors_pages.directives_resolve(
                user=self.request.user, text=data["directives"], unit=self.organiser, on=day
            )
        except DomainError as exc:
            self.form.add_error("directives", exc.message)
            ok = False
        participations = []
        for row in self._rows(self.units):
            try:
                unit = selectors_pages.unit_resolve(text=row.cleaned_data["unit"], on=day)
            except DomainError as exc:
                row.add_error("unit", exc.message)
                ok = False
                continue
            values = {k: v for k, v in row.cleaned_data.items() if k not in {"unit", "DELETE"}}
            participations.append(services.ParticipationIn(unit=unit, **values))
        people = [
            services.PersonIn(
                person=row.cleaned_data["person"],
                role=row.cleaned_data["role"],
                position=row.cleaned_data["position"],
            )
            for row in self._rows(self.people)
        ]
        conclusions = []
        for row in self._rows(self.conclusions):
            target = None
            if row.cleaned_data["addressed_to"].strip():
                try:
                    target = selectors_pages.unit_resolve(
                        text=row.cleaned_data["addressed_to"], on=day, field="addressed_to"
                    )
                except DomainError as exc:
                    row.add_error("addressed_to", exc.message)
                    ok = False
                    continue
            conclusions.append(
                services.ConclusionIn(text=row.cleaned_data["text"], addressed_to=target)
            )
        if not ok:
            return None
        data.update(participations=participations, people=people)
        if self.conclusions is not None:
            data["conclusions"] = conclusions
        return data

    @staticmethod
    def _rows(formset: Any) -> list[Any]:
        """The rows to save: the recorded ones (kept unless ticked for removal) and the blank
        rows the person filled in."""
        if formset is None:
            return []
        recorded = formset.initial_form_count()
        return [
            f
            for i, f in enumerate(formset.forms)
            if (i < recorded or f.has_changed())
            and f.cleaned_data
            and not f.cleaned_data.get("DELETE")
        ]

    def refuse(self, exc: DomainError) -> None:
        """Shows a service's refusal beside the input it names."""
        field = exc.field or ""
        if field in UNIT_ERROR_FIELDS:
            self.units.non_form_errors().append(exc.message)
        elif field == "people":
            self.people.non_form_errors().append(exc.message)
        elif field in {"conclusions", "addressed_to"} and self.conclusions is not None:
            self.conclusions.non_form_errors().append(exc.message)
        elif field in self.form.fields:
            self.form.add_error(field, exc.message)
        else:
            self.form.add_error(None, exc.message)

    def render(self, template: str = "meetings/meeting_form.html") -> HttpResponse:
        context = {
            "page": self,
            "form": self.form,
            "units": self.units,
            "people": self.people,
            "conclusions": self.conclusions,
            "organiser": self.organiser,
            "meeting": self.meeting,
            "quiet": self.more is not None,
            "suggestions": selectors_pages.unit_suggestions(
                organiser=self.organiser, on=self.day() or self.request.as_of
            ),
        }
        return render(self.request, template, context)


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    """Records a meeting of the unit in context (its editors), with everything on one page."""
    unit = _context_unit(request)
    if unit is None:
        raise Http404("no unit in context")
    organiser = orgunit_get(user=request.user, pk=unit.pk, action="edit")
    page = MeetingFormPage(
        request, organiser=organiser, initial={"main": {"start_date": request.as_of}}
    )
    if request.method == "POST" and page.more is None:
        data = page.resolve()
        if data is not None:
            data.pop("version", None)
            try:
                meeting = services.meeting_create(actor=request.user, organiser=organiser, **data)
            except DomainError as exc:
                page.refuse(exc)
            else:
                messages.success(request, _("Meeting recorded."))
                return redirect(meeting)
    return page.render()


def _initial(meeting: Meeting) -> dict[str, Any]:
    main = {name: getattr(meeting, name) for name in MAIN_FIELDS}
    main["directives"] = ", ".join(d.code for d in meeting.directives.all())
    main["version"] = meeting.version
    units = [
        {
            "unit": selectors_pages.unit_label(p.unit),
            "role": p.role,
            "visit_start": p.visit_start,
            "visit_end": p.visit_end,
            "expected": p.expected,
            "attended_in_person": p.attended_in_person,
            "attended_online": p.attended_online,
        }
        for p in meeting.participations.all()
    ]
    people = [
        {"person": mp.person_id, "role": mp.role, "position": mp.position_id}
        for mp in meeting.people.all()
    ]
    return {"main": main, "units": units, "people": people}


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes a meeting; a stale version is refused with who saved it and when, and the
    person's input stays on the page."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    page = MeetingFormPage(
        request, organiser=meeting.organiser, meeting=meeting, initial=_initial(meeting)
    )
    if request.method == "POST" and page.more is None:
        data = page.resolve()
        if data is not None:
            version = data.pop("version")
            try:
                saved = services.meeting_update(
                    actor=request.user, meeting=meeting, version=version, **data
                )
            except DomainError as exc:
                page.refuse(exc)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect(saved)
    return page.render()


@login_required
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks, then deletes; tasks made from its conclusions stay in their programmes."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    form = DeleteForm(request.POST or None, initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_delete(
                actor=request.user, meeting=meeting, version=form.cleaned_data["version"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Meeting deleted."))
            return redirect("meetings:meeting_list")
    return render(request, "meetings/meeting_delete.html", {"meeting": meeting, "form": form})


# Conclusions


def _conclusion(meeting: Meeting, pk: int) -> Conclusion:
    for conclusion in meeting.conclusions.all():
        if conclusion.pk == pk:
            return conclusion
    raise Http404("no such conclusion")


@login_required
@require_POST
def conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    form = ConclusionAddForm(request.POST)
    if form.is_valid():
        try:
            target = None
            if form.cleaned_data["addressed_to"].strip():
                target = selectors_pages.unit_resolve(
                    text=form.cleaned_data["addressed_to"],
                    on=meeting.start_date,
                    field="addressed_to",
                )
            services.conclusion_add(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                addressed_to=target,
            )
        except DomainError as exc:
            form.add_error("addressed_to" if exc.field == "addressed_to" else "text", exc.message)
        else:
            messages.success(request, _("Conclusion added."))
            return redirect(f"{meeting.get_absolute_url()}#conclusions")
    return _detail_page(request, meeting, conclusion_form=form)


@login_required
@require_POST
def conclusion_delete(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    services.conclusion_delete(actor=request.user, conclusion=_conclusion(meeting, conclusion_pk))
    messages.success(request, _("Conclusion removed."))
    return redirect(f"{meeting.get_absolute_url()}#conclusions")


@login_required
@require_POST
def conclusion_tasks(request: HttpRequest, pk: int, conclusion_pk: int) -> HttpResponse:
    """Makes the conclusion into tasks of the units chosen, linked both ways."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    conclusion = _conclusion(meeting, conclusion_pk)
    form = MakeTasksForm(
        request.POST,
        units=selectors_pages.task_unit_choices(
            user=request.user, meeting=meeting, conclusion=conclusion
        ),
        auto_id=f"id_c{conclusion.pk}_%s",
    )
    if form.is_valid():
        try:
            tasks = services.conclusion_to_tasks(
                actor=request.user, conclusion=conclusion, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("%(count)s tasks made.") % {"count": len(tasks)})
            return redirect(f"{meeting.get_absolute_url()}#conclusion-{conclusion.pk}")
    return _detail_page(request, meeting, task_form=(conclusion.pk, form))
