"""The database side of report files: importing a spreadsheet of figures for many units at once
(every row or none), and gathering what the DOCX and XLSX exports show.

The import checks each row by the rules of the entry page: the unit exists and the actor may
edit its figures, the unit reports the form for the period (services.check_can_report), its
report is still editable, and every figure passes services.parse_figures (type, range, the
form's relations). Only when every row passed does it write: new drafts, then every figure, in
bulk, in one transaction; each report's version goes up and each gets its own audit row, so a
unit's history shows the import like any other save. Read and write cost a fixed number of
queries, whatever the number of rows (bench/bench_reports_import.py: 100,000 figures).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string

from tuyengiao import access
from tuyengiao.core.audit import user_or_none
from tuyengiao.core.dates import today
from tuyengiao.core.docx import Margins
from tuyengiao.core.exceptions import ConflictError, DomainError, ImportRejected, RowError
from tuyengiao.core.models import AuditAction, AuditEntry
from tuyengiao.core.periods import Period
from tuyengiao.core.xlsx import cell_text
from tuyengiao.orgunits.models import OrgUnit, subtree_q
from tuyengiao.reports import exports, importers, selectors, services
from tuyengiao.reports.choices import (
    COUNTED_STATUSES,
    Aggregation,
    IndicatorSource,
    SectionKind,
)
from tuyengiao.reports.models import Form, Indicator, Submission, Value

MAX_ERRORS = 200
# Value.number holds 20 digits, 4 of them decimals: a larger number cannot be stored.
TOO_LARGE = Decimal(10) ** 16
BATCH = 2000

# Export: what the files show


def _own_figures(
    indicators: list[Indicator], values: Mapping[int, tuple[Decimal | None, str]]
) -> dict[int, Decimal | str | None]:
    """A unit's own figures by indicator id, its ratios computed from its own terms."""
    own: dict[int, Decimal | str | None] = {}
    for indicator in indicators:
        if indicator.is_computed:
            num = values.get(indicator.numerator_id, (None, ""))[0]
            den = values.get(indicator.denominator_id, (None, ""))[0]
            own[indicator.pk] = num * 100 / den if num is not None and den else None
            continue
        number, text = values.get(indicator.pk, (None, ""))
        own[indicator.pk] = number if number is not None else (text or None)
    return own


def _totals_counting(
    *, user: Any, submission: Submission, indicators: list[Indicator]
) -> dict[int, Decimal | None]:
    """Totals over the unit's subtree, counting the reports handed in and this one, whatever its
    status: a draft's DOCX shows the figures it will report (a leaf unit's are its own)."""
    rows = (
        access.scope(Value.objects.all(), user)
        .filter(
            subtree_q("submission__unit_path", submission.unit_path, vendor=connection.vendor),
            Q(submission__status__in=COUNTED_STATUSES) | Q(submission=submission),
            submission__form_id=submission.form_id,
            submission__period_code=submission.period_code,
            number__isnull=False,
        )
        .values_list("indicator_id")
        .annotate(total=Sum("number"), n=Count("number"), low=Min("number"), high=Max("number"))
        .order_by()
    )
    tallies = {
        pk: selectors.Tally(total=total or Decimal(0), count=n, low=low, high=high)
        for pk, total, n, low, high in rows
    }
    return selectors.combine(indicators, tallies)


def report_figures(
    *, user: Any, submission: Submission
) -> tuple[selectors.Rollup, exports.ReportFigures]:
    """The roll-up of the report's unit and period, and the figures its document prints."""
    rollup = selectors.rollup_values(
        user=user, form=submission.form, unit=submission.unit, period=submission.period
    )
    indicators = rollup.indicators
    if submission.status in COUNTED_STATUSES:
        totals: dict[int, Decimal | str | None] = dict(rollup.totals)
    else:
        totals = dict(_totals_counting(user=user, submission=submission, indicators=indicators))
    for indicator in indicators:
        if indicator.aggregation == Aggregation.NONE:
            totals[indicator.pk] = rollup.own.get(indicator.pk)  # a text: the unit's own
    many = any(
        not branch.is_self and any(v is not None for v in branch.figures.values())
        for branch in rollup.branches
    )
    return rollup, exports.ReportFigures(
        own=rollup.own, totals=totals, last_year=rollup.last_year, many_units=many
    )


def submission_docx_file(
    *, user: Any, submission: Submission, margins: Margins | None = None
) -> bytes:
    """The report as a DOCX in the Party's format (a read: the caller got the submission through
    selectors.submission_get, which checked the user may see it)."""
    rollup, figures = report_figures(user=user, submission=submission)
    day = selectors.report_day(submission)
    return exports.submission_docx(
        submission,
        sections=submission.form.sections.order_by("order"),
        items=rollup.items,
        figures=figures,
        names=exports.document_names(submission.unit, on=day),
        margins=margins,
    )


def submission_xlsx_file(*, submission: Submission) -> bytes:
    """The report's own figures in the wide layout (one unit row), ready to be imported again."""
    items = selectors.form_items(submission.form)
    stored = {v.indicator_id: (v.number, v.text) for v in submission.values.all()}
    row = exports.FigureRow(
        unit_code=submission.unit.code,
        unit_name=submission.unit.name,
        values=_own_figures([i.indicator for i in items], stored),
        status=submission.status,
    )
    return exports.figures_xlsx(
        form=submission.form,
        period=submission.period,
        items=items,
        rows=[row],
        unit=submission.unit,
    )


def rollup_xlsx_file(*, user: Any, form: Form, unit: OrgUnit, period: Period) -> bytes:
    """The per-unit table of a roll-up: one row per unit of the subtree that reports the form
    (and any other unit with a report), its own figures and status, then the totals. Units that
    have not reported have empty rows: the file is also the template to fill them in."""
    rollup = selectors.rollup_values(user=user, form=form, unit=unit, period=period)
    indicators = rollup.indicators
    submissions = {
        s.unit_id: s
        for s in selectors.submission_list(
            user=user, form=form, subtree_of=unit, period_code=period.code
        )
    }
    stored: dict[int, dict[int, tuple[Decimal | None, str]]] = defaultdict(dict)
    for submission_id, indicator_id, number, text in Value.objects.filter(
        submission_id__in=[s.pk for s in submissions.values()]
    ).values_list("submission_id", "indicator_id", "number", "text"):
        stored[submission_id][indicator_id] = (number, text)
    expected = selectors.units_expected(form=form, period=period, within=unit)
    units = OrgUnit.objects.filter(Q(pk__in=expected.values("pk")) | Q(pk__in=list(submissions)))
    rows = []
    for each in units.only("code", "name", "path").order_by("path"):
        submission = submissions.get(each.pk)
        rows.append(
            exports.FigureRow(
                unit_code=each.code,
                unit_name=each.name,
                values=_own_figures(indicators, stored[submission.pk]) if submission else {},
                status=submission.status if submission else "",
            )
        )
    return exports.figures_xlsx(
        form=form, period=period, items=rollup.items, rows=rows, unit=unit, totals=rollup.totals
    )


# Import


@dataclass(frozen=True)
class ImportResult:
    """What an import did: reports created as drafts, reports whose figures changed, reports
    the file left as they were, and the figures added, changed or cleared."""

    form: Form
    period: Period
    created: int
    updated: int
    unchanged: int
    values: int

    @property
    def reports(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(eq=False)
class _Row:
    draft: importers.UnitRowDraft
    unit: OrgUnit
    submission: Submission | None
    parsed: dict[int, tuple[Decimal | None, str] | None]
    is_new: bool = False


Figure = tuple[int, Decimal | None, str]  # indicator id, number, text


def _changes(
    parsed: Mapping[int, tuple[Decimal | None, str] | None],
    stored: Mapping[int, tuple[int, Decimal | None, str]],
) -> tuple[list[Figure], list[int], int]:
    """The figures to insert and the Value ids to delete so that the stored figures become
    `parsed`, and how many figures that changes. A changed figure is deleted and inserted again:
    in bulk, cheaper than an UPDATE per row."""
    insert: list[Figure] = []
    delete: list[int] = []
    count = 0
    for indicator_id, value in parsed.items():
        row = stored.get(indicator_id)
        if value is None:
            if row is not None:
                delete.append(row[0])
                count += 1
            continue
        if row is not None:
            if (row[1], row[2]) == value:
                continue
            delete.append(row[0])
        insert.append((indicator_id, value[0], value[1]))
        count += 1
    return insert, delete, count


def _insert_values(rows: list[tuple[int, int, Decimal | None, str]]) -> None:
    """INSERT of (submission id, indicator id, number, text) rows: COPY on PostgreSQL,
    executemany on SQLite. Django's bulk_create builds a model instance and compiles SQL for
    every row, 6 s of the 10 s a 100,000-figure import took on SQLite; executemany on
    PostgreSQL pays a round trip per row (9 s). Both ways here take about one second
    (bench/bench_reports_import.py)."""
    quote = connection.ops.quote_name
    table = quote(Value._meta.db_table)
    columns = ", ".join(quote(c) for c in ("submission_id", "indicator_id", "number", "text"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)"
        for start in range(0, len(rows), 10 * BATCH):
            cursor.executemany(sql, rows[start : start + 10 * BATCH])


@transaction.atomic
def submissions_import_xlsx(*, actor: Any, form: Form, data: bytes) -> ImportResult:
    """Writes the figures of a spreadsheet in the wide layout (exports.figures_xlsx) into the
    reports of `form` for the file's period: all rows, or, when any row is refused, none, with
    every refusal named by sheet, row and column (ImportRejected, at most 200 listed).

    Each row's unit must exist and be visible (else it is unknown), be the actor's to edit, and
    report the form for the period; a unit without a report gets a draft, as opening its entry
    page would. An empty cell clears the figure; a computed column (a ratio) is ignored. A
    report handed in or approved is locked: its row is refused when it would change anything,
    and passes unchanged when it matches (so a roll-up's file can come back as it went out).
    """
    parsed = importers.parse_figures_xlsx(data)
    sheet = parsed.sheet
    header_row = parsed.header_row
    if header_row is None:
        raise ImportRejected(parsed.errors)
    # Faults of the sheet as a whole (the form, the period, the columns) stop before the rows
    # are read against the database; a row's own faults are listed with the others'.
    errors = [e for e in parsed.errors if e.row is None or e.row <= header_row]
    row_errors_of_layout = [e for e in parsed.errors if e.row is not None and e.row > header_row]

    period = None
    if parsed.form_code and parsed.form_code != form.code:
        errors.append(
            RowError(
                _("The file is for the form %(file)s, not %(form)s.")
                % {"file": parsed.form_code, "form": form.code},
                sheet=sheet,
                row=parsed.form_row,
                column="B",
            )
        )
    if parsed.period_text:
        try:
            period = form.period(parsed.period_text)
        except DomainError as exc:
            errors.append(RowError(exc.message, sheet=sheet, row=parsed.period_row, column="B"))

    definition = services.form_definition(form)
    by_code = definition.by_code
    columns: list[importers.Column] = []
    for column in parsed.columns:
        item = by_code.get(column.code)
        if item is None:
            errors.append(
                RowError(
                    _("%(code)s is not a figure of this form.") % {"code": column.code},
                    sheet=sheet,
                    row=parsed.header_row,
                    column=column.label,
                )
            )
        elif not item.indicator.is_computed:
            columns.append(column)  # computed ratios are exported for reading, never imported
    if period is None or errors:
        raise ImportRejected(_capped(errors + row_errors_of_layout, sheet))
    errors = row_errors_of_layout

    form = Form.objects.select_related("owner").get(pk=form.pk)
    codes = [row.unit_code for row in parsed.rows]
    units = {u.code: u for u in access.scope(OrgUnit.objects.filter(code__in=codes), actor)}
    # Locked for the rest of the transaction: nobody saves these reports between our reading
    # their figures and writing ours (their next save then meets a new version).
    by_id = {u.pk: u for u in units.values()}
    existing = {
        s.unit_id: s
        for s in Submission.objects.select_for_update().filter(
            form=form, period_code=period.code, unit_id__in=list(by_id)
        )
    }
    for submission in existing.values():
        submission.form, submission.unit = form, by_id[submission.unit_id]  # no query per row
    stored: dict[int, dict[int, tuple[int, Decimal | None, str]]] = defaultdict(dict)
    for pk, submission_id, indicator_id, number, text in Value.objects.filter(
        submission_id__in=[s.pk for s in existing.values()]
    ).values_list("pk", "submission_id", "indicator_id", "number", "text"):
        stored[submission_id][indicator_id] = (pk, number, text)
    sourced = [item.indicator for item in definition.items if item.indicator.source]
    wanted = {c.code for c in columns}
    code_column = parsed.code_column
    label = {c.code: c.label for c in columns}
    codes_by_id = {item.indicator.pk: code for code, item in by_code.items()}

    ready: list[_Row] = []
    for draft in parsed.rows:
        row_errors: list[RowError] = []

        def refuse(message: str, column: str | None = code_column, draft=draft, out=row_errors):
            out.append(RowError(message, sheet=sheet, row=draft.row, column=column))

        unit = units.get(draft.unit_code)
        submission = existing.get(unit.pk) if unit else None
        entries = {code: draft.cells.get(code) for code in wanted}
        has_figures = any(not importers.is_empty(v) for v in entries.values())
        if unit is None:
            refuse(_("Unknown unit code '%(code)s'.") % {"code": draft.unit_code})
        elif not access.allowed(actor, "edit", unit.path):
            refuse(
                _("You may not enter the figures of %(unit)s.") % {"unit": unit.name},
            )
        elif submission is None and has_figures:
            try:
                services.check_can_report(form=form, unit=unit, period=period)
            except DomainError as exc:
                refuse(exc.message)
            else:
                _fill_from_programme(actor, unit, period, sourced, entries)
        current = stored.get(submission.pk, {}) if submission else {}
        values, figure_errors = services.parse_figures(
            definition, entries, current={pk: row[1] for pk, row in current.items()}
        )
        for code, message in figure_errors.items():
            refuse(message, label.get(code, code))
        for pk, value in values.items():
            if value is not None and value[0] is not None and abs(value[0]) >= TOO_LARGE:
                code = codes_by_id[pk]
                typed = cell_text(entries[code])
                refuse(_("%(value)s is too large for a figure.") % {"value": typed}, label[code])
        if row_errors:
            errors.extend(row_errors)
            continue
        if submission is None and not has_figures:
            continue  # a unit the file lists without figures: no empty draft is made
        if submission is not None and not submission.is_editable and _changes(values, current)[2]:
            refuse(
                _(
                    "The report of %(unit)s is %(status)s and locked; ask the level above to re-open it."
                )
                % {"unit": unit.name, "status": submission.get_status_display().lower()}
            )
            errors.extend(row_errors)
            continue
        ready.append(
            _Row(
                draft=draft,
                unit=unit,
                submission=submission,
                parsed=values,
                is_new=submission is None,
            )
        )
    if errors:
        raise ImportRejected(_capped(errors, sheet))
    return _write(actor=actor, form=form, period=period, rows=ready, stored=stored)


def _fill_from_programme(
    actor: Any,
    unit: OrgUnit,
    period: Period,
    sourced: list[Indicator],
    entries: dict[str, object],
) -> None:
    """A new report's figures taken from the work programme (tasks done / in the period), as
    submission_open fills them, where the file leaves the cell empty. One roll-up per new report,
    and only for forms with such figures."""
    empty = [i for i in sourced if importers.is_empty(entries.get(i.code))]
    if not empty:
        return
    from tuyengiao.programmes.selectors import task_rollup

    counts = task_rollup(user=actor, unit=unit, as_of=period.end, period=period).own
    if not counts.total:
        return
    by_source = {IndicatorSource.TASKS_DONE: counts.done, IndicatorSource.TASKS_TOTAL: counts.total}
    for indicator in empty:
        entries[indicator.code] = by_source[indicator.source]


def _place(error: RowError) -> tuple[int, int]:
    """Row, then column from left to right ("E (HT_THAMDU)" -> 5)."""
    letter = (error.column or "").split(" ")[0]
    try:
        column = column_index_from_string(letter) if letter else 0
    except ValueError:
        column = 0
    return error.row or 0, column


def _capped(errors: list[RowError], sheet: str) -> list[RowError]:
    errors = sorted(errors, key=_place)
    if len(errors) <= MAX_ERRORS:
        return errors
    kept = errors[:MAX_ERRORS]
    kept.append(
        RowError(
            _("%(count)d more errors are not listed; correct these and import again.")
            % {"count": len(errors) - MAX_ERRORS},
            sheet=sheet,
        )
    )
    return kept


def _write(
    *,
    actor: Any,
    form: Form,
    period: Period,
    rows: list[_Row],
    stored: Mapping[int, Mapping[int, tuple[int, Decimal | None, str]]],
) -> ImportResult:
    user = user_or_none(actor)
    narratives = {str(s.pk): s.template for s in form.sections.filter(kind=SectionKind.NARRATIVE)}
    new = [r for r in rows if r.is_new]
    deadline = form.deadline_for(period)
    report_date = min(period.end, today())
    created = [
        Submission(
            form=form,
            unit=r.unit,
            unit_path=r.unit.path,
            period_code=period.code,
            period_start=period.start,
            period_end=period.end,
            deadline=deadline,
            narratives=dict(narratives),
            report_date=report_date,
            updated_by=user,
        )
        for r in new
    ]
    try:
        # A savepoint: a report opened on the entry page meanwhile breaks the unique key.
        with transaction.atomic():
            Submission.objects.bulk_create(created, batch_size=500)
    except IntegrityError:
        raise ConflictError(
            _("Someone opened one of these reports while the file was read; import it again.")
        ) from None
    for row, submission in zip(new, created, strict=True):
        row.submission = submission

    insert: list[tuple[int, int, Decimal | None, str]] = []
    delete: list[int] = []
    changed: list[tuple[_Row, int]] = []
    for row in rows:
        assert row.submission is not None
        add, remove, count = _changes(row.parsed, stored.get(row.submission.pk, {}))
        if not count and not row.is_new:
            continue
        submission_id = row.submission.pk
        insert += [(submission_id, i, n, t) for i, n, t in add]
        delete += remove
        changed.append((row, count))
    for start in range(0, len(delete), BATCH):
        # One DELETE each: nothing points at a Value, so Django need not read the rows first.
        Value.objects.filter(pk__in=delete[start : start + BATCH]).delete()
    _insert_values(insert)

    updated = [row.submission.pk for row, _count in changed if not row.is_new]
    now = timezone.now()
    for start in range(0, len(updated), BATCH):
        Submission.objects.filter(pk__in=updated[start : start + BATCH]).update(
            version=F("version") + 1, updated_at=now, updated_by=user
        )
    _audit(actor=actor, changed=changed)
    return ImportResult(
        form=form,
        period=period,
        created=len(new),
        updated=len(updated),
        unchanged=len(rows) - len(changed),
        values=sum(count for _row, count in changed),
    )


def _audit(*, actor: Any, changed: list[tuple[_Row, int]]) -> None:
    """One audit row per report the import created or changed, filed under its unit: each
    unit's admins read their own trail, and a summary row could be filed under one unit only."""
    content_type = ContentType.objects.get_for_model(Submission)
    user = user_or_none(actor)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=user,
                action=AuditAction.CREATE if row.is_new else AuditAction.UPDATE,
                object_type=content_type,
                object_id=str(row.submission.pk),
                object_repr=str(row.submission)[:300],
                unit=row.unit,
                unit_path=row.unit.path,
                changes={"figures": [None, count], "event": [None, "import"]},
            )
            for row, count in changed
        ],
        batch_size=BATCH,
    )
