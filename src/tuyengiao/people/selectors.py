"""Reads of people and their positions.

Readable by every signed-in user, whatever their units: these are officials' public roles as the
organisation itself publishes them (name, title, unit, dates), which every unit needs in order to
record who chaired or spoke at its meetings. Nothing private is kept (see models.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tuyengiao import access
from tuyengiao.core.text import fold, search_terms
from tuyengiao.people.models import Person, Position


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _positions_prefetch() -> Prefetch:
    return Prefetch(
        "positions", queryset=Position.objects.select_related("unit").order_by("-valid_from", "-pk")
    )


def person_list(*, user: Any, search: str | None = None) -> QuerySet[Person]:
    """People by name, each with their positions (latest first); `search` is diacritic-free
    ("tran viet truong" finds "Trần Việt Trường")."""
    if not _signed_in(user):
        return Person.objects.none()
    qs = Person.objects.all()
    if search and search.strip():
        q = Q()
        for term in search_terms(search):
            q &= Q(search_name__contains=term)
        qs = qs.filter(q)
    return qs.prefetch_related(_positions_prefetch()).order_by("search_name", "pk")


def person_get(*, user: Any, pk: int) -> Person:
    """One person (404 when there is none, or for anonymous users)."""
    if not _signed_in(user):
        raise Http404("not found")
    person = Person.objects.prefetch_related(_positions_prefetch()).filter(pk=pk).first()
    if person is None:
        raise Http404("not found")
    return person


def position_list(*, person: Person) -> list[Position]:
    """The person's positions, current and past, latest first."""
    return list(person.positions.select_related("unit").order_by("-valid_from", "-pk"))


def position_get(*, user: Any, pk: int, action: access.Action = "view") -> Position:
    """One position; with `action="edit"`, 403 unless the user edits its unit."""
    if not _signed_in(user):
        raise Http404("not found")
    position = Position.objects.select_related("unit", "person").filter(pk=pk).first()
    if position is None:
        raise Http404("not found")
    if action != "view":
        access.require(user, action, position.unit)
    return position


def positions_held(*, person: Person, on: dt.date) -> list[Position]:
    """The positions the person held on `on` (from valid_from to valid_to, both included), in
    the order they took them: what a meeting names the person by that day. Empty when none."""
    return list(
        person.positions.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit")
        .order_by("valid_from", "pk")
    )


def person_find_or_none(*, full_name: str) -> Person | None:
    """The one person whose folded name is the folded `full_name` ("Tran Viet Truong" finds
    "Trần Việt Trường"). None when nobody, or more than one person (namesakes: a person chooses),
    has that name."""
    folded = fold(full_name or "")
    if not folded:
        return None
    found = list(Person.objects.filter(search_name=folded).order_by("pk")[:2])
    return found[0] if len(found) == 1 else None
