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
    return render(request, "web/home.html", {"summary": summary})
