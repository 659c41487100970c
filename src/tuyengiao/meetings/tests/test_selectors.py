"""Reads of meetings: the coverage of a directive's study sessions over a subtree, as of a date,
and a unit's calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.selectors import directive_coverage, meeting_calendar
from tuyengiao.meetings.services import ParticipationIn, meeting_create
from tuyengiao.orgunits.choices import Level, UnitKind
from tuyengiao.testing import UserFactory, make_unit

D = dt.date
AS_OF = D(2026, 6, 30)


@pytest.fixture
def directive(tree):
    return DirectiveFactory(unit=tree.central, code="05-CT/TW", title="Về đẩy mạnh học tập")


@pytest.fixture
def second_child(tree):
    """A second district under `own`, with a commune: two branches to compare."""
    district = make_unit(
        tree.own,
        "D2",
        level=Level.DISTRICT,
        name="Ban Tuyên giáo Huyện ủy Hàm Yên",
        valid_from=D(2025, 7, 1),
    )
    commune = make_unit(
        district,
        "C2",
        level=Level.COMMUNE,
        name="Đảng ủy xã Tân Thành",
        valid_from=D(2025, 7, 1),
        kind=UnitKind.PARTY_COMMITTEE,
    )
    return district, commune


def study(operator, organiser, directive, day, *rows, title="Hội nghị học tập Chỉ thị 05"):
    """A study session of `organiser` on `day`; rows are (unit, expected, in person, online)."""
    return meeting_create(
        actor=operator,
        organiser=organiser,
        kind=MeetingKind.STUDY_SESSION,
        title=title,
        start_date=day,
        directives=[directive],
        participations=[
            ParticipationIn(
                unit=unit,
                role=ParticipationRole.ONLINE_POINT if online else ParticipationRole.PARTICIPANT,
                expected=expected,
                attended_in_person=in_person,
                attended_online=online,
            )
            for unit, expected, in_person, online in rows
        ],
    )


def _coverage(operator, directive, unit, as_of=AS_OF):
    return directive_coverage(user=operator, directive=directive, unit=unit, as_of=as_of)


def _child(coverage, unit):
    return dict(coverage.children)[unit]


def test_a_unit_counts_once_per_branch_however_many_sessions_it_attended(operator, tree, directive):
    # The commune attends two sessions, its district one: the district's branch has two units.
    study(operator, tree.deeper, directive, D(2026, 3, 2), (tree.deeper, 40, 35, None))
    study(operator, tree.deeper, directive, D(2026, 4, 6), (tree.deeper, 40, 38, None))
    study(operator, tree.child, directive, D(2026, 4, 20), (tree.child, 20, 20, None))
    coverage = _coverage(operator, directive, tree.own)
    branch = _child(coverage, tree.child)
    assert branch.units == 2
    assert branch.sessions == 3
    assert branch.expected == 100 and branch.attended == 93
    assert coverage.subtree.units == 2


def test_sessions_after_the_as_of_date_are_not_counted(operator, tree, directive):
    study(operator, tree.child, directive, D(2026, 3, 2), (tree.child, 20, 18, None))
    study(operator, tree.child, directive, D(2026, 9, 1), (tree.child, 20, 20, None))
    assert _child(_coverage(operator, directive, tree.own), tree.child).sessions == 1
    before = _coverage(operator, directive, tree.own, as_of=D(2026, 3, 1))
    assert not _child(before, tree.child).held
    assert before.not_yet == [tree.child]
    assert before.subtree.sessions == 0 and before.subtree.rate is None


def test_rate_is_attended_in_person_and_online_over_expected(operator, tree, directive):
    study(operator, tree.child, directive, D(2026, 3, 2), (tree.child, 80, 50, 20))
    counts = _child(_coverage(operator, directive, tree.own), tree.child)
    assert counts.attended == 70 and counts.attended_online == 20
    assert counts.rate == 87.5


def test_not_yet_lists_the_children_without_a_session(operator, tree, directive, second_child):
    district, _commune = second_child
    study(operator, tree.deeper, directive, D(2026, 3, 2), (tree.deeper, 30, 30, None))
    coverage = _coverage(operator, directive, tree.own)
    assert [u for u, _c in coverage.children] == [tree.child, district]
    assert coverage.not_yet == [district]
    assert coverage.children_held == 1


def test_a_session_attended_by_two_children_counts_once_in_the_subtree_total(
    operator, tree, directive, second_child
):
    district, commune = second_child
    # The province holds one session with both districts connected online; one commune also
    # holds its own.
    study(
        operator,
        tree.own,
        directive,
        D(2026, 3, 2),
        (tree.child, 50, 0, 45),
        (district, 60, 0, 50),
    )
    study(operator, commune, directive, D(2026, 3, 9), (commune, 25, 25, None))
    coverage = _coverage(operator, directive, tree.own)
    assert _child(coverage, tree.child).sessions == 1
    assert _child(coverage, district).sessions == 2
    assert coverage.own.sessions == 1  # the organiser attends the session it holds
    assert coverage.subtree.sessions == 2  # not 1 + 1 + 2
    assert coverage.subtree.units == 4  # own, D1, D2, C2
    assert coverage.subtree.expected == 135 and coverage.subtree.attended == 120
    assert coverage.not_yet == []


def test_other_directives_and_other_kinds_are_not_counted(operator, tree, directive):
    other = DirectiveFactory(unit=tree.central, code="01-KL/TW")
    study(operator, tree.child, other, D(2026, 3, 2), (tree.child, 20, 20, None))
    meeting_create(
        actor=operator,
        organiser=tree.child,
        kind=MeetingKind.BRIEFING,
        title="Giao ban",
        start_date=D(2026, 3, 3),
        directives=[directive],
    )
    coverage = _coverage(operator, directive, tree.own)
    assert coverage.subtree.sessions == 0 and coverage.not_yet == [tree.child]


def test_coverage_counts_only_inside_the_unit_and_refuses_unseen_units(operator, tree, directive):
    study(operator, tree.child, directive, D(2026, 3, 2), (tree.child, 20, 20, None))
    study(operator, tree.other, directive, D(2026, 3, 2), (tree.other, 90, 90, None))
    viewer = UserFactory()
    Membership.objects.create(user=viewer, unit=tree.other_province, role=Role.VIEWER)
    mine = directive_coverage(
        user=viewer, directive=directive, unit=tree.other_province, as_of=AS_OF
    )
    assert mine.subtree.expected == 90
    assert [u for u, _c in mine.children] == [tree.other]
    with pytest.raises(Http404):
        directive_coverage(user=viewer, directive=directive, unit=tree.own, as_of=AS_OF)


# Calendar


def test_calendar_shows_a_visit_on_the_visited_units_days(operator, tree):
    meeting_create(
        actor=operator,
        organiser=tree.own,
        kind=MeetingKind.WORKING_VISIT,
        title="Đoàn công tác làm việc với các huyện",
        start_date=D(2026, 3, 2),
        end_date=D(2026, 3, 5),
        participations=[
            ParticipationIn(
                unit=tree.child,
                role=ParticipationRole.VISITED,
                visit_start=D(2026, 3, 4),
                visit_end=D(2026, 3, 4),
            )
        ],
    )
    [entry] = meeting_calendar(
        user=operator, unit=tree.child, start=D(2026, 3, 2), end=D(2026, 3, 8)
    )
    assert (entry.role, entry.day_start, entry.day_end) == ("visited", D(2026, 3, 4), D(2026, 3, 4))
    [entry] = meeting_calendar(user=operator, unit=tree.own, start=D(2026, 3, 2), end=D(2026, 3, 8))
    assert (entry.role, entry.day_start, entry.day_end) == (
        "organiser",
        D(2026, 3, 2),
        D(2026, 3, 5),
    )
