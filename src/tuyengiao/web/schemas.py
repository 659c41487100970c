"""Schemas of the dashboard API: the overview page's pieces, in the modules' own shapes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from tuyengiao.orgunits.schemas import UnitRef
from tuyengiao.programmes.schemas import TaskCountsOut
from tuyengiao.reports.schemas import CompletenessOut, FormRef, SubmissionOut


class PeriodRef(Schema):
    code: str = Field(description='"2020-H1"')
    label: str = Field(description='"6 tháng đầu năm 2020"')

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


class DueReportOut(Schema):
    form: FormRef
    period: PeriodRef = Field(description="The period just ended: the one being reported now")
    deadline: dt.date
    submission: SubmissionOut | None = Field(description="None: not opened yet")
    overdue: bool = Field(description="Not handed in, and the deadline has passed")


class ReportProgressOut(Schema):
    form: FormRef
    period: PeriodRef
    deadline: dt.date
    completeness: CompletenessOut = Field(
        description="The unit and its subtree, as the roll-up counts them"
    )


class MeetingEntryOut(Schema):
    meeting_id: int
    title: str
    role: str = Field(description='"organiser", or how the unit takes part')
    day_start: dt.date
    day_end: dt.date
    organiser: UnitRef

    @staticmethod
    def resolve_meeting_id(obj) -> int:
        return obj.meeting.pk

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.meeting.title

    @staticmethod
    def resolve_organiser(obj):
        return obj.meeting.organiser


class ArticleRef(Schema):
    id: int
    title: str
    published_at: dt.datetime | None


class DashboardOut(Schema):
    unit: UnitRef
    unit_name: str = Field(description="The unit's name on as_of")
    as_of: dt.date
    tasks_year: int
    tasks_own: TaskCountsOut = Field(description="The unit's own programme of the year")
    tasks_subtree: TaskCountsOut = Field(description="The unit and every unit below it")
    own_reports: list[DueReportOut]
    to_decide: int = Field(description="Reports waiting for this user's decision")
    progress: list[ReportProgressOut]
    week_start: dt.date
    week_end: dt.date
    meetings: list[MeetingEntryOut]
    news: list[ArticleRef]

    @staticmethod
    def resolve_tasks_year(obj) -> int:
        return obj.tasks.period.year

    @staticmethod
    def resolve_tasks_own(obj):
        return obj.tasks.own

    @staticmethod
    def resolve_tasks_subtree(obj):
        return obj.tasks.subtree
