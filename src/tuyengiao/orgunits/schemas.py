"""Shapes of the units API."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from tuyengiao.orgunits.choices import Level, ReorganisationKind, UnitKind


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str = Field(
        description="The name on the as_of date when one was given, else the current name"
    )
    current_name: str
    short_name: str
    kind: UnitKind
    level: Level
    parent_id: int | None
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None
    admin_code: str
    version: int

    @staticmethod
    def resolve_name(obj) -> str:
        return getattr(obj, "name_on", None) or obj.name

    @staticmethod
    def resolve_current_name(obj) -> str:
        return obj.name


class OrgUnitFilter(Schema):
    as_of: dt.date | None = Field(None, description="Only units valid on this date (YYYY-MM-DD)")
    level: Level | None = None
    parent: int | None = Field(None, description="Only children of this unit")
    subtree_of: int | None = Field(None, description="Only this unit and its descendants")
    q: str = Field("", description="Name search; diacritics optional ('dong trieu')")


class OrgUnitIn(Schema):
    parent_id: int | None
    code: str
    name: str
    short_name: str = ""
    kind: UnitKind
    level: Level
    valid_from: dt.date
    valid_to: dt.date | None = None
    admin_code: str = ""


class OrgUnitPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    code: str | None = None
    name: str | None = None
    short_name: str | None = None
    kind: UnitKind | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    admin_code: str | None = None


class UnitRef(Schema):
    id: int
    code: str
    name: str


class LinkOut(Schema):
    reorganisation_id: int
    kind: ReorganisationKind
    effective_date: dt.date
    decision: str
    predecessor: UnitRef
    successor: UnitRef
    share: Decimal | None
    share_basis: str

    @staticmethod
    def resolve_reorganisation_id(obj) -> int:
        return obj.reorganisation_id

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.reorganisation.kind

    @staticmethod
    def resolve_effective_date(obj) -> dt.date:
        return obj.reorganisation.effective_date

    @staticmethod
    def resolve_decision(obj) -> str:
        return obj.reorganisation.decision


class MappingOut(Schema):
    unit: UnitRef
    share: Decimal | None = Field(description="Null: a split on the way recorded no share")


class LineageOut(Schema):
    unit: UnitRef
    came_from: list[LinkOut]
    went_into: list[LinkOut]
    renames: list[LinkOut]
    former_names: list[dict]
    mapped_onto_today: list[MappingOut]


class SuccessorIn(Schema):
    code: str
    name: str
    parent_id: int | None
    short_name: str = ""
    kind: UnitKind | None = None
    admin_code: str = ""
    share: Decimal | None = None
    share_basis: str = ""


class ReorganisationIn(Schema):
    kind: ReorganisationKind
    effective_date: dt.date
    predecessor_ids: list[int]
    successors: list[SuccessorIn] = []
    new_name: str = Field("", description="For a rename: the new name")
    decision: str = ""
    note: str = ""


class ReorganisationOut(Schema):
    id: int
    kind: ReorganisationKind
    effective_date: dt.date
    decision: str
    note: str
    links: list[LinkOut]

    @staticmethod
    def resolve_links(obj) -> list:
        return list(obj.links.all())
