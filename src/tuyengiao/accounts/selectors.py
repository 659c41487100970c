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


def user_list(*, user: Any) -> QuerySet[User]:
    """Users holding a role somewhere the actor administers, with just those memberships."""
    managed = membership_list(user=user)
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
