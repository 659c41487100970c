"""Importing published articles: files → records for review → a confirmed Meeting and Article.

One bad file never stops the others: each file is read, extracted and stored in its own
transaction, and its outcome (imported, already imported, refused with the reason) is reported
per file. Nothing is written for a refused file. The same text imported again into the same unit
is recognised by its hash and not duplicated.

Confirming writes the Meeting (through the meetings services, with all their rules), the people
named with the titles the article gives them on that day, and a draft Article linked to the
meeting, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, user_or_none
from tuyengiao.core.concurrency import check_version
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.text import fold
from tuyengiao.directives.codes import CodeError, parse_code
from tuyengiao.directives.selectors import directive_resolve, directives_for_codes
from tuyengiao.meetings.choices import MeetingKind, PersonRole
from tuyengiao.meetings.models import Meeting
from tuyengiao.meetings.services import PersonIn, meeting_create
from tuyengiao.news.choices import ImportStatus
from tuyengiao.news.extract.pipeline import extract_article
from tuyengiao.news.extract.reading import ArticleFileError, read_article_bytes
from tuyengiao.news.models import ArticleImport
from tuyengiao.news.services import article_create
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.models import Person, Position

IMPORTED, DUPLICATE, REFUSED = "imported", "duplicate", "refused"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file of a batch; `record` is the stored (or already stored) import."""

    name: str
    outcome: str  # IMPORTED, DUPLICATE or REFUSED
    message: str
    record: ArticleImport | None = None


def text_hash(body: str) -> str:
    """The identity of an article's text: whitespace differences do not make a new article."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


def _record_json(extracted: Any) -> dict[str, Any]:
    record = extracted.to_json_dict()
    record["event_end_date"] = (
        extracted.event_end_date.isoformat() if extracted.event_end_date else None
    )
    record["spans"] = {
        key: [[s.start, s.end] for s in spans] for key, spans in extracted.spans.items()
    }
    record["warnings"] = list(extracted.warnings)
    return record


def _import_one(*, actor: Any, unit: OrgUnit, name: str, data: bytes) -> FileOutcome:
    try:
        text = read_article_bytes(data, name=name)
        extracted = extract_article(text, filename=name)
    except ArticleFileError as err:
        return FileOutcome(name, REFUSED, err.reason)
    except Exception as err:  # the extractor must never take a batch down with it
        return FileOutcome(
            name, REFUSED, _("The file could not be read: %(error)s") % {"error": err}
        )
    if not extracted.body.strip():
        return FileOutcome(name, REFUSED, _("No article text was found in the file."))
    digest = text_hash(extracted.body)
    existing = ArticleImport.objects.filter(unit=unit, text_hash=digest).first()
    if existing is not None:
        return FileOutcome(
            name, DUPLICATE, _("Already imported as “%(title)s”.") % {"title": existing}, existing
        )
    try:
        with transaction.atomic():
            record = ArticleImport.objects.create(
                unit=unit,
                file_name=name[:255],
                text_hash=digest,
                record=_record_json(extracted),
                created_by=user_or_none(actor),
                updated_by=user_or_none(actor),
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=record,
                unit=unit,
                changes={"file": [None, name]},
            )
    except IntegrityError:
        # The same text arrived in a concurrent batch a moment earlier.
        existing = ArticleImport.objects.get(unit=unit, text_hash=digest)
        return FileOutcome(
            name, DUPLICATE, _("Already imported as “%(title)s”.") % {"title": existing}, existing
        )
    message = _("Ready for review.")
    if not extracted.event_date:
        message = _("Ready for review; no event date was found: enter it before confirming.")
    return FileOutcome(name, IMPORTED, message, record)


def article_import_files(
    *,
    actor: Any,
    unit: OrgUnit,
    files: Iterable[tuple[str, bytes]],
    progress: Callable[[int, FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Imports article files (plain text like the seeds, or saved HTML pages) into `unit`'s
    review list (its editors). Returns one outcome per file, in order."""
    access.require(actor, "edit", unit)
    outcomes = []
    for i, (name, data) in enumerate(files, start=1):
        outcome = _import_one(actor=actor, unit=unit, name=name, data=data)
        outcomes.append(outcome)
        if progress is not None:
            progress(i, outcome)
    return outcomes


# Review and confirmation


@dataclass(frozen=True)
class ProposedPerson:
    name: str
    titles: str
    role: str
    person: Person | None  # the registry's person of that name, when there is one


@dataclass(frozen=True)
class Proposal:
    """What the review form starts from: the extracted record matched against the registries."""

    kind: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    organiser: OrgUnit
    place: str
    people: list[ProposedPerson]
    directive_codes: list[str]
    unregistered_codes: list[str]
    figures: list[dict[str, Any]]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _organiser_guess(record: ArticleImport, day: dt.date | None) -> OrgUnit:
    """The unit of the importing subtree whose name is the organiser the article writes ("Ban
    Tuyên giáo Tỉnh ủy"), else the importing unit itself."""
    written = fold(record.record.get("organizer") or "")
    if written:
        candidates = OrgUnit.objects.filter(path__startswith=record.unit.path).only(
            "pk", "name", "path", "valid_from", "valid_to", "search_name"
        )
        if day is not None:
            candidates = candidates.filter(valid_from__lte=day).exclude(valid_to__lt=day)
        for unit in candidates.filter(search_name__contains=written).order_by("path")[:1]:
            return unit
    return record.unit


def import_proposal(*, user: Any, record: ArticleImport) -> Proposal:
    """The proposed meeting of an imported article, for the review page and the API."""
    data = record.record
    start = _date(data.get("event_date"))
    end = _date(data.get("event_end_date")) or start
    organiser = _organiser_guess(record, start)
    mentions = [(p, PersonRole.CHAIR) for p in data.get("chair", [])] + [
        (p, PersonRole.ATTENDEE) for p in data.get("people", [])
    ]
    names = {fold(p["name"]) for p, _role in mentions}
    known = {p.search_name: p for p in Person.objects.filter(search_name__in=names)}
    people = []
    seen: set[str] = set()
    for mention, role in mentions:
        key = fold(mention["name"])
        if key in seen:
            continue
        seen.add(key)
        people.append(ProposedPerson(mention["name"], mention["titles"], role, known.get(key)))
    registered, unregistered = [], []
    for code in data.get("documents", []):
        try:
            parse_code(code)
        except CodeError:
            continue  # state documents ("45/KH-UBND") are not in the party registry
        found = directive_resolve(user=user, code=code, unit=organiser)
        (registered if found else unregistered).append(code)
    kind = data.get("event_type") or MeetingKind.OTHER
    return Proposal(
        kind=kind if kind in MeetingKind.values else MeetingKind.OTHER,
        title=data.get("title") or record.file_name,
        start_date=start,
        end_date=end,
        organiser=organiser,
        place=data.get("location") or "",
        people=people,
        directive_codes=registered,
        unregistered_codes=unregistered,
        figures=list(data.get("figures", [])),
    )


@dataclass(frozen=True)
class PersonChoice:
    """A person the reviewer kept: name and titles as corrected, and the role at the meeting."""

    name: str
    titles: str
    role: str


def _person_for(
    *, choice: PersonChoice, organiser: OrgUnit, day: dt.date
) -> tuple[Person, Position | None]:
    """The registry's person of that name (made if missing) and the position the article gives
    them that day. A title the registry does not hold on that day is recorded as reported by the
    article, for that day only: the article is the source, and no more is claimed."""
    key = fold(choice.name)
    person = Person.objects.filter(search_name=key).first()
    if person is None:
        person = Person.objects.create(full_name=choice.name.strip(), search_name=key)
    held = [p for p in person.positions.all() if p.held_on(day)]
    titles = choice.titles.strip()
    for position in held:
        if not titles or fold(position.title) == fold(titles):
            return person, position
    if not titles:
        return person, None
    position = Position.objects.create(
        person=person, title=titles[:200], unit=organiser, valid_from=day, valid_to=day
    )
    return person, position


def _body_html(body: str) -> str:
    return "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n") if p.strip())


@transaction.atomic
def article_import_confirm(
    *,
    actor: Any,
    record: ArticleImport,
    version: int,
    kind: str,
    title: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    organiser: OrgUnit,
    place: str = "",
    people: Sequence[PersonChoice] = (),
    directive_codes: Sequence[str] = (),
    keep_figures: bool = True,
) -> Meeting:
    """Turns a reviewed import into a Meeting of `organiser` and a draft Article of the
    importing unit linked to it. Everything is checked first by the meetings rules; a refusal
    writes nothing and leaves the import waiting."""
    access.require(actor, "edit", record.unit)
    current = ArticleImport.objects.select_for_update().get(pk=record.pk)
    check_version(current, version)
    if current.status != ImportStatus.PENDING:
        raise DomainError(
            _("This article was already %(status)s.") % {"status": current.get_status_display()},
            field="status",
        )
    if start_date is None:
        raise DomainError(_("Enter the date of the meeting."), field="start_date")
    directives = directives_for_codes(
        user=actor, codes=list(directive_codes), unit=organiser, field="directive_codes"
    )
    access.require(actor, "edit", organiser)
    person_rows = []
    for choice in people:
        person, position = _person_for(choice=choice, organiser=organiser, day=start_date)
        person_rows.append(PersonIn(person=person, role=choice.role, position=position))
    data = current.record
    summary = ""
    if keep_figures and data.get("figures"):
        summary = _("Figures reported: %(figures)s.") % {
            "figures": "; ".join(f["text"] for f in data["figures"])
        }
    meeting = meeting_create(
        actor=actor,
        organiser=organiser,
        kind=kind,
        title=title,
        start_date=start_date,
        end_date=end_date,
        place=place,
        summary=summary,
        people=person_rows,
        directives=directives,
    )
    article = article_create(
        actor=actor,
        unit=current.unit,
        title=data.get("title") or title,
        body_html=_body_html(data.get("body", "")),
        author=(data.get("author") or "")[:200],
        meeting=meeting,
        source_hash=current.text_hash,
    )
    ArticleImport.objects.filter(pk=current.pk).update(
        status=ImportStatus.CONFIRMED,
        meeting=meeting,
        article=article,
        version=F("version") + 1,
        updated_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes={
            "status": [ImportStatus.PENDING, ImportStatus.CONFIRMED],
            "meeting": [None, str(meeting)],
        },
    )
    return meeting


@transaction.atomic
def article_import_discard(*, actor: Any, record: ArticleImport, version: int) -> None:
    """Sets an import aside (not a meeting); re-importing its text finds it again."""
    access.require(actor, "edit", record.unit)
    current = ArticleImport.objects.select_for_update().get(pk=record.pk)
    check_version(current, version)
    if current.status != ImportStatus.PENDING:
        raise DomainError(
            _("This article was already %(status)s.") % {"status": current.get_status_display()},
            field="status",
        )
    ArticleImport.objects.filter(pk=current.pk).update(
        status=ImportStatus.DISCARDED, version=F("version") + 1
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes={"status": [ImportStatus.PENDING, ImportStatus.DISCARDED]},
    )


# Highlighting the review page


def highlighted_body(record: ArticleImport) -> list[tuple[str, str | None]]:
    """The body cut into (text, field) pieces: each span the extractor read a field from is its
    own piece, so the review page can mark it. Overlapping spans keep the first."""
    body = record.record.get("body", "")
    spans = sorted(
        (start, end, field)
        for field, ranges in record.record.get("spans", {}).items()
        for start, end in ranges
        if 0 <= start < end <= len(body)
    )
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, field in spans:
        if start < pos:
            continue
        if start > pos:
            pieces.append((body[pos:start], None))
        pieces.append((body[start:end], field))
        pos = end
    if pos < len(body):
        pieces.append((body[pos:], None))
    return pieces
