"""/api/v1/indicators, /forms, /submissions, /values and /rollups/values: thin wrappers over the
reports selectors and services.

Definitions (indicators, forms) are readable by every signed-in user; only admins of the owning
unit change them (403 otherwise). Reports answer 404 outside your units' subtrees and 403 when
visible but not yours to change: editors of the unit fill and submit, the level above (approver of
the parent, admin of an ancestor) approves, returns and re-opens, never the unit itself.
Editable records carry `version`: send the one you read (or `If-Match`); a save made meanwhile by
someone else is refused with 409 (412 with If-Match), not overwritten. Figures that do not pass
answer 400 with `extra.errors` mapping each indicator code to its message; nothing is written.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.concurrency import version_sent
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.periods import Period
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.reports import selectors, services
from tuyengiao.reports.schemas import (
    FormDetailOut,
    FormFilter,
    FormIn,
    FormItemIn,
    FormOut,
    FormPatch,
    IndicatorFilter,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ItemOut,
    ReasonIn,
    RollupOut,
    RuleIn,
    RuleOut,
    SectionIn,
    SectionOut,
    SubmissionDetailOut,
    SubmissionFilter,
    SubmissionOpenIn,
    SubmissionOut,
    SubmissionPatch,
    ValueOut,
    ValuesIn,
    VersionIn,
    value_rows,
)

router = Router(tags=["reports"])


def _unit(request: HttpRequest, pk: int | None):
    return None if pk is None else unit_selectors.orgunit_get(user=request.user, pk=pk)


def _indicator_refs(request: HttpRequest, data: dict) -> dict:
    """Turns numerator_id / denominator_id into the indicators the services take."""
    for name in ("numerator", "denominator"):
        if f"{name}_id" in data:
            pk = data.pop(f"{name}_id")
            data[name] = None if pk is None else selectors.indicator_get(user=request.user, pk=pk)
    return data


def _section(form, pk: int):
    """A section of `form` (no selector reads sections alone: they come with their form)."""
    section = form.sections.filter(pk=pk).first()
    if section is None:
        raise DomainError(_("No section %(id)s in this form") % {"id": pk}, field="section_id")
    return section


def _etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = f'"{version}"'


# Indicators


@router.get("/indicators", response=list[IndicatorOut], operation_id="reports_indicator_list")
@paginate(LimitOffsetPagination)
def indicator_list(request: HttpRequest, filters: Query[IndicatorFilter]):
    """The indicator catalogue, by code; `search` matches part of a code or a name."""
    return selectors.indicator_list(user=request.user, search=filters.search)


@router.post("/indicators", response={201: IndicatorOut}, operation_id="reports_indicator_create")
def indicator_create(request: HttpRequest, payload: IndicatorIn):
    """Defines an indicator (admins of `owner_id`). A ratio (aggregation=ratio, value_type=percent)
    names its numerator and denominator and is computed, never entered."""
    data = _indicator_refs(request, payload.dict())
    owner = _unit(request, data.pop("owner_id"))
    return Status(201, services.indicator_create(actor=request.user, owner=owner, **data))


@router.get("/indicators/{pk}", response=IndicatorOut, operation_id="reports_indicator_get")
def indicator_get(request: HttpRequest, pk: int, response: HttpResponse):
    """An indicator; the ETag is its version, for If-Match on PATCH."""
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    _etag(response, indicator.version)
    return indicator


@router.patch("/indicators/{pk}", response=IndicatorOut, operation_id="reports_indicator_update")
def indicator_update(request: HttpRequest, pk: int, payload: IndicatorPatch):
    """Changes an indicator (admins of its owner); send the `version` you read (or If-Match)."""
    indicator = selectors.indicator_get(user=request.user, pk=pk, action="manage")
    version = version_sent(request, payload.version)
    changes = _indicator_refs(request, payload.changes())
    return services.indicator_update(
        actor=request.user, indicator=indicator, version=version, **changes
    )


# Forms


@router.get("/forms", response=list[FormOut], operation_id="reports_form_list")
@paginate(LimitOffsetPagination)
def form_list(request: HttpRequest, filters: Query[FormFilter]):
    """Report forms by code, with their number of figures; `unit`: the forms that unit reports
    (active, owned by it or above it, for its level)."""
    if filters.unit is not None:
        return selectors.forms_for_unit(user=request.user, unit=_unit(request, filters.unit))
    return selectors.form_list(user=request.user, active_only=filters.active)


@router.post("/forms", response={201: FormDetailOut}, operation_id="reports_form_create")
def form_create(request: HttpRequest, payload: FormIn):
    """Defines a form (admins of `owner_id`); add its sections, figures and rules next."""
    data = payload.dict()
    owner = _unit(request, data.pop("owner_id"))
    data["levels"] = [str(level) for level in data["levels"]]
    return Status(201, services.form_create(actor=request.user, owner=owner, **data))


@router.get("/forms/{pk}", response=FormDetailOut, operation_id="reports_form_get")
def form_get(request: HttpRequest, pk: int, response: HttpResponse):
    """A form with its sections in order (each figure with its type, whether required and the
    hint shown beside the field) and its rules."""
    form = selectors.form_get(user=request.user, pk=pk)
    _etag(response, form.version)
    return form


@router.patch("/forms/{pk}", response=FormDetailOut, operation_id="reports_form_update")
def form_update(request: HttpRequest, pk: int, payload: FormPatch):
    """Changes a form (admins of its owner). Its period kind and start day are fixed once a unit
    has reported it."""
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    version = version_sent(request, payload.version)
    return services.form_update(actor=request.user, form=form, version=version, **payload.changes())


@router.post("/forms/{pk}/sections", response={201: SectionOut}, operation_id="reports_section_add")
def section_add(request: HttpRequest, pk: int, payload: SectionIn):
    """Adds a section at the end: a table of figures, or a narrative whose starting text may
    embed figures of the form as {{CODE}}."""
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    section = services.section_add(actor=request.user, form=form, **payload.dict())
    return Status(201, section)


@router.post(
    "/forms/{pk}/items", response={201: ItemOut}, operation_id="reports_form_indicator_add"
)
def form_indicator_add(request: HttpRequest, pk: int, payload: FormItemIn):
    """Adds an indicator at the end of a figures section (a ratio after both its terms)."""
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    item = services.form_indicator_add(
        actor=request.user,
        form=form,
        section=_section(form, payload.section_id),
        indicator=selectors.indicator_get(user=request.user, pk=payload.indicator_id),
        required=payload.required,
    )
    return Status(201, item)


@router.post("/forms/{pk}/rules", response={201: RuleOut}, operation_id="reports_form_rule_add")
def form_rule_add(request: HttpRequest, pk: int, payload: RuleIn):
    """Adds a relation between two figures of the form (attended ≤ expected), checked on every
    save and on submit."""
    form = selectors.form_get(user=request.user, pk=pk, action="manage")
    rule = services.form_rule_add(
        actor=request.user,
        form=form,
        left=selectors.indicator_get(user=request.user, pk=payload.left_id),
        operator=payload.operator,
        right=selectors.indicator_get(user=request.user, pk=payload.right_id),
    )
    return Status(201, rule)


# Submissions


@router.get("/submissions", response=list[SubmissionOut], operation_id="reports_submission_list")
@paginate(LimitOffsetPagination)
def submission_list(request: HttpRequest, filters: Query[SubmissionFilter]):
    """Reports you can see, newest period first."""
    return selectors.submission_list(
        user=request.user,
        form=None
        if filters.form is None
        else selectors.form_get(user=request.user, pk=filters.form),
        unit=_unit(request, filters.unit),
        subtree_of=_unit(request, filters.subtree),
        period_code=Period.parse(filters.period).code if filters.period else None,
        status=filters.status,
    )


@router.get(
    "/submissions/to-decide",
    response=list[SubmissionOut],
    operation_id="reports_submission_to_decide",
)
@paginate(LimitOffsetPagination)
def submission_to_decide(request: HttpRequest):
    """Reports waiting for your decision: submitted by the units below the ones you approve for,
    earliest deadline first."""
    return selectors.submissions_to_decide(user=request.user)


@router.post(
    "/submissions",
    response={200: SubmissionDetailOut, 201: SubmissionDetailOut},
    operation_id="reports_submission_open",
)
def submission_open(request: HttpRequest, payload: SubmissionOpenIn):
    """Opens the unit's report of the form for the period (editors of the unit): 201 with a new
    draft, or 200 with the report that already exists (one per form, unit and period). Refused:
    a unit that does not report the form, did not exist at the period's end, or a period that
    has not begun."""
    form = selectors.form_get(user=request.user, pk=payload.form_id)
    unit = _unit(request, payload.unit_id)
    # submission_open answers the existing report as it is; asking first tells the two apart.
    existed = selectors.submission_list(
        user=request.user, form=form, unit=unit, period_code=form.period(payload.period).code
    ).exists()
    submission = services.submission_open(
        actor=request.user, form=form, unit=unit, period_code=payload.period
    )
    return Status(200 if existed else 201, submission)


@router.get(
    "/submissions/{pk}", response=SubmissionDetailOut, operation_id="reports_submission_get"
)
def submission_get(request: HttpRequest, pk: int, response: HttpResponse):
    """A report: status, number, deadline, narratives, document details and every figure."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    _etag(response, submission.version)
    return submission


@router.patch(
    "/submissions/{pk}", response=SubmissionDetailOut, operation_id="reports_submission_update"
)
def submission_update(request: HttpRequest, pk: int, payload: SubmissionPatch):
    """Saves a draft or returned report (editors of the unit): figures by code, narratives by
    section id, document details. All or nothing."""
    submission = selectors.submission_get(user=request.user, pk=pk, action="edit")
    return services.submission_save(
        actor=request.user,
        submission=submission,
        version=version_sent(request, payload.version),
        values=payload.values,
        narratives=payload.narratives,
        details=None if payload.details is None else payload.details.dict(exclude_unset=True),
    )


@router.post(
    "/submissions/{pk}/submit",
    response=SubmissionDetailOut,
    operation_id="reports_submission_submit",
)
def submission_submit(request: HttpRequest, pk: int, payload: VersionIn):
    """Hands the report to the level above (editors of the unit): every required figure present,
    every rule kept. The first submit gives it its number ("12-BC/BTGTU")."""
    submission = selectors.submission_get(user=request.user, pk=pk, action="edit")
    return services.submission_submit(
        actor=request.user, submission=submission, version=version_sent(request, payload.version)
    )


@router.post(
    "/submissions/{pk}/approve",
    response=SubmissionDetailOut,
    operation_id="reports_submission_approve",
)
def submission_approve(request: HttpRequest, pk: int, payload: VersionIn):
    """Approves a submitted report (the level above); its figures are locked from then on."""
    submission = selectors.submission_get(user=request.user, pk=pk, action="decide")
    return services.submission_approve(
        actor=request.user, submission=submission, version=version_sent(request, payload.version)
    )


@router.post(
    "/submissions/{pk}/return",
    response=SubmissionDetailOut,
    operation_id="reports_submission_return",
)
def submission_return(request: HttpRequest, pk: int, payload: ReasonIn):
    """Sends a submitted report back for changes (the level above), saying why."""
    submission = selectors.submission_get(user=request.user, pk=pk, action="decide")
    return services.submission_return(
        actor=request.user,
        submission=submission,
        version=version_sent(request, payload.version),
        reason=payload.reason,
    )


@router.post(
    "/submissions/{pk}/reopen",
    response=SubmissionDetailOut,
    operation_id="reports_submission_reopen",
)
def submission_reopen(request: HttpRequest, pk: int, payload: ReasonIn):
    """Unlocks an approved report for correction (the level above), with the reason in the audit
    trail. It keeps its number."""
    submission = selectors.submission_get(user=request.user, pk=pk, action="decide")
    return services.submission_reopen(
        actor=request.user,
        submission=submission,
        version=version_sent(request, payload.version),
        reason=payload.reason,
    )


# Values


@router.get("/values", response=list[ValueOut], operation_id="reports_value_list")
def value_list(request: HttpRequest, submission: int, response: HttpResponse):
    """The figures stored in a report, in the form's order (ratios are not stored: see the
    report's `values`). The ETag is the report's version, for If-Match on PUT /values."""
    report = selectors.submission_get(user=request.user, pk=submission)
    _etag(response, report.version)
    return value_rows(report)


@router.put("/values", response=list[ValueOut], operation_id="reports_value_save")
def value_save(request: HttpRequest, payload: ValuesIn, response: HttpResponse):
    """Saves figures of a draft or returned report by indicator code, as typed ("1.234",
    "626 tỉ", "có"); null clears one, codes not sent keep their value. All or nothing: 400 with
    `extra.errors` {code: message} for wrong types, values out of range and broken rules."""
    report = selectors.submission_get(user=request.user, pk=payload.submission_id, action="edit")
    saved = services.submission_save(
        actor=request.user,
        submission=report,
        version=version_sent(request, payload.version),
        values=payload.values,
    )
    _etag(response, saved.version)
    return value_rows(saved)


# Roll-up


@router.get("/rollups/values", response=RollupOut, operation_id="reports_value_rollup")
def value_rollup(request: HttpRequest, form: int, unit: int, period: str):
    """The report of a unit for a period ("2025-H2", "6 tháng cuối năm 2025"): its own figures,
    the totals over its subtree per aggregation kind, one row per child (with the unit's own
    row), completeness and timeliness, the units that have not handed in, and the totals of the
    previous period and of the same period last year over the unit and the units it came from.
    Only handed-in reports (submitted or approved) count."""
    report_form = selectors.form_get(user=request.user, pk=form)
    return selectors.rollup_values(
        user=request.user,
        form=report_form,
        unit=_unit(request, unit),
        period=report_form.period(period),
    )
