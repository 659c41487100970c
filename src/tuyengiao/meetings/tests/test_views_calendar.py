"""The work calendar pages: the unit in context's meetings in week and month views, with its role
in each, and nothing of units outside it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.services import ParticipationIn, meeting_create

D = dt.date
MONDAY = D(2026, 3, 9)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def viewer(role_users):
    return role_users["viewer"]


def meeting(operator, organiser, title, day, *parts, **kw):
    return meeting_create(
        actor=operator,
        organiser=organiser,
        kind=kw.pop("kind", MeetingKind.BRIEFING),
        title=title,
        start_date=day,
        participations=[ParticipationIn(unit=u, role=r, **extra) for u, r, extra in parts],
        **kw,
    )


@pytest.fixture
def week(operator, tree):
    """A week of `own` (Mon 09/03/2026 – Sun 15/03/2026): its briefing with times, a central
    review it joins online, a visit to it, an invitation, and meetings that are not its own."""
    return {
        "briefing": meeting(
            operator,
            tree.own,
            "Giao ban tuyên giáo tháng 3",
            MONDAY,
            start_time=dt.time(8, 0),
            end_time=dt.time(11, 30),
            place="Hội trường Tỉnh ủy",
        ),
        "review": meeting(
            operator,
            tree.central,
            "Sơ kết công tác tuyên giáo",
            MONDAY + dt.timedelta(days=2),
            (tree.own, ParticipationRole.ONLINE_POINT, {}),
            start_time=dt.time(14, 0),
        ),
        "visit": meeting(
            operator,
            tree.central,
            "Đoàn công tác Trung ương làm việc",
            MONDAY + dt.timedelta(days=3),
            (
                tree.own,
                ParticipationRole.VISITED,
                {"visit_start": MONDAY + dt.timedelta(days=4)},
            ),
            end_date=MONDAY + dt.timedelta(days=5),
            kind=MeetingKind.WORKING_VISIT,
        ),
        "invited": meeting(
            operator,
            tree.sibling,
            "Hội thảo của tỉnh bạn",
            MONDAY + dt.timedelta(days=6),
            (tree.own, ParticipationRole.INVITED, {}),
            kind=MeetingKind.WORKSHOP,
        ),
        "child": meeting(operator, tree.child, "Giao ban huyện", MONDAY),
        "sibling": meeting(operator, tree.sibling, "Giao ban tỉnh bạn", MONDAY),
    }


def _entries(response):
    return {
        e.meeting.title: (day.date, e.role) for day in response.context["days"] for e in day.entries
    }


def test_week_shows_the_units_meetings_with_its_role_in_each(client, viewer, tree, week):
    client.force_login(viewer)
    response = client.get("/meetings/calendar/", {"date": "2026-03-11"})
    assert response.status_code == 200
    days = response.context["days"]
    assert [d.date for d in days] == [MONDAY + dt.timedelta(days=i) for i in range(7)]
    # The interface speaks Vietnamese first: the week reads Thứ Hai … Chủ nhật.
    assert [d.name for d in days] == [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ]
    entries = _entries(response)
    assert entries == {
        "Giao ban tuyên giáo tháng 3": (MONDAY, "organiser"),
        "Sơ kết công tác tuyên giáo": (MONDAY + dt.timedelta(days=2), "online_point"),
        # the visit shows on the visited unit's day, not the delegation's whole trip
        "Đoàn công tác Trung ương làm việc": (MONDAY + dt.timedelta(days=4), "visited"),
        "Hội thảo của tỉnh bạn": (MONDAY + dt.timedelta(days=6), "invited"),
    }
    html = response.content.decode()
    assert "08:00–11:30" in html
    assert 'data-role="online_point"' in html and "Điểm cầu trực tuyến" in html
    assert "Giao ban tỉnh bạn" not in html
    assert "Giao ban huyện" not in html  # the child's own briefing is on the child's calendar


def test_week_navigation_and_date_picker(client, viewer, week):
    client.force_login(viewer)
    response = client.get("/meetings/calendar/", {"date": "2026-03-15"})
    assert response.context["start"] == MONDAY
    html = response.content.decode()
    assert 'href="?date=2026-03-02"' in html and 'href="?date=2026-03-16"' in html
    # A mistyped date falls back to the as-of date rather than failing.
    assert client.get("/meetings/calendar/", {"date": "15/13/2026"}).status_code == 200
    # Without a date, the calendar opens on the week of the top bar's as-of date.
    response = client.get("/meetings/calendar/", {"as_of": "2026-03-12"})
    assert response.context["start"] == MONDAY


def test_a_unit_outside_the_users_subtrees_cannot_be_put_in_context(client, viewer, tree, week):
    client.force_login(viewer)
    response = client.get("/meetings/calendar/", {"date": "2026-03-09", "unit": tree.sibling.pk})
    assert response.context["unit"] == tree.own
    assert "Giao ban tỉnh bạn" not in _entries(response)


def test_a_child_unit_in_context_shows_its_own_calendar(client, viewer, tree, week):
    client.force_login(viewer)
    response = client.get("/meetings/calendar/", {"date": "2026-03-09", "unit": tree.child.pk})
    assert _entries(response) == {"Giao ban huyện": (MONDAY, "organiser")}


def test_month_is_a_grid_of_whole_weeks(client, viewer, week):
    client.force_login(viewer)
    response = client.get("/meetings/calendar/month/", {"month": "2026-03"})
    assert response.status_code == 200
    weeks = response.context["weeks"]
    # March 2026 starts on a Sunday: the grid opens on Monday 23/02 and closes on Sunday 05/04.
    assert weeks[0][0].date == D(2026, 2, 23) and weeks[-1][-1].date == D(2026, 4, 5)
    assert all(len(w) == 7 for w in weeks)
    assert not weeks[0][0].in_month and weeks[0][6].in_month
    on_day = {d.date: [e.role for e in d.entries] for w in weeks for d in w}
    assert on_day[MONDAY] == ["organiser"]
    assert on_day[D(2026, 3, 13)] == ["visited"]
    assert response.context["count"] == 4
    html = response.content.decode()
    assert 'href="?month=2026-02"' in html and 'href="?month=2026-04"' in html
    # ?date= works as well, and picks its month
    assert client.get("/meetings/calendar/month/", {"date": "2026-03-20"}).context["first"] == D(
        2026, 3, 1
    )


def test_calendar_needs_a_login(client):
    assert client.get("/meetings/calendar/").status_code == 302
    assert client.get("/meetings/calendar/month/").status_code == 302


def test_an_operator_without_a_unit_is_asked_to_choose_one(client, operator):
    client.force_login(operator)
    response = client.get("/meetings/calendar/")
    assert response.status_code == 200 and response.context["unit"] is None
