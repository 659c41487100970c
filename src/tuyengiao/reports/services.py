"""Writes of periodic reports: defining indicators and forms; opening, filling, submitting,
approving, returning and re-opening a unit's report.

Every function checks rights through access.py, validates everything before it writes anything,
writes in one transaction and records the audit trail. A refusal raises DomainError; where several
figures are wrong at once, `extra["errors"]` maps each indicator code to its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.periods import Period, PeriodKind
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports import numbering, tallies
from tuyengiao.reports.choices import (
    COUNTED_STATUSES,
    Aggregation,
    IndicatorSource,
    RuleOperator,
    SectionKind,
    SubmissionStatus,
    ValueType,
)
from tuyengiao.reports.models import (
    Form,
    FormIndicator,
    FormRule,
    Indicator,
    Section,
    Submission,
    Value,
)
from tuyengiao.reports.narrative import placeholder_codes
from tuyengiao.reports.validation import parse_value, rule_errors

INDICATOR_FIELDS = [
    "code",
    "name",
    "measure",
    "value_type",
    "aggregation",
    "numerator",
    "denominator",
    "min_value",
    "max_value",
    "source",
    "description",
]
FORM_FIELDS = [
    "code",
    "name",
    "subject",
    "period_kind",
    "start_day",
    "deadline_days",
    "levels",
    "document_type",
    "is_active",
]
DETAIL_FIELDS = ["place", "report_date", "signer_position", "signer_name", "recipients"]


# Definitions


def _check_indicator(indicator: Indicator) -> None:
    if indicator.aggregation == Aggregation.RATIO:
        if indicator.numerator is None or indicator.denominator is None:
            raise DomainError(
                _("A ratio needs a numerator and a denominator indicator"), field="numerator"
            )
        if indicator.numerator_id == indicator.denominator_id:
            raise DomainError(_("Numerator and denominator must differ"), field="denominator")
        if indicator.value_type != ValueType.PERCENT:
            raise DomainError(_("A ratio is shown as a percent"), field="value_type")
    elif indicator.numerator_id or indicator.denominator_id:
        raise DomainError(_("Only a ratio has a numerator and a denominator"), field="numerator")
    if indicator.value_type == ValueType.TEXT and indicator.aggregation != Aggregation.NONE:
        raise DomainError(_("A text figure is not aggregated"), field="aggregation")
    if (
        indicator.min_value is not None
        and indicator.max_value is not None
        and indicator.min_value > indicator.max_value
    ):
        raise DomainError(_("The minimum is above the maximum"), field="min_value")
    clash = Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk)
    if clash.exists():
        raise DomainError(
            _("Indicator code %(code)s is taken") % {"code": indicator.code}, field="code"
        )


@transaction.atomic
def indicator_create(*, actor: Any, owner: OrgUnit, **fields: Any) -> Indicator:
    access.require(actor, "manage", owner)
    fields["code"] = fields["code"].strip().upper()
    indicator = Indicator(owner=owner, updated_by=user_or_none(actor), **fields)
    _check_indicator(indicator)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=indicator, unit=owner)
    return indicator


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, version: int, **fields: Any) -> Indicator:
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    access.require(actor, "manage", current.owner)
    check_version(current, version)
    before = snapshot(current, INDICATOR_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value.strip().upper() if name == "code" else value)
    _check_indicator(current)
    current.full_clean()
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.owner,
        changes=diff(before, snapshot(current, INDICATOR_FIELDS)),
    )
    return current


def _check_form(form: Form) -> None:
    levels = set(form.levels or [])
    if not levels or not levels <= set(Level.values):
        raise DomainError(_("Choose the levels that report this form"), field="levels")
    if not 1 <= form.start_day <= 28:
        raise DomainError(_("Periods start on a day from 1 to 28"), field="start_day")
    if form.period_kind not in PeriodKind.values:
        raise DomainError(_("Unknown period"), field="period_kind")
    clash = Form.objects.filter(code=form.code).exclude(pk=form.pk)
    if clash.exists():
        raise DomainError(_("Form code %(code)s is taken") % {"code": form.code}, field="code")


@transaction.atomic
def form_create(*, actor: Any, owner: OrgUnit, **fields: Any) -> Form:
    access.require(actor, "manage", owner)
    fields["code"] = fields["code"].strip().upper()
    form = Form(owner=owner, updated_by=user_or_none(actor), **fields)
    _check_form(form)
    form.full_clean()
    form.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=form, unit=owner)
    return form


@transaction.atomic
def form_update(*, actor: Any, form: Form, version: int, **fields: Any) -> Form:
    current = Form.objects.select_for_update().get(pk=form.pk)
    access.require(actor, "manage", current.owner)
    check_version(current, version)
    if (
        current.submissions.exists()
        and {"period_kind", "start_day"} & fields.keys()
        and any(
            getattr(current, k) != fields[k] for k in ("period_kind", "start_day") if k in fields
        )
    ):
        raise DomainError(
            _("Units have reported this form; its periods can no longer change"),
            field="period_kind",
        )
    before = snapshot(current, FORM_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_form(current)
    current.full_clean()
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.owner,
        changes=diff(before, snapshot(current, FORM_FIELDS)),
    )
    return current


@transaction.atomic
def section_add(
    *, actor: Any, form: Form, title: str, kind: str, guidance: str = "", template: str = ""
) -> Section:
    access.require(actor, "manage", form.owner)
    if not title.strip():
        raise DomainError(_("A section needs a title"), field="title")
    if kind == SectionKind.NARRATIVE and template:
        _check_placeholders(form, template, field="template")
    order = (form.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = Section(
        form=form, order=order, title=title.strip(), kind=kind, guidance=guidance, template=template
    )
    section.full_clean()
    section.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=form,
        unit=form.owner,
        changes={"section": [None, section.title]},
    )
    return section


@transaction.atomic
def section_update(
    *, actor: Any, section: Section, title: str, guidance: str = "", template: str = ""
) -> Section:
    form = section.form
    access.require(actor, "manage", form.owner)
    if not title.strip():
        raise DomainError(_("A section needs a title"), field="title")
    if section.kind == SectionKind.NARRATIVE and template:
        _check_placeholders(form, template, field="template")
    before = {"title": section.title, "guidance": section.guidance, "template": section.template}
    section.title, section.guidance, section.template = title.strip(), guidance, template
    section.full_clean()
    section.save()
    after = {"title": section.title, "guidance": section.guidance, "template": section.template}
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=form,
        unit=form.owner,
        changes=diff(before, after),
    )
    return section


@transaction.atomic
def form_indicator_add(
    *, actor: Any, form: Form, section: Section, indicator: Indicator, required: bool = False
) -> FormIndicator:
    access.require(actor, "manage", form.owner)
    if section.form_id != form.pk or section.kind != SectionKind.FIGURES:
        raise DomainError(_("Figures go into a figures section of this form"), field="section")
    if form.items.filter(indicator=indicator).exists():
        raise DomainError(
            _("%(code)s is already in this form") % {"code": indicator.code}, field="indicator"
        )
    if indicator.is_computed:
        terms = {indicator.numerator_id, indicator.denominator_id}
        if form.items.filter(indicator_id__in=terms).count() < 2:
            raise DomainError(
                _("Add %(a)s and %(b)s to the form before their ratio")
                % {"a": indicator.numerator.code, "b": indicator.denominator.code},
                field="indicator",
            )
        required = False
    order = (section.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = FormIndicator.objects.create(
        form=form, section=section, indicator=indicator, order=order, required=required
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=form,
        unit=form.owner,
        changes={"indicator": [None, indicator.code]},
    )
    return item


@transaction.atomic
def form_rule_add(
    *, actor: Any, form: Form, left: Indicator, operator: str, right: Indicator
) -> FormRule:
    access.require(actor, "manage", form.owner)
    in_form = set(form.items.values_list("indicator_id", flat=True))
    if left.pk not in in_form or right.pk not in in_form:
        raise DomainError(_("Both figures of a rule must be in the form"), field="left")
    if left.pk == right.pk or operator not in RuleOperator.values:
        raise DomainError(_("A rule relates two different figures"), field="operator")
    rule = FormRule.objects.create(form=form, left=left, operator=operator, right=right)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=form,
        unit=form.owner,
        changes={"rule": [None, str(rule)]},
    )
    return rule


def _check_placeholders(form: Form, text: str, *, field: str) -> None:
    known = set(form.items.values_list("indicator__code", flat=True))
    unknown = sorted(set(placeholder_codes(text)) - known)
    if unknown:
        raise DomainError(
            _("No figure %(codes)s in this form") % {"codes": ", ".join(unknown)}, field=field
        )


# Submissions


def period_is_open(period: Period, *, on: dt.date) -> bool:
    """A period can be reported from its first day on (never ahead of time)."""
    return period.start <= on


def check_can_report(*, form: Form, unit: OrgUnit, period: Period) -> None:
    """Refuses a unit that does not report this form for this period, naming why."""
    if not form.is_active:
        raise DomainError(_("This form is no longer in use"), field="form")
    if unit.level not in form.levels or not unit.path.startswith(form.owner.path):
        raise DomainError(
            _("%(unit)s does not report %(form)s") % {"unit": unit, "form": form.name},
            field="unit",
        )
    if not unit.is_valid_on(period.end):
        raise DomainError(
            _("%(unit)s did not exist at the end of %(period)s") % {"unit": unit, "period": period},
            field="unit",
        )
    if not period_is_open(period, on=today()):
        raise DomainError(
            _("%(period)s has not begun; it cannot be reported yet") % {"period": period},
            field="period",
        )


@transaction.atomic
def submission_open(*, actor: Any, form: Form, unit: OrgUnit, period_code: str) -> Submission:
    """The unit's report of `form` for the period, created as a draft the first time (with the
    figures the work programme already knows filled in)."""
    access.require(actor, "edit", unit)
    period = form.period(period_code)
    existing = Submission.objects.filter(form=form, unit=unit, period_code=period.code).first()
    if existing is not None:
        return existing
    check_can_report(form=form, unit=unit, period=period)
    submission = Submission.objects.create(
        form=form,
        unit=unit,
        unit_path=unit.path,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
        deadline=form.deadline_for(period),
        narratives={
            str(s.pk): s.template for s in form.sections.filter(kind=SectionKind.NARRATIVE)
        },
        report_date=min(period.end, today()),
        updated_by=user_or_none(actor),
    )
    _fill_from_programme(actor=actor, submission=submission, period=period)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=submission, unit=unit)
    return submission


def _fill_from_programme(*, actor: Any, submission: Submission, period: Period) -> None:
    sourced = [
        item.indicator
        for item in submission.form.items.select_related("indicator")
        if item.indicator.source
    ]
    if not sourced:
        return
    from tuyengiao.programmes.selectors import task_rollup

    counts = task_rollup(user=actor, unit=submission.unit, as_of=period.end, period=period).own
    by_source = {IndicatorSource.TASKS_DONE: counts.done, IndicatorSource.TASKS_TOTAL: counts.total}
    Value.objects.bulk_create(
        Value(submission=submission, indicator=i, number=Decimal(by_source[i.source]))
        for i in sourced
        if counts.total
    )


@dataclass(frozen=True)
class FormDefinition:
    """A form's figures, read once: what the entry page, the services and the importer check."""

    items: list[FormIndicator]
    rules: list[FormRule]

    @property
    def by_code(self) -> dict[str, FormIndicator]:
        return {item.indicator.code: item for item in self.items}


def form_definition(form: Form) -> FormDefinition:
    return FormDefinition(
        items=list(
            form.items.select_related("indicator", "section").order_by("section__order", "order")
        ),
        rules=list(form.rules.select_related("left", "right")),
    )


def parse_figures(
    definition: FormDefinition,
    entries: Mapping[str, object],
    *,
    current: Mapping[int, Decimal | None],
) -> tuple[dict[int, tuple[Decimal | None, str] | None], dict[str, str]]:
    """Reads typed entries (indicator code -> raw) against the form: the parsed values by
    indicator id (None: cleared) and the errors by code. `current` holds the numbers already
    stored, so a relation is checked against the figures the report will hold after the save."""
    by_code = definition.by_code
    parsed: dict[int, tuple[Decimal | None, str] | None] = {}
    errors: dict[str, str] = {}
    for code, raw in entries.items():
        item = by_code.get(code)
        if item is None:
            errors[code] = _("%(code)s is not a figure of this form") % {"code": code}
            continue
        try:
            parsed[item.indicator.pk] = parse_value(item.indicator, raw)
        except DomainError as error:
            errors[code] = error.message
    numbers = dict(current)
    for pk, value in parsed.items():
        numbers[pk] = value[0] if value else None
    for code, message in rule_errors(definition.rules, numbers).items():
        errors.setdefault(code, message)
    return parsed, errors


def _refuse(errors: Mapping[str, str]) -> None:
    if errors:
        first = next(iter(errors.values()))
        more = len(errors) - 1
        message = (
            first if not more else _("%(first)s (and %(n)d more)") % {"first": first, "n": more}
        )
        raise DomainError(message, field=next(iter(errors)), extra={"errors": dict(errors)})


def _lock_editable(submission: Submission, version: int | None) -> Submission:
    current = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("form", "unit")
        .get(pk=submission.pk)
    )
    if version is not None:
        check_version(current, version)
    if not current.is_editable:
        raise DomainError(
            _("This report is %(status)s and locked; ask the level above to re-open it")
            % {"status": current.get_status_display().lower()},
            field="status",
        )
    return current


def write_values(
    submission: Submission, parsed: Mapping[int, tuple[Decimal | None, str] | None]
) -> None:
    """Stores parsed figures: inserts, updates and deletes (a cleared field), in bulk."""
    existing = {v.indicator_id: v for v in submission.values.filter(indicator_id__in=list(parsed))}
    create, update, delete = [], [], []
    for pk, value in parsed.items():
        row = existing.get(pk)
        if value is None:
            if row is not None:
                delete.append(row.pk)
            continue
        number, text = value
        if row is None:
            create.append(Value(submission=submission, indicator_id=pk, number=number, text=text))
        elif row.number != number or row.text != text:
            row.number, row.text = number, text
            update.append(row)
    Value.objects.filter(pk__in=delete).delete()
    Value.objects.bulk_create(create, batch_size=1000)
    Value.objects.bulk_update(update, ["number", "text"], batch_size=1000)


@transaction.atomic
def submission_save(
    *,
    actor: Any,
    submission: Submission,
    version: int,
    values: Mapping[str, object] | None = None,
    narratives: Mapping[str, str] | None = None,
    details: Mapping[str, Any] | None = None,
) -> Submission:
    """Saves a draft: figures by indicator code, narrative texts by section id, and the
    document details (place, date, signer, recipients). All or nothing."""
    current = _lock_editable(submission, version)
    access.require(actor, "edit", current.unit)
    definition = form_definition(current.form)
    stored = dict(current.values.values_list("indicator_id", "number"))
    parsed, errors = parse_figures(definition, values or {}, current=stored)
    narrative_ids = {
        str(pk)
        for pk in current.form.sections.filter(kind=SectionKind.NARRATIVE).values_list(
            "pk", flat=True
        )
    }
    for key, text in (narratives or {}).items():
        if str(key) not in narrative_ids:
            errors[f"section-{key}"] = _("No narrative section %(key)s in this form") % {"key": key}
            continue
        unknown = sorted(set(placeholder_codes(text)) - set(definition.by_code))
        if unknown:
            errors[f"section-{key}"] = _("No figure %(codes)s in this form") % {
                "codes": ", ".join(unknown)
            }
    unknown_details = set(details or {}) - set(DETAIL_FIELDS)
    if unknown_details:
        errors[sorted(unknown_details)[0]] = _("Unknown field")
    _refuse(errors)
    before = snapshot(current, DETAIL_FIELDS)
    for name, value in (details or {}).items():
        setattr(current, name, value)
    if narratives:
        current.narratives = {**current.narratives, **{str(k): v for k, v in narratives.items()}}
    current.full_clean(exclude=["unit", "form", "updated_by", "submitted_by", "decided_by"])
    write_values(current, parsed)
    save_new_version(current, actor=actor)
    changes = diff(before, snapshot(current, DETAIL_FIELDS))
    if parsed:
        changes["figures"] = [None, len(parsed)]
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, unit=current.unit, changes=changes
    )
    return current


def missing_required(submission: Submission, definition: FormDefinition) -> dict[str, str]:
    filled = set(
        submission.values.exclude(number__isnull=True, text="").values_list(
            "indicator_id", flat=True
        )
    )
    return {
        item.indicator.code: _("%(name)s is required") % {"name": item.indicator.name}
        for item in definition.items
        if item.required and item.indicator.pk not in filled
    }


@transaction.atomic
def submission_submit(
    *, actor: Any, submission: Submission, version: int, at: dt.datetime | None = None
) -> Submission:
    """Hands the report to the level above: every required figure present, every rule kept.
    The first submit gives the report its number, in the sequence of the day it is handed in
    (`at`, now unless a past report is being recorded, as the demo does)."""
    current = _lock_editable(submission, version)
    access.require(actor, "edit", current.unit)
    definition = form_definition(current.form)
    errors = missing_required(current, definition)
    stored = dict(current.values.values_list("indicator_id", "number"))
    errors.update(rule_errors(definition.rules, stored))
    _refuse(errors)
    if current.unit.parent_id is None:
        raise DomainError(_("The central unit has no level above to report to"), field="unit")
    now = at or timezone.now()
    if current.number is None:
        day = timezone.localdate(now)
        issuer = numbering.issuer_code(current.unit, on=day)
        current.number = numbering.next_number(
            unit=current.unit,
            issuer=issuer,
            document_type=current.form.document_type,
            term_starts_on=numbering.term_start(current.unit, on=day),
        )
        current.number_text = numbering.number_text(
            current.number, document_type=current.form.document_type, issuer=issuer
        )
    before_status = current.status
    current.status = SubmissionStatus.SUBMITTED
    current.submitted_at = now
    current.submitted_by = user_or_none(actor)
    current.return_reason = ""
    save_new_version(current, actor=actor)
    _retally(current, before_status)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes={"status": [before_status, current.status], "number": [None, current.number_text]},
    )
    return current


def _retally(submission: Submission, before: str) -> None:
    """Keeps the branch tallies true when a report enters or leaves the counted statuses."""
    if (before in COUNTED_STATUSES) != (submission.status in COUNTED_STATUSES):
        tallies.refresh(
            form_id=submission.form_id,
            period_code=submission.period_code,
            branch=tallies.branch_of(submission.unit_path),
        )


def _lock_for_decision(
    *, actor: Any, submission: Submission, version: int, expect: str
) -> Submission:
    current = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("form", "unit")
        .get(pk=submission.pk)
    )
    access.require(actor, "decide", current.unit)
    check_version(current, version)
    if current.status != expect:
        raise DomainError(
            _("This report is %(status)s, not %(expected)s")
            % {
                "status": current.get_status_display().lower(),
                "expected": SubmissionStatus(expect).label.lower(),
            },
            field="status",
        )
    return current


def _decide(
    *, actor: Any, current: Submission, status: SubmissionStatus, reason: str, event: str
) -> Submission:
    before = current.status
    current.status = status
    current.decided_at = timezone.now()
    current.decided_by = user_or_none(actor)
    current.return_reason = reason
    save_new_version(current, actor=actor)
    _retally(current, before)
    changes: dict[str, Any] = {"status": [before, status.value], "event": [None, event]}
    if reason:
        changes["reason"] = [None, reason]
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, unit=current.unit, changes=changes
    )
    return current


@transaction.atomic
def submission_approve(*, actor: Any, submission: Submission, version: int) -> Submission:
    """The level above accepts the report; its figures are locked from now on."""
    current = _lock_for_decision(
        actor=actor, submission=submission, version=version, expect=SubmissionStatus.SUBMITTED
    )
    return _decide(
        actor=actor, current=current, status=SubmissionStatus.APPROVED, reason="", event="approve"
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why, so the unit knows what to change"), field="reason")
    return reason


@transaction.atomic
def submission_return(
    *, actor: Any, submission: Submission, version: int, reason: str
) -> Submission:
    """The level above sends the report back for changes, saying why."""
    reason = _reason(reason)
    current = _lock_for_decision(
        actor=actor, submission=submission, version=version, expect=SubmissionStatus.SUBMITTED
    )
    return _decide(
        actor=actor,
        current=current,
        status=SubmissionStatus.RETURNED,
        reason=reason,
        event="return",
    )


@transaction.atomic
def submission_reopen(
    *, actor: Any, submission: Submission, version: int, reason: str
) -> Submission:
    """Unlocks an approved report for correction: an explicit act of the level above, with its
    reason in the audit trail. The report keeps its number."""
    reason = _reason(reason)
    current = _lock_for_decision(
        actor=actor, submission=submission, version=version, expect=SubmissionStatus.APPROVED
    )
    return _decide(
        actor=actor,
        current=current,
        status=SubmissionStatus.RETURNED,
        reason=reason,
        event="reopen",
    )
