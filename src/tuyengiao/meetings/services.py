"""Writes to meetings: record, change and delete a meeting with its units, people, directives and
conclusions; turn a conclusion into tasks; a user's calendar feed address.

Every function checks rights through access.py (the organiser's editors write), validates the
whole input before it writes, writes in one transaction with an audit row, and refuses with a
DomainError naming the field at fault. Nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.text import fold
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.models import (
    CalendarFeed,
    Conclusion,
    Meeting,
    MeetingPerson,
    Participation,
)
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.models import Person, Position
from tuyengiao.programmes.models import Task
from tuyengiao.programmes.services import task_assign

MEETING_FIELDS = [
    "organiser",
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
EDITABLE_FIELDS = set(MEETING_FIELDS) - {"organiser"}


@dataclass(frozen=True)
class ParticipationIn:
    """A unit taking part: its role, the days of a visit, and head counts for a study session."""

    unit: OrgUnit
    role: str = ParticipationRole.PARTICIPANT
    visit_start: dt.date | None = None
    visit_end: dt.date | None = None
    expected: int | None = None
    attended_in_person: int | None = None
    attended_online: int | None = None


@dataclass(frozen=True)
class PersonIn:
    """A person at the meeting; `position` defaults to the one they held on the first day."""

    person: Person
    role: str = PersonRole.CHAIR
    position: Position | None = None


@dataclass(frozen=True)
class ConclusionIn:
    text: str
    addressed_to: OrgUnit | None = None


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _valid_on(unit: OrgUnit, day: dt.date) -> bool:
    return unit.valid_from <= day and (unit.valid_to is None or unit.valid_to >= day)


# Validation: the whole input is checked before anything is written.


def _validate_meeting(meeting: Meeting) -> None:
    meeting.search_name = fold(f"{meeting.title} {meeting.place}")[:800]
    if meeting.kind not in MeetingKind.values:
        raise DomainError(_("Unknown kind '%(value)s'.") % {"value": meeting.kind}, field="kind")
    if not meeting.title.strip():
        raise DomainError(_("The title is required."), field="title")
    for field in ("title", "place"):
        limit = Meeting._meta.get_field(field).max_length
        if len(getattr(meeting, field)) > limit:
            raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field=field)
    if meeting.end_date < meeting.start_date:
        raise DomainError(
            _("The meeting ends (%(end)s) before it starts (%(start)s).")
            % {"end": _fmt(meeting.end_date), "start": _fmt(meeting.start_date)},
            field="end_date",
        )
    if (
        meeting.end_date == meeting.start_date
        and meeting.start_time
        and meeting.end_time
        and meeting.end_time < meeting.start_time
    ):
        raise DomainError(_("The meeting ends before it starts."), field="end_time")
    if not _valid_on(meeting.organiser, meeting.start_date):
        raise DomainError(
            _("%(unit)s did not exist on %(day)s.")
            % {"unit": meeting.organiser.name, "day": _fmt(meeting.start_date)},
            field="organiser",
        )


def _validate_participations(meeting: Meeting, rows: Sequence[ParticipationIn]) -> None:
    seen: set[tuple[int, str]] = set()
    for row in rows:
        label = row.unit.name
        if row.role not in ParticipationRole.values:
            raise DomainError(_("Unknown role '%(value)s'.") % {"value": row.role}, field="units")
        if (row.unit.pk, row.role) in seen:
            raise DomainError(
                _("%(unit)s is listed twice in the same role.") % {"unit": label}, field="units"
            )
        seen.add((row.unit.pk, row.role))
        first = row.visit_start or meeting.start_date
        last = row.visit_end or row.visit_start or meeting.end_date
        if row.role == ParticipationRole.VISITED:
            if last < first:
                raise DomainError(
                    _("The visit to %(unit)s ends before it starts.") % {"unit": label},
                    field="visit_end",
                )
            if first < meeting.start_date or last > meeting.end_date:
                raise DomainError(
                    _("The visit to %(unit)s falls outside the meeting's dates %(start)s–%(end)s.")
                    % {
                        "unit": label,
                        "start": _fmt(meeting.start_date),
                        "end": _fmt(meeting.end_date),
                    },
                    field="visit_start",
                )
        elif row.visit_start or row.visit_end:
            raise DomainError(
                _("Visit dates belong to visited units only (%(unit)s).") % {"unit": label},
                field="visit_start",
            )
        if not (_valid_on(row.unit, first) and _valid_on(row.unit, last)):
            if row.role == ParticipationRole.ONLINE_POINT:
                message = _("The online point %(unit)s was not a unit on %(day)s.")
            else:
                message = _("%(unit)s was not a unit on %(day)s.")
            raise DomainError(message % {"unit": label, "day": _fmt(first)}, field="units")
        for field in ("expected", "attended_in_person", "attended_online"):
            value = getattr(row, field)
            if value is not None and value < 0:
                raise DomainError(_("Head counts cannot be negative."), field=field)
        attended = (row.attended_in_person or 0) + (row.attended_online or 0)
        if row.expected is not None and attended > row.expected:
            raise DomainError(
                _("%(unit)s: %(attended)s attended, more than the %(expected)s expected.")
                % {"unit": label, "attended": attended, "expected": row.expected},
                field="attended_in_person",
            )


def _people_rows(meeting: Meeting, rows: Sequence[PersonIn]) -> list[MeetingPerson]:
    """The MeetingPerson rows to write, each chair and speaker with the position they held on
    the meeting's first day (a person cannot chair in a role they did not hold)."""
    day = meeting.start_date
    held: dict[int, list[Position]] = {}
    for pos in Position.objects.filter(person__in=[r.person for r in rows]).select_related("unit"):
        if pos.held_on(day):
            held.setdefault(pos.person_id, []).append(pos)
    out: list[MeetingPerson] = []
    seen: set[tuple[int, str]] = set()
    for order, row in enumerate(rows):
        if row.role not in PersonRole.values:
            raise DomainError(_("Unknown role '%(value)s'.") % {"value": row.role}, field="people")
        if (row.person.pk, row.role) in seen:
            raise DomainError(
                _("%(person)s is listed twice in the same role.") % {"person": row.person},
                field="people",
            )
        seen.add((row.person.pk, row.role))
        options = held.get(row.person.pk, [])
        position = row.position
        if position is not None:
            if position.person_id != row.person.pk:
                raise DomainError(
                    _("That position is not %(person)s's.") % {"person": row.person},
                    field="people",
                )
            if position not in options:
                raise DomainError(
                    _("%(person)s did not hold the position %(title)s on %(day)s.")
                    % {"person": row.person, "title": position.title, "day": _fmt(day)},
                    field="people",
                )
        elif options:
            position = options[0]
        elif row.role in (PersonRole.CHAIR, PersonRole.SPEAKER):
            raise DomainError(
                _(
                    "%(person)s held no position on %(day)s; record their position first "
                    "(chairs and speakers appear in their official role)."
                )
                % {"person": row.person, "day": _fmt(day)},
                field="people",
            )
        out.append(
            MeetingPerson(
                meeting=meeting, person=row.person, position=position, role=row.role, order=order
            )
        )
    return out


def _directives(actor: Any, directives: Iterable[Directive]) -> list[Directive]:
    # The registry holds public party documents: any signed-in user may cite any of them.
    directives = list(directives)
    if directives and not (actor is not None and actor.is_authenticated):
        raise DomainError(_("Unknown directive."), field="directives")
    return directives


def _validate_conclusions(meeting: Meeting, rows: Sequence[ConclusionIn]) -> None:
    for row in rows:
        if not row.text.strip():
            raise DomainError(_("A conclusion needs its text."), field="conclusions")
        if row.addressed_to is not None and not _valid_on(row.addressed_to, meeting.start_date):
            raise DomainError(
                _("%(unit)s was not a unit on %(day)s.")
                % {"unit": row.addressed_to.name, "day": _fmt(meeting.start_date)},
                field="conclusions",
            )


def _study_rows(meeting: Meeting, rows: Sequence[ParticipationIn]) -> list[ParticipationIn]:
    """A study session counts for the units that attended it; the organiser's own cadres attend
    the session it holds, so it is listed as a participant unless the input already does."""
    if meeting.kind != MeetingKind.STUDY_SESSION:
        return list(rows)
    if any(
        r.unit.pk == meeting.organiser.pk and r.role == ParticipationRole.PARTICIPANT for r in rows
    ):
        return list(rows)
    return [ParticipationIn(unit=meeting.organiser), *rows]


def _write_nested(
    meeting: Meeting,
    *,
    participations: Sequence[ParticipationIn] | None,
    people: list[MeetingPerson] | None,
    directives: list[Directive] | None,
    conclusions: Sequence[ConclusionIn] | None,
) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    if participations is not None:
        before = sorted(
            f"{p.unit} ({p.role})" for p in meeting.participations.select_related("unit")
        )
        meeting.participations.all().delete()
        Participation.objects.bulk_create(
            Participation(
                meeting=meeting,
                unit=row.unit,
                role=row.role,
                visit_start=row.visit_start
                if row.role != ParticipationRole.VISITED
                else row.visit_start or meeting.start_date,
                visit_end=row.visit_end
                if row.role != ParticipationRole.VISITED
                else row.visit_end or row.visit_start or meeting.end_date,
                expected=row.expected,
                attended_in_person=row.attended_in_person,
                attended_online=row.attended_online,
            )
            for row in participations
        )
        after = sorted(f"{row.unit} ({row.role})" for row in participations)
        if before != after:
            changes["units"] = [before, after]
    if people is not None:
        before = [str(p) for p in meeting.people.select_related("person")]
        meeting.people.all().delete()
        MeetingPerson.objects.bulk_create(people)
        after = [str(p) for p in people]
        if before != after:
            changes["people"] = [before, after]
    if directives is not None:
        before = sorted(meeting.directives.values_list("code", flat=True))
        meeting.directives.set(directives)
        after = sorted(d.code for d in directives)
        if before != after:
            changes["directives"] = [before, after]
    if conclusions is not None:
        start = meeting.conclusions.count()
        Conclusion.objects.bulk_create(
            Conclusion(
                meeting=meeting,
                order=start + i,
                text=row.text.strip(),
                addressed_to=row.addressed_to,
            )
            for i, row in enumerate(conclusions)
        )
        if conclusions:
            changes["conclusions"] = [None, [row.text.strip()[:80] for row in conclusions]]
    return changes


# Meetings


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    organiser: OrgUnit,
    kind: str,
    title: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
    online: bool = False,
    agenda: str = "",
    summary: str = "",
    participations: Sequence[ParticipationIn] = (),
    people: Sequence[PersonIn] = (),
    directives: Iterable[Directive] = (),
    conclusions: Sequence[ConclusionIn] = (),
) -> Meeting:
    """Records a meeting of `organiser` (its editors) with the units that took part, the people
    who chaired and spoke, the directives it cited and its conclusions. A study session must cite
    the directive(s) it studied."""
    access.require(actor, "edit", organiser)
    meeting = Meeting(
        organiser=organiser,
        kind=kind,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date or start_date,
        start_time=start_time,
        end_time=end_time,
        place=place.strip(),
        online=online or any(p.role == ParticipationRole.ONLINE_POINT for p in participations),
        agenda=agenda.strip(),
        summary=summary.strip(),
        updated_by=user_or_none(actor),
    )
    _validate_meeting(meeting)
    rows = _study_rows(meeting, participations)
    _validate_participations(meeting, rows)
    cited = _directives(actor, directives)
    if kind == MeetingKind.STUDY_SESSION and not cited:
        raise DomainError(
            _("A study session names the directive or resolution it studied."), field="directives"
        )
    _validate_conclusions(meeting, conclusions)
    person_rows = _people_rows(meeting, people)
    meeting.save(force_insert=True)
    for row in person_rows:
        row.meeting = meeting
    changes = diff({}, snapshot(meeting, MEETING_FIELDS))
    changes.update(
        _write_nested(
            meeting,
            participations=rows,
            people=person_rows,
            directives=cited,
            conclusions=conclusions,
        )
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=meeting, unit=organiser, changes=changes
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    version: int,
    participations: Sequence[ParticipationIn] | None = None,
    people: Sequence[PersonIn] | None = None,
    directives: Iterable[Directive] | None = None,
    **changes: Any,
) -> Meeting:
    """Changes a meeting. Lists given (units, people, directives) replace the recorded ones;
    lists left out stay. Refused, with who saved and when, if someone saved it since `version`."""
    access.require(actor, "edit", meeting.organiser)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    current = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .get(pk=meeting.pk)
    )
    check_version(current, version)
    before = snapshot(current, MEETING_FIELDS)
    for field, value in changes.items():
        setattr(current, field, value.strip() if isinstance(value, str) else value)
    _validate_meeting(current)
    if participations is not None:
        rows: list[ParticipationIn] | None = _study_rows(current, participations)
    else:
        # New dates must still hold the recorded visits and units.
        rows = None
        _validate_participations(
            current,
            [
                ParticipationIn(
                    unit=p.unit,
                    role=p.role,
                    visit_start=p.visit_start,
                    visit_end=p.visit_end,
                    expected=p.expected,
                    attended_in_person=p.attended_in_person,
                    attended_online=p.attended_online,
                )
                for p in current.participations.select_related("unit")
            ],
        )
    if rows is not None:
        _validate_participations(current, rows)
    cited = _directives(actor, directives) if directives is not None else None
    study = current.kind == MeetingKind.STUDY_SESSION
    if study and not (cited if cited is not None else current.directives.exists()):
        raise DomainError(
            _("A study session names the directive or resolution it studied."), field="directives"
        )
    if people is None:
        person_input = [
            PersonIn(person=mp.person, role=mp.role, position=mp.position)
            for mp in current.people.select_related("person", "position")
        ]
        # Re-check the recorded people only when the day moved: their positions must still hold.
        person_rows = None
        if current.start_date != meeting.start_date or "start_date" in changes:
            _people_rows(current, person_input)
    else:
        person_rows = _people_rows(current, people)
    save_new_version(current, actor=actor)
    audit = diff(before, snapshot(current, MEETING_FIELDS))
    audit.update(
        _write_nested(
            current,
            participations=rows,
            people=person_rows,
            directives=cited,
            conclusions=None,
        )
    )
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, unit=current.organiser, changes=audit
    )
    return current


@transaction.atomic
def meeting_delete(*, actor: Any, meeting: Meeting, version: int) -> None:
    """Deletes a meeting with its units, people and conclusions. The tasks its conclusions became
    stay in their programmes (they are the units' work now), only the link goes."""
    access.require(actor, "edit", meeting.organiser)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(current, version)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=current,
        unit=meeting.organiser,
        changes={k: [v, None] for k, v in snapshot(current, MEETING_FIELDS).items()},
    )
    current.delete()


# Conclusions


@transaction.atomic
def conclusion_add(
    *, actor: Any, meeting: Meeting, text: str, addressed_to: OrgUnit | None = None
) -> Conclusion:
    """Adds a conclusion, optionally addressed to one unit (a visited district sees it)."""
    access.require(actor, "edit", meeting.organiser)
    row = ConclusionIn(text=text, addressed_to=addressed_to)
    _validate_conclusions(meeting, [row])
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        order=meeting.conclusions.count(),
        text=text.strip(),
        addressed_to=addressed_to,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        unit=meeting.organiser,
        changes={"conclusions": [None, conclusion.text[:80]]},
    )
    return conclusion


@transaction.atomic
def conclusion_delete(*, actor: Any, conclusion: Conclusion) -> None:
    """Removes a conclusion; tasks made from it stay in their programmes."""
    meeting = conclusion.meeting
    access.require(actor, "edit", meeting.organiser)
    Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        unit=meeting.organiser,
        changes={"conclusions": [conclusion.text[:80], None]},
    )
    conclusion.delete()


@transaction.atomic
def conclusion_to_tasks(
    *,
    actor: Any,
    conclusion: Conclusion,
    units: Sequence[OrgUnit] = (),
    title: str = "",
    deadline: dt.date | None = None,
) -> list[Task]:
    """Turns a conclusion into tasks in one action: one task in the programme of the meeting's
    year of each unit chosen (by default the unit it is addressed to, else the organiser), linked
    both ways (conclusion.tasks / task.conclusions) and citing the meeting's directives."""
    meeting = conclusion.meeting
    targets = list(units) or [conclusion.addressed_to or meeting.organiser]
    tasks = task_assign(
        actor=actor,
        assigning_unit=meeting.organiser,
        units=targets,
        year=meeting.start_date.year,
        title=title.strip() or conclusion.text,
        source=_("Conclusion of %(meeting)s, %(day)s")
        % {"meeting": meeting.title, "day": _fmt(meeting.start_date)},
        deadline=deadline,
        on=max(meeting.end_date, dt.date(meeting.start_date.year, 1, 1))
        if meeting.end_date.year == meeting.start_date.year
        else None,
    )
    conclusion.tasks.add(*tasks)
    cited = list(meeting.directives.all())
    if cited:
        for task in tasks:
            task.directives.add(*cited)
    return tasks


# Calendar feed


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any) -> CalendarFeed:
    """The user's private iCal feed (made on first request)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: Any) -> CalendarFeed:
    """A new feed address; the old one stops working at once (a leaked address is revoked)."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)
