"""Reads of the tree of units. Every selector takes the user and starts from access.scope()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tuyengiao import access
from tuyengiao.core.text import search_terms
from tuyengiao.orgunits.models import (
    LineageLink,
    OrgUnit,
    OrgUnitName,
    Reorganisation,
    subtree_q,
    valid_on_q,
)


def with_name_on(qs: QuerySet[OrgUnit], day: dt.date) -> QuerySet[OrgUnit]:
    """Annotates `name_on` and `parent_name_on`: the names the unit and its parent bore on `day`
    (a former name, or the current one), so a 2020 page does not show 2025 names."""

    def former(unit_ref: str):
        names = OrgUnitName.objects.filter(unit=OuterRef(unit_ref), valid_to__gte=day).order_by(
            "valid_to"
        )
        return Subquery(names.values("name")[:1])

    # The parent's current name by subquery, not a join: a query that does not ask for
    # `parent_name_on` (the API, counts) then pays nothing for it.
    parent_name = OrgUnit.objects.filter(pk=OuterRef("parent_id")).values("name")[:1]
    return qs.annotate(
        name_on=Coalesce(former("pk"), "name"),
        parent_name_on=Coalesce(former("parent_id"), Subquery(parent_name)),
    )


def orgunit_list(
    *,
    user: Any,
    as_of: dt.date | None = None,
    level: str | None = None,
    parent: OrgUnit | None = None,
    subtree_of: OrgUnit | None = None,
    query: str = "",
) -> QuerySet[OrgUnit]:
    """Units the user can see, filtered: valid on `as_of` (all dates when None), at `level`,
    children of `parent`, inside the subtree of `subtree_of`, and whose current or former names
    hold every word of `query` without regard to diacritics ("dong trieu" finds "Đông Triều")."""
    # One Q and one filter(): each QuerySet.filter() clones the query, which on a hot page costs
    # more than the indexed query itself.
    q = Q()
    if as_of is not None:
        q &= valid_on_q(as_of)
    if level:
        q &= Q(level=level)
    if parent is not None:
        q &= Q(parent=parent)
    if subtree_of is not None:
        q &= subtree_q("path", subtree_of.path, vendor=connection.vendor)
    for term in search_terms(query):
        q &= Q(search_name__contains=term)
    qs = access.scope(OrgUnit.objects.all(), user, "view").filter(q).order_by("path")
    return with_name_on(qs, as_of) if as_of is not None else qs


def orgunit_get(*, user: Any, pk: int, action: access.Action = "view") -> OrgUnit:
    """One unit the user can see (404 otherwise), checked for `action`."""
    return access.get_for_user(OrgUnit.objects.select_related("parent"), user, action, pk=pk)


def orgunit_name_on(unit: OrgUnit, day: dt.date) -> str:
    """The name the unit bore on `day`."""
    former = unit.former_names.filter(valid_to__gte=day).order_by("valid_to").first()
    return former.name if former else unit.name


def orgunit_children(*, user: Any, unit: OrgUnit, as_of: dt.date) -> QuerySet[OrgUnit]:
    """The unit's children valid on `as_of` that the user can see."""
    return orgunit_list(user=user, as_of=as_of, parent=unit)


def orgunit_roots(*, user: Any, as_of: dt.date) -> list[OrgUnit]:
    """Where a user's tree starts: the topmost visible units valid on `as_of`.

    For most users these are their membership units (and the closed predecessors they may read);
    for operators, the root of the whole tree.
    """
    visible = orgunit_list(user=user, as_of=as_of)
    if user.is_superuser:
        return list(visible.filter(parent__isnull=True))
    grants = access.grants_for(user)
    tops = sorted(
        {
            p
            for p in grants.view_paths
            if not any(p != q and p.startswith(q) for q in grants.view_paths)
        }
    )
    if not tops:
        return []
    return list(visible.filter(path__in=tops))


def orgunit_ancestors(unit: OrgUnit, *, as_of: dt.date) -> list[OrgUnit]:
    """The unit's ancestors, root first, with their names on `as_of`, in one query over the path
    prefixes (no recursion)."""
    step = len(unit.path) // max(unit.depth, 1)
    prefixes = [unit.path[: step * i] for i in range(1, unit.depth)]
    return list(with_name_on(OrgUnit.objects.filter(path__in=prefixes), as_of).order_by("path"))


@dataclass
class Lineage:
    """Where a unit came from and where it went: direct reorganisations and the full chains."""

    came_from: list[LineageLink] = field(default_factory=list)
    went_into: list[LineageLink] = field(default_factory=list)
    renames: list[LineageLink] = field(default_factory=list)


def orgunit_lineage(*, unit: OrgUnit) -> Lineage:
    """The reorganisations the unit came from and went into, in date order.

    Linked units are listed even where the user cannot open them (a name is not a secret; the
    detail page of such a unit still answers 404).
    """
    links = (
        LineageLink.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        .select_related("reorganisation", "predecessor", "successor")
        .order_by("reorganisation__effective_date", "pk")
    )
    lineage = Lineage()
    for link in links:
        if link.predecessor_id == link.successor_id:
            lineage.renames.append(link)
        elif link.successor_id == unit.pk:
            lineage.came_from.append(link)
        else:
            lineage.went_into.append(link)
    return lineage


@dataclass(frozen=True)
class Mapping:
    """A share of an old unit that ended up in a unit valid on the target date.

    `share` is None when some split on the way recorded no share: the figure cannot be divided
    without guessing, and the page says so.
    """

    unit: OrgUnit
    share: Decimal | None


def orgunit_map_onto(*, unit: OrgUnit, as_of: dt.date) -> list[Mapping]:
    """Maps a unit onto the tree valid on `as_of` by following its successors forward.

    Shares multiply along the chain; a unit still valid maps onto itself with share 1; an
    unknown share anywhere makes the result unknown. Units that ended without a successor map
    nowhere (an empty list).
    """
    results: dict[int, Mapping] = {}
    frontier: list[tuple[OrgUnit, Decimal | None]] = [(unit, Decimal(1))]
    for _generation in range(20):  # chains are a few steps long; 20 guards against bad data
        if not frontier:
            break
        next_frontier: list[tuple[OrgUnit, Decimal | None]] = []
        for current, share in frontier:
            if current.is_valid_on(as_of):
                previous = results.get(current.pk)
                if previous is None:
                    results[current.pk] = Mapping(current, share)
                else:
                    total = (
                        None if previous.share is None or share is None else previous.share + share
                    )
                    results[current.pk] = Mapping(current, total)
                continue
            if as_of < current.valid_from:
                continue
            links = list(
                current.successor_links.exclude(successor=current).select_related("successor")
            )
            for link in links:
                sub = None if share is None or link.share is None else share * link.share
                next_frontier.append((link.successor, sub))
        frontier = next_frontier
    return sorted(results.values(), key=lambda m: m.unit.path)


def reorganisation_list(*, user: Any, unit: OrgUnit | None = None) -> QuerySet[Reorganisation]:
    """Reorganisations touching units the user can see (optionally, touching `unit`)."""
    visible = access.scope(OrgUnit.objects.all(), user, "view")
    qs = Reorganisation.objects.filter(
        Q(links__predecessor__in=visible) | Q(links__successor__in=visible)
    ).distinct()
    if unit is not None:
        qs = qs.filter(Q(links__predecessor=unit) | Q(links__successor=unit))
    return qs.prefetch_related("links__predecessor", "links__successor").order_by(
        "-effective_date", "-pk"
    )
