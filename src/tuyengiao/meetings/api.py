"""/api/v1/meetings, /conclusions, /calendar and the directive coverage: thin wrappers over the
meetings selectors and services.

A meeting is readable by its organiser's subtree and by the subtrees of the units that took part
(participants, online points, visited and invited units); only the organiser's editors change it.
Send the `version` you read (or `If-Match`): a save made meanwhile is refused with 409 (412).
"""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.concurrency import version_sent
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.directives.models import Directive
from tuyengiao.directives.selectors import directive_get, directives_for_codes
from tuyengiao.meetings import selectors, services
from tuyengiao.meetings.models import Conclusion
from tuyengiao.meetings.schemas import (
    CalendarEntryOut,
    CitationsOut,
    ConclusionIn,
    ConclusionOut,
    ConclusionTasksIn,
    CoverageOut,
    MeetingDetailOut,
    MeetingFilter,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    ParticipationSchema,
    PersonAtMeetingIn,
    TaskRef,
)
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.people.models import Person, Position

router = Router(tags=["meetings"])


def _unit(request: HttpRequest, pk: int | None):
    return None if pk is None else unit_selectors.orgunit_get(user=request.user, pk=pk)


def _any_unit(pk: int):
    """A unit named as a participant or online point: any unit of the tree may join a meeting
    (a central conference connects every province), so it need not lie in the caller's subtree.
    Units are public structure, not records."""
    from tuyengiao.orgunits.models import OrgUnit

    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise DomainError(f"unit {pk} does not exist", field="units")
    return unit


def _participations(rows: list[ParticipationSchema]) -> list[services.ParticipationIn]:
    return [
        services.ParticipationIn(
            unit=_any_unit(row.unit_id),
            role=row.role,
            visit_start=row.visit_start,
            visit_end=row.visit_end,
            expected=row.expected,
            attended_in_person=row.attended_in_person,
            attended_online=row.attended_online,
        )
        for row in rows
    ]


def _people(rows: list[PersonAtMeetingIn]) -> list[services.PersonIn]:
    out = []
    for row in rows:
        person = Person.objects.filter(pk=row.person_id).first()
        if person is None:
            raise DomainError(f"person {row.person_id} does not exist", field="people")
        position = None
        if row.position_id is not None:
            position = Position.objects.filter(pk=row.position_id).first()
            if position is None:
                raise DomainError(f"position {row.position_id} does not exist", field="people")
        out.append(services.PersonIn(person=person, role=row.role, position=position))
    return out


def _directives(request: HttpRequest, ids: list[int], codes: list[str], organiser) -> list:
    found = list(Directive.objects.filter(pk__in=ids))
    missing = set(ids) - {d.pk for d in found}
    if missing:
        raise DomainError(f"directive {min(missing)} does not exist", field="directive_ids")
    found += directives_for_codes(
        user=request.user, codes=codes, unit=organiser, field="directive_codes"
    )
    return list(dict.fromkeys(found))


def _detail(request: HttpRequest, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    meeting.visible_conclusions = selectors.conclusions_for(meeting=meeting, user=request.user)
    return meeting


# Meetings


@router.get("/meetings", response=list[MeetingOut], operation_id="meetings_meeting_list")
@paginate(LimitOffsetPagination)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilter]):
    """Meetings you can see, newest first."""
    directive = get_object_or_404(Directive, pk=filters.directive) if filters.directive else None
    return selectors.meeting_list(
        user=request.user,
        unit=_unit(request, filters.unit),
        kind=filters.kind,
        directive=directive,
        date_from=filters.date_from,
        date_to=filters.date_to,
        search=filters.search,
    )


@router.post("/meetings", response={201: MeetingDetailOut}, operation_id="meetings_meeting_create")
def meeting_create(request: HttpRequest, payload: MeetingIn):
    """Records a meeting of a unit (its editors), with units, people, directives, conclusions."""
    organiser = _unit(request, payload.organiser_id)
    meeting = services.meeting_create(
        actor=request.user,
        organiser=organiser,
        kind=payload.kind,
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        start_time=payload.start_time,
        end_time=payload.end_time,
        place=payload.place,
        online=payload.online,
        agenda=payload.agenda,
        summary=payload.summary,
        participations=_participations(payload.units),
        people=_people(payload.people),
        directives=_directives(request, payload.directive_ids, payload.directive_codes, organiser),
        conclusions=[
            services.ConclusionIn(
                text=c.text,
                addressed_to=_any_unit(c.addressed_to_id) if c.addressed_to_id else None,
            )
            for c in payload.conclusions
        ],
    )
    return Status(201, _detail(request, meeting.pk))


@router.get("/meetings/{pk}", response=MeetingDetailOut, operation_id="meetings_meeting_get")
def meeting_get(request: HttpRequest, pk: int, response: HttpResponse):
    """A meeting with its units, people, directives and the conclusions you may read."""
    meeting = _detail(request, pk)
    response["ETag"] = f'"{meeting.version}"'
    return meeting


@router.patch("/meetings/{pk}", response=MeetingDetailOut, operation_id="meetings_meeting_update")
def meeting_update(request: HttpRequest, pk: int, payload: MeetingPatch):
    """Changes a meeting; lists sent replace the recorded ones."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    data = payload.dict(exclude_unset=True)
    version = version_sent(request, data.pop("version", None))
    units = data.pop("units", None)
    people = data.pop("people", None)
    directive_ids = data.pop("directive_ids", None)
    services.meeting_update(
        actor=request.user,
        meeting=meeting,
        version=version,
        participations=None if units is None else _participations(payload.units),
        people=None if people is None else _people(payload.people),
        directives=None
        if directive_ids is None
        else _directives(request, directive_ids, [], meeting.organiser),
        **data,
    )
    return _detail(request, pk)


@router.delete("/meetings/{pk}", response={204: None}, operation_id="meetings_meeting_delete")
def meeting_delete(request: HttpRequest, pk: int, version: int | None = None):
    """Deletes a meeting; the tasks made from its conclusions stay in their programmes."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    services.meeting_delete(
        actor=request.user, meeting=meeting, version=version_sent(request, version)
    )
    return Status(204, None)


# Conclusions


def _conclusion(request: HttpRequest, pk: int) -> Conclusion:
    conclusion = get_object_or_404(Conclusion.objects.select_related("meeting__organiser"), pk=pk)
    meeting = selectors.meeting_get(user=request.user, pk=conclusion.meeting_id)
    if conclusion not in selectors.conclusions_for(meeting=meeting, user=request.user):
        raise Http404("not found")  # invisible: the same answer as missing
    return conclusion


@router.post(
    "/meetings/{pk}/conclusions",
    response={201: ConclusionOut},
    operation_id="meetings_conclusion_create",
)
def conclusion_create(request: HttpRequest, pk: int, payload: ConclusionIn):
    """Adds a conclusion to a meeting (the organiser's editors)."""
    meeting = selectors.meeting_get(user=request.user, pk=pk, action="edit")
    conclusion = services.conclusion_add(
        actor=request.user,
        meeting=meeting,
        text=payload.text,
        addressed_to=_any_unit(payload.addressed_to_id) if payload.addressed_to_id else None,
    )
    return Status(201, conclusion)


@router.delete("/conclusions/{pk}", response={204: None}, operation_id="meetings_conclusion_delete")
def conclusion_delete(request: HttpRequest, pk: int):
    """Removes a conclusion; tasks made from it stay."""
    conclusion = _conclusion(request, pk)
    services.conclusion_delete(actor=request.user, conclusion=conclusion)
    return Status(204, None)


@router.post(
    "/conclusions/{pk}/tasks",
    response={201: list[TaskRef]},
    operation_id="meetings_conclusion_tasks",
)
def conclusion_tasks(request: HttpRequest, pk: int, payload: ConclusionTasksIn):
    """Turns a conclusion into one task per unit, in the programmes of the meeting's year."""
    conclusion = _conclusion(request, pk)
    tasks = services.conclusion_to_tasks(
        actor=request.user,
        conclusion=conclusion,
        units=[_unit(request, unit_id) for unit_id in payload.unit_ids],
        title=payload.title,
        deadline=payload.deadline,
    )
    return Status(201, tasks)


# Calendar


@router.get("/calendar", response=list[CalendarEntryOut], operation_id="meetings_calendar_get")
def calendar_get(
    request: HttpRequest, unit: int, start: dt.date | None = None, end: dt.date | None = None
):
    """A unit's work calendar: its meetings and those it takes part in (default: this week)."""
    start = start or today() - dt.timedelta(days=today().weekday())
    end = end or start + dt.timedelta(days=6)
    if (end - start).days > 366:
        raise DomainError("at most one year at a time", field="end")
    return selectors.meeting_calendar(
        user=request.user, unit=_unit(request, unit), start=start, end=end
    )


# Directives: coverage and citations


@router.get("/directives/{pk}/coverage", response=CoverageOut, operation_id="meetings_coverage_get")
def coverage_get(request: HttpRequest, pk: int, unit: int, as_of: dt.date | None = None):
    """Which units of a subtree have studied the directive by a date, per child unit."""
    directive = directive_get(user=request.user, pk=pk)
    return selectors.directive_coverage(
        user=request.user,
        directive=directive,
        unit=_unit(request, unit),
        as_of=as_of or today(),
    )


@router.get(
    "/directives/{pk}/citations", response=CitationsOut, operation_id="meetings_citations_get"
)
def citations_get(request: HttpRequest, pk: int):
    """The meetings, study sessions and tasks you can see that cite the directive."""
    directive = directive_get(user=request.user, pk=pk)
    return selectors.directive_citations(user=request.user, directive=directive)
