"""Choices of the work-programme app (GLOSSARY.md: chương trình công tác, nhiệm vụ)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class TaskCategory(models.TextChoices):
    ADVISORY = "advisory", _("Advisory")  # tham mưu
    PROPAGANDA = "propaganda", _("Propaganda")
    TRAINING = "training", _("Training")
    SCIENCE_EDUCATION = "science_education", _("Science and education")
    CULTURE = "culture", _("Culture and arts")
    PARTY_HISTORY = "party_history", _("Party history")
    OTHER = "other", _("Other")


class TaskOrigin(models.TextChoices):
    PLANNED = "planned", _("In the programme")  # đề ra từ đầu năm
    AD_HOC = "ad_hoc", _("Ad hoc")  # nhiệm vụ đột xuất
    ASSIGNED = "assigned", _("From the level above")  # giao từ cấp trên


class TaskStatus(models.TextChoices):
    """What a progress update records. Overdue is not among them: it is derived from the due
    date and the status, never set by hand."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
