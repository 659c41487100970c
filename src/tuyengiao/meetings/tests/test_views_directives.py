"""The directive's page: the record, what cites it, and the coverage of its study sessions over
the viewer's unit in context, as of the top bar's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.services import ParticipationIn, meeting_create
from tuyengiao.testing import UserFactory

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def directive(tree):
    return DirectiveFactory(unit=tree.central, code="05-CT/TW", title="Về đẩy mạnh học tập")


def study(operator, organiser, directive, day, unit, expected, attended, title):
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
                role=ParticipationRole.PARTICIPANT,
                expected=expected,
                attended_in_person=attended,
            )
        ],
    )


@pytest.fixture
def sessions(operator, tree, directive):
    return {
        "own": study(
            operator,
            tree.child,
            directive,
            D(2026, 3, 2),
            tree.child,
            1200,
            1150,
            "Học tập ở huyện",
        ),
        "late": study(
            operator, tree.deeper, directive, D(2026, 9, 1), tree.deeper, 40, 40, "Học tập ở xã"
        ),
        "other": study(
            operator, tree.other, directive, D(2026, 3, 5), tree.other, 300, 240, "Học tập ở thị xã"
        ),
        "briefing": meeting_create(
            actor=operator,
            organiser=tree.own,
            kind=MeetingKind.BRIEFING,
            title="Giao ban có nhắc Chỉ thị 05",
            start_date=D(2026, 3, 9),
            directives=[directive],
        ),
    }


def _get(client, directive, **params):
    return client.get(f"/directives/{directive.pk}/", params)


def test_page_shows_the_record_citations_and_coverage(
    client, role_users, tree, directive, sessions
):
    client.force_login(role_users["viewer"])
    response = _get(client, directive, as_of="2026-06-30")
    assert response.status_code == 200
    assert directive.get_absolute_url() == f"/directives/{directive.pk}/"
    coverage = response.context["coverage"]
    assert coverage.unit == tree.own and coverage.as_of == D(2026, 6, 30)
    [(child, counts)] = coverage.children
    # the commune's session of September is after the date: not counted
    assert child == tree.child and counts.sessions == 1 and counts.units == 1
    assert (counts.expected, counts.attended) == (1200, 1150)
    citations = response.context["citations"]
    assert [m.title for m in citations.study_sessions] == ["Học tập ở xã", "Học tập ở huyện"]
    assert [m.title for m in citations.meetings] == ["Giao ban có nhắc Chỉ thị 05"]
    html = response.content.decode()
    assert "30/06/2026" in html
    assert "1.200" in html and "1.150" in html and "95,8%" in html  # Vietnamese number style
    assert "Học tập ở thị xã" not in html  # another province's session


def test_a_viewer_of_another_province_sees_only_their_subtree(client, tree, directive, sessions):
    viewer = UserFactory()
    Membership.objects.create(user=viewer, unit=tree.other_province, role=Role.VIEWER)
    client.force_login(viewer)
    response = _get(client, directive, as_of="2026-06-30")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert coverage.unit == tree.other_province
    assert [u for u, _c in coverage.children] == [tree.other]
    assert (coverage.subtree.expected, coverage.subtree.attended) == (300, 240)
    assert coverage.subtree.rate == 80.0
    citations = response.context["citations"]
    assert [m.title for m in citations.study_sessions] == ["Học tập ở thị xã"]
    assert citations.meetings == []
    html = response.content.decode()
    assert tree.child.name not in html and "1.200" not in html
    # Drilling into a unit outside their subtree is a 404, as if it did not exist.
    assert _get(client, directive, within=tree.own.pk).status_code == 404
    assert _get(client, directive, within=tree.other.pk).status_code == 200


def test_drilling_down_and_the_not_yet_list(client, role_users, tree, directive, sessions):
    client.force_login(role_users["viewer"])
    response = _get(client, directive, as_of="2026-06-30", within=tree.child.pk)
    coverage = response.context["coverage"]
    assert coverage.unit == tree.child
    assert coverage.own.sessions == 1
    assert coverage.not_yet == [tree.deeper]
    assert response.context["up"] == tree.own
    assert 'data-testid="coverage-not-yet"' in response.content.decode()
    # Later in the year the commune has studied it too.
    response = _get(client, directive, as_of="2026-10-01", within=tree.child.pk)
    assert response.context["coverage"].not_yet == []
    assert response.context["coverage"].subtree.sessions == 2


def test_unknown_directive_is_404_and_anonymous_users_log_in(client, role_users, directive):
    assert _get(client, directive).status_code == 302
    client.force_login(role_users["viewer"])
    assert client.get("/directives/999999/").status_code == 404


def test_the_registry_pages_still_answer_beside_it(client, role_users, directive):
    client.force_login(role_users["viewer"])
    assert client.get("/directives/").status_code == 200
