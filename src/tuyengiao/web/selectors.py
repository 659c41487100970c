"""Reads behind the top bar and the dashboard.

The dashboard gathers, for one unit on the as-of date, what a leader opens the system for: how the
year's tasks stand ("60/85"), the reports the unit owes and the reports waiting for the user's
decision, how the units below have handed in the report now due, this week's meetings and the
latest news. Each piece is one domain selector, so the dashboard shows exactly what the module's
own page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from tuyengiao import access
from tuyengiao.core.periods import Period
from tuyengiao.meetings.selectors import CalendarEntry, meeting_calendar
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.models import Article
from tuyengiao.news.selectors import article_list
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_name_on, orgunit_roots
from tuyengiao.programmes.selectors import TaskRollup, task_rollup
from tuyengiao.reports import selectors as reports
from tuyengiao.reports.models import Form

LATEST_NEWS = 5


def own_units(*, user: Any) -> list[OrgUnit]:
    """The units where the user holds a role: the choices of the top bar's unit picker."""
    ids = [g.unit_id for g in access.grants_for(user).memberships]
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


def context_unit(*, user: Any, unit_id: int | None) -> OrgUnit | None:
    """The unit being looked at: the one picked in the top bar if the user can see it, else the
    user's first own unit (operators without one: none, and pages start from the root)."""
    if unit_id:
        picked = access.scope(OrgUnit.objects.all(), user).filter(pk=unit_id).first()
        if picked is not None:
            return picked
    own = own_units(user=user)
    return own[0] if own else None


def dashboard_summary(*, user: Any, as_of: dt.date, unit: OrgUnit | None) -> list[dict]:
    """For the unit in context (or each top unit the user sees): its units per level on `as_of`,
    counted in one grouped query over the subtree."""
    roots = [unit] if unit is not None else orgunit_roots(user=user, as_of=as_of)
    rows = []
    for root in roots:
        subtree = access.scope(OrgUnit.objects.valid_on(as_of), user).subtree_of(root)
        counts = dict(subtree.order_by().values_list("level").annotate(n=Count("pk")))
        rows.append({"unit": root, "name": orgunit_name_on(root, as_of), "counts": counts})
    return rows


@dataclass(frozen=True)
class ReportProgress:
    """How the subtree has handed in one form for the period now due."""

    form: Form
    period: Period
    deadline: dt.date
    completeness: reports.Completeness


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    unit_name: str  # as on `as_of`: "Ban Tuyên giáo Tỉnh ủy Nghệ An" in 2020
    as_of: dt.date
    tasks: TaskRollup
    own_reports: list[reports.DueReport]
    to_decide: int
    progress: list[ReportProgress]
    week_start: dt.date
    week_end: dt.date
    meetings: list[CalendarEntry]
    news: list[Article]


def dashboard(*, user: Any, unit: OrgUnit, as_of: dt.date) -> Dashboard:
    """The unit's dashboard on `as_of`: the year's task roll-up, the unit's own reports due (the
    period just ended) and the reports waiting for the user, the completeness of the units below
    for each form they report, the week's meetings and the unit's latest published news."""
    access.require(user, "view", unit)
    own_forms = reports.forms_for_unit(user=user, unit=unit)
    own_reports = reports.reports_due(
        user=user,
        unit=unit,
        forms=own_forms,
        periods_of={f.pk: [reports.due_period(f, as_of)] for f in own_forms},
        day=as_of,
    )
    progress = []
    for form in reports.forms_within(user=user, unit=unit):
        period = reports.due_period(form, as_of)
        progress.append(
            ReportProgress(
                form=form,
                period=period,
                deadline=form.deadline_for(period),
                completeness=reports.completeness_of(
                    user=user, form=form, unit=unit, period=period
                ),
            )
        )
    monday = as_of - dt.timedelta(days=as_of.weekday())
    sunday = monday + dt.timedelta(days=6)
    return Dashboard(
        unit=unit,
        unit_name=orgunit_name_on(unit, as_of),
        as_of=as_of,
        tasks=task_rollup(user=user, unit=unit, as_of=as_of, period=Period.of_year(as_of.year)),
        own_reports=own_reports,
        to_decide=reports.submissions_to_decide(user=user).count(),
        progress=progress,
        week_start=monday,
        week_end=sunday,
        meetings=meeting_calendar(user=user, unit=unit, start=monday, end=sunday),
        news=list(article_list(user=user, unit=unit, status=ArticleStatus.PUBLISHED)[:LATEST_NEWS]),
    )
