"""Writes to the directive registry: register, change and delete a party document.

The editors of the keeping unit write its records. The code is read by `codes.parse_code` as the
person typed it ("Chỉ thị số 05-CT/TW ngày 03/05/2021"): number, type and issuer come from the code,
never from separate input, so they cannot disagree with it. A near miss ("05/CT-TW") is refused
with the code it probably meant, for the person to confirm; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.directives.choices import DirectiveStatus
from tuyengiao.directives.codes import CodeError, ParsedCode, parse_code, search_text
from tuyengiao.directives.models import Directive
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit

DIRECTIVE_FIELDS = ["code", "title", "term", "status", "issued_on"]
EDITABLE_DIRECTIVE_FIELDS = {"code", "title", "term", "status", "issued_on"}

# Issuers of the centre: their documents are kept once, by a central unit, for every unit below.
CENTRAL_ISSUERS = frozenset(
    {"TW", "BTGTW", "BTCTW", "BDVTW", "BKTTW", "VPTW", "UBKTTW", "BCTW", "BBT"}
)
# A term (khóa) in Roman numerals ("XIII"), or as the years of the term ("2020-2025").
_TERM = re.compile(r"^(?:[IVXLC]{1,8}|\d{4}-\d{4})$")
_TERM_WORD = re.compile(r"^(?:khóa|khoá|khoa|nhiệm kỳ|nhiem ky)\s*", re.IGNORECASE)


def parse_or_refuse(text: str) -> ParsedCode:
    """`parse_code`, with its refusal as a DomainError on the field `code`; the suggestion, if
    any, is in the message and in `extra["suggestion"]`."""
    try:
        return parse_code(text)
    except CodeError as exc:
        raise DomainError(
            str(exc), field="code", extra={"suggestion": exc.suggestion} if exc.suggestion else {}
        ) from None


def normalise_term(raw: str) -> str:
    """ "khóa XIII", " xiii " → "XIII"; "2020 - 2025" → "2020-2025"; "" stays ""."""
    term = _TERM_WORD.sub("", (raw or "").strip()).replace(" ", "").replace("–", "-").upper()
    if term and not _TERM.match(term):
        raise DomainError(
            _("'%(term)s' is not a term: write it in Roman numerals (XIII) or as 2020-2025.")
            % {"term": raw},
            field="term",
        )
    return term


def is_central_issuer(issuer: str) -> bool:
    """Documents of the Central Committee, Politburo, Secretariat and central commissions."""
    return issuer in CENTRAL_ISSUERS


def _validate(directive: Directive, parsed: ParsedCode) -> None:
    if not directive.title.strip():
        raise DomainError(_("The title is required."), field="title")
    limit = Directive._meta.get_field("title").max_length
    if len(directive.title) > limit:
        raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field="title")
    if directive.status not in DirectiveStatus.values:
        raise DomainError(
            _("Unknown status '%(value)s'.") % {"value": directive.status}, field="status"
        )
    if parsed.issued_on and directive.issued_on and parsed.issued_on != directive.issued_on:
        raise DomainError(
            _("The code says it was issued on %(code_day)s, the date given is %(day)s.")
            % {
                "code_day": parsed.issued_on.strftime("%d/%m/%Y"),
                "day": directive.issued_on.strftime("%d/%m/%Y"),
            },
            field="issued_on",
        )
    if directive.issued_on is not None and directive.issued_on > today():
        raise DomainError(_("The issue date is in the future."), field="issued_on")
    if is_central_issuer(parsed.issuer) and directive.unit.level != Level.CENTRAL:
        raise DomainError(
            _(
                "%(code)s is a central document: the central unit keeps it in the registry for "
                "every unit below (find it in the list)."
            )
            % {"code": parsed.code},
            field="code",
        )
    duplicate = Directive.objects.filter(
        unit=directive.unit, code=parsed.code, term=directive.term
    ).exclude(pk=directive.pk)
    if duplicate.exists():
        raise DomainError(
            _("%(unit)s already registered %(code)s%(term)s.")
            % {
                "unit": directive.unit.short_name or directive.unit.name,
                "code": parsed.code,
                "term": (" " + _("(term %(term)s)") % {"term": directive.term})
                if directive.term
                else "",
            },
            field="code",
        )


def _apply_code(directive: Directive, parsed: ParsedCode) -> None:
    directive.code = parsed.code
    directive.number = parsed.number
    directive.doc_type = parsed.doc_type
    directive.issuer = parsed.issuer
    if directive.issued_on is None:
        directive.issued_on = parsed.issued_on
    directive.search_name = search_text(
        code=parsed.code, doc_type=parsed.doc_type, title=directive.title
    )


@transaction.atomic
def directive_create(
    *,
    actor: Any,
    unit: OrgUnit,
    code: str,
    title: str,
    term: str = "",
    status: str = DirectiveStatus.IN_FORCE,
    issued_on: dt.date | None = None,
) -> Directive:
    """Registers a party document kept by `unit` (editors of the unit). `code` may be typed as
    people write it ("Quy định số 208-QĐ/TW ngày 08/11/2019"); a date in it gives `issued_on`.

    Refused: a malformed code (with a suggestion for a near miss), a missing title, a term that
    is not one, a date in the future, a central document ("…/TW") kept by a unit that is not
    central, and a code the unit already registered for the same term.
    """
    access.require(actor, "edit", unit)
    parsed = parse_or_refuse(code)
    directive = Directive(
        unit=unit,
        title=(title or "").strip(),
        term=normalise_term(term),
        status=status,
        issued_on=issued_on,
        updated_by=user_or_none(actor),
    )
    _apply_code(directive, parsed)
    _validate(directive, parsed)
    directive.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=directive,
        unit=unit,
        changes=diff({}, snapshot(directive, DIRECTIVE_FIELDS)),
    )
    return directive


@transaction.atomic
def directive_update(
    *, actor: Any, directive: Directive, version: int, **changes: Any
) -> Directive:
    """Changes a registered document (editors of the keeping unit): code, title, term, status,
    issue date. A stale `version` is refused with who changed it and when."""
    access.require(actor, "edit", directive.unit)
    unknown = set(changes) - EDITABLE_DIRECTIVE_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            _("The field '%(field)s' cannot be changed here.") % {"field": field}, field=field
        )
    current = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=directive.pk)
    )
    check_version(current, version)
    before = snapshot(current, DIRECTIVE_FIELDS)
    parsed = parse_or_refuse(changes.pop("code", current.code))
    if "term" in changes:
        changes["term"] = normalise_term(changes["term"])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    for field, value in changes.items():
        setattr(current, field, value)
    if "issued_on" not in changes and parsed.issued_on:
        current.issued_on = None  # a date typed with the new code replaces the stored one
    _apply_code(current, parsed)
    _validate(current, parsed)
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes=diff(before, snapshot(current, DIRECTIVE_FIELDS)),
    )
    return current


@transaction.atomic
def directive_delete(*, actor: Any, directive: Directive) -> None:
    """Deletes a document registered by mistake (editors of the keeping unit). A document that
    meetings or tasks cite is refused: mark it replaced or expired instead."""
    access.require(actor, "edit", directive.unit)
    meetings = directive.meetings.count()
    tasks = directive.tasks.count()
    if meetings or tasks:
        raise DomainError(
            _(
                "%(code)s is cited by %(meetings)s meeting(s) and %(tasks)s task(s); it cannot be "
                "deleted. Set its status to replaced or expired instead."
            )
            % {"code": directive.code, "meetings": meetings, "tasks": tasks},
            field="code",
            extra={"meetings": meetings, "tasks": tasks},
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=directive,
        unit=directive.unit,
        changes=snapshot(directive, DIRECTIVE_FIELDS),
    )
    directive.delete()
