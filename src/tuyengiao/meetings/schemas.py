"""Shapes of the meetings API."""

import datetime as dt

from ninja import Field, Schema

from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.orgunits.schemas import UnitRef


class ParticipationSchema(Schema):
    unit_id: int
    role: ParticipationRole = ParticipationRole.PARTICIPANT
    visit_start: dt.date | None = Field(None, description="Visited units: first day with them")
    visit_end: dt.date | None = Field(None, description="Visited units: last day with them")
    expected: int | None = Field(None, ge=0, description="Study sessions: people expected")
    attended_in_person: int | None = Field(None, ge=0)
    attended_online: int | None = Field(None, ge=0)


class ParticipationOut(ParticipationSchema):
    unit: UnitRef


class PersonAtMeetingIn(Schema):
    person_id: int
    role: PersonRole = PersonRole.CHAIR
    position_id: int | None = Field(
        None, description="Default: the position the person held on the meeting's first day"
    )


class PersonAtMeetingOut(Schema):
    person_id: int
    name: str
    role: PersonRole
    position_id: int | None
    title: str | None = Field(description="The position held that day")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_title(obj) -> str | None:
        return obj.position.title if obj.position_id else None


class DirectiveRef(Schema):
    id: int
    code: str
    title: str


class ConclusionIn(Schema):
    text: str = Field(min_length=1)
    addressed_to_id: int | None = None


class ConclusionOut(Schema):
    id: int
    order: int
    text: str
    addressed_to: UnitRef | None
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj) -> list[int]:
        return [t.pk for t in obj.tasks.all()]


class ConclusionTasksIn(Schema):
    unit_ids: list[int] = Field(
        default_factory=list, description="Default: the unit addressed, else the organiser"
    )
    title: str = Field("", max_length=500, description="Default: the conclusion's text")
    deadline: dt.date | None = None


class TaskRef(Schema):
    id: int
    title: str
    programme_id: int
    unit: UnitRef

    @staticmethod
    def resolve_unit(obj):
        return obj.programme.unit


class MeetingOut(Schema):
    id: int
    organiser: UnitRef
    kind: MeetingKind
    title: str
    start_date: dt.date
    end_date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    online: bool
    version: int


class MeetingDetailOut(MeetingOut):
    agenda: str
    summary: str
    units: list[ParticipationOut]
    people: list[PersonAtMeetingOut]
    directives: list[DirectiveRef]
    conclusions: list[ConclusionOut] = Field(description="Those addressed to what you can see")

    @staticmethod
    def resolve_units(obj) -> list:
        return list(obj.participations.all())

    @staticmethod
    def resolve_people(obj) -> list:
        return list(obj.people.all())

    @staticmethod
    def resolve_directives(obj) -> list:
        return list(obj.directives.all())

    @staticmethod
    def resolve_conclusions(obj) -> list:
        return getattr(obj, "visible_conclusions", list(obj.conclusions.all()))


class MeetingIn(Schema):
    organiser_id: int
    kind: MeetingKind
    title: str = Field(min_length=1, max_length=400)
    start_date: dt.date
    end_date: dt.date | None = Field(None, description="Default: the start date")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = Field("", max_length=300)
    online: bool = False
    agenda: str = ""
    summary: str = ""
    units: list[ParticipationSchema] = Field(default_factory=list)
    people: list[PersonAtMeetingIn] = Field(default_factory=list)
    directive_ids: list[int] = Field(default_factory=list)
    directive_codes: list[str] = Field(
        default_factory=list,
        description='Codes as written ("Chỉ thị số 05-CT/TW"), resolved in the registry',
    )
    conclusions: list[ConclusionIn] = Field(default_factory=list)


class MeetingPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    kind: MeetingKind | None = None
    title: str | None = Field(None, min_length=1, max_length=400)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str | None = Field(None, max_length=300)
    online: bool | None = None
    agenda: str | None = None
    summary: str | None = None
    units: list[ParticipationSchema] | None = Field(None, description="Replaces the list")
    people: list[PersonAtMeetingIn] | None = Field(None, description="Replaces the list")
    directive_ids: list[int] | None = Field(None, description="Replaces the list")


class MeetingFilter(Schema):
    unit: int | None = Field(None, description="Organised in or attended by this unit's subtree")
    kind: MeetingKind | None = None
    directive: int | None = Field(None, description="Only meetings citing this directive")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = Field("", description="Words of the title or place, diacritics optional")


class CalendarEntryOut(Schema):
    meeting: MeetingOut
    role: str = Field(description="organiser, participant, online_point, visited or invited")
    day_start: dt.date
    day_end: dt.date


class CoverageCountsOut(Schema):
    held: bool
    units: int
    sessions: int
    expected: int
    attended: int
    attended_online: int
    rate: float | None = Field(description="Attended / expected, in percent")


class CoverageChildOut(Schema):
    unit: UnitRef
    counts: CoverageCountsOut


class CoverageOut(Schema):
    directive: DirectiveRef
    unit: UnitRef
    as_of: dt.date
    own: CoverageCountsOut
    subtree: CoverageCountsOut
    children: list[CoverageChildOut]
    children_held: int
    not_yet: list[UnitRef]

    @staticmethod
    def resolve_children(obj) -> list[dict]:
        return [{"unit": unit, "counts": counts} for unit, counts in obj.children]


class CitationsOut(Schema):
    meetings: list[MeetingOut]
    study_sessions: list[MeetingOut]
    tasks: list[TaskRef]
