"""The private iCal feed: what calendar apps receive, whose meetings it holds, and revocation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.core.dates import today
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole
from tuyengiao.meetings.models import CalendarFeed
from tuyengiao.meetings.services import (
    ParticipationIn,
    calendar_feed_get_or_create,
    meeting_create,
)
from tuyengiao.testing import UserFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def member(tree):
    """A viewer of `own` only."""
    user = UserFactory(username="can.bo", full_name="Cán bộ Tuyên Quang")
    Membership.objects.create(user=user, unit=tree.own, role=Role.VIEWER)
    return user


def _meeting(operator, organiser, title, day, *parts, **kw):
    return meeting_create(
        actor=operator,
        organiser=organiser,
        kind=kw.pop("kind", MeetingKind.BRIEFING),
        title=title,
        start_date=day,
        participations=[ParticipationIn(unit=u, role=r) for u, r in parts],
        **kw,
    )


@pytest.fixture
def meetings(operator, tree):
    soon = today() + dt.timedelta(days=7)
    return {
        "timed": _meeting(
            operator,
            tree.own,
            "Giao ban công tác tuyên giáo, dân vận; tháng tới",
            soon,
            start_time=dt.time(8, 0),
            end_time=dt.time(11, 30),
            place="Hội trường A, Tỉnh ủy",
        ),
        "visit": _meeting(
            operator,
            tree.own,
            "Đoàn công tác làm việc với các huyện",
            soon,
            end_date=soon + dt.timedelta(days=3),
            kind=MeetingKind.WORKING_VISIT,
        ),
        "online": _meeting(
            operator,
            tree.central,
            "Sơ kết công tác tuyên giáo 6 tháng",
            soon + dt.timedelta(days=1),
            (tree.own, ParticipationRole.ONLINE_POINT),
        ),
        "child": _meeting(operator, tree.child, "Giao ban huyện", soon),
        "sibling": _meeting(operator, tree.sibling, "Giao ban tỉnh bạn", soon),
        "old": _meeting(operator, tree.own, "Giao ban năm ngoái", today() - dt.timedelta(days=200)),
    }


def _events(response) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_feed_parses_back_with_the_users_meetings(client, member, meetings, tree):
    feed = calendar_feed_get_or_create(user=member)
    response = client.get(f"/meetings/ical/{feed.token}.ics")  # no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert set(events) == {
        "Giao ban công tác tuyên giáo, dân vận; tháng tới",
        "Đoàn công tác làm việc với các huyện",
        "Sơ kết công tác tuyên giáo 6 tháng",
    }
    timed = events["Giao ban công tác tuyên giáo, dân vận; tháng tới"]
    m = meetings["timed"]
    assert str(timed["uid"]) == f"meeting-{m.pk}@tuyengiao"
    assert timed["dtstart"].dt == dt.datetime.combine(m.start_date, dt.time(8, 0), tzinfo=HCM)
    assert timed["dtend"].dt == dt.datetime.combine(m.start_date, dt.time(11, 30), tzinfo=HCM)
    assert str(timed["location"]) == "Hội trường A, Tỉnh ủy"
    description = str(timed["description"])
    assert tree.own.name in description
    assert f"/meetings/{m.pk}/" in description
    # An untimed four-day visit is an all-day event whose DTEND is the day after its last day.
    visit = events["Đoàn công tác làm việc với các huyện"]
    v = meetings["visit"]
    assert visit["dtstart"].dt == v.start_date and not isinstance(visit["dtstart"].dt, dt.datetime)
    assert visit["dtend"].dt == v.end_date + dt.timedelta(days=1)
    raw = response.content.decode()
    assert "DTSTART;VALUE=DATE:" in raw and "DTSTART;TZID=Asia/Ho_Chi_Minh:" in raw
    assert "BEGIN:VTIMEZONE" in raw


def test_feed_holds_only_the_meetings_of_the_users_own_units(client, member, meetings):
    # Not the child's briefing (below the user's unit but not theirs), not another province's,
    # not one older than 90 days.
    feed = calendar_feed_get_or_create(user=member)
    events = _events(client.get(f"/meetings/ical/{feed.token}.ics"))
    assert not {"Giao ban huyện", "Giao ban tỉnh bạn", "Giao ban năm ngoái"} & set(events)
    other = UserFactory()
    Membership.objects.create(user=other, unit=meetings["sibling"].organiser, role=Role.VIEWER)
    events = _events(
        client.get(f"/meetings/ical/{calendar_feed_get_or_create(user=other).token}.ics")
    )
    assert set(events) == {"Giao ban tỉnh bạn"}


def test_the_uid_stays_when_the_meeting_changes(client, member, meetings, operator):
    from tuyengiao.meetings.services import meeting_update

    m = meetings["timed"]
    meeting_update(actor=operator, meeting=m, version=m.version, title="Giao ban (dời giờ)")
    feed = calendar_feed_get_or_create(user=member)
    event = _events(client.get(f"/meetings/ical/{feed.token}.ics"))["Giao ban (dời giờ)"]
    assert str(event["uid"]) == f"meeting-{m.pk}@tuyengiao"
    assert int(event["sequence"]) == 1


def test_unknown_token_is_404(client, db):
    assert client.get("/meetings/ical/not-a-token.ics").status_code == 404


def test_an_inactive_users_feed_stops(client, member, meetings):
    feed = calendar_feed_get_or_create(user=member)
    member.is_active = False
    member.save()
    assert client.get(f"/meetings/ical/{feed.token}.ics").status_code == 404


def test_regenerating_revokes_the_old_address(client, member, meetings):
    client.force_login(member)
    response = client.get("/meetings/ical/")
    assert response.status_code == 200
    old = CalendarFeed.objects.get(user=member).token
    assert f"/meetings/ical/{old}.ics" in response.context["feed_url"]
    assert response.context["webcal_url"].startswith("webcal://")
    response = client.post("/meetings/ical/")
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=member).token
    assert new != old
    client.logout()
    assert client.get(f"/meetings/ical/{old}.ics").status_code == 404
    assert client.get(f"/meetings/ical/{new}.ics").status_code == 200


def test_feed_settings_need_a_login_and_show_only_ones_own_address(client, member):
    assert client.get("/meetings/ical/").status_code == 302
    assert client.post("/meetings/ical/").status_code == 302
    assert not CalendarFeed.objects.exists()
    other = UserFactory()
    theirs = calendar_feed_get_or_create(user=other)
    client.force_login(member)
    response = client.get("/meetings/ical/")
    assert theirs.token not in response.content.decode()
    client.post("/meetings/ical/")
    assert CalendarFeed.objects.get(user=other).token == theirs.token
