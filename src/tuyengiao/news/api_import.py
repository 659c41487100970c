"""/api/v1/article-imports: import article files, read the proposed meeting, confirm or discard.

The same services as the import pages: each file gets its own outcome, re-imports are recognised,
and a confirmation runs every meetings rule and writes all or nothing.
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from tuyengiao.meetings.choices import MeetingKind, PersonRole
from tuyengiao.news import selectors
from tuyengiao.news.importing import (
    PersonChoice,
    article_import_confirm,
    article_import_discard,
    article_import_files,
    import_proposal,
)
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.orgunits.schemas import UnitRef

router = Router(tags=["news"])


class ImportOut(Schema):
    id: int
    unit: UnitRef
    file_name: str
    status: str
    meeting_id: int | None
    article_id: int | None
    record: dict = Field(
        description="What the extractor read: the `tuyengiao extract` object, spans"
    )
    version: int


class OutcomeOut(Schema):
    name: str
    outcome: str = Field(description="imported, duplicate or refused")
    message: str
    import_id: int | None


class ProposedPersonOut(Schema):
    name: str
    titles: str
    role: str
    person_id: int | None


class ProposalOut(Schema):
    kind: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None
    organiser: UnitRef
    place: str
    people: list[ProposedPersonOut]
    directive_codes: list[str]
    unregistered_codes: list[str]
    figures: list[dict]


class PersonChoiceIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    titles: str = Field("", max_length=200)
    role: PersonRole = PersonRole.ATTENDEE


class ConfirmIn(Schema):
    version: int
    kind: MeetingKind
    title: str = Field(min_length=1, max_length=400)
    start_date: dt.date
    end_date: dt.date | None = None
    organiser_id: int
    place: str = Field("", max_length=300)
    people: list[PersonChoiceIn] = Field(default_factory=list)
    directive_codes: list[str] = Field(default_factory=list)
    keep_figures: bool = True


class VersionIn(Schema):
    version: int


@router.post(
    "/article-imports", response={201: list[OutcomeOut]}, operation_id="news_import_create"
)
def import_create(request: HttpRequest, unit: int, files: File[list[UploadedFile]]):
    """Imports article files (multipart `files`) into a unit's review list; one outcome per file."""
    target = unit_selectors.orgunit_get(user=request.user, pk=unit)
    outcomes = article_import_files(
        actor=request.user, unit=target, files=((f.name, f.read()) for f in files)
    )
    return Status(
        201,
        [
            {
                "name": o.name,
                "outcome": o.outcome,
                "message": o.message,
                "import_id": o.record.pk if o.record else None,
            }
            for o in outcomes
        ],
    )


@router.get("/article-imports", response=list[ImportOut], operation_id="news_import_list")
def import_list(request: HttpRequest, unit: int | None = None, status: str = "pending"):
    """Imported articles you can see (of one unit), by default those waiting for review."""
    target = unit_selectors.orgunit_get(user=request.user, pk=unit) if unit else None
    return list(
        selectors.article_import_list(user=request.user, unit=target, status=status or None)[:500]
    )


@router.get("/article-imports/{pk}", response=ImportOut, operation_id="news_import_get")
def import_get(request: HttpRequest, pk: int):
    return selectors.article_import_get(user=request.user, pk=pk)


@router.get(
    "/article-imports/{pk}/proposal", response=ProposalOut, operation_id="news_import_proposal"
)
def import_proposal_get(request: HttpRequest, pk: int):
    """The meeting proposed from the article, matched against the unit tree and the registries."""
    record = selectors.article_import_get(user=request.user, pk=pk)
    proposal = import_proposal(user=request.user, record=record)
    data = proposal.__dict__ | {
        "people": [
            {
                "name": p.name,
                "titles": p.titles,
                "role": p.role,
                "person_id": p.person.pk if p.person else None,
            }
            for p in proposal.people
        ]
    }
    return data


@router.post(
    "/article-imports/{pk}/confirm",
    response={201: dict},
    operation_id="news_import_confirm",
)
def import_confirm(request: HttpRequest, pk: int, payload: ConfirmIn):
    """Records the meeting (and a draft article linked to it) as the reviewer corrected it."""
    record = selectors.article_import_get(user=request.user, pk=pk, action="edit")
    meeting = article_import_confirm(
        actor=request.user,
        record=record,
        version=payload.version,
        kind=payload.kind,
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        organiser=unit_selectors.orgunit_get(user=request.user, pk=payload.organiser_id),
        place=payload.place,
        people=[PersonChoice(name=p.name, titles=p.titles, role=p.role) for p in payload.people],
        directive_codes=payload.directive_codes,
        keep_figures=payload.keep_figures,
    )
    return Status(201, {"meeting_id": meeting.pk, "article_id": meeting.articles.get().pk})


@router.post(
    "/article-imports/{pk}/discard", response={204: None}, operation_id="news_import_discard"
)
def import_discard(request: HttpRequest, pk: int, payload: VersionIn):
    record = selectors.article_import_get(user=request.user, pk=pk, action="edit")
    article_import_discard(actor=request.user, record=record, version=payload.version)
    return Status(204, None)
