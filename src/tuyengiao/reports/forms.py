"""Shapes of the periodic-reports pages' input. Rules live in services; these only parse.

Figures are taken as typed ("1.234.567", "12,5", "có"): the service reads them against the
indicator, so the page and the API refuse the same values with the same message. Choices of
objects (indicators, sections) come from selectors through the view; a field cleans to the
chosen object, so the view hands objects straight to the service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.formatting import format_number, parse_number
from tuyengiao.core.periods import PeriodKind
from tuyengiao.orgunits.choices import Level
from tuyengiao.reports.choices import (
    Aggregation,
    IndicatorSource,
    RuleOperator,
    SectionKind,
    ValueType,
)
from tuyengiao.reports.models import FormIndicator, Section, Submission, Value
from tuyengiao.reports.narrative import format_figure
from tuyengiao.reports.validation import hint

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIGURE_PREFIX = "v_"
NARRATIVE_PREFIX = "n_"
DETAIL_FIELDS = ["place", "report_date", "signer_position", "signer_name", "recipients"]


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over objects the view already read: submits the pk, cleans to the object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)
        self.objects: dict[int, Any] = {}

    def set_objects(self, objects: Iterable[Any], label=str, blank: str | None = None) -> None:
        self.objects = {o.pk: o for o in objects}
        self.choices = ([("", blank)] if blank is not None else []) + [
            (o.pk, label(o)) for o in self.objects.values()
        ]

    def clean(self, value: Any) -> Any:
        pk = super().clean(value)
        return self.objects.get(pk) if pk not in (None, "") else None


class VnNumberField(forms.CharField):
    """A number typed the Vietnamese way ("1.000", "12,5"); empty gives None."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return format_number(value) if isinstance(value, Decimal | int) else value

    def clean(self, value: Any) -> Decimal | None:
        raw = super().clean(value)
        if not raw:
            return None
        try:
            return parse_number(raw)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from None


def indicator_label(indicator: Any) -> str:
    return f"{indicator.code} · {indicator.name}"[:120]


# Catalogue


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and _; placeholders in narratives use it: {{CODE}}."),
    )
    name = forms.CharField(label=_("Name"), max_length=300)
    measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    value_type = forms.ChoiceField(label=_("Value type"), choices=ValueType.choices)
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices)
    numerator = ObjectChoiceField(label=_("Numerator (ratio only)"), required=False)
    denominator = ObjectChoiceField(label=_("Denominator (ratio only)"), required=False)
    min_value = VnNumberField(label=_("Minimum"))
    max_value = VnNumberField(label=_("Maximum"))
    source = forms.ChoiceField(
        label=_("Suggested from"), choices=IndicatorSource.choices, required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, indicators: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = list(indicators)
        for name in ("numerator", "denominator"):
            self.fields[name].set_objects(indicators, indicator_label, blank="—")


class IndicatorEditForm(IndicatorForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportFormForm(forms.Form):
    """A report form's own fields (a "form" of forms: named ReportForm to stay readable)."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    subject = forms.CharField(
        label=_("Subject line"),
        max_length=300,
        help_text=_("{period} becomes the period, e.g. 6 tháng đầu năm 2020."),
    )
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    start_day = forms.IntegerField(
        label=_("Periods start on day"),
        min_value=1,
        max_value=28,
        initial=1,
        help_text=_("15: the half-year runs from 15/12 to 14/06."),
    )
    deadline_days = forms.IntegerField(
        label=_("Days after the period to hand in"), min_value=0, max_value=365, initial=5
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels that report"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    document_type = forms.CharField(label=_("Document type"), max_length=10, initial="BC")
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ReportFormEditForm(ReportFormForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=SectionKind.choices)
    guidance = forms.CharField(
        label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    template = forms.CharField(
        label=_("Starting text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Narrative sections only; {{CODE}} shows a figure of the form."),
    )


class FormIndicatorAddForm(forms.Form):
    section = ObjectChoiceField(label=_("Section"))
    indicator = ObjectChoiceField(label=_("Indicator"))
    required = forms.BooleanField(label=_("Required"), required=False)

    def __init__(
        self,
        *args: Any,
        sections: Iterable[Section] = (),
        indicators: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].set_objects(sections)
        self.fields["indicator"].set_objects(indicators, indicator_label, blank="—")


class RuleAddForm(forms.Form):
    left = ObjectChoiceField(label=_("Figure"))
    operator = forms.ChoiceField(label=_("must be"), choices=RuleOperator.choices)
    right = ObjectChoiceField(label=_("than / as figure"))

    def __init__(self, *args: Any, indicators: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = list(indicators)
        self.fields["left"].set_objects(indicators, indicator_label, blank="—")
        self.fields["right"].set_objects(indicators, indicator_label, blank="—")


# Reports


class OpenForm(forms.Form):
    """Which report to open: a form of the unit and a period, as a code or in words."""

    form = forms.IntegerField(widget=forms.HiddenInput)
    period = forms.CharField(label=_("Period"), max_length=60, required=False)


class DecisionForm(forms.Form):
    """Approve, return or re-open: the version read, and the reason (return and re-open)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@dataclass
class GridRow:
    """One indicator of the entry grid: its input (None when computed or read-only), the rule
    shown beside it, and its current figure for display."""

    item: FormIndicator
    field: forms.BoundField | None
    hint: str
    figure: Decimal | str | None

    @property
    def indicator(self) -> Any:
        return self.item.indicator

    @property
    def display(self) -> str:
        """The figure as a report prints it ("1.234.567", "95,6%", "626 tỉ đồng"); "" if none."""
        if self.figure is None or self.figure == "":
            return ""
        return format_figure(self.indicator.value_type, self.figure)


def figure_for_input(value_type: str, value: Value | None) -> str:
    """A stored figure as the person would type it again: "1.234.567", "12,5", "1" (yes)."""
    if value is None:
        return ""
    if value.number is None:
        return value.text
    if value_type == ValueType.BOOLEAN:
        return "1" if value.number else "0"
    return format_number(value.number)


class SubmissionEntryForm(forms.Form):
    """The data-entry page: one input per entered figure (named v_CODE), one text per narrative
    section (n_<id>), the document details and the version read. Nothing here is required:
    the service checks what a submit needs, and a draft may be half filled."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.CharField(label=pgettext_lazy("report", "Place"), max_length=100, required=False)
    report_date = forms.DateField(label=_("Date of the report"), required=False, widget=DATE)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=100, required=False)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. - Ban Tuyên giáo Trung ương (b/c),"),
    )

    def __init__(
        self,
        *args: Any,
        submission: Submission,
        items: list[FormIndicator],
        narratives: list[Section],
        values: Mapping[int, Value],
        **kwargs: Any,
    ) -> None:
        initial = {name: getattr(submission, name) for name in DETAIL_FIELDS}
        initial["version"] = submission.version
        for item in items:
            indicator = item.indicator
            if not indicator.is_computed:
                initial[FIGURE_PREFIX + indicator.code] = figure_for_input(
                    indicator.value_type, values.get(indicator.pk)
                )
        for section in narratives:
            initial[f"{NARRATIVE_PREFIX}{section.pk}"] = submission.narratives.get(
                str(section.pk), ""
            )
        super().__init__(*args, initial=initial, **kwargs)
        self.items, self.narrative_sections = items, narratives
        for item in items:
            field = self._figure_field(item)
            if field is not None:
                self.fields[FIGURE_PREFIX + item.indicator.code] = field
        for section in narratives:
            self.fields[f"{NARRATIVE_PREFIX}{section.pk}"] = forms.CharField(
                label=section.title,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    @staticmethod
    def _figure_field(item: FormIndicator) -> forms.Field | None:
        indicator = item.indicator
        if indicator.is_computed:
            return None
        attrs = {"aria-describedby": f"hint-{indicator.code}", "data-code": indicator.code}
        if indicator.value_type == ValueType.TEXT:
            return forms.CharField(
                label=indicator.name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, **attrs}),
            )
        if indicator.value_type == ValueType.BOOLEAN:
            return forms.ChoiceField(
                label=indicator.name,
                required=False,
                choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
                widget=forms.Select(attrs=attrs),
            )
        return forms.CharField(
            label=indicator.name,
            required=False,
            max_length=60,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num", **attrs}
            ),
        )

    # What the service takes

    def figure_entries(self) -> dict[str, str]:
        """Every entered figure by indicator code, as typed; an empty one clears the figure."""
        return {
            name.removeprefix(FIGURE_PREFIX): self.cleaned_data.get(name) or ""
            for name in self.fields
            if name.startswith(FIGURE_PREFIX)
        }

    def narrative_texts(self) -> dict[str, str]:
        return {
            name.removeprefix(NARRATIVE_PREFIX): self.cleaned_data.get(name) or ""
            for name in self.fields
            if name.startswith(NARRATIVE_PREFIX)
        }

    def details(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name) or ("" if name != "report_date" else None)
            for name in DETAIL_FIELDS
        }

    # What the service said

    def refuse(self, exc: DomainError, *, lead: str | None = None) -> None:
        """Puts each refused figure's message beside its input (extra["errors"]: code ->
        message; "section-<id>": a narrative) and the refusal at the top of the form, after
        `lead` (what happened: "Nothing was saved."). The first refused input takes the focus,
        so the keyboard is where the correction goes."""
        errors = dict(exc.extra.get("errors") or {})
        if not errors and exc.field:
            errors = {exc.field: exc.message}
        first = None
        for key, message in errors.items():
            name = self._field_for(str(key))
            if name is not None:
                self.add_error(name, message)
                first = first or name
        if first is not None:
            self.fields[first].widget.attrs["autofocus"] = True
        lead = str(_("Nothing was saved.")) if lead is None else lead
        self.add_error(None, f"{lead} {exc.message}".strip())

    def _field_for(self, key: str) -> str | None:
        for name in (
            FIGURE_PREFIX + key,
            NARRATIVE_PREFIX + key.removeprefix("section-"),
            key,
        ):
            if name in self.fields and name != "version":
                return name
        return None

    # What the template draws

    def grid(self, figures: Mapping[int, Decimal | str | None]) -> list[tuple[Section, list]]:
        """The figures sections in order, each with its rows."""
        sections: dict[int, tuple[Section, list[GridRow]]] = {}
        for item in self.items:
            indicator = item.indicator
            name = FIGURE_PREFIX + indicator.code
            row = GridRow(
                item=item,
                field=self[name] if name in self.fields else None,
                hint=hint(indicator, required=item.required),
                figure=figures.get(indicator.pk),
            )
            sections.setdefault(item.section_id, (item.section, []))[1].append(row)
        return list(sections.values())

    def narrative_fields(self) -> list[tuple[Section, forms.BoundField]]:
        return [(s, self[f"{NARRATIVE_PREFIX}{s.pk}"]) for s in self.narrative_sections]

    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DETAIL_FIELDS]
