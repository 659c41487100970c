"""/api/v1/dashboard: the overview page's figures for one unit on a day."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router

from tuyengiao.core.dates import today
from tuyengiao.orgunits.selectors import orgunit_get
from tuyengiao.web import selectors
from tuyengiao.web.schemas import DashboardOut

router = Router(tags=["dashboard"])


@router.get("/dashboard", response=DashboardOut, operation_id="web_dashboard_get")
def dashboard_get(request: HttpRequest, unit: int, as_of: dt.date | None = None):
    """The unit's overview on `as_of` (default today): the year's tasks, the reports it owes for
    the period just ended and those waiting for the user, the completeness of the units below per
    form, the week's meetings, the latest published news. 404 outside the user's subtrees."""
    return selectors.dashboard(
        user=request.user, unit=orgunit_get(user=request.user, pk=unit), as_of=as_of or today()
    )
