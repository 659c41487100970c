"""Shapes of the people API: officials and their public positions, nothing private."""

import datetime as dt

from ninja import Field, Schema

from tuyengiao.orgunits.schemas import UnitRef


class PositionOut(Schema):
    id: int
    person_id: int
    title: str
    unit: UnitRef
    valid_from: dt.date
    valid_to: dt.date | None = Field(description="null: still held")
    version: int


class PersonOut(Schema):
    id: int
    full_name: str
    version: int


class PersonDetailOut(PersonOut):
    positions: list[PositionOut] = Field(description="Current and past, latest first")

    @staticmethod
    def resolve_positions(obj) -> list:
        return list(obj.positions.all())


class PersonFilter(Schema):
    search: str | None = Field(None, description='Diacritic-free: "tran viet truong"')


class PersonIn(Schema):
    full_name: str = Field(max_length=120)


class PersonPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    full_name: str = Field(max_length=120)


class PositionIn(Schema):
    unit_id: int = Field(description="The unit the title belongs to (you edit it)")
    title: str = Field(max_length=200, description='"Trưởng Ban Tuyên giáo Thành ủy"')
    valid_from: dt.date
    valid_to: dt.date | None = None


class PositionPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    title: str | None = Field(None, max_length=200)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class PositionEndIn(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    on: dt.date = Field(description="The last day the position was held")
