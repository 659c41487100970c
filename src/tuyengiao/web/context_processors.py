"""Template context for the top bar: as-of date and the units the user can switch between."""

from __future__ import annotations

from django.http import HttpRequest

from tuyengiao import access


def work_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from tuyengiao.orgunits.models import OrgUnit
    from tuyengiao.orgunits.selectors import orgunit_name_on

    grants = access.grants_for(user)
    own = list(
        OrgUnit.objects.filter(pk__in=[g.unit_id for g in grants.memberships]).order_by("path")
    )
    context_unit = None
    if request.unit_context_id:
        context_unit = (
            access.scope(OrgUnit.objects.all(), user).filter(pk=request.unit_context_id).first()
        )
    if context_unit is None and own:
        context_unit = own[0]
    if context_unit is not None:
        context_unit.name_on = orgunit_name_on(context_unit, request.as_of)
    return {
        "as_of": request.as_of,
        "as_of_is_today": request.as_of_is_today,
        "own_units": own,
        "context_unit": context_unit,
        "is_admin": user.is_superuser or any(g.role == "admin" for g in grants.memberships),
    }
