"""The home page: the dashboard of the unit in context."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuyengiao.web import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = selectors.context_unit(user=request.user, unit_id=request.unit_context_id)
    summary = selectors.dashboard_summary(user=request.user, as_of=request.as_of, unit=unit)
    # The modules' figures need one unit: the one in context, else a lone top unit (operators).
    focus = unit if unit is not None else (summary[0]["unit"] if len(summary) == 1 else None)
    board = (
        selectors.dashboard(user=request.user, unit=focus, as_of=request.as_of)
        if focus is not None
        else None
    )
    return render(request, "web/home.html", {"summary": summary, "board": board})
