"""Reads of periodic reports: the catalogue, reports and their figures, and the roll-up.

The roll-up of a form for a unit and a period is a few grouped queries over the subtree: figures
grouped by branch (the unit itself, each child's subtree) and indicator, the units expected to
report grouped by branch, and the reports handed in grouped by branch, status and lateness. Totals
per aggregation kind are combined here from the branches' sums, counts, minima and maxima, so the
database returns a few hundred rows however many units report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models import (
    Value as V,
)
from django.db.models.functions import Substr

from tuyengiao import access
from tuyengiao.core.periods import Period
from tuyengiao.orgunits.choices import LEVEL_RANK
from tuyengiao.orgunits.models import (
    PATH_SEGMENT_WIDTH,
    OrgUnit,
    subtree_q,
    valid_on_q,
)
from tuyengiao.orgunits.selectors import with_name_on
from tuyengiao.reports import tallies
from tuyengiao.reports.choices import COUNTED_STATUSES, Aggregation, SubmissionStatus
from tuyengiao.reports.models import Form, FormIndicator, Indicator, Submission, Value

MISSING_LIST_LIMIT = 200

# Catalogue: every signed-in user reads indicator and form definitions (they are not secrets);
# only the owner's admins change them (services).


def indicator_list(*, user: Any, search: str = "") -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("owner", "numerator", "denominator")
    if not (user and user.is_authenticated):
        return qs.none()
    if search:
        qs = qs.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return qs.order_by("code")


def indicator_get(*, user: Any, pk: int, action: access.Action = "view") -> Indicator:
    return _catalogue_get(
        Indicator.objects.select_related("owner"), user=user, pk=pk, action=action
    )


def form_list(*, user: Any, active_only: bool = False) -> QuerySet[Form]:
    qs = Form.objects.select_related("owner")
    if not (user and user.is_authenticated):
        return qs.none()
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.annotate(indicator_count=Count("items")).order_by("code")


def form_get(*, user: Any, pk: int, action: access.Action = "view") -> Form:
    return _catalogue_get(Form.objects.select_related("owner"), user=user, pk=pk, action=action)


def _catalogue_get(qs: QuerySet, *, user: Any, pk: int, action: access.Action) -> Any:
    from django.http import Http404

    obj = qs.filter(pk=pk).first() if user and user.is_authenticated else None
    if obj is None:
        raise Http404("not found")
    if action != "view":
        access.require(user, action, obj.owner)
    return obj


def form_items(form: Form) -> list[FormIndicator]:
    return list(
        form.items.select_related("indicator", "section").order_by("section__order", "order")
    )


def forms_for_unit(*, user: Any, unit: OrgUnit) -> list[Form]:
    """Forms `unit` reports: active, owned by the unit or an ancestor, for its level."""
    return [
        f
        for f in form_list(user=user, active_only=True)
        if unit.level in f.levels and unit.path.startswith(f.owner.path)
    ]


def forms_within(*, user: Any, unit: OrgUnit) -> list[Form]:
    """Forms units of `unit`'s subtree report: active, owned by the unit or an ancestor, for the
    unit's level or any level below it (a province's view of the commune reports it collects)."""
    rank = LEVEL_RANK[unit.level]
    return [
        f
        for f in form_list(user=user, active_only=True)
        if unit.path.startswith(f.owner.path) and any(LEVEL_RANK[lv] >= rank for lv in f.levels)
    ]


def due_period(form: Form, day: dt.date) -> Period:
    """The form's latest period that has ended before `day`: the one being reported now."""
    return Period.containing(day, kind=form.period_kind, start_day=form.start_day).previous()


# Reports


@dataclass(frozen=True)
class DueReport:
    """A unit's report of one form for one period, or its absence, with the deadline; overdue
    when not handed in by the deadline and the day looked at is past it."""

    form: Form
    period: Period
    deadline: dt.date
    submission: Submission | None
    overdue: bool


def reports_due(
    *,
    user: Any,
    unit: OrgUnit,
    forms: list[Form],
    periods_of: Mapping[int, list[Period]],
    day: dt.date,
) -> list[DueReport]:
    """The unit's report of each form for each of its periods in `periods_of` (form id → periods),
    read in one query, in the order given, as they stand on `day`."""
    codes = {p.code for periods in periods_of.values() for p in periods}
    found = {
        (s.form_id, s.period_code): s
        for s in submission_list(user=user, unit=unit).filter(form__in=forms, period_code__in=codes)
    }
    due = []
    for form in forms:
        for period in periods_of.get(form.pk, []):
            submission = found.get((form.pk, period.code))
            deadline = form.deadline_for(period)
            handed_in = submission is not None and submission.status in COUNTED_STATUSES
            due.append(
                DueReport(
                    form=form,
                    period=period,
                    deadline=deadline,
                    submission=submission,
                    overdue=not handed_in and day > deadline,
                )
            )
    return due


def submission_list(
    *,
    user: Any,
    form: Form | None = None,
    unit: OrgUnit | None = None,
    subtree_of: OrgUnit | None = None,
    period_code: str | None = None,
    status: str | None = None,
) -> QuerySet[Submission]:
    qs = access.scope(Submission.objects.all(), user).select_related("form", "unit")
    if form is not None:
        qs = qs.filter(form=form)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if subtree_of is not None:
        qs = qs.filter(subtree_q("unit_path", subtree_of.path, vendor=connection.vendor))
    if period_code:
        qs = qs.filter(period_code=period_code)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-period_start", "unit_path", "form__code")


def submissions_to_decide(*, user: Any) -> QuerySet[Submission]:
    """Reports waiting for this user's decision: submitted by units they approve for."""
    return (
        access.scope(Submission.objects.all(), user, "decide")
        .filter(status=SubmissionStatus.SUBMITTED)
        .select_related("form", "unit")
        .order_by("deadline", "unit_path")
    )


def submission_get(*, user: Any, pk: int, action: access.Action = "view") -> Submission:
    return access.get_for_user(
        Submission.objects.select_related(
            "form", "form__owner", "unit", "submitted_by", "decided_by"
        ),
        user,
        action,
        pk=pk,
    )


def submission_values(submission: Submission) -> dict[int, Value]:
    return {v.indicator_id: v for v in submission.values.all()}


def units_expected(*, form: Form, period: Period, within: OrgUnit) -> QuerySet[OrgUnit]:
    """Units of `within`'s subtree that report `form` for `period`: of the form's levels, inside
    its owner's subtree, alive at the period's end."""
    vendor = connection.vendor
    return OrgUnit.objects.filter(
        subtree_q("path", within.path, vendor=vendor),
        subtree_q("path", form.owner.path, vendor=vendor),
        valid_on_q(period.end),
        level__in=form.levels,
    )


# Roll-up


@dataclass
class Tally:
    """What the database returns for one indicator over a set of units."""

    total: Decimal = Decimal(0)
    count: int = 0
    low: Decimal | None = None
    high: Decimal | None = None

    def add(
        self, total: Decimal | None, count: int, low: Decimal | None, high: Decimal | None
    ) -> None:
        self.total += total or 0
        self.count += count
        if low is not None:
            self.low = low if self.low is None else min(self.low, low)
        if high is not None:
            self.high = high if self.high is None else max(self.high, high)


Kinds = list[tuple[int, str, int | None, int | None]]  # id, aggregation, numerator, denominator
# A tally as the roll-up keeps it: (total, count, low, high). Plain tuples, not Tally objects: the
# per-child table of a province after 2025 has a few thousand (child, indicator) tallies.
Counted = tuple[Decimal, int, Decimal | None, Decimal | None]


def combine(
    indicators: Iterable[Indicator], tallies: Mapping[int, Tally]
) -> dict[int, Decimal | None]:
    """The figure of each indicator from its tally, per aggregation kind (ratios last)."""
    return _combine(
        _kinds(indicators), {pk: (t.total, t.count, t.low, t.high) for pk, t in tallies.items()}
    )


def _kinds(indicators: Iterable[Indicator]) -> Kinds:
    return [(i.pk, i.aggregation, i.numerator_id, i.denominator_id) for i in indicators]


def _combine(kinds: Kinds, tallies: Mapping[int, Counted]) -> dict[int, Decimal | None]:
    figures: dict[int, Decimal | None] = {}
    ratios = []
    for pk, kind, numerator_id, denominator_id in kinds:
        if kind == Aggregation.RATIO:
            ratios.append((pk, numerator_id, denominator_id))
            continue
        tally = tallies.get(pk)
        if tally is None or tally[1] == 0 or kind == Aggregation.NONE:
            figures[pk] = None
        elif kind == Aggregation.SUM or kind == Aggregation.LAST:
            # LAST: a stock figure; each unit reports its latest value, units add up.
            figures[pk] = tally[0]
        elif kind == Aggregation.AVERAGE:
            figures[pk] = tally[0] / tally[1]
        elif kind == Aggregation.MIN:
            figures[pk] = tally[2]
        else:
            figures[pk] = tally[3]
    for pk, numerator_id, denominator_id in ratios:
        num = tallies.get(numerator_id)
        den = tallies.get(denominator_id)
        figures[pk] = num[0] * 100 / den[0] if num and den and num[1] and den[0] else None
    return figures


def _over(tallies: list[Counted]) -> Counted:
    """The tally of several sets of units (the branches of a roll-up) together."""
    lows = [t[2] for t in tallies if t[2] is not None]
    highs = [t[3] for t in tallies if t[3] is not None]
    return (
        sum((t[0] for t in tallies), Decimal(0)),
        sum(t[1] for t in tallies),
        min(lows) if lows else None,
        max(highs) if highs else None,
    )


@dataclass
class Completeness:
    expected: int = 0
    submitted: int = 0
    approved: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.submitted, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0

    def add(self, other: Completeness) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Branch:
    """One row of the per-child table: a child unit and its subtree (or the unit itself)."""

    unit: OrgUnit
    figures: dict[int, Decimal | None]
    completeness: Completeness
    is_self: bool = False


@dataclass
class Rollup:
    form: Form
    unit: OrgUnit
    period: Period
    items: list[FormIndicator]
    own_submission: Submission | None
    own: dict[int, Decimal | str | None]
    totals: dict[int, Decimal | None]
    branches: list[Branch]
    completeness: Completeness
    missing_units: list[OrgUnit]
    previous_period: Period
    previous: dict[int, Decimal | None]
    last_year_period: Period
    last_year: dict[int, Decimal | None]
    compared_units: list[OrgUnit] = field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return [item.indicator for item in self.items]

    def by_code(self, figures: Mapping[int, Any]) -> dict[str, Any]:
        return {i.code: figures.get(i.pk) for i in self.indicators}


def _tallies(
    *, user: Any, form: Form, period_code: str, paths: Iterable[str], width: int | None
) -> dict[tuple[str, int], Counted]:
    """Sum, count, min and max per (branch, indicator) over handed-in reports of the subtrees at
    `paths`; branch is the first `width` characters of the unit path ("" when width is None).

    Read from the branch tallies when the subtrees are whole branches that the user may see (the
    national roll-up, a province's comparison over the provinces it came from), else from the
    figures, within the user's scope."""
    paths = list(paths)
    if tallies.covers(paths, width) and all(access.allowed(user, "view", p) for p in paths):
        return tallies.read(
            form_id=form.pk, period_code=period_code, paths=paths, grouped=width is not None
        )
    vendor = connection.vendor
    where = Q(pk__in=[])
    for path in paths:
        where |= subtree_q("submission__unit_path", path, vendor=vendor)
    qs = access.scope(Value.objects.all(), user).filter(
        where,
        submission__form=form,
        submission__period_code=period_code,
        submission__status__in=COUNTED_STATUSES,
        number__isnull=False,
    )
    qs = qs.annotate(branch=Substr("submission__unit_path", 1, width) if width else V(""))
    rows = (
        qs.values_list("branch", "indicator_id")
        .annotate(total=Sum("number"), n=Count("number"), low=Min("number"), high=Max("number"))
        .order_by()
    )
    return {
        (branch, pk): (total or Decimal(0), n, low, high)
        for branch, pk, total, n, low, high in rows
    }


def completeness_of(*, user: Any, form: Form, unit: OrgUnit, period: Period) -> Completeness:
    """Which units of `unit`'s subtree (the unit included) have handed in `form` for `period`:
    the completeness of the roll-up page, without its figures (two grouped counts)."""
    access.require(user, "view", unit)
    by_branch = _completeness_by_branch(form=form, period=period, unit=unit, width=len(unit.path))
    return by_branch.get(unit.path, Completeness())


def _completeness_by_branch(
    *, form: Form, period: Period, unit: OrgUnit, width: int
) -> dict[str, Completeness]:
    by_branch: dict[str, Completeness] = {}
    expected = (
        units_expected(form=form, period=period, within=unit)
        .annotate(branch=Substr("path", 1, width))
        .values_list("branch")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for branch, n in expected:
        by_branch.setdefault(branch, Completeness()).expected += n
    handed_in = (
        Submission.objects.filter(
            subtree_q("unit_path", unit.path, vendor=connection.vendor),
            form=form,
            period_code=period.code,
            status__in=COUNTED_STATUSES,
        )
        .annotate(
            branch=Substr("unit_path", 1, width),
            in_time=Case(
                When(submitted_at__date__lte=F("deadline"), then=V(True)),
                default=V(False),
                output_field=BooleanField(),
            ),
        )
        .values_list("branch", "status", "in_time")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for branch, status, in_time, n in handed_in:
        c = by_branch.setdefault(branch, Completeness())
        c.submitted += n
        c.approved += n if status == SubmissionStatus.APPROVED else 0
        c.on_time += n if in_time else 0
        c.late += 0 if in_time else n
    return by_branch


def predecessor_paths(unit: OrgUnit) -> list[str]:
    """Paths of the closed units `unit` came from, every generation back (a 2025 province: the
    provinces merged into it), for comparing with periods before the reorganisation."""
    return [u.path for u in _predecessors(unit)]


def _predecessors(unit: OrgUnit) -> list[OrgUnit]:
    found: dict[int, OrgUnit] = {}
    frontier, seen = {unit.pk}, {unit.pk}
    while frontier:
        rows = OrgUnit.objects.filter(successor_links__successor_id__in=frontier).exclude(
            pk__in=seen
        )
        frontier = set()
        for u in rows:
            if u.pk not in found:
                found[u.pk] = u
                frontier.add(u.pk)
        seen |= frontier
    return sorted(found.values(), key=lambda u: u.path)


def _figures_over(
    *, user: Any, form: Form, period: Period, paths: list[str], indicators: list[Indicator]
) -> dict[int, Decimal | None]:
    # One statement per period, not one for both compared periods: PostgreSQL reads one period's
    # figures through the (submission) index, two may tip it into a scan of every figure.
    tallies = _tallies(user=user, form=form, period_code=period.code, paths=paths, width=None)
    return _combine(_kinds(indicators), {pk: t for (_, pk), t in tallies.items()})


def rollup_values(*, user: Any, form: Form, unit: OrgUnit, period: Period) -> Rollup:
    """The report of `unit` for `period`: its own figures, the totals over its subtree, one row per
    child with completeness, the units that have not reported, and the same totals for the
    previous period and the same period last year over the units it came from."""
    access.require(user, "view", unit)
    items = form_items(form)
    indicators = [item.indicator for item in items]
    kinds = _kinds(indicators)
    width = len(unit.path) + PATH_SEGMENT_WIDTH + 1
    tallies = _tallies(
        user=user, form=form, period_code=period.code, paths=[unit.path], width=width
    )
    by_branch: dict[str, dict[int, Counted]] = {}
    per_indicator: dict[int, list[Counted]] = {}
    for (branch, pk), tally in tallies.items():
        by_branch.setdefault(branch, {})[pk] = tally
        per_indicator.setdefault(pk, []).append(tally)
    overall = {pk: _over(parts) for pk, parts in per_indicator.items()}
    counts = _completeness_by_branch(form=form, period=period, unit=unit, width=width)
    branch_paths = set(by_branch) | set(counts)
    # Every branch is the unit itself or one of its children: the unit when it has figures or
    # reports of its own, the children alive at the period's end, and any closed child that still
    # has some (the parent index narrows this, not a list of paths).
    children = {
        c.path: c
        for c in OrgUnit.objects.filter(
            Q(pk=unit.pk, path__in=branch_paths)
            | (Q(parent=unit) & (valid_on_q(period.end) | Q(path__in=branch_paths)))
        ).only(
            "code",
            "name",
            "short_name",
            "level",
            "kind",
            "path",
            "parent_id",
            "depth",
            "valid_from",
            "valid_to",
        )
    }
    branches = []
    completeness = Completeness()
    for path in sorted(children):
        c = counts.get(path, Completeness())
        completeness.add(c)
        branches.append(
            Branch(
                unit=children[path],
                figures=_combine(kinds, by_branch.get(path, {})),
                completeness=c,
                is_self=path == unit.path,
            )
        )
    own_submission = (
        access.scope(Submission.objects.all(), user)
        .filter(form=form, unit=unit, period_code=period.code)
        .first()
    )
    own: dict[int, Decimal | str | None] = {}
    if own_submission is not None:
        values = submission_values(own_submission)
        for indicator in indicators:
            v = values.get(indicator.pk)
            own[indicator.pk] = None if v is None else (v.text if v.number is None else v.number)
        own_tallies = {
            pk: Tally(total=v.number, count=1, low=v.number, high=v.number)
            for pk, v in values.items()
            if v.number is not None
        }
        for indicator in indicators:
            if indicator.is_computed:
                own[indicator.pk] = combine([indicator], own_tallies)[indicator.pk]
    # The reports handed in within the subtree only: a province's list then looks past a few
    # hundred of them, not past every report of the period nationwide.
    handed_in = Submission.objects.filter(
        subtree_q("unit_path", unit.path, vendor=connection.vendor),
        form=form,
        period_code=period.code,
        status__in=COUNTED_STATUSES,
    ).values("unit_id")
    missing_units = list(
        with_name_on(  # "Ban Tuyên giáo Tỉnh ủy …" in a 2020 roll-up, not the 2025 name
            units_expected(form=form, period=period, within=unit)
            .exclude(pk__in=handed_in)
            .only("code", "name", "path", "level"),
            period.end,
        ).order_by("path")[:MISSING_LIST_LIMIT]
    )
    predecessors = _predecessors(unit)
    compared = [unit.path, *(u.path for u in predecessors)]
    previous_period, last_year_period = period.previous(), period.same_period_last_year()
    previous, last_year = (
        _figures_over(user=user, form=form, period=p, paths=compared, indicators=indicators)
        for p in (previous_period, last_year_period)
    )
    return Rollup(
        form=form,
        unit=unit,
        period=period,
        items=items,
        own_submission=own_submission,
        own=own,
        totals=_combine(kinds, overall),
        branches=branches,
        completeness=completeness,
        missing_units=missing_units,
        previous_period=previous_period,
        previous=previous,
        last_year_period=last_year_period,
        last_year=last_year,
        compared_units=predecessors,
    )


def report_day(submission: Submission) -> dt.date:
    return submission.report_date or submission.period_end
