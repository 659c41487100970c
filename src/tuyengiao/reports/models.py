"""Periodic reports: indicators, report forms, a unit's submission of a form for a period, its
figures, and the numbering of the documents it becomes.

Units store only their own figures (`Value`); totals over a subtree are computed by the roll-up
selectors, never stored. A submission copies its unit's tree path and its period's dates so that a
roll-up reads one table of submissions with one prefix filter.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.core.periods import Period, PeriodKind
from tuyengiao.reports.choices import (
    Aggregation,
    IndicatorSource,
    RuleOperator,
    SectionKind,
    SubmissionStatus,
    ValueType,
)


class Indicator(Versioned):
    """A figure units report (chỉ tiêu): "Số cuộc học tập, quán triệt", unit of measure "cuộc".

    Defined by an admin of `owner`; every unit may read the catalogue (a definition is not a
    secret), only the owner's admins change it. A RATIO indicator is never entered: it is
    `numerator` / `denominator` × 100, for a unit and for a total alike.
    """

    owner = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=IndicatorSource.choices, blank=True, default=""
    )
    description = models.TextField(_("description"), blank=True)

    unit_path_lookup = "owner__path"

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(aggregation="ratio")
                | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_computed(self) -> bool:
        return self.aggregation == Aggregation.RATIO


class Form(Versioned):
    """A report form (biểu mẫu): sections of figures and narrative, for one kind of period.

    Units of `levels` inside `owner`'s subtree report it. A period starts on `start_day` (15: the
    half-year runs from 15/12 to 14/06), and a report is on time when handed in within
    `deadline_days` after the period's last day.
    """

    owner = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    subject = models.CharField(
        _("subject line"),
        max_length=300,
        help_text=_(
            "Printed under BÁO CÁO; {period} becomes the period, e.g. 6 tháng đầu năm 2020."
        ),
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    start_day = models.PositiveSmallIntegerField(_("periods start on day"), default=1)
    deadline_days = models.PositiveSmallIntegerField(
        _("days after the period to hand in"), default=5
    )
    levels = models.JSONField(_("levels that report"), default=list)
    document_type = models.CharField(_("document type"), max_length=10, default="BC")
    is_active = models.BooleanField(_("in use"), default=True)

    unit_path_lookup = "owner__path"

    class Meta:
        ordering = ["code"]
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:form_detail", args=[self.pk])

    def period(self, code: str) -> Period:
        """The form's period for `code` ("2020-H1", "6 tháng đầu năm 2020"), with its cut-off."""
        period = Period.parse(code, start_day=self.start_day)
        if period.kind != self.period_kind:
            from tuyengiao.core.exceptions import DomainError

            raise DomainError(
                _("This form is reported per %(kind)s, not for %(period)s")
                % {
                    "kind": PeriodKind(self.period_kind).label.lower(),
                    # Mid-sentence: "năm 2020", not the heading's "Năm 2020".
                    "period": f"{str(period)[:1].lower()}{str(period)[1:]}",
                },
                field="period",
            )
        return period

    def deadline_for(self, period: Period) -> dt.date:
        """The last day a report of `period` is on time."""
        return period.end + dt.timedelta(days=self.deadline_days)


class Section(models.Model):
    """A part of a form: a table of figures, or a narrative ("Tồn tại, hạn chế") whose template
    text may embed figures as {{CODE}} placeholders."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices)
    guidance = models.TextField(_("guidance"), blank=True)
    template = models.TextField(_("starting text"), blank=True)

    class Meta:
        ordering = ["form", "order"]
        constraints = [
            models.UniqueConstraint(fields=["form", "order"], name="section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class FormIndicator(models.Model):
    """An indicator's place in a form's figures section."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"))
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="form_indicator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.indicator_id}"


class FormRule(models.Model):
    """A relation between two figures of a form, checked on every save: attended ≤ expected."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    operator = models.CharField(max_length=3, choices=RuleOperator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.left.code} {self.get_operator_display()} {self.right.code}"


class PartyTerm(models.Model):
    """A party-committee term (nhiệm kỳ 2020–2025). Document numbers restart with each term;
    a term of a unit overrides the nationwide one (unit empty) for its subtree."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("term"), max_length=40)
    starts_on = models.DateField(_("starts on"))

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.label


class DocumentSequence(models.Model):
    """The last number given to one issuing body's documents of one type in one term ("12" of
    "12-BC/BTGTU"). Every provincial commission signs "BTGTU", so the body is the unit; its
    abbreviation is part of the key because a renamed body (BTGTU → BTGDVTU) starts afresh."""

    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    issuer = models.CharField(max_length=20)
    document_type = models.CharField(max_length=10)
    term_starts_on = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "issuer", "document_type", "term_starts_on"],
                name="document_sequence_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_number:02d}-{self.document_type}/{self.issuer} ({self.term_starts_on})"


class Submission(Versioned):
    """A unit's report of a form for a period: its own figures, its narrative, its status.

    `unit_path`, `period_start` and `period_end` copy the unit's path and the period's dates (both
    fixed for the submission's life) so roll-ups filter one table. `number` is given once, at the
    first submit, and kept through returns and re-openings.
    """

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False)
    period_code = models.CharField(_("period"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    narratives = models.JSONField(default=dict, blank=True)  # {section id: text}
    place = models.CharField(_("place"), max_length=100, blank=True)
    report_date = models.DateField(_("date of the report"), null=True, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number_text = models.CharField(_("number"), max_length=40, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason"), blank=True)

    unit_path_lookup = "unit_path"

    class Meta:
        ordering = ["-period_start", "unit_path"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period_code"], name="submission_one_per_period"
            ),
        ]
        indexes = [
            # The roll-up: one form and period, a subtree by path prefix, handed-in statuses.
            models.Index(
                fields=["form", "period_code", "unit_path", "status"], name="submission_rollup_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} · {self.unit} · {self.period_code}"

    def get_absolute_url(self) -> str:
        return reverse("reports:submission_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period.parse(self.period_code, start_day=self.form.start_day)

    @property
    def is_editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class Value(models.Model):
    """One figure of a submission: a number (every numeric type, yes/no as 1/0) or a text."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    unit_path_lookup = "submission__unit_path"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="value_one_per_figure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.number if self.number is not None else self.text}"


class BranchTally(models.Model):
    """The handed-in figures of one form and period over one province-sized branch of the tree
    (a unit two levels down and its subtree, or a root unit's own report): their sum, count,
    minimum and maximum per indicator.

    A national roll-up groups every handed-in figure of the period by province; these rows hold
    that grouping ready (a few thousand rows instead of a quarter of a million figures). A report's
    figures cannot change while it is handed in, so the rows change only when a report enters or
    leaves the counted statuses, and `reports.tallies.refresh` recomputes the branch then, in the
    same transaction. Derived data: `tuyengiao rebuild-tallies` recomputes every row.
    """

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="+")
    period_code = models.CharField(max_length=10)
    branch = models.CharField(max_length=255)  # a unit path of at most two segments
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    # Sums of up to 10^16 per figure over every unit of a branch: wider than a figure.
    total = models.DecimalField(max_digits=30, decimal_places=4)
    count = models.PositiveIntegerField()
    low = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    high = models.DecimalField(max_digits=20, decimal_places=4, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "period_code", "branch", "indicator"], name="branch_tally_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.period_code}:{self.branch}:{self.indicator_id}"
