"""Reads of the directive registry.

The registry is readable by every signed-in user, whatever their units: its records are party
documents that the issuing committees publish (a commune studies the Politburo's directive and its
province's resolution alike), so reads do not go through `access.scope`. Writes stay with the
editors of the keeping unit (services.py); anonymous users read nothing here (the public news
site has its own `*_public` selectors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.text import search_terms
from tuyengiao.directives.codes import CodeError, parse_code
from tuyengiao.directives.models import Directive
from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def directive_list(
    *,
    user: Any,
    search: str | None = None,
    doc_type: str | None = None,
    issuer: str | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[Directive]:
    """Registered documents, newest first, for every signed-in user (party documents are public).

    `search` matches diacritic-free ("chi thi 05", "tuyen truyen") on the type words, the code and
    the title; a code written any accepted way ("Chỉ thị số 5-CT/TW") also matches it exactly.
    `unit` keeps the documents registered by that unit.
    """
    if not _signed_in(user):
        return Directive.objects.none()
    qs = Directive.objects.select_related("unit")
    if search and search.strip():
        by_words = Q()
        for term in search_terms(search):
            by_words &= Q(search_name__contains=term)
        try:
            by_code = Q(code=parse_code(search).code)
        except CodeError:
            by_code = Q(pk__in=[])
        qs = qs.filter(by_words | by_code)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer:
        qs = qs.filter(issuer=issuer.strip().upper())
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("-issued_on", "code", "pk")


def directive_get(*, user: Any, pk: int, action: access.Action = "view") -> Directive:
    """One registered document (404 when there is none, or for anonymous users); with
    `action="edit"`, 403 unless the user edits its keeping unit."""
    if not _signed_in(user):
        raise Http404("not found")
    directive = Directive.objects.select_related("unit").filter(pk=pk).first()
    if directive is None:
        raise Http404("not found")
    if action != "view":
        access.require(user, action, directive.unit)
    return directive


def ancestor_paths(path: str) -> list[str]:
    """The tree paths of a unit and its ancestors, nearest first ("0001/0004/" → itself, "0001/")."""
    width = PATH_SEGMENT_WIDTH + 1
    return [path[:end] for end in range(len(path), 0, -width)]


def directive_resolve(
    *, user: Any, code: str, unit: OrgUnit, on: dt.date | None = None
) -> Directive | None:
    """The registered document a unit means by `code` (typed any accepted way): the one kept by
    `unit` itself or by its nearest ancestor. Codes are not unique nationally ("11-NQ/TU" exists in
    every province), so the tree decides which one; central documents ("…/TW") are kept by the
    central unit at the root, which is every unit's ancestor.

    When the keeping unit registered the code for several terms, the latest issued on or before
    `on` (default: the latest) is taken. None when the code is malformed or not registered.
    """
    if not _signed_in(user):
        return None
    try:
        normalised = parse_code(code).code
    except CodeError:
        return None
    paths = ancestor_paths(unit.path)
    candidates = Directive.objects.filter(code=normalised, unit__path__in=paths).select_related(
        "unit"
    )
    if on is not None:
        candidates = candidates.filter(Q(issued_on__isnull=True) | Q(issued_on__lte=on))
    rank = {path: i for i, path in enumerate(paths)}
    best: Directive | None = None
    for directive in candidates:  # a code is kept by a handful of units at most
        key = (rank[directive.unit.path], -(directive.issued_on or dt.date.min).toordinal())
        if best is None or key < (
            rank[best.unit.path],
            -(best.issued_on or dt.date.min).toordinal(),
        ):
            best = directive
    return best


def directives_for_codes(
    *, user: Any, codes: list[str], unit: OrgUnit, on: dt.date | None = None, field: str
) -> list[Directive]:
    """The registered documents a unit means by codes typed any accepted way, each once, in order
    (see directive_resolve). A malformed code is refused with the suggested repair in
    `extra["suggestion"]`; an unregistered one is refused by name. `field` names the input."""
    found: list[Directive] = []
    for raw in codes:
        try:
            code = parse_code(raw).code
        except CodeError as exc:
            extra = {"suggestion": exc.suggestion} if exc.suggestion else {}
            raise DomainError(str(exc), field=field, extra=extra) from None
        directive = directive_resolve(user=user, code=code, unit=unit, on=on)
        if directive is None:
            raise DomainError(
                _("%(code)s is not in the directive registry of %(unit)s or the units above it.")
                % {"code": code, "unit": unit.name},
                field=field,
            )
        if directive not in found:
            found.append(directive)
    return found
