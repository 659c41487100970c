"""Document numbers the way Party offices register them: "12-BC/BTGTU".

Number, hyphen, document type, slash, the issuer's abbreviation. One sequence per issuer and
document type, restarting at 01 with each party-committee term (not each year). The next number is
taken under a row lock inside the submitting transaction, so a rolled-back submission gives its
number back (no gaps) and two concurrent submissions never share one (no duplicates).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from tuyengiao.orgunits.choices import Level, UnitKind
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.models import DocumentSequence, PartyTerm

# The commissions became "Ban Tuyên giáo và Dân vận" when they merged with the mass-mobilisation
# commissions in early 2025 (central on 1 Feb; provinces within February); their documents are
# signed BTGDV… from then on.
MERGED_COMMISSIONS = dt.date(2025, 3, 1)
# With no term registered, numbers run in one sequence from the Party's founding day.
NO_TERM = dt.date(1930, 2, 3)

_LEVEL_SUFFIX = {
    Level.CENTRAL: "TW",
    Level.PROVINCE: "TU",
    Level.DISTRICT: "HU",
    Level.COMMUNE: "ĐU",
}


def issuer_code(unit: OrgUnit, *, on: dt.date) -> str:
    """ "BTGTU" for a provincial commission before 2025, "BTGDVTU" after; a party committee signs
    with its own abbreviation ("ĐU" for a commune's party committee)."""
    suffix = _LEVEL_SUFFIX[Level(unit.level)]
    if unit.kind != UnitKind.COMMISSION:
        return suffix
    return f"BTG{'DV' if on >= MERGED_COMMISSIONS else ''}{suffix}"


def term_start(unit: OrgUnit, *, on: dt.date) -> dt.date:
    """The first day of the party-committee term in force for `unit` on `on`: the latest term
    registered for the unit, one of its ancestors, or nationwide."""
    step = len(unit.path) // max(unit.depth, 1)
    ancestors = [unit.path[: step * i] for i in range(1, unit.depth + 1)]
    term = (
        PartyTerm.objects.filter(Q(unit__isnull=True) | Q(unit__path__in=ancestors))
        .filter(starts_on__lte=on)
        .order_by("-starts_on")
        .first()
    )
    return term.starts_on if term else NO_TERM


def next_number(*, unit: OrgUnit, issuer: str, document_type: str, term_starts_on: dt.date) -> int:
    """Takes the next number of the sequence. Call inside the transaction that uses it."""
    key = {
        "unit": unit,
        "issuer": issuer,
        "document_type": document_type,
        "term_starts_on": term_starts_on,
    }
    sequence = DocumentSequence.objects.select_for_update().filter(**key).first()
    if sequence is None:
        try:
            # A savepoint: a concurrent first submission may create the row between our read
            # and our insert; then we lock theirs.
            with transaction.atomic():
                DocumentSequence.objects.create(**key)
        except IntegrityError:
            pass
        sequence = DocumentSequence.objects.select_for_update().get(**key)
    # An UPDATE … SET last_number = last_number + 1, not a read-modify-write: SQLite has no row
    # locks, and its writers serialise on the UPDATE itself.
    DocumentSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    sequence.refresh_from_db(fields=["last_number"])
    return sequence.last_number


def number_text(number: int, *, document_type: str, issuer: str) -> str:
    return f"{number:02d}-{document_type}/{issuer}"
