"""Shapes of the periodic-reports API.

Figures travel as decimal strings ("1234", "87.5", "626000000000"): exact where a float is not,
and the same on SQLite and PostgreSQL. Computed figures (averages, ratios) are rounded to the four
decimal places stored figures have. A text figure travels as its text.
"""

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ninja import Field, Schema

from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.periods import PeriodKind
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.schemas import UnitRef
from tuyengiao.reports import selectors
from tuyengiao.reports.choices import (
    Aggregation,
    IndicatorSource,
    RuleOperator,
    SectionKind,
    SubmissionStatus,
    ValueType,
)
from tuyengiao.reports.validation import hint

# What a client may send for one figure: a number, a text as typed ("1.234", "626 tỉ", "có"),
# a yes/no, or null (clears it).
Raw = str | int | float | bool | None

_PLACES = Decimal("0.0001")


def figure_text(value: Decimal | str | None) -> str | None:
    """A figure as the API sends it: a plain decimal string without trailing zeros ("87.5")."""
    if value is None or isinstance(value, str):
        return value
    rounded = Decimal(value).quantize(_PLACES, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = Decimal(0)  # never "-0"
    return format(rounded.normalize(), "f")


def submission_figures(submission) -> dict[str, str | None]:
    """Every figure of the submission's form by code: stored numbers and texts, ratios computed
    from the stored terms, None where nothing is entered."""
    items = selectors.form_items(submission.form)
    stored = selectors.submission_values(submission)
    tallies = {
        pk: selectors.Tally(total=v.number, count=1, low=v.number, high=v.number)
        for pk, v in stored.items()
        if v.number is not None
    }
    figures: dict[str, str | None] = {}
    for item in items:
        indicator = item.indicator
        if indicator.is_computed:
            figures[indicator.code] = figure_text(
                selectors.combine([indicator], tallies)[indicator.pk]
            )
            continue
        value = stored.get(indicator.pk)
        if value is None:
            figures[indicator.code] = None
        else:
            figures[indicator.code] = (
                value.text if value.number is None else figure_text(value.number)
            )
    return figures


def value_rows(submission) -> list[dict[str, Any]]:
    """The stored figures of a submission in the form's order, as /values lists them."""
    stored = selectors.submission_values(submission)
    return [
        {
            "code": item.indicator.code,
            "number": figure_text(stored[item.indicator.pk].number),
            "text": stored[item.indicator.pk].text,
        }
        for item in selectors.form_items(submission.form)
        if item.indicator.pk in stored
    ]


def _not_null(sent: dict, names: tuple[str, ...]) -> dict:
    for name in names:
        if name in sent and sent[name] is None:
            raise DomainError(f"{name} cannot be null", field=name)
    return sent


class VersionIn(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")


class PeriodOut(Schema):
    code: str = Field(description='"2020-H1", "2020", "2020-Q2" or "2020-M06"')
    label: str = Field(description="As a report names it: 6 tháng đầu năm 2020")
    start: dt.date
    end: dt.date

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


# Indicators


class IndicatorRef(Schema):
    id: int
    code: str
    name: str


class IndicatorOut(Schema):
    id: int
    owner: UnitRef = Field(description="The unit whose admins define it")
    code: str
    name: str
    measure: str = Field(description="Unit of measure: cuộc, người, đồng, %")
    value_type: ValueType
    aggregation: Aggregation
    numerator: IndicatorRef | None = Field(description="For a ratio: the figure above the line")
    denominator: IndicatorRef | None
    min_value: str | None = Field(description="Decimal string; counts and money are never < 0")
    max_value: str | None
    source: IndicatorSource = Field(description="Where a suggested value comes from")
    description: str
    version: int

    @staticmethod
    def resolve_min_value(obj) -> str | None:
        return figure_text(obj.min_value)

    @staticmethod
    def resolve_max_value(obj) -> str | None:
        return figure_text(obj.max_value)


class IndicatorFilter(Schema):
    search: str = Field("", description="Part of the code or the name")


class IndicatorIn(Schema):
    owner_id: int = Field(description="The defining unit (you need to be one of its admins)")
    code: str = Field(max_length=40, description="Upper-cased; unique")
    name: str = Field(max_length=300)
    measure: str = Field("", max_length=40)
    value_type: ValueType
    aggregation: Aggregation
    numerator_id: int | None = Field(None, description="For aggregation=ratio")
    denominator_id: int | None = Field(None, description="For aggregation=ratio")
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    source: IndicatorSource = IndicatorSource.ENTERED
    description: str = ""


class IndicatorPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=300)
    measure: str | None = Field(None, max_length=40)
    value_type: ValueType | None = None
    aggregation: Aggregation | None = None
    numerator_id: int | None = None
    denominator_id: int | None = None
    min_value: Decimal | None = Field(None, description="null: no minimum")
    max_value: Decimal | None = Field(None, description="null: no maximum")
    source: IndicatorSource | None = None
    description: str | None = None

    def changes(self) -> dict:
        """The fields sent; null only where it means "none"."""
        sent = self.dict(exclude_unset=True, exclude={"version"})
        return _not_null(
            sent, ("code", "name", "measure", "value_type", "aggregation", "source", "description")
        )


# Forms


class FormRef(Schema):
    id: int
    code: str
    name: str


class FormOut(Schema):
    id: int
    owner: UnitRef
    code: str
    name: str
    subject: str = Field(description="Printed under BÁO CÁO; {period} becomes the period")
    period_kind: PeriodKind
    start_day: int = Field(description="Periods start on this day (15: half-years 15/12–14/06)")
    deadline_days: int = Field(description="Days after the period's end to hand the report in")
    levels: list[Level] = Field(description="Levels of the owner's subtree that report it")
    document_type: str
    is_active: bool
    indicator_count: int | None = Field(None, description="In lists: figures of the form")
    version: int

    @staticmethod
    def resolve_indicator_count(obj) -> int | None:
        return getattr(obj, "indicator_count", None)


class ItemOut(Schema):
    id: int
    section_id: int
    indicator_id: int
    code: str
    name: str
    measure: str
    value_type: ValueType
    aggregation: Aggregation
    required: bool
    computed: bool = Field(description="A ratio: computed, never entered")
    hint: str = Field(
        description='The rule shown beside the field: "required · ≥ 0 · whole number"'
    )

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.indicator.name

    @staticmethod
    def resolve_measure(obj) -> str:
        return obj.indicator.measure

    @staticmethod
    def resolve_value_type(obj) -> str:
        return obj.indicator.value_type

    @staticmethod
    def resolve_aggregation(obj) -> str:
        return obj.indicator.aggregation

    @staticmethod
    def resolve_computed(obj) -> bool:
        return obj.indicator.is_computed

    @staticmethod
    def resolve_hint(obj) -> str:
        return hint(obj.indicator, required=obj.required)


class SectionOut(Schema):
    id: int
    order: int
    title: str
    kind: SectionKind
    guidance: str
    template: str = Field(description="Starting text of a narrative; {{CODE}} embeds a figure")
    items: list[ItemOut] = Field(description="The figures of a figures section, in order")


class RuleOut(Schema):
    id: int
    left: str = Field(description="Indicator code")
    operator: RuleOperator
    right: str = Field(description="Indicator code")
    text: str = Field(description='"ATTENDED ≤ EXPECTED"')

    @staticmethod
    def resolve_left(obj) -> str:
        return obj.left.code

    @staticmethod
    def resolve_right(obj) -> str:
        return obj.right.code

    @staticmethod
    def resolve_text(obj) -> str:
        return str(obj)


class FormDetailOut(FormOut):
    sections: list[SectionOut]
    rules: list[RuleOut] = Field(description="Relations checked on every save and on submit")

    @staticmethod
    def resolve_sections(obj) -> list[dict]:
        by_section = defaultdict(list)
        for item in selectors.form_items(obj):
            by_section[item.section_id].append(item)
        return [
            {
                "id": s.pk,
                "order": s.order,
                "title": s.title,
                "kind": s.kind,
                "guidance": s.guidance,
                "template": s.template,
                "items": by_section[s.pk],
            }
            for s in obj.sections.all()
        ]

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.select_related("left", "right").order_by("pk"))


class FormFilter(Schema):
    active: bool = Field(False, description="Only forms in use")
    unit: int | None = Field(None, description="Only the forms this unit reports")


class FormIn(Schema):
    owner_id: int = Field(description="The defining unit (you need to be one of its admins)")
    code: str = Field(max_length=40)
    name: str = Field(max_length=300)
    subject: str = Field(max_length=300, description="e.g. Sơ kết công tác tuyên giáo {period}")
    period_kind: PeriodKind
    start_day: int = Field(1, description="1–28")
    deadline_days: int = Field(5, ge=0, le=366)
    levels: list[Level]
    document_type: str = Field("BC", max_length=10)
    is_active: bool = True


class FormPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    code: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=300)
    subject: str | None = Field(None, max_length=300)
    period_kind: PeriodKind | None = Field(None, description="Fixed once units have reported")
    start_day: int | None = None
    deadline_days: int | None = Field(None, ge=0, le=366)
    levels: list[Level] | None = None
    document_type: str | None = Field(None, max_length=10)
    is_active: bool | None = None

    def changes(self) -> dict:
        sent = self.dict(exclude_unset=True, exclude={"version"})
        _not_null(sent, tuple(sent))  # every field of a form has a value
        if "levels" in sent:
            sent["levels"] = [str(level) for level in sent["levels"]]
        return sent


class SectionIn(Schema):
    title: str = Field(max_length=300)
    kind: SectionKind
    guidance: str = ""
    template: str = Field("", description="For a narrative: starting text with {{CODE}} figures")


class FormItemIn(Schema):
    section_id: int = Field(description="A figures section of the form")
    indicator_id: int = Field(description="A ratio needs both its terms in the form first")
    required: bool = False


class RuleIn(Schema):
    left_id: int = Field(description="Indicator of the form")
    operator: RuleOperator
    right_id: int = Field(description="Indicator of the form")


# Submissions


class DetailsOut(Schema):
    place: str = Field(description='Where it is signed: "Nghệ An"')
    report_date: dt.date | None
    signer_position: str
    signer_name: str
    recipients: str = Field(description="Nơi nhận, one per line")


class DetailsIn(Schema):
    place: str = Field(None, max_length=100)
    report_date: dt.date | None = None
    signer_position: str = Field(None, max_length=100)
    signer_name: str = Field(None, max_length=100)
    recipients: str = Field(None)


class SubmissionOut(Schema):
    id: int
    form: FormRef
    unit: UnitRef
    period: str = Field(description='Period code, e.g. "2025-H2"')
    period_label: str = Field(description="6 tháng cuối năm 2025")
    period_start: dt.date
    period_end: dt.date
    deadline: dt.date = Field(description="On time when handed in by this day")
    status: SubmissionStatus
    number_text: str = Field(description='"12-BC/BTGTU", given at the first submit')
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.period_code

    @staticmethod
    def resolve_period_label(obj) -> str:
        return str(obj.period)


class SubmissionDetailOut(SubmissionOut):
    editable: bool = Field(description="A draft or a returned report; otherwise locked")
    narratives: dict[str, str] = Field(description="Narrative texts by section id")
    details: DetailsOut
    values: dict[str, str | None] = Field(
        description="Every figure of the form by indicator code: numbers as decimal strings, "
        "texts as typed, ratios computed, null where empty"
    )
    submitted_by: str | None
    decided_by: str | None
    return_reason: str = Field(description="Why it was returned or re-opened")

    @staticmethod
    def resolve_editable(obj) -> bool:
        return obj.is_editable

    @staticmethod
    def resolve_details(obj):
        return obj

    @staticmethod
    def resolve_values(obj) -> dict[str, str | None]:
        return submission_figures(obj)

    @staticmethod
    def resolve_submitted_by(obj) -> str | None:
        return obj.submitted_by.username if obj.submitted_by_id else None

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.username if obj.decided_by_id else None


class SubmissionFilter(Schema):
    form: int | None = Field(None, description="Form id")
    unit: int | None = Field(None, description="Only this unit's reports")
    subtree: int | None = Field(None, description="Only reports of this unit and those below it")
    period: str | None = Field(None, description='"2025-H2" or "6 tháng cuối năm 2025"')
    status: SubmissionStatus | None = None


class SubmissionOpenIn(Schema):
    form_id: int
    unit_id: int
    period: str = Field(description='"2025-H2" or "6 tháng cuối năm 2025"')


class SubmissionPatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    values: dict[str, Raw] | None = Field(
        None, description="Figures by indicator code, as typed; null clears one"
    )
    narratives: dict[str, str] | None = Field(None, description="Texts by narrative section id")
    details: DetailsIn | None = Field(None, description="Only the fields sent change")


class ReasonIn(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    reason: str = Field(description="Said to the unit and kept in the audit trail")


# Values


class ValueOut(Schema):
    code: str = Field(description="Indicator code")
    number: str | None = Field(description="Decimal string; yes/no as 1/0; null for a text")
    text: str


class ValuesIn(Schema):
    submission_id: int
    version: int | None = Field(None, description="The report's version (or send If-Match)")
    values: dict[str, Raw] = Field(description="Figures by indicator code; null clears one")


# Roll-up


class CompletenessOut(Schema):
    expected: int = Field(description="Units of the form's levels alive at the period's end")
    submitted: int = Field(description="Handed in (submitted or approved)")
    approved: int
    on_time: int
    late: int
    missing: int
    percent: int


class RollupIndicatorOut(Schema):
    code: str
    name: str
    measure: str
    value_type: ValueType
    aggregation: Aggregation


class BranchOut(Schema):
    unit: UnitRef
    is_self: bool = Field(description="The unit's own report, apart from its children")
    figures: dict[str, str | None]
    completeness: CompletenessOut


class OwnSubmissionOut(Schema):
    id: int
    status: SubmissionStatus
    number_text: str
    version: int


class RollupOut(Schema):
    form: FormRef
    unit: UnitRef
    period: PeriodOut
    indicators: list[RollupIndicatorOut] = Field(description="The form's figures, in order")
    own_submission: OwnSubmissionOut | None = Field(description="The unit's own report, if any")
    own: dict[str, str | None] = Field(description="The unit's own figures by code")
    totals: dict[str, str | None] = Field(
        description="Over the subtree's handed-in reports, per aggregation kind"
    )
    children: list[BranchOut] = Field(description="The unit itself and each child's subtree")
    completeness: CompletenessOut
    missing_units: list[UnitRef] = Field(description="Expected units that have not handed in")
    previous_period: PeriodOut
    previous: dict[str, str | None] = Field(
        description="Totals of the previous period, over the unit and the units it came from"
    )
    last_year_period: PeriodOut
    last_year: dict[str, str | None]
    compared_units: list[UnitRef] = Field(description="Predecessors counted in the comparisons")

    @staticmethod
    def resolve_indicators(obj) -> list:
        return obj.indicators

    @staticmethod
    def resolve_own(obj) -> dict[str, str | None]:
        return {code: figure_text(v) for code, v in obj.by_code(obj.own).items()}

    @staticmethod
    def resolve_totals(obj) -> dict[str, str | None]:
        return {code: figure_text(v) for code, v in obj.by_code(obj.totals).items()}

    @staticmethod
    def resolve_previous(obj) -> dict[str, str | None]:
        return {code: figure_text(v) for code, v in obj.by_code(obj.previous).items()}

    @staticmethod
    def resolve_last_year(obj) -> dict[str, str | None]:
        return {code: figure_text(v) for code, v in obj.by_code(obj.last_year).items()}

    @staticmethod
    def resolve_children(obj) -> list[dict]:
        return [
            {
                "unit": branch.unit,
                "is_self": branch.is_self,
                "figures": {
                    code: figure_text(v) for code, v in obj.by_code(branch.figures).items()
                },
                "completeness": branch.completeness,
            }
            for branch in obj.branches
        ]
