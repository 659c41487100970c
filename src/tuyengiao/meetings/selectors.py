"""Reads of meetings: lists, a unit's calendar, a user's feed, what cites a directive, and the
coverage of a directive's study sessions over a subtree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Substr

from tuyengiao import access
from tuyengiao.core.text import search_terms
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.models import Conclusion, Meeting, MeetingPerson, Participation
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit, subtree_q, valid_on_q
from tuyengiao.programmes.models import Task


def _overlapping(qs: QuerySet[Meeting], start: dt.date, end: dt.date) -> QuerySet[Meeting]:
    return qs.filter(start_date__lte=end, end_date__gte=start)


def meeting_list(
    *,
    user: Any,
    unit: OrgUnit | None = None,
    kind: str | None = None,
    directive: Directive | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> QuerySet[Meeting]:
    """Meetings the user can see, newest first: with `unit`, those organised in its subtree or
    that a unit of its subtree took part in."""
    qs = access.scope(Meeting.objects.all(), user)
    if unit is not None:
        vendor = connection.vendor
        taking_part = Participation.objects.filter(
            subtree_q("unit__path", unit.path, vendor=vendor)
        ).values("meeting_id")
        qs = qs.filter(
            subtree_q("organiser__path", unit.path, vendor=vendor) | Q(pk__in=taking_part)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if directive is not None:
        qs = qs.filter(directives=directive)
    if date_from is not None:
        qs = qs.filter(end_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(start_date__lte=date_to)
    for term in search_terms(search):
        qs = qs.filter(search_name__contains=term)
    return qs.select_related("organiser")


def meeting_get(*, user: Any, pk: int, action: access.Action = "view") -> Meeting:
    """One meeting with its units, people and conclusions; 404 outside the user's view."""
    qs = Meeting.objects.select_related("organiser").prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("unit")),
        Prefetch(
            "people", queryset=MeetingPerson.objects.select_related("person", "position__unit")
        ),
        Prefetch(
            "conclusions",
            queryset=Conclusion.objects.select_related("addressed_to").prefetch_related(
                Prefetch("tasks", queryset=Task.objects.select_related("programme__unit"))
            ),
        ),
        "directives",
    )
    return access.get_for_user(qs, user, action, pk=pk)


def conclusions_for(*, meeting: Meeting, user: Any) -> list[Conclusion]:
    """The conclusions the user may read: all of them for the organiser's side; for a visited or
    participating unit's people, those addressed to their subtree or to no one in particular."""
    conclusions = list(meeting.conclusions.all())
    if access.allowed(user, "view", meeting.organiser.path):
        return conclusions
    return [
        c
        for c in conclusions
        if c.addressed_to is None or access.allowed(user, "view", c.addressed_to.path)
    ]


# Calendar


@dataclass(frozen=True)
class CalendarEntry:
    meeting: Meeting
    role: str  # "organiser" or a ParticipationRole value
    day_start: dt.date
    day_end: dt.date


def meeting_calendar(
    *, user: Any, unit: OrgUnit, start: dt.date, end: dt.date
) -> list[CalendarEntry]:
    """The unit's work calendar between `start` and `end`: the meetings it organises and those it
    takes part in (invited, connected online, visited: a visit shows on the visited unit's days).
    One query for the unit's own roles in meetings of the period, one for the meetings, one for
    their organisers.

    The roles come first and the meetings are then "organised by the unit, or one of these ids":
    two index lookups. An OR with a subquery instead (`pk IN (SELECT …)`) makes PostgreSQL read
    every meeting of the period and hash all the unit's participations of every year
    (bench/bench_meetings.py: 10x slower on a province's month over 100k meetings)."""
    access.get_for_user(OrgUnit.objects.all(), user, "view", pk=unit.pk)
    roles: dict[int, Participation] = {
        p.meeting_id: p
        for p in Participation.objects.filter(
            unit=unit, meeting__start_date__lte=end, meeting__end_date__gte=start
        )
    }
    meetings = list(
        _overlapping(Meeting.objects.all(), start, end)
        .filter(Q(organiser=unit) | Q(pk__in=list(roles)))
        # Not a join: PostgreSQL overestimates the meetings of a date range (start and end
        # bounds taken as independent) and would hash every unit for a month's few organisers.
        .prefetch_related("organiser")
        .order_by("start_date", "start_time", "pk")
    )
    entries = []
    for meeting in meetings:
        part = roles.get(meeting.pk)
        if meeting.organiser_id == unit.pk or part is None:
            entries.append(
                CalendarEntry(meeting, "organiser", meeting.start_date, meeting.end_date)
            )
            continue
        if part.role == ParticipationRole.VISITED and part.visit_start:
            day_start, day_end = part.visit_start, part.visit_end or part.visit_start
            if day_end < start or day_start > end:
                continue
        else:
            day_start, day_end = meeting.start_date, meeting.end_date
        entries.append(CalendarEntry(meeting, part.role, day_start, day_end))
    return entries


def meeting_feed(*, user: Any, start: dt.date, end: dt.date) -> QuerySet[Meeting]:
    """A user's iCal feed: meetings between the dates of the units the user belongs to, organised
    by them or with them taking part (not every meeting of their subtree: a province admin's
    phone would fill with every commune's briefings)."""
    from tuyengiao.accounts.models import Membership

    units = Membership.objects.filter(user=user).values("unit_id")
    taking_part = Participation.objects.filter(unit_id__in=units).values("meeting_id")
    return (
        _overlapping(Meeting.objects.all(), start, end)
        .filter(Q(organiser_id__in=units) | Q(pk__in=taking_part))
        .select_related("organiser")
        .order_by("start_date", "pk")
    )


# Directives: what cites them, and the coverage of their study sessions


@dataclass(frozen=True)
class Citations:
    meetings: list[Meeting]
    study_sessions: list[Meeting]
    tasks: list[Task]


def directive_citations(*, user: Any, directive: Directive, limit: int = 200) -> Citations:
    """The meetings, study sessions and tasks citing the directive that the user can see."""
    meetings = list(
        access.scope(Meeting.objects.filter(directives=directive), user)
        .select_related("organiser")
        .order_by("-start_date", "-pk")[:limit]
    )
    tasks = list(
        access.scope(Task.objects.filter(directives=directive), user)
        .select_related("programme__unit")
        .order_by("-programme__year", "programme__unit__path", "number", "pk")[:limit]
    )
    return Citations(
        meetings=[m for m in meetings if m.kind != MeetingKind.STUDY_SESSION],
        study_sessions=[m for m in meetings if m.kind == MeetingKind.STUDY_SESSION],
        tasks=tasks,
    )


@dataclass
class CoverageCounts:
    """Study of one directive in a branch of the tree: units that attended a session, sessions
    attended, head counts. `rate` is attended / expected over the rows that give both."""

    units: int = 0
    sessions: int = 0
    expected: int = 0
    attended: int = 0
    attended_online: int = 0

    def add(self, other: CoverageCounts) -> None:
        self.units += other.units
        self.sessions += other.sessions
        self.expected += other.expected
        self.attended += other.attended
        self.attended_online += other.attended_online

    @property
    def held(self) -> bool:
        return self.sessions > 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.attended / self.expected, 1) if self.expected else None


@dataclass
class Coverage:
    directive: Directive
    unit: OrgUnit
    as_of: dt.date
    own: CoverageCounts
    subtree: CoverageCounts
    children: list[tuple[OrgUnit, CoverageCounts]] = field(default_factory=list)

    @property
    def not_yet(self) -> list[OrgUnit]:
        return [unit for unit, counts in self.children if not counts.held]

    @property
    def children_held(self) -> int:
        return sum(1 for _, counts in self.children if counts.held)


def coverage_rows(*, directive: Directive, unit: OrgUnit, as_of: dt.date) -> QuerySet:
    """The attendance rows a coverage counts: units of the subtree taking part (in person or as an
    online point) in a study session citing the directive held on or before `as_of`."""
    return Participation.objects.filter(
        subtree_q("unit__path", unit.path, vendor=connection.vendor),
        role__in=(ParticipationRole.PARTICIPANT, ParticipationRole.ONLINE_POINT),
        meeting__kind=MeetingKind.STUDY_SESSION,
        meeting__start_date__lte=as_of,
        meeting__in=Meeting.directives.through.objects.filter(directive=directive).values(
            "meeting_id"
        ),
    )


def _coverage_counts(
    *, directive: Directive, unit: OrgUnit, as_of: dt.date, width: int
) -> tuple[dict[str, CoverageCounts], int]:
    """The coverage counts per branch (the first `width` characters of the unit path) and the
    number of distinct sessions over all branches, in one statement.

    The rows are selected by the ORM (`coverage_rows`, the one definition of what counts) and
    read once as a common table expression; both the grouped counts and the distinct sessions come
    from it. Two ORM statements instead would join the attendance rows twice (a session attended by
    two branches is one session of the subtree, so the total cannot be summed from the branches).
    """
    rows = (
        coverage_rows(directive=directive, unit=unit, as_of=as_of)
        .annotate(branch=Substr("unit__path", 1, width))
        .values_list(
            "branch",
            "unit_id",
            "meeting_id",
            "expected",
            "attended_in_person",
            "attended_online",
        )
        .order_by()
    )
    inner, params = rows.query.sql_with_params()
    # The columns by the names the ORM gives them ("AS branch", "AS unit_id", ...).
    statement = f"""WITH r AS ({inner})
        SELECT branch, COUNT(DISTINCT unit_id), COUNT(DISTINCT meeting_id), SUM(expected),
            SUM(attended_in_person), SUM(attended_online)
        FROM r GROUP BY branch
        UNION ALL SELECT NULL, 0, COUNT(DISTINCT meeting_id), 0, 0, 0 FROM r"""
    by_branch: dict[str, CoverageCounts] = {}
    sessions = 0
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for branch, units, n, expected, in_person, online in cursor.fetchall():
            if branch is None:
                sessions = n
                continue
            by_branch[branch] = CoverageCounts(
                units=units,
                sessions=n,
                expected=expected or 0,
                attended=(in_person or 0) + (online or 0),
                attended_online=online or 0,
            )
    return by_branch, sessions


def directive_coverage(
    *, user: Any, directive: Directive, unit: OrgUnit, as_of: dt.date
) -> Coverage:
    """Which units of `unit`'s subtree have studied the directive by `as_of`, per child unit:
    units that took part, sessions, expected and attended head counts and the attendance rate,
    and the children that have not yet held a session.

    One statement for the counts: rows are grouped by the first path segment below the unit (the
    unit's own rows form one group, each child's subtree another), with the subtree's distinct
    sessions beside them. Units count once per branch however many sessions they attended. The
    user must be able to see `unit`; everything counted lies in it.
    """
    access.get_for_user(OrgUnit.objects.all(), user, "view", pk=unit.pk)
    width = len(unit.path) + PATH_SEGMENT_WIDTH + 1
    by_branch, sessions = _coverage_counts(directive=directive, unit=unit, as_of=as_of, width=width)
    own = by_branch.pop(unit.path, CoverageCounts())
    subtree = CoverageCounts()
    subtree.add(own)
    children_units = OrgUnit.objects.filter(
        Q(path__in=list(by_branch)) | (Q(parent=unit) & valid_on_q(as_of))
    ).order_by("path")
    children = []
    for child in children_units:
        counts = by_branch.get(child.path, CoverageCounts())
        subtree.add(counts)
        children.append((child, counts))
    subtree.sessions = sessions
    return Coverage(
        directive=directive, unit=unit, as_of=as_of, own=own, subtree=subtree, children=children
    )
