"""Reading a work programme from a spreadsheet: bytes in, task drafts and row errors out.

The format is the downloadable template (exports.programme_template_xlsx): a sheet "Nhiệm vụ"
with one task per row under a header row. A pure function: it checks what a cell can say about
itself (a number, a known category, a date in the programme's year). Whether a unit code exists
and is visible, and the rules of services.task_create, are checked by
services_import.programme_import_xlsx, which writes nothing unless every row passes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from tuyengiao.core.exceptions import RowError
from tuyengiao.core.text import fold
from tuyengiao.core.xlsx import cell_text, read_workbook
from tuyengiao.programmes.choices import TaskCategory

SHEET = "Nhiệm vụ"
GUIDE_SHEET = "Hướng dẫn"

COL_NUMBER = "STT"
COL_TITLE = "Nội dung nhiệm vụ"
COL_CATEGORY = "Loại"
COL_LEAD = "Đơn vị chủ trì"
COL_SUPPORTING = "Đơn vị phối hợp"
COL_DEADLINE = "Thời hạn"
COL_SOURCE = "Nguồn"
COL_AD_HOC = "Đột xuất"
COLUMNS = [
    COL_NUMBER,
    COL_TITLE,
    COL_CATEGORY,
    COL_LEAD,
    COL_SUPPORTING,
    COL_DEADLINE,
    COL_SOURCE,
    COL_AD_HOC,
]
REQUIRED_COLUMNS = [COL_NUMBER, COL_TITLE]
# The export's last line; it and anything below it are not tasks.
TOTALS_LABEL = "Tổng cộng"

# The labels the file shows (the file is Vietnamese whatever the interface language).
CATEGORY_LABELS = {
    TaskCategory.ADVISORY: "Tham mưu",
    TaskCategory.PROPAGANDA: "Tuyên truyền",
    TaskCategory.TRAINING: "Đào tạo, bồi dưỡng",
    TaskCategory.SCIENCE_EDUCATION: "Khoa giáo",
    TaskCategory.CULTURE: "Văn hóa, văn nghệ",
    TaskCategory.PARTY_HISTORY: "Lịch sử Đảng",
    TaskCategory.OTHER: "Khác",
}
# Words a deadline cell may hold for "no fixed day": due by the end of the year.
_YEAR_ROUND = {"thuong xuyen", "ca nam", "trong nam", "hang thang", "hang quy"}
_AD_HOC_YES = {"x", "co", "1", "dot xuat", "yes", "true"}
_AD_HOC_NO = {"", "0", "khong", "no", "false"}

_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3}){0,4}$")  # fits Task.number (20)
_DMY = re.compile(r"^(\d{1,2}) (\d{1,2}) (\d{4})$")
_YMD = re.compile(r"^(\d{4}) (\d{1,2}) (\d{1,2})$")
_MONTH = re.compile(r"^(?:thang |t ?)?(\d{1,2})(?: (?:nam )?(\d{4}))?$")
_HEADER_SCAN_ROWS = 10
MAX_TASK_ROWS = 5000
MAX_TITLE = 500  # Task.title
MAX_SOURCE = 300  # Task.source


@dataclass
class TaskDraft:
    """One row of the sheet, read and checked on its own."""

    row: int
    number: str
    title: str
    category: str = TaskCategory.OTHER
    lead_unit_code: str = ""
    supporting_unit_codes: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_month: int | None = None
    source: str = ""
    ad_hoc: bool = False

    @property
    def parent_number(self) -> str:
        """ "1.2" belongs to the group "1"; "1" and unnumbered tasks to none."""
        return self.number.rpartition(".")[0]

    @property
    def depth(self) -> int:
        return self.number.count(".") if self.number else 0


@dataclass
class ParsedProgramme:
    sheet: str
    drafts: list[TaskDraft]
    errors: list[RowError]


class _Refused(Exception):
    """A cell's value was refused; the message is the reason."""


def _category_lookup() -> dict[str, str]:
    names: dict[str, str] = {}
    for choice in TaskCategory:
        with translation.override("en"):
            english = str(choice.label)
        with translation.override("vi"):
            translated = str(choice.label)
        for name in (choice.value, english, translated, CATEGORY_LABELS[choice]):
            names[fold(name)] = choice.value
    names[fold("Văn hóa")] = names[fold("Văn nghệ")] = TaskCategory.CULTURE
    names[fold("Đào tạo")] = names[fold("Bồi dưỡng")] = TaskCategory.TRAINING
    return names


def parse_number(value: object) -> str:
    # 1.2 typed into a cell formatted as a number arrives as the float 1.2, and "1.10" as 1.1:
    # the template formats the column as text so that cannot happen.
    text = cell_text(value).rstrip(".").replace(" ", "")
    if text and not _NUMBER.match(text):
        raise _Refused(
            _("'%(value)s' is not a task number such as 1, 2 or 1.2.") % {"value": cell_text(value)}
        )
    return text


def parse_category(value: object, lookup: dict[str, str]) -> str:
    text = cell_text(value)
    if not text:
        return TaskCategory.OTHER
    try:
        return lookup[fold(text)]
    except KeyError:
        raise _Refused(
            _("Unknown category '%(value)s'; use one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(CATEGORY_LABELS.values())}
        ) from None


def _outside(value: str, year: int) -> _Refused:
    return _Refused(_("%(value)s is outside the year %(year)s.") % {"value": value, "year": year})


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _Refused(_("'%(value)s' is not a date.") % {"value": text}) from None


def parse_deadline(value: object, *, year: int) -> tuple[dt.date | None, int | None]:
    """(deadline, month): a day (an Excel date, dd/mm/yyyy, yyyy-mm-dd), or a month ("tháng 6",
    "6/2020", "tháng 6 năm 2020"), or neither ("thường xuyên", empty: due by 31/12)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 20000:
        value = from_excel(value).date()  # an Excel date in a cell not formatted as a date
    if isinstance(value, dt.date):
        if value.year != year:
            raise _outside(value.strftime("%d/%m/%Y"), year)
        return value, None
    text = cell_text(value)
    folded = fold(text)
    if not folded or folded in _YEAR_ROUND:
        return None, None
    hint = _("'%(value)s' is not a deadline: write a day as dd/mm/yyyy or a month as 'tháng 6'.")
    if match := _DMY.match(folded):
        day_, month, year_ = (int(g) for g in match.groups())
        day = _date(year_, month, day_, text)
    elif match := _YMD.match(folded):
        year_, month, day_ = (int(g) for g in match.groups())
        day = _date(year_, month, day_, text)
    elif (match := _MONTH.match(folded)) and (folded[0].isalpha() or match.group(2)):
        # A bare "6" is refused: it may be a day, a month or an Excel serial number.
        month = int(match.group(1))
        if not 1 <= month <= 12:
            raise _Refused(hint % {"value": text})
        if match.group(2) and int(match.group(2)) != year:
            raise _outside(text, year)
        return None, month
    else:
        raise _Refused(hint % {"value": text})
    if day.year != year:
        raise _outside(day.strftime("%d/%m/%Y"), year)
    return day, None


def parse_codes(value: object) -> list[str]:
    codes: list[str] = []
    for part in re.split(r"[,;\n]", "" if value is None else str(value)):
        code = part.strip()
        if code and code not in codes:
            codes.append(code)
    return codes


def parse_ad_hoc(value: object) -> bool:
    folded = fold(cell_text(value))
    if folded in _AD_HOC_YES:
        return True
    if folded in _AD_HOC_NO:
        return False
    raise _Refused(
        _("Write 'x' for an ad-hoc task, or leave the cell empty (not '%(value)s').")
        % {"value": cell_text(value)}
    )


def _header_columns(rows: list[tuple], sheet: str) -> tuple[int, dict[str, int]]:
    """(row number, {column header: index}) of the header: the first row holding STT and
    Nội dung nhiệm vụ (a title block may sit above it)."""
    wanted = {fold(c): c for c in COLUMNS}
    for index, values in enumerate(rows[:_HEADER_SCAN_ROWS]):
        found: dict[str, int] = {}
        for col, value in enumerate(values):
            name = wanted.get(fold(cell_text(value)))
            if name and name not in found:
                found[name] = col
        if all(c in found for c in REQUIRED_COLUMNS):
            return index + 1, found
    raise RowError(
        _("No header row with the columns %(columns)s in the first %(rows)s rows.")
        % {"columns": ", ".join(REQUIRED_COLUMNS), "rows": _HEADER_SCAN_ROWS},
        sheet=sheet,
    )


def parse_programme_xlsx(
    data: bytes, *, year: int, existing_numbers: Collection[str] = ()
) -> ParsedProgramme:
    """Reads every task row of the sheet "Nhiệm vụ" (else the first sheet) into drafts, and
    collects an error for every refused cell, so one pass shows every mistake in the file.

    `existing_numbers` are the numbers of tasks the programme already has: a row may sit in one
    of those groups, and may not repeat its number (importing the same file twice is refused).
    Raises DomainError (field "file") when the bytes are not a workbook at all.
    """
    wb = read_workbook(data)
    try:
        names = {fold(name): name for name in wb.sheetnames}
        sheet = names.get(fold(SHEET), wb.sheetnames[0])
        rows = [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    try:
        header_row, columns = _header_columns(rows, sheet)
    except RowError as exc:
        return ParsedProgramme(sheet=sheet, drafts=[], errors=[exc])

    lookup = _category_lookup()
    drafts: list[TaskDraft] = []
    errors: list[RowError] = []
    numbered_rows: dict[str, int] = {}  # number -> first row, valid or not (no cascades)

    def cell(values: tuple, name: str) -> object:
        col = columns.get(name)
        return values[col] if col is not None and col < len(values) else None

    for row, values in enumerate(rows[header_row:], start=header_row + 1):
        if fold(cell_text(cell(values, COL_NUMBER))) == fold(TOTALS_LABEL):
            break
        if not any(cell_text(cell(values, name)) for name in columns):
            continue
        if len(drafts) + len({e.row for e in errors}) >= MAX_TASK_ROWS:
            errors.append(
                RowError(
                    _("More than %(count)s tasks; split the file.") % {"count": MAX_TASK_ROWS},
                    sheet=sheet,
                    row=row,
                )
            )
            break
        row_errors: list[RowError] = []

        def read(name: str, parse, row=row, values=values, row_errors=row_errors):
            try:
                return parse(cell(values, name))
            except _Refused as exc:
                row_errors.append(RowError(str(exc), sheet=sheet, row=row, column=name))
                return None

        number = read(COL_NUMBER, parse_number)
        title = cell_text(cell(values, COL_TITLE))
        if not title:
            row_errors.append(
                RowError(
                    _("The task's content is required."), sheet=sheet, row=row, column=COL_TITLE
                )
            )
        elif len(title) > MAX_TITLE:
            row_errors.append(
                RowError(
                    _("Longer than %(count)s characters.") % {"count": MAX_TITLE},
                    sheet=sheet,
                    row=row,
                    column=COL_TITLE,
                )
            )
        source = cell_text(cell(values, COL_SOURCE))
        if len(source) > MAX_SOURCE:
            row_errors.append(
                RowError(
                    _("Longer than %(count)s characters.") % {"count": MAX_SOURCE},
                    sheet=sheet,
                    row=row,
                    column=COL_SOURCE,
                )
            )
        category = read(COL_CATEGORY, lambda v: parse_category(v, lookup))
        lead = parse_codes(cell(values, COL_LEAD))
        if len(lead) > 1:
            row_errors.append(
                RowError(
                    _("A task has one lead unit; put the others under %(column)s.")
                    % {"column": COL_SUPPORTING},
                    sheet=sheet,
                    row=row,
                    column=COL_LEAD,
                )
            )
        deadline = read(COL_DEADLINE, lambda v: parse_deadline(v, year=year))
        ad_hoc = read(COL_AD_HOC, parse_ad_hoc)
        if number:
            if number in numbered_rows or number in existing_numbers:
                where = numbered_rows.get(number)
                row_errors.append(
                    RowError(
                        _("The number %(number)s is used twice (also row %(row)s).")
                        % {"number": number, "row": where}
                        if where
                        else _("The programme already has a task numbered %(number)s.")
                        % {"number": number},
                        sheet=sheet,
                        row=row,
                        column=COL_NUMBER,
                    )
                )
            else:
                numbered_rows[number] = row
        if row_errors:
            errors.extend(row_errors)
            continue
        drafts.append(
            TaskDraft(
                row=row,
                number=number,
                title=title,
                category=category,
                lead_unit_code=lead[0] if lead else "",
                supporting_unit_codes=parse_codes(cell(values, COL_SUPPORTING)),
                deadline=deadline[0],
                deadline_month=deadline[1],
                source=source,
                ad_hoc=ad_hoc,
            )
        )

    for draft in drafts:
        parent = draft.parent_number
        if parent and parent not in numbered_rows and parent not in existing_numbers:
            errors.append(
                RowError(
                    _(
                        "The group %(parent)s of task %(number)s is neither in the file nor in the programme."
                    )
                    % {"parent": parent, "number": draft.number},
                    sheet=sheet,
                    row=draft.row,
                    column=COL_NUMBER,
                )
            )
    if not drafts and not errors:
        errors.append(RowError(_("The sheet has no tasks below its header."), sheet=sheet))
    refused = {e.row for e in errors}
    return ParsedProgramme(
        sheet=sheet, drafts=[d for d in drafts if d.row not in refused], errors=errors
    )
