"""The work context every page reads: the as-of date and the unit being looked at.

Both live in the session, so a leader who picks "as of 30/06/2020" keeps that date from page to
page; a `?as_of=` or `?unit=` in the address changes them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tuyengiao.core.dates import parse_date, today
from tuyengiao.core.exceptions import DomainError


class ContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        raw = request.GET.get("as_of")
        if raw is not None and session is not None:
            if raw == "":
                session.pop("as_of", None)
            else:
                # A mistyped date in the address keeps the previous one.
                with contextlib.suppress(DomainError):
                    session["as_of"] = parse_date(raw).isoformat()
        stored = session.get("as_of") if session is not None else None
        request.as_of = parse_date(stored) if stored else today()
        request.as_of_is_today = request.as_of == today()
        unit = request.GET.get("unit")
        if unit and unit.isdigit() and session is not None:
            session["unit"] = int(unit)
        request.unit_context_id = session.get("unit") if session is not None else None
        return self.get_response(request)
