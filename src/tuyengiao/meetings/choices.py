"""Choices of the meetings app (GLOSSARY.md "Meetings"). The kind values are the event types the
article extractor reports, so an imported article maps onto a kind without a table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")  # hội nghị giao ban
    INTERIM_REVIEW = "interim_review", _("Interim review")  # sơ kết
    ANNUAL_REVIEW = "annual_review", _("Annual review")  # tổng kết
    WORKSHOP = "workshop", _("Workshop")  # hội thảo
    ROUNDTABLE = "roundtable", _("Roundtable")  # tọa đàm
    REPORTERS = "reporters_conference", _("Reporters' conference")  # hội nghị báo cáo viên
    PRESS_BRIEFING = "press_briefing", _("Press briefing")  # giao ban báo chí
    PRESS_CONFERENCE = "press_conference", _("Press conference")  # họp báo
    WORKING_VISIT = "working_visit", _("Working visit")  # đoàn công tác làm việc với …
    STUDY_SESSION = "study_session", _("Study session")  # học tập, quán triệt
    CONFERENCE = "conference", _("Conference")  # hội nghị
    OTHER = "other", _("Other")


class ParticipationRole(models.TextChoices):
    """How a unit other than the organiser takes part. Each role makes the meeting visible to the
    unit's subtree and puts it on the unit's calendar."""

    PARTICIPANT = "participant", _("Participant")  # đơn vị dự
    ONLINE_POINT = "online_point", _("Online connection point")  # điểm cầu
    VISITED = "visited", _("Visited unit")  # đơn vị được đoàn công tác làm việc
    INVITED = "invited", _("Invited")


class PersonRole(models.TextChoices):
    CHAIR = "chair", _("Chair")  # chủ trì
    SPEAKER = "speaker", _("Speaker")  # phát biểu chỉ đạo
    ATTENDEE = "attendee", _("Attendee")  # dự
