"""Reads behind the top bar and the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from tuyengiao import access
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_roots


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
        rows.append({"unit": root, "counts": counts})
    return rows
