"""Template context for the top bar: the as-of date and the unit the user is looking at."""

from __future__ import annotations

from django.http import HttpRequest

from tuyengiao import access
from tuyengiao.accounts.choices import Role
from tuyengiao.orgunits.selectors import orgunit_name_on
from tuyengiao.web import selectors


def work_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unit = selectors.context_unit(user=user, unit_id=request.unit_context_id)
    if unit is not None:
        unit.name_on = orgunit_name_on(unit, request.as_of)
    return {
        "as_of": request.as_of,
        "as_of_is_today": request.as_of_is_today,
        "own_units": selectors.own_units(user=user),
        "context_unit": unit,
        "is_admin": user.is_superuser
        or any(g.role == Role.ADMIN for g in access.grants_for(user).memberships),
    }
