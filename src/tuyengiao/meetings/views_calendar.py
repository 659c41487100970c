"""The work calendar of the unit in context (week and month), and the private iCal feed.

The calendar starts from the as-of date of the top bar (a leader looking at 24/11/2020 sees that
week), or from `?date=`; the entries come from `selectors.meeting_calendar`, which checks that the
user can see the unit. The feed is the one page without a login: its address carries a token that
names the user (`CalendarFeed`), and an unknown token answers 404 like any missing page.
"""

from __future__ import annotations

import calendar as pycalendar
import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from tuyengiao.core.dates import parse_date, today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.meetings import ical, selectors, services
from tuyengiao.meetings.choices import ParticipationRole
from tuyengiao.meetings.selectors import CalendarEntry
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_name_on
from tuyengiao.web.selectors import context_unit

# Vietnamese calendars name the days "Thứ Hai" … "Chủ nhật"; the context keeps these apart from
# Django's own "Monday" (translated "Thứ 2").
WEEKDAYS = [
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
]
WEEKDAYS_SHORT = [
    pgettext_lazy("weekday short", "Mon"),
    pgettext_lazy("weekday short", "Tue"),
    pgettext_lazy("weekday short", "Wed"),
    pgettext_lazy("weekday short", "Thu"),
    pgettext_lazy("weekday short", "Fri"),
    pgettext_lazy("weekday short", "Sat"),
    pgettext_lazy("weekday short", "Sun"),
]
ROLE_LABELS = {
    "organiser": gettext_lazy("Organiser"),
    **{role.value: role.label for role in ParticipationRole},
}


@dataclass
class Day:
    date: dt.date
    name: str
    entries: list[CalendarEntry] = field(default_factory=list)
    in_month: bool = True
    is_today: bool = False


def _anchor(request: HttpRequest) -> dt.date:
    """The day the calendar opens on: `?date=` (or `?month=YYYY-MM`), else the as-of date."""
    raw_month = request.GET.get("month", "")
    if raw_month:
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(raw_month, "%Y-%m").date()
    try:
        return parse_date(request.GET.get("date"), field="date", default=request.as_of)
    except DomainError:
        return request.as_of


def _days(start: dt.date, end: dt.date, entries: list[CalendarEntry]) -> list[Day]:
    """One Day per date from start to end, each with the entries on it: untimed (all-day) ones
    first, then by start time. A multi-day meeting appears on each of its days."""
    now = today()
    days = []
    for offset in range((end - start).days + 1):
        date = start + dt.timedelta(days=offset)
        on_day = [e for e in entries if e.day_start <= date <= e.day_end]
        on_day.sort(
            key=lambda e: (e.meeting.start_time is not None, e.meeting.start_time or dt.time())
        )
        days.append(Day(date, str(WEEKDAYS[date.weekday()]), on_day, is_today=date == now))
    return days


def _calendar_context(request: HttpRequest) -> tuple[OrgUnit | None, dt.date]:
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    anchor = _anchor(request)
    if unit is not None:
        unit.name_on = orgunit_name_on(unit, anchor)  # "Ban Tuyên giáo Tỉnh ủy" in 2020
    return unit, anchor


def _entries(request: HttpRequest, unit: OrgUnit | None, start: dt.date, end: dt.date):
    if unit is None:
        return []
    return selectors.meeting_calendar(user=request.user, unit=unit, start=start, end=end)


@login_required
@require_GET
def calendar_week(request: HttpRequest) -> HttpResponse:
    """Seven columns, Monday to Sunday, of the unit's meetings with times and its role in each."""
    unit, anchor = _calendar_context(request)
    monday = anchor - dt.timedelta(days=anchor.weekday())
    sunday = monday + dt.timedelta(days=6)
    days = _days(monday, sunday, _entries(request, unit, monday, sunday))
    context = {
        "unit": unit,
        "days": days,
        "start": monday,
        "end": sunday,
        "anchor": anchor,
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "this_week": today(),
        "role_labels": ROLE_LABELS,
        "count": len({e.meeting.pk for d in days for e in d.entries}),
    }
    return render(request, "meetings/calendar_week.html", context)


@login_required
@require_GET
def calendar_month(request: HttpRequest) -> HttpResponse:
    """The month as a grid of weeks (Monday first); days of the neighbouring months are greyed."""
    unit, anchor = _calendar_context(request)
    first = anchor.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    grid_start = first - dt.timedelta(days=first.weekday())
    grid_end = last + dt.timedelta(days=6 - last.weekday())
    days = _days(grid_start, grid_end, _entries(request, unit, grid_start, grid_end))
    for day in days:
        day.in_month = day.date.month == first.month
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    context = {
        "unit": unit,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "weekday_names": WEEKDAYS,
        "weekday_short": WEEKDAYS_SHORT,
        "first": first,
        "anchor": anchor,
        "previous": previous,
        "next": last + dt.timedelta(days=1),
        "this_month": today(),
        "role_labels": ROLE_LABELS,
        "count": len({e.meeting.pk for d in days if d.in_month for e in d.entries}),
    }
    return render(request, "meetings/calendar_month.html", context)


# The private iCal feed


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token]))


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's meetings from 90 days ago to a year ahead as text/calendar, for calendar apps.
    No session: the token is the credential; an unknown or revoked token is a 404."""
    feed = ical.calendar_feed_get(token=token)
    if feed is None:
        raise Http404("unknown feed")
    start = today() - dt.timedelta(days=ical.FEED_PAST_DAYS)
    end = today() + dt.timedelta(days=ical.FEED_FUTURE_DAYS)
    meetings = selectors.meeting_feed(user=feed.user, start=start, end=end)
    # Calendar apps send no useful language: the feed speaks the interface's default language.
    with translation.override(settings.LANGUAGE_CODE):
        body = ical.meetings_to_ical(
            meetings,
            name=_("Work calendar · %(user)s") % {"user": feed.user.get_full_name() or feed.user},
            absolute_url=request.build_absolute_uri,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    # The address is a secret: no shared cache may keep it, and no search engine index it.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Shows the user's private feed address; POST makes a new one and revokes the old."""
    if request.method == "POST":
        return _calendar_feed_regenerate(request)
    feed = services.calendar_feed_get_or_create(user=request.user)
    url = _feed_url(request, feed.token)
    context = {
        "feed": feed,
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1],
    }
    return render(request, "meetings/calendar_feed_settings.html", context)


def _calendar_feed_regenerate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_regenerate(user=request.user)
    messages.success(
        request,
        _("A new address was made. The old one no longer works: subscribe again with the new one."),
    )
    return redirect("meetings:calendar_feed_settings")
