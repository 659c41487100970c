"""Reads of users and memberships, scoped by access.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from tuyengiao import access
from tuyengiao.accounts.models import Membership, User


def membership_list(
    *, user: Any, action: access.Action = "manage", unit: Any = None
) -> QuerySet[Membership]:
    """Memberships in units where `user` may `action` (admins: their subtree)."""
    qs = access.scope(Membership.objects.all(), user, action).select_related("user", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def user_list(*, user: Any, unit: Any = None) -> QuerySet[User]:
    """Users holding a role somewhere the actor administers (within `unit`'s subtree when given),
    each with just the memberships the actor may see."""
    managed = membership_list(user=user)
    if unit is not None:
        managed = managed.filter(unit__path__startswith=unit.path)
    return (
        User.objects.filter(memberships__in=managed)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=managed, to_attr="managed_memberships"))
        .order_by("username")
    )


def user_get(*, user: Any, pk: int) -> User:
    """A user the actor administers (404 for anybody else, as if they did not exist)."""
    from django.http import Http404

    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found


def user_get_for_membership(*, user: Any, pk: int) -> User:
    """A user an admin may give another role: one they administer already (operators: anyone).

    A user of another subtree stays invisible (404): an operator links people across subtrees.
    """
    if user.is_superuser:
        from django.shortcuts import get_object_or_404

        return get_object_or_404(User, pk=pk, is_active=True)
    return user_get(user=user, pk=pk)


def role_unit_choices(*, user: Any, as_of: Any, include: Any = None) -> list:
    """Units offered when giving a role: those the admin manages, valid on `as_of`, down to the
    district level (the commune level alone holds thousands), plus `include` (a unit id the admin
    came from, e.g. a commune's page) when they manage it."""
    from tuyengiao.orgunits.choices import Level
    from tuyengiao.orgunits.models import OrgUnit

    managed = access.scope(OrgUnit.objects.valid_on(as_of), user, "manage")
    units = list(managed.exclude(level=Level.COMMUNE).order_by("path"))
    if include and str(include).isdigit() and all(u.pk != int(include) for u in units):
        extra = access.scope(OrgUnit.objects.all(), user, "manage").filter(pk=int(include)).first()
        if extra is not None:
            units.insert(0, extra)
    return units
