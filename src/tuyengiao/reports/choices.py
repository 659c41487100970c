"""Choices of the periodic-reports app (GLOSSARY.md: báo cáo định kỳ, biểu mẫu, chỉ tiêu, số liệu)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    PERCENT = "percent", _("Percent")
    MONEY = "money", _("Money (VND)")
    BOOLEAN = "boolean", _("Yes / no")
    TEXT = "text", _("Text")


class Aggregation(models.TextChoices):
    """How a figure rolls up over a subtree. LAST is for stock figures ("reporters"): each unit's
    latest value, summed over the units; RATIO is computed from two other indicators' totals."""

    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    LAST = "last", _("Last value")
    RATIO = "ratio", _("Ratio of two indicators")
    NONE = "none", _("Not aggregated")  # text figures


class IndicatorSource(models.TextChoices):
    """Where a figure's suggested value comes from; an editor may still change it."""

    ENTERED = "", _("Entered by the unit")
    TASKS_DONE = "tasks_done", _("Programme: tasks done")
    TASKS_TOTAL = "tasks_total", _("Programme: tasks in the period")


class SectionKind(models.TextChoices):
    FIGURES = "figures", _("Figures")
    NARRATIVE = "narrative", _("Narrative")


class RuleOperator(models.TextChoices):
    LTE = "lte", "≤"
    LT = "lt", "<"
    GTE = "gte", "≥"
    EQ = "eq", "="


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
# What a roll-up counts: figures a unit has handed in, whether or not approved yet.
COUNTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
