"""Reads the meeting pages need beyond selectors.py: which unit a person meant by a code or a few
words, which directives a list of codes names, which officials and units the forms offer, the units
a conclusion's tasks may go to, and a meeting's audit history.

A meeting's participating units may lie outside the user's subtree (a cluster briefing of six
provinces, a central review with online points in every province), and the services accept any
unit valid on the day; so a unit is looked up in the whole organisation chart, whose names and
codes are the public administrative lists. Nothing else about such a unit is shown.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.core.selectors import audit_list
from tuyengiao.core.text import search_terms
from tuyengiao.directives.models import Directive
from tuyengiao.directives.selectors import ancestor_paths, directives_for_codes
from tuyengiao.meetings.models import Conclusion, Meeting
from tuyengiao.orgunits.models import OrgUnit, subtree_q, valid_on_q
from tuyengiao.people.models import Person, Position
from tuyengiao.programmes.selectors import handdown_targets

# A datalist suggestion reads "CODE — Name": the code before the dash is what counts.
SUGGESTION_DASH = " — "
MAX_CANDIDATES = 6
_CODE_SEPARATORS = re.compile(r"[,;\n]+")


def unit_label(unit: OrgUnit) -> str:
    return f"{unit.code}{SUGGESTION_DASH}{unit.name}"


def unit_resolve(*, text: str, on: dt.date, field: str = "unit") -> OrgUnit:
    """The unit meant by `text`: an exact code ("P-92", or a suggestion "P-92 — Ban …"), else the
    one unit valid on `on` whose name holds every word (diacritic-free: "ninh kieu" finds "Ninh
    Kiều"). Several matches are refused with the candidates, so the person types the code."""
    raw = text.strip()
    if not raw:
        raise DomainError(_("Type a unit's code or name."), field=field)
    code = raw.split(SUGGESTION_DASH, 1)[0].strip()
    by_code = list(OrgUnit.objects.filter(code__iexact=code).order_by("-valid_from")[:2])
    if by_code:
        return by_code[0]
    terms = search_terms(raw)
    if not terms:
        raise DomainError(_("Type a unit's code or name."), field=field)
    q = valid_on_q(on)
    for term in terms:
        q &= Q(search_name__contains=term)
    found = list(OrgUnit.objects.filter(q).order_by("path")[: MAX_CANDIDATES + 1])
    if len(found) == 1:
        return found[0]
    if not found:
        raise DomainError(
            _("No unit valid on %(day)s matches '%(text)s'.")
            % {"day": on.strftime("%d/%m/%Y"), "text": raw},
            field=field,
        )
    names = "; ".join(f"{u.name} ({u.code})" for u in found[:MAX_CANDIDATES])
    more = "…" if len(found) > MAX_CANDIDATES else ""
    raise DomainError(
        _("Several units match '%(text)s': %(names)s%(more)s. Type the code.")
        % {"text": raw, "names": names, "more": more},
        field=field,
    )


def unit_suggestions(*, organiser: OrgUnit, on: dt.date) -> list[OrgUnit]:
    """Units offered in the form's list: the organiser and its children valid on `on` (the usual
    participants and visited units); any other unit can still be typed by code or name."""
    return list(
        OrgUnit.objects.filter(
            Q(pk=organiser.pk) | (Q(parent=organiser) & valid_on_q(on))
        ).order_by("path")
    )


def split_codes(text: str) -> list[str]:
    return [part.strip() for part in _CODE_SEPARATORS.split(text or "") if part.strip()]


def directives_resolve(
    *, user: Any, text: str, unit: OrgUnit, on: dt.date | None
) -> list[Directive]:
    """The registered documents named by the form's list of codes ("05-CT/TW, 208-QĐ/TW")."""
    return directives_for_codes(
        user=user, codes=split_codes(text), unit=unit, on=on, field="directives"
    )


def people_choices(*, organiser: OrgUnit, extra_ids: list[int] = ()) -> list[Person]:
    """Officials the form offers: those holding (or having held) a position in the organiser's
    subtree or in a unit above it (the province leader who chairs a district's meeting), plus
    those already recorded on the meeting."""
    in_reach = Q(unit__path__in=ancestor_paths(organiser.path)) | subtree_q(
        "unit__path", organiser.path, vendor=connection.vendor
    )
    holders = Position.objects.filter(in_reach).values("person_id")
    return list(
        Person.objects.filter(Q(pk__in=holders) | Q(pk__in=list(extra_ids))).order_by(
            "full_name", "pk"
        )
    )


def position_choices(*, people: list[Person]) -> list[Position]:
    """The positions of the people offered, for the optional "in the position" select."""
    return list(
        Position.objects.filter(person__in=people)
        .select_related("person", "unit")
        .order_by("person__full_name", "-valid_from", "pk")
    )


def task_unit_choices(*, user: Any, meeting: Meeting, conclusion: Conclusion) -> list[OrgUnit]:
    """Units a conclusion's tasks may go to: the organiser, its children alive in the meeting's
    year, and the unit the conclusion is addressed to when it lies deeper in the subtree (a
    visited commune). task_assign refuses anything outside the organiser's subtree."""
    organiser = meeting.organiser
    units = [
        organiser,
        *handdown_targets(user=user, unit=organiser, year=meeting.start_date.year, mode="children"),
    ]
    target = conclusion.addressed_to
    if (
        target is not None
        and target.path.startswith(organiser.path)
        and all(u.pk != target.pk for u in units)
    ):
        units.append(target)
    return units


def meeting_history(*, user: Any, meeting: Meeting, limit: int = 50) -> list[AuditEntry]:
    """The meeting's audit entries, newest first, for the admins of its organiser (the audit
    trail's readers); empty for everyone else."""
    if not access.can(user, "manage", meeting):
        return []
    return list(
        audit_list(user=user, unit=meeting.organiser)
        .filter(object_type__app_label="meetings", object_type__model="meeting")
        .filter(object_id=str(meeting.pk))
        .order_by("-at", "-pk")[:limit]
    )
