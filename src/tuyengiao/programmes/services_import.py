"""The database side of programme spreadsheets: importing every row of a file or none, and
gathering what an export shows.

The rules are services.task_create's own: each row is created through it, inside one
transaction, and the DomainError it raises for a row becomes that row's error. Only when every
row passed is the transaction kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError, ImportRejected, RowError
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.programmes import exports, importers, selectors, services
from tuyengiao.programmes.choices import TaskOrigin
from tuyengiao.programmes.models import Programme, Task

# Which column of the sheet holds the input a service rule names.
FIELD_COLUMNS = {
    "title": importers.COL_TITLE,
    "number": importers.COL_NUMBER,
    "parent": importers.COL_NUMBER,
    "category": importers.COL_CATEGORY,
    "origin": importers.COL_AD_HOC,
    "entered_on": importers.COL_AD_HOC,
    "lead_unit": importers.COL_LEAD,
    "supporting_units": importers.COL_SUPPORTING,
    "deadline": importers.COL_DEADLINE,
    "deadline_month": importers.COL_DEADLINE,
    "source": importers.COL_SOURCE,
}


@transaction.atomic
def programme_import_xlsx(*, actor: Any, programme: Programme, data: bytes) -> int:
    """Adds the tasks of a spreadsheet (the template's format) to the programme: all of them, or,
    when any row is refused, none, with every refusal named by sheet, row and column
    (ImportRejected). Editors of the programme's unit. Returns the number of tasks created.

    A row's group ("1" for "1.2") may be in the file or already in the programme; unit codes
    must be units the actor can see; each task passes the same rules as one entered by hand.
    """
    access.require(actor, "edit", programme.unit)
    existing = {
        number: pk
        for number, pk in Task.objects.filter(programme=programme)
        .exclude(number="")
        .values_list("number", "pk")
    }
    parsed = importers.parse_programme_xlsx(
        data, year=programme.year, existing_numbers=existing.keys()
    )
    errors = list(parsed.errors)
    sheet = parsed.sheet

    codes = {c for d in parsed.drafts for c in [d.lead_unit_code, *d.supporting_unit_codes] if c}
    units = {u.code: u for u in access.scope(OrgUnit.objects.filter(code__in=codes), actor)}

    def unknown(draft: importers.TaskDraft, code: str, column: str) -> RowError:
        return RowError(
            _("Unknown unit code '%(code)s'.") % {"code": code},
            sheet=sheet,
            row=draft.row,
            column=column,
        )

    ready = []
    for draft in parsed.drafts:
        row_errors = []
        if draft.lead_unit_code and draft.lead_unit_code not in units:
            row_errors.append(unknown(draft, draft.lead_unit_code, importers.COL_LEAD))
        row_errors += [
            unknown(draft, code, importers.COL_SUPPORTING)
            for code in draft.supporting_unit_codes
            if code not in units
        ]
        if row_errors:
            errors += row_errors
        else:
            ready.append(draft)

    # Groups before their tasks; the file's order otherwise (the sort is stable).
    created: dict[str, Task] = {}
    existing_tasks = {t.number: t for t in Task.objects.filter(pk__in=existing.values())}
    count = 0
    for draft in sorted(ready, key=lambda d: d.depth):
        parent = None
        if draft.parent_number:
            parent = created.get(draft.parent_number) or existing_tasks.get(draft.parent_number)
            if parent is None:
                continue  # the group's own row was refused; its error says why
        try:
            task = services.task_create(
                actor=actor,
                programme=programme,
                title=draft.title,
                number=draft.number,
                category=draft.category,
                origin=TaskOrigin.AD_HOC if draft.ad_hoc else TaskOrigin.PLANNED,
                parent=parent,
                lead_unit=units[draft.lead_unit_code] if draft.lead_unit_code else None,
                supporting_units=[units[c] for c in draft.supporting_unit_codes],
                deadline=draft.deadline,
                deadline_month=draft.deadline_month,
                source=draft.source,
            )
        except DomainError as exc:
            # task_create's own savepoint undid the row; the others go on being checked.
            errors.append(
                RowError(
                    exc.message,
                    sheet=sheet,
                    row=draft.row,
                    column=FIELD_COLUMNS.get(exc.field or ""),
                )
            )
            continue
        if draft.number:
            created[draft.number] = task
        count += 1
    if errors:
        raise ImportRejected(errors)  # leaving the atomic block by an exception undoes every row
    return count


# Export


def programme_export_file(*, user: Any, programme: Programme, as_of: dt.date) -> bytes:
    """The programme as an XLSX file with each task's status on `as_of` and the units it was
    handed down to (a read: the programme was checked by selectors.programme_get)."""
    tasks = selectors.task_list(user=user, programme=programme, as_of=as_of)
    handed = [t.pk for t in tasks if t.handed_down_count]
    recipients: dict[int, list[str]] = {}
    copies = (
        access.scope(Task.objects.filter(assigned_from__in=handed), user)
        .order_by("programme__unit__path")
        .values_list("assigned_from_id", "programme__unit__short_name", "programme__unit__name")
    )
    for source_id, short_name, name in copies:
        recipients.setdefault(source_id, []).append(short_name or name)
    for task in tasks:
        task.handed_down_to = recipients.get(task.pk, [])
    return exports.programme_export_xlsx(programme, tasks, as_of)
