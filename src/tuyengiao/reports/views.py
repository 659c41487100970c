"""Periodic-report pages: the overview of a unit's reports and the approval queue, the catalogue
of indicators and forms, the data-entry page of one report with its decisions, and the roll-up.

Every page reads through `selectors` and writes through `services`; a refusal (DomainError) is
shown beside the input it names and nothing is written; PermissionDenied answers 403, and a
report outside the user's subtrees 404 (from `access.get_for_user` inside the selectors).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.formatting import format_number
from tuyengiao.core.htmx import is_partial
from tuyengiao.core.periods import Period
from tuyengiao.core.selectors import audit_list
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_get, orgunit_name_on, orgunit_roots
from tuyengiao.reports import selectors, services
from tuyengiao.reports.choices import COUNTED_STATUSES, SectionKind, SubmissionStatus, ValueType
from tuyengiao.reports.forms import (
    NARRATIVE_PREFIX,
    DecisionForm,
    FormIndicatorAddForm,
    IndicatorEditForm,
    IndicatorForm,
    OpenForm,
    ReportFormEditForm,
    ReportFormForm,
    RuleAddForm,
    SectionAddForm,
    SubmissionEntryForm,
)
from tuyengiao.reports.models import Form, Indicator, Submission, Value
from tuyengiao.reports.narrative import format_figure, render_narrative
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 100
RECENT = 10
QUEUE_SIZE = 50
KEY_FIGURES = 6
HISTORY_SIZE = 50
CENTS = Decimal("0.01")


def _context_unit(request: HttpRequest) -> OrgUnit | None:
    return context_unit(user=request.user, unit_id=request.unit_context_id)


def _form_error(form: Any, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _latest_period(form: Form, day: Any) -> Period:
    """The form's latest period that has started by `day` (never one still ahead)."""
    return Period.containing(day, kind=form.period_kind, start_day=form.start_day)


def _figure(value_type: str, value: Decimal | str | None) -> str:
    if value is None or value == "":
        return ""
    if value_type == ValueType.DECIMAL and isinstance(value, Decimal):
        # An average over units has as many decimals as the division gives: a page shows two.
        value = value.quantize(CENTS, rounding=ROUND_HALF_UP).normalize()
    return format_figure(value_type, value)


def _total(indicator: Indicator, value: Decimal | str | None) -> str:
    """A figure over several units: yes/no figures add up to the number of units saying yes."""
    if indicator.value_type == ValueType.BOOLEAN and isinstance(value, Decimal):
        return format_number(value)
    return _figure(indicator.value_type, value)


# Overview


@login_required
def index(request: HttpRequest, *, open_errors: dict[int, str] | None = None) -> HttpResponse:
    """The unit in context: the forms it reports with its report for the latest two periods,
    its recent reports, and the reports waiting for the user's decision."""
    user, unit = request.user, _context_unit(request)
    rows, recent = [], []
    if unit is not None:
        day = min(request.as_of, today())
        forms = selectors.forms_for_unit(user=user, unit=unit)
        periods_of = {}
        for form in forms:
            latest = _latest_period(form, day)
            periods_of[form.pk] = [latest, latest.previous()]
        due = selectors.reports_due(
            user=user, unit=unit, forms=forms, periods_of=periods_of, day=day
        )
        rows = [
            {
                "form": form,
                "periods": [d for d in due if d.form.pk == form.pk],
                "error": (open_errors or {}).get(form.pk),
                "import_url": reverse("reports:form_import", args=[form.pk]),
            }
            for form in forms
        ]
        recent = list(selectors.submission_list(user=user, unit=unit)[:RECENT])
    queue = selectors.submissions_to_decide(user=user)
    context = {
        "unit": unit,
        "rows": rows,
        "recent": recent,
        "queue": list(queue[:QUEUE_SIZE]),
        "can_edit": unit is not None and access.can(user, "edit", unit),
        "can_manage": unit is not None and access.can(user, "manage", unit),
    }
    return render(request, "reports/index.html", context)


@login_required
@require_POST
def submission_open(request: HttpRequest) -> HttpResponse:
    """Opens (creating it as a draft the first time) the unit's report of a form for a period
    typed as a code or in words ("2020-H1", "6 tháng đầu năm 2020")."""
    open_form = OpenForm(request.POST)
    if not open_form.is_valid():
        raise Http404("no such form")
    form = selectors.form_get(user=request.user, pk=open_form.cleaned_data["form"])
    unit = _context_unit(request)
    if unit is None:
        raise Http404("no unit in context")
    try:
        submission = services.submission_open(
            actor=request.user, form=form, unit=unit, period_code=open_form.cleaned_data["period"]
        )
    except DomainError as exc:
        return index(request, open_errors={form.pk: exc.message})
    return redirect(submission)


# Catalogue: indicators


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator; the admins of the unit in context define new ones, owned by it."""
    user, unit = request.user, _context_unit(request)
    search = request.GET.get("q", "").strip()
    can_manage = unit is not None and access.can(user, "manage", unit)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied("not an admin of the unit in context")
    form = None
    if can_manage:
        form = IndicatorForm(request.POST or None, indicators=selectors.indicator_list(user=user))
        if request.method == "POST" and form.is_valid():
            try:
                indicator = services.indicator_create(actor=user, owner=unit, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request, _("Indicator %(code)s defined.") % {"code": indicator.code}
                )
                return redirect("reports:indicator_list")
    indicators = selectors.indicator_list(user=user, search=search)
    page = Paginator(indicators, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "manageable": {i.pk for i in page if access.can(user, "manage", i)},
        "search": search,
        "form": form,
        "unit": unit,
    }
    return render(request, "reports/indicator_list.html", context)


def _indicator_initial(indicator: Indicator) -> dict[str, Any]:
    names = [
        "code",
        "name",
        "measure",
        "value_type",
        "aggregation",
        "min_value",
        "max_value",
        "source",
        "description",
        "version",
    ]
    initial = {name: getattr(indicator, name) for name in names}
    initial["numerator"] = indicator.numerator_id
    initial["denominator"] = indicator.denominator_id
    return initial


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes an indicator (admins of its owner); a stale version is refused, input kept."""
    indicator = selectors.indicator_get(user=request.user, pk=pk, action="manage")
    others = [i for i in selectors.indicator_list(user=request.user) if i.pk != indicator.pk]
    form = IndicatorEditForm(
        request.POST or None, initial=_indicator_initial(indicator), indicators=others
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.indicator_update(
                actor=request.user, indicator=indicator, version=version, **data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("reports:indicator_list")
    return render(request, "reports/indicator_form.html", {"form": form, "indicator": indicator})


# Catalogue: report forms


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    """Every report form; the admins of the unit in context define new ones, owned by it."""
    user, unit = request.user, _context_unit(request)
    can_manage = unit is not None and access.can(user, "manage", unit)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied("not an admin of the unit in context")
    form = None
    if can_manage:
        form = ReportFormForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = services.form_create(actor=user, owner=unit, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(
                    request, _("Form %(code)s defined; add its sections.") % {"code": created.code}
                )
                return redirect(created)
    report_forms = list(selectors.form_list(user=user))
    for report_form in report_forms:
        report_form.level_labels = _level_labels(report_form)
    context = {"forms": report_forms, "form": form, "unit": unit}
    return render(request, "reports/form_list.html", context)


def _level_labels(form: Form) -> list[str]:
    return [str(label) for value, label in Level.choices if value in form.levels]


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    edit_form: ReportFormEditForm | None = None,
    section_form: SectionAddForm | None = None,
    item_form: FormIndicatorAddForm | None = None,
    rule_form: RuleAddForm | None = None,
) -> HttpResponse:
    user = request.user
    definition = services.form_definition(form)
    sections = list(form.sections.all())
    in_form = {item.indicator_id for item in definition.items}
    context: dict[str, Any] = {
        "report_form": form,
        "level_labels": _level_labels(form),
        "sections": [
            (s, [item for item in definition.items if item.section_id == s.pk]) for s in sections
        ],
        "rules": definition.rules,
        "can_manage": access.can(user, "manage", form),
    }
    if context["can_manage"]:
        figures = [s for s in sections if s.kind == SectionKind.FIGURES]
        context["edit_form"] = edit_form or ReportFormEditForm(
            initial={
                **{name: getattr(form, name) for name in services.FORM_FIELDS},
                "version": form.version,
            }
        )
        context["section_form"] = section_form or SectionAddForm()
        if figures:
            context["item_form"] = item_form or FormIndicatorAddForm(
                sections=figures,
                indicators=[i for i in selectors.indicator_list(user=user) if i.pk not in in_form],
            )
        if len(in_form) >= 2:
            context["rule_form"] = rule_form or RuleAddForm(
                indicators=[item.indicator for item in definition.items]
            )
    return render(request, "reports/form_detail.html", context)


@login_required
def form_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A form's sections, figures and rules; its owner's admins change them here."""
    return _form_page(request, selectors.form_get(user=request.user, pk=pk))


@login_required
@require_POST
def form_update(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    edit_form = ReportFormEditForm(request.POST)
    if edit_form.is_valid():
        data = dict(edit_form.cleaned_data)
        version = data.pop("version")
        try:
            services.form_update(actor=request.user, form=form, version=version, **data)
        except DomainError as exc:
            _form_error(edit_form, exc)
        else:
            messages.success(request, _("Form saved."))
            return redirect(form)
    return _form_page(request, form, edit_form=edit_form)


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    section_form = SectionAddForm(request.POST)
    if section_form.is_valid():
        try:
            section = services.section_add(
                actor=request.user, form=form, **section_form.cleaned_data
            )
        except DomainError as exc:
            _form_error(section_form, exc)
        else:
            messages.success(request, _("Section added: %(title)s") % {"title": section.title})
            return redirect(f"{form.get_absolute_url()}#section-{section.pk}")
    return _form_page(request, form, section_form=section_form)


@login_required
@require_POST
def form_indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    item_form = FormIndicatorAddForm(
        request.POST,
        sections=[s for s in form.sections.all() if s.kind == SectionKind.FIGURES],
        indicators=selectors.indicator_list(user=request.user),
    )
    if item_form.is_valid():
        try:
            item = services.form_indicator_add(
                actor=request.user, form=form, **item_form.cleaned_data
            )
        except DomainError as exc:
            _form_error(item_form, exc)
        else:
            messages.success(
                request, _("%(code)s added to the form.") % {"code": item.indicator.code}
            )
            return redirect(f"{form.get_absolute_url()}#section-{item.section_id}")
    return _form_page(request, form, item_form=item_form)


@login_required
@require_POST
def form_rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    rule_form = RuleAddForm(
        request.POST, indicators=[item.indicator for item in selectors.form_items(form)]
    )
    if rule_form.is_valid():
        try:
            services.form_rule_add(actor=request.user, form=form, **rule_form.cleaned_data)
        except DomainError as exc:
            _form_error(rule_form, exc)
        else:
            messages.success(request, _("Rule added."))
            return redirect(f"{form.get_absolute_url()}#rules")
    return _form_page(request, form, rule_form=rule_form)


# One report: data entry and decisions


def _own_figures(items: list, values: dict[int, Value]) -> dict[int, Decimal | str | None]:
    """The report's own figures by indicator id, ratios computed from its own terms."""
    tallies = {
        pk: selectors.Tally(total=v.number, count=1, low=v.number, high=v.number)
        for pk, v in values.items()
        if v.number is not None
    }
    figures: dict[int, Decimal | str | None] = {}
    for item in items:
        indicator, value = item.indicator, values.get(item.indicator_id)
        if indicator.is_computed:
            figures[indicator.pk] = selectors.combine([indicator], tallies)[indicator.pk]
        elif value is not None:
            figures[indicator.pk] = value.text if value.number is None else value.number
    return figures


def _narrative_totals(
    request: HttpRequest, submission: Submission, own: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """What {{CODE}} shows in the preview: the total over the unit's subtree where units below
    report the form, else the report's own figure. The second value says whether this report's
    own figures are still missing from that total (it is not handed in yet)."""
    period = submission.period
    reporting = selectors.units_expected(
        form=submission.form, period=period, within=submission.unit
    ).count()
    if reporting <= 1:
        return own, False
    rollup = selectors.rollup_values(
        user=request.user, form=submission.form, unit=submission.unit, period=period
    )
    return rollup.by_code(rollup.totals), submission.status not in COUNTED_STATUSES


def _history(request: HttpRequest, submission: Submission) -> list:
    """The report's audit entries, newest first, for the admins above it (the audit trail's
    readers, as on the other detail pages); empty for everyone else."""
    if not access.can(request.user, "manage", submission):
        return []
    return list(
        audit_list(user=request.user, unit=submission.unit)
        .filter(object_type__app_label="reports", object_type__model="submission")
        .filter(object_id=str(submission.pk))
        .order_by("-at", "-pk")[:HISTORY_SIZE]
    )


def _submission_page(
    request: HttpRequest,
    submission: Submission,
    *,
    entry: SubmissionEntryForm | None = None,
    decision: tuple[str, DecisionForm] | None = None,
) -> HttpResponse:
    user = request.user
    definition = services.form_definition(submission.form)
    values = selectors.submission_values(submission)
    narratives = [s for s in submission.form.sections.all() if s.kind == SectionKind.NARRATIVE]
    if entry is None:
        entry = SubmissionEntryForm(
            submission=submission, items=definition.items, narratives=narratives, values=values
        )
    own = _own_figures(definition.items, values)
    types = {item.indicator.code: item.indicator.value_type for item in definition.items}
    own_by_code = {item.indicator.code: own.get(item.indicator_id) for item in definition.items}
    totals, own_pending = _narrative_totals(request, submission, own_by_code)
    previews = [
        (
            section,
            field,
            render_narrative(field.value() or "", types=types, totals=totals, own=own_by_code),
        )
        for section, field in entry.narrative_fields()
    ]
    editable = submission.is_editable and access.can(user, "edit", submission)
    can_decide = access.can(user, "decide", submission)
    decisions = {}
    if can_decide:
        status = submission.status
        offered = {
            SubmissionStatus.SUBMITTED: ("approve", "return"),
            SubmissionStatus.APPROVED: ("reopen",),
        }.get(status, ())
        for verb in offered:
            if decision is not None and decision[0] == verb:
                decisions[verb] = decision[1]
            else:
                decisions[verb] = DecisionForm(
                    initial={"version": submission.version}, auto_id=f"id_{verb}_%s"
                )
    context = {
        "submission": submission,
        "period": submission.period,
        "entry": entry,
        "grid": entry.grid(own),
        "previews": previews,
        "own_pending": own_pending,
        "placeholder": "{{CODE}}",
        "placeholder_own": "{{CODE.own}}",
        "editable": editable,
        "decisions": decisions,
        "is_late": submission.submitted_at is not None
        and submission.submitted_at.date() > submission.deadline,
        "history": _history(request, submission),
        "rollup_url": f"{reverse('reports:rollup')}?form={submission.form_id}"
        f"&unit={submission.unit_id}&period={submission.period_code}",
        "docx_url": reverse("reports:submission_docx", args=[submission.pk]),
        "xlsx_url": reverse("reports:submission_xlsx", args=[submission.pk]),
        "import_url": reverse("reports:form_import", args=[submission.form_id])
        if editable
        else None,
    }
    return render(request, "reports/submission_detail.html", context)


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The data-entry page: Save draft keeps the figures as typed so far; Submit saves them and
    hands the report to the level above. Refused figures are named beside their inputs and
    nothing is written; a stale version is refused with who saved it and when."""
    if request.method != "POST":
        return _submission_page(request, selectors.submission_get(user=request.user, pk=pk))
    submission = selectors.submission_get(user=request.user, pk=pk, action="edit")
    definition = services.form_definition(submission.form)
    narratives = [s for s in submission.form.sections.all() if s.kind == SectionKind.NARRATIVE]
    values = selectors.submission_values(submission)

    def bind(data: Any) -> SubmissionEntryForm:
        return SubmissionEntryForm(
            data,
            submission=submission,
            items=definition.items,
            narratives=narratives,
            values=values,
        )

    entry = bind(request.POST)
    if not entry.is_valid():
        return _submission_page(request, submission, entry=entry)
    try:
        saved = services.submission_save(
            actor=request.user,
            submission=submission,
            version=entry.cleaned_data["version"],
            values=entry.figure_entries(),
            narratives=entry.narrative_texts(),
            details=entry.details(),
        )
    except DomainError as exc:
        entry.refuse(exc)
        return _submission_page(request, submission, entry=entry)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved."))
        return redirect(saved)
    try:
        saved = services.submission_submit(
            actor=request.user, submission=saved, version=saved.version
        )
    except DomainError as exc:
        # The draft is saved; the page keeps what was typed, at the saved version.
        data = request.POST.copy()
        data["version"] = str(saved.version)
        values = selectors.submission_values(saved)
        entry = bind(data)
        entry.is_valid()
        entry.refuse(exc, lead=_("The draft was saved but not submitted."))
        return _submission_page(request, saved, entry=entry)
    messages.success(
        request, _("Report submitted as No. %(number)s.") % {"number": saved.number_text}
    )
    return redirect(saved)


DECISIONS = {
    "approve": (
        services.submission_approve,
        gettext_lazy("Report approved; its figures are locked."),
    ),
    "return": (services.submission_return, gettext_lazy("Report returned to the unit.")),
    "reopen": (services.submission_reopen, gettext_lazy("Report re-opened for correction.")),
}


def _decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk, action="decide")
    form = DecisionForm(request.POST, auto_id=f"id_{verb}_%s")
    service, done = DECISIONS[verb]
    if form.is_valid():
        data = form.cleaned_data
        kwargs = {} if verb == "approve" else {"reason": data["reason"]}
        try:
            service(actor=request.user, submission=submission, version=data["version"], **kwargs)
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, str(done))
            return redirect(submission)
    else:
        form.add_error(None, _("Reload the page and try again."))
    return _submission_page(request, submission, decision=(verb, form))


@login_required
@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The level above accepts the report."""
    return _decide(request, pk, "approve")


@login_required
@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The level above sends the report back, saying why."""
    return _decide(request, pk, "return")


@login_required
@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The level above unlocks an approved report, saying why (audited)."""
    return _decide(request, pk, "reopen")


@login_required
@require_POST
def submission_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A narrative as it will read, placeholders filled (htmx, while typing)."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    if not is_partial(request):
        return redirect(submission)
    section_pk = request.POST.get("section", "")
    text = request.POST.get(f"{NARRATIVE_PREFIX}{section_pk}", "")
    definition = services.form_definition(submission.form)
    values = selectors.submission_values(submission)
    own = _own_figures(definition.items, values)
    types = {item.indicator.code: item.indicator.value_type for item in definition.items}
    own_by_code = {item.indicator.code: own.get(item.indicator_id) for item in definition.items}
    totals, _pending = _narrative_totals(request, submission, own_by_code)
    rendered = render_narrative(text, types=types, totals=totals, own=own_by_code)
    return render(request, "reports/partials/_narrative_preview.html", {"rendered": rendered})


# Roll-up


def _pick_form(request: HttpRequest, report_forms: list[Form], unit: OrgUnit) -> Form | None:
    """The form asked for (by id or code), else the first the unit reports, else the first."""
    raw = request.GET.get("form", "").strip()
    for form in report_forms:
        if raw and (str(form.pk) == raw or form.code == raw.upper()):
            return form
    if raw:
        raise Http404("no such form")
    for form in report_forms:
        if unit.level in form.levels and unit.path.startswith(form.owner.path):
            return form
    return report_forms[0] if report_forms else None


def _key_items(items: list) -> list:
    """The figures of the per-child table: required ones and ratios, else the first few."""
    key = [i for i in items if i.required or i.indicator.is_computed]
    if not key:
        key = [i for i in items if i.indicator.value_type != ValueType.TEXT]
    return key[:KEY_FIGURES]


@login_required
def rollup(request: HttpRequest) -> HttpResponse:
    """A unit's report of a form for a period: its own figures, totals over its subtree, the
    previous period and the same period last year, one row per child with completeness, the
    units that have not reported, and its own narrative as it reads with the figures."""
    user = request.user
    raw_unit = request.GET.get("unit", "")
    if raw_unit.isdigit():
        unit = orgunit_get(user=user, pk=int(raw_unit))
    else:
        unit = _context_unit(request) or next(
            iter(orgunit_roots(user=user, as_of=request.as_of)), None
        )
    if unit is None:
        raise Http404("no unit to roll up")
    report_forms = list(selectors.form_list(user=user, active_only=True))
    form = _pick_form(request, report_forms, unit)
    context: dict[str, Any] = {"unit": unit, "report_forms": report_forms, "form": form}
    if form is None:
        return render(request, "reports/rollup.html", context)
    period = _latest_period(form, min(request.as_of, today()))
    typed = request.GET.get("period", "").strip()
    if typed:
        try:
            period = form.period(typed)
        except DomainError as exc:
            context["period_error"] = exc.message
    result = selectors.rollup_values(user=user, form=form, unit=unit, period=period)
    context.update(_rollup_context(result))
    context.update(
        period=period,
        typed_period=typed if "period_error" in context else period.code,
        unit_name=orgunit_name_on(unit, period.end),  # "Ban Tuyên giáo" in 2020, not its 2025 name
    )
    context["xlsx_url"] = (
        f"{reverse('reports:rollup_xlsx')}?form={form.pk}&unit={unit.pk}&period={period.code}"
    )
    return render(request, "reports/rollup.html", context)


def _rollup_context(result: selectors.Rollup) -> dict[str, Any]:
    items = result.items
    rows = [
        {
            "item": item,
            "own": _figure(item.indicator.value_type, result.own.get(item.indicator_id)),
            "total": _total(item.indicator, result.totals.get(item.indicator_id)),
            "previous": _total(item.indicator, result.previous.get(item.indicator_id)),
            "last_year": _total(item.indicator, result.last_year.get(item.indicator_id)),
        }
        for item in items
    ]
    key = _key_items(items)
    branches = [
        {
            "branch": branch,
            "figures": [
                _total(item.indicator, branch.figures.get(item.indicator_id)) for item in key
            ],
        }
        for branch in result.branches
    ]
    previews = []
    own_submission = result.own_submission
    if own_submission is not None:
        types = {item.indicator.code: item.indicator.value_type for item in items}
        totals, own = result.by_code(result.totals), result.by_code(result.own)
        for section in result.form.sections.all():
            text = own_submission.narratives.get(str(section.pk), "")
            if section.kind == SectionKind.NARRATIVE and text.strip():
                previews.append(
                    (section, render_narrative(text, types=types, totals=totals, own=own))
                )
    return {
        "result": result,
        "rows": rows,
        "key_items": key,
        "branches": branches,
        "previews": previews,
    }
