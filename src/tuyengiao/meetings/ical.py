"""The private iCal feed (RFC 5545): meetings in, text/calendar bytes out.

Built with the `icalendar` library, which does the escaping (commas and semicolons in Vietnamese
titles), line folding and the VTIMEZONE block. One VEVENT per meeting, with a UID that stays the
same across edits (`meeting-<pk>@tuyengiao`) so calendar apps update an event instead of adding a
second one. A meeting without a time is an all-day event (DTEND is the day after the last day,
as the RFC counts it); a timed one is in Vietnam's time zone, with its TZID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.meetings.models import CalendarFeed, Meeting

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 365
PRODID = "-//tuyengiao//Lich cong tac//VI"
# A timed meeting without an end time: an hour when it is one day, else until the end of the
# working day of its last day (a visit "from 25/2 to 28/2" from 8:00).
DEFAULT_LENGTH = dt.timedelta(hours=1)
END_OF_WORKING_DAY = dt.time(17, 0)


def calendar_feed_get(*, token: str) -> CalendarFeed | None:
    """The feed with this token, if its user is still active (a disabled account's feed stops)."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )


def event_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@tuyengiao"


def _times(meeting: Meeting, tz: ZoneInfo) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
    if meeting.start_time is None:
        return meeting.start_date, meeting.end_date + dt.timedelta(days=1)
    start = dt.datetime.combine(meeting.start_date, meeting.start_time, tzinfo=tz)
    if meeting.end_time is not None:
        end = dt.datetime.combine(meeting.end_date, meeting.end_time, tzinfo=tz)
    elif meeting.end_date == meeting.start_date:
        end = start + DEFAULT_LENGTH
    else:
        end = dt.datetime.combine(meeting.end_date, END_OF_WORKING_DAY, tzinfo=tz)
    return start, max(end, start)


def _url(meeting: Meeting, absolute_url: Callable[[str], str]) -> str | None:
    try:
        return absolute_url(meeting.get_absolute_url())
    except NoReverseMatch:  # the meeting pages are not mounted (an API-only deployment)
        return None


def meeting_event(
    meeting: Meeting, *, absolute_url: Callable[[str], str], tz: ZoneInfo
) -> icalendar.Event:
    """One VEVENT: title, place, dates, and a description naming the organiser and the page."""
    event = icalendar.Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", meeting.updated_at or timezone.now())
    if meeting.updated_at:
        event.add("last-modified", meeting.updated_at)
    start, end = _times(meeting, tz)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    location = meeting.place or (_("Online") if meeting.online else "")
    if location:
        event.add("location", location)
    event.add("categories", [meeting.get_kind_display()])
    lines = [_("Organiser: %(unit)s") % {"unit": meeting.organiser.name}]
    if meeting.online:
        lines.append(_("Online meeting"))
    url = _url(meeting, absolute_url)
    if url:
        lines.append(url)
        event.add("url", url)
    event.add("description", "\n".join(lines))
    event.add("sequence", max(meeting.version - 1, 0))
    return event


def meetings_to_ical(
    meetings: Iterable[Meeting], *, name: str, absolute_url: Callable[[str], str]
) -> bytes:
    """The VCALENDAR of the meetings, with the time zone block their timed events need."""
    tz = ZoneInfo(settings.TIME_ZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribing apps to refresh hourly (Google, Apple and Outlook each read one of these).
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, absolute_url=absolute_url, tz=tz))
    cal.add_missing_timezones()
    return cal.to_ical()
