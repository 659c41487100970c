"""Shapes of the directive-registry API."""

import datetime as dt

from ninja import Field, Schema

from tuyengiao.core.exceptions import DomainError
from tuyengiao.directives.choices import DirectiveStatus, DocumentType
from tuyengiao.orgunits.schemas import UnitRef


class DirectiveOut(Schema):
    id: int
    unit: UnitRef = Field(description="The unit that keeps the record")
    code: str = Field(description='Normalised NUMBER-TYPE/ISSUER: "05-CT/TW"')
    number: int
    doc_type: DocumentType
    issuer: str
    issued_on: dt.date | None
    title: str
    term: str = Field(description='Term (khóa), "XIII"; empty when not recorded')
    status: DirectiveStatus
    version: int


class DirectiveFilter(Schema):
    search: str | None = Field(
        None, description='Diacritic-free words or a code: "chi thi 05", "Chỉ thị số 05-CT/TW"'
    )
    doc_type: DocumentType | None = None
    issuer: str | None = Field(None, description='"TW", "TU", ...')
    unit: int | None = Field(None, description="Only the documents this unit registered")


class DirectiveIn(Schema):
    unit_id: int = Field(description="The keeping unit (you edit it)")
    code: str = Field(
        max_length=120,
        description='As people write it: "05-CT/TW", "Quy định số 208-QĐ/TW ngày 08/11/2019"',
    )
    title: str = Field(max_length=500)
    term: str = Field("", max_length=20, description='"XIII", "khóa XIII" or "2020-2025"')
    status: DirectiveStatus = DirectiveStatus.IN_FORCE
    issued_on: dt.date | None = Field(None, description="Default: the date written in `code`")


class DirectivePatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    code: str | None = Field(None, max_length=120)
    title: str | None = Field(None, max_length=500)
    term: str | None = Field(None, max_length=20)
    status: DirectiveStatus | None = None
    issued_on: dt.date | None = None

    def changes(self) -> dict:
        """The fields sent; null only where it means "none" (issued_on)."""
        sent = self.dict(exclude_unset=True, exclude={"version"})
        for name in ("code", "title", "term", "status"):
            if name in sent and sent[name] is None:
                raise DomainError(f"{name} cannot be null", field=name)
        return sent


class ParsedCodeOut(Schema):
    code: str
    number: int
    doc_type: DocumentType
    issuer: str
    issued_on: dt.date | None
