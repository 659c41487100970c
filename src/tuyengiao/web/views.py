"""The home page: the dashboard of the unit in context."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuyengiao.web import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {"summary": selectors.dashboard_summary(user=request.user, as_of=request.as_of)},
    )
