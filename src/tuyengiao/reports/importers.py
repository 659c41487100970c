"""Reading report figures from a spreadsheet: bytes in, one draft per unit row and the layout's
errors out.

The format is the wide layout the exports write (exports.figures_xlsx): a sheet "Số liệu" (else
the first sheet) with metadata rows above the header ("Biểu mẫu:" the form's code, "Kỳ báo cáo:"
the period's code), the header row "Mã đơn vị | Tên đơn vị | <indicator code> … | Trạng thái",
optionally a second header row of indicator names (the row right below the header when its unit
code cell is empty), then one row per unit. A row "Tổng cộng" with no unit code ends the table.

A pure function: it checks what the layout can say about itself (the metadata are there, the
header names each code once, each unit once). Whether the codes are the form's, the units exist
and may be edited, and every figure's type, range and relations, is for
services_import.submissions_import_xlsx, which writes nothing unless every row passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from tuyengiao.core.exceptions import RowError
from tuyengiao.core.text import fold
from tuyengiao.core.xlsx import cell_text, read_workbook
from tuyengiao.reports.exports import (
    COL_CODE,
    COL_NAME,
    COL_STATUS,
    LABEL_FORM,
    LABEL_PERIOD,
    SHEET,
    TOTALS_LABEL,
)

_HEADER_SCAN_ROWS = 20
# The tree has about 11,500 units that report at one level or another (2024) and 3,400 (2026);
# one file holds a whole country, not more.
MAX_UNIT_ROWS = 20_000
MAX_CODE = 40  # OrgUnit.code, Indicator.code


@dataclass
class Column:
    index: int  # 0-based
    code: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def label(self) -> str:
        """How a message names the column: "E (HT_THAMDU)"."""
        return f"{self.letter} ({self.code})"


@dataclass
class UnitRowDraft:
    """One unit's row as read: the raw cell of each indicator column (None when empty)."""

    row: int
    unit_code: str
    unit_name: str
    cells: dict[str, object]


@dataclass
class ParsedFigures:
    sheet: str
    form_code: str = ""
    form_row: int | None = None
    period_text: str = ""
    period_row: int | None = None
    header_row: int | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[UnitRowDraft] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def code_column(self) -> str:
        return f"A ({COL_CODE})"

    def column(self, code: str) -> Column | None:
        for column in self.columns:
            if column.code == code:
                return column
        return None


def _label(value: object) -> str:
    return fold(cell_text(value)).rstrip(":").strip()


_FORM = _label(LABEL_FORM)
_PERIOD = _label(LABEL_PERIOD)
_CODE = _label(COL_CODE)
_NAME = _label(COL_NAME)
_STATUS = _label(COL_STATUS)
_TOTALS = _label(TOTALS_LABEL)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_figures_xlsx(data: bytes) -> ParsedFigures:
    """Reads the sheet's metadata, header and unit rows, collecting an error for every fault of
    the layout, so one pass shows every mistake. Raises DomainError (field "file") when the bytes
    are not a workbook at all.

    Read with openpyxl's read-only mode, values only: a national file (3,400 units x 30 figures)
    reads in about a second.
    """
    wb = read_workbook(data)
    try:
        names = {fold(name): name for name in wb.sheetnames}
        sheet = names.get(fold(SHEET), wb.sheetnames[0])
        parsed = ParsedFigures(sheet=sheet)
        rows = wb[sheet].iter_rows(values_only=True)
        _read(parsed, rows)
    finally:
        wb.close()
    return parsed


def _read(parsed: ParsedFigures, rows) -> None:
    sheet = parsed.sheet
    header: tuple | None = None
    row_number = 0
    for values in rows:
        row_number += 1
        first = _label(values[0]) if values else ""
        if first == _CODE:
            header = values
            parsed.header_row = row_number
            break
        if first in (_FORM, _PERIOD):
            value = cell_text(values[1]) if len(values) > 1 else ""
            if first == _FORM:
                parsed.form_code, parsed.form_row = value.upper(), row_number
            else:
                parsed.period_text, parsed.period_row = value, row_number
        if row_number >= _HEADER_SCAN_ROWS:
            break
    if header is None:
        parsed.errors.append(
            RowError(
                _("No header row starting with '%(column)s' in the first %(rows)s rows.")
                % {"column": COL_CODE, "rows": _HEADER_SCAN_ROWS},
                sheet=sheet,
            )
        )
        return
    if not parsed.form_code:
        parsed.errors.append(
            RowError(
                _("No row '%(label)s' with the form's code above the header.")
                % {"label": LABEL_FORM},
                sheet=sheet,
            )
        )
    if not parsed.period_text:
        parsed.errors.append(
            RowError(
                _("No row '%(label)s' with the period (e.g. 2020-H1) above the header.")
                % {"label": LABEL_PERIOD},
                sheet=sheet,
            )
        )
    _read_header(parsed, header)
    _read_rows(parsed, rows, start=row_number + 1)


def _read_header(parsed: ParsedFigures, header: tuple) -> None:
    seen: dict[str, Column] = {}
    for index, value in enumerate(header):
        if index == 0:
            continue
        label = _label(value)
        if not label or (index == 1 and label == _NAME) or label == _STATUS:
            continue
        code = cell_text(value).upper()
        column = Column(index=index, code=code)
        if code in seen:
            parsed.errors.append(
                RowError(
                    _("The figure %(code)s has two columns (also column %(other)s).")
                    % {"code": code, "other": seen[code].letter},
                    sheet=parsed.sheet,
                    row=parsed.header_row,
                    column=column.label,
                )
            )
            continue
        if len(code) > MAX_CODE:
            parsed.errors.append(
                RowError(
                    _("'%(value)s' is not an indicator code.") % {"value": code[:60]},
                    sheet=parsed.sheet,
                    row=parsed.header_row,
                    column=column.letter,
                )
            )
            continue
        seen[code] = column
        parsed.columns.append(column)
    if not parsed.columns:
        parsed.errors.append(
            RowError(
                _("The header names no figure: put the indicator codes after '%(column)s'.")
                % {"column": COL_NAME},
                sheet=parsed.sheet,
                row=parsed.header_row,
            )
        )


def _read_rows(parsed: ParsedFigures, rows, *, start: int) -> None:
    sheet = parsed.sheet
    seen: dict[str, int] = {}
    columns = [(c.code, c.index) for c in parsed.columns]
    row_number = start - 1
    for values in rows:
        row_number += 1
        width = len(values)
        code = cell_text(values[0]).upper() if width else ""
        name = cell_text(values[1]) if width > 1 else ""
        if not code:
            if fold(name) == _TOTALS:
                break  # the roll-up's totals line ends the table
            filled = any(not is_empty(values[i]) for _, i in columns if i < width)
            if row_number == start or not filled:
                continue  # the names row under the header, or an empty row
            parsed.errors.append(
                RowError(
                    _("The unit code is missing."),
                    sheet=sheet,
                    row=row_number,
                    column=parsed.code_column,
                )
            )
            continue
        if len(seen) >= MAX_UNIT_ROWS:
            parsed.errors.append(
                RowError(
                    _("More than %(count)s units; split the file.") % {"count": MAX_UNIT_ROWS},
                    sheet=sheet,
                    row=row_number,
                )
            )
            break
        if code in seen:
            parsed.errors.append(
                RowError(
                    _("The unit %(code)s has two rows (also row %(row)s).")
                    % {"code": code, "row": seen[code]},
                    sheet=sheet,
                    row=row_number,
                    column=parsed.code_column,
                )
            )
            continue
        seen[code] = row_number
        parsed.rows.append(
            UnitRowDraft(
                row=row_number,
                unit_code=code,
                unit_name=name,
                cells={c: (values[i] if i < width else None) for c, i in columns},
            )
        )
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(
            RowError(_("The sheet has no unit rows below its header."), sheet=sheet)
        )
