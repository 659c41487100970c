"""XLSX helpers shared by the apps' exports and importers: one house style for the files we
write (Times New Roman, a bold frozen header, set widths), and reading cells the way people type
them (numbers that are really text, dates typed as text or kept as Excel dates).

Pure functions over bytes and openpyxl objects: no database, no permissions.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from tuyengiao.core.exceptions import DomainError

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Official documents in Vietnam are set in Times New Roman; a file opened from the page should
# look like the paper it replaces.
FONT_NAME = "Times New Roman"
FONT_SIZE = 12
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", start_color="DDE4EA", end_color="DDE4EA")


def font(*, bold: bool = False, italic: bool = False, size: int = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def write_row(
    ws: Worksheet,
    row: int,
    values: Sequence[Any],
    *,
    bold: bool = False,
    italic: bool = False,
    border: bool = True,
    wrap: bool = True,
    number_formats: dict[int, str] | None = None,
) -> None:
    """Writes `values` from column A of `row` in the house font; `number_formats` by column index
    (1-based), e.g. dates as dd/mm/yyyy."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font = font(bold=bold, italic=italic)
        cell.alignment = Alignment(vertical="top", wrap_text=wrap)
        if border:
            cell.border = BORDER
        if number_formats and col in number_formats:
            cell.number_format = number_formats[col]


def write_header(ws: Worksheet, row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    """A bold, shaded header row, frozen so it stays in view, with the given column widths."""
    write_row(ws, row, headers, bold=True)
    for col in range(1, len(headers) + 1):
        cell = ws.cell(row=row, column=col)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def write_text_lines(
    ws: Worksheet, lines: Iterable[str | tuple[str, str]], *, start: int = 1
) -> int:
    """Writes a guide sheet: each line a paragraph in column A, or a (term, explanation) pair in
    A and B. Returns the next free row."""
    row = start
    for line in lines:
        if isinstance(line, tuple):
            write_row(ws, row, line, border=False)
            ws.cell(row=row, column=1).font = font(bold=True)
        else:
            write_row(ws, row, [line], border=False, wrap=False)
        row += 1
    return row


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def check_upload_size(size: int, *, field: str = "file") -> None:
    """Refuses an upload too large to be a programme or a report (before reading it)."""
    if size > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field=field,
        )


def read_workbook(data: bytes, *, field: str = "file") -> Workbook:
    """Opens uploaded bytes as a workbook (values, not formulas), or refuses them with a message a
    person understands: too large, or not an XLSX file at all (an old .xls, a CSV, a PDF...)."""
    check_upload_size(len(data), field=field)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx); save it as .xlsx and try again."),
            field=field,
        ) from exc


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: 1.0 -> "1", a date -> "dd/mm/yyyy", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())
