"""Work programmes as spreadsheets: the import template, and a programme with the status of each
task on a day. Pure functions: data in, bytes out (the caller reads the tasks and checks rights).

Both files share the import's columns (importers.COLUMNS), so an exported programme can be
imported again, into another unit's programme or after editing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tuyengiao.core import xlsx
from tuyengiao.programmes.choices import CLOSED_STATUSES, TaskOrigin, TaskStatus
from tuyengiao.programmes.importers import (
    CATEGORY_LABELS,
    COL_LEAD,
    COL_SUPPORTING,
    COLUMNS,
    GUIDE_SHEET,
    MAX_SOURCE,
    MAX_TITLE,
    SHEET,
    TOTALS_LABEL,
)

COL_STATUS = "Trạng thái"
COL_OVERDUE = "Quá hạn"
COL_HANDED_DOWN = "Giao cho"
EXPORT_COLUMNS = [*COLUMNS, COL_STATUS, COL_OVERDUE, COL_HANDED_DOWN]
WIDTHS = [8, 60, 18, 14, 20, 14, 32, 9, 16, 9, 30]  # characters, by column
STATUS_LABELS = {
    TaskStatus.NOT_STARTED: "Chưa thực hiện",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.DONE: "Hoàn thành",
    TaskStatus.CANCELLED: "Đã hủy",
}
TEMPLATE_ROWS = 500  # rows of the template prepared as text / date cells
_COL = {name: index for index, name in enumerate(EXPORT_COLUMNS, start=1)}


def _guide(wb: Workbook, *, year: int, unit_code: str) -> str:
    """Adds the sheet "Hướng dẫn"; returns the range of its category names (for the list in Loại)."""
    ws = wb.create_sheet(GUIDE_SHEET)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    row = xlsx.write_text_lines(
        ws,
        [
            f"HƯỚNG DẪN NHẬP CHƯƠNG TRÌNH CÔNG TÁC NĂM {year}",
            f"Mỗi dòng của trang tính “{SHEET}” là một nhiệm vụ; giữ nguyên dòng tiêu đề.",
            "Tệp được nhập trọn vẹn hoặc không nhập dòng nào: khi có lỗi, hệ thống liệt kê mọi lỗi "
            "kèm trang tính, dòng và cột để sửa một lần.",
            "",
            (
                "STT",
                "Số thứ tự: 1, 2, 1.1, 1.2… Nhiệm vụ 1.2 thuộc nhóm nhiệm vụ 1 (nhóm phải có "
                "trong tệp hoặc trong chương trình). Để trống nếu nhiệm vụ không đánh số.",
            ),
            ("Nội dung nhiệm vụ", f"Bắt buộc, tối đa {MAX_TITLE} ký tự."),
            ("Loại", "Một trong các loại dưới đây (tên hoặc mã); để trống: Khác."),
            (COL_LEAD, f"Mã của một đơn vị; để trống: đơn vị của chương trình ({unit_code})."),
            (COL_SUPPORTING, "Mã các đơn vị, cách nhau bằng dấu phẩy."),
            (
                "Thời hạn",
                f"Một ngày trong năm {year} (dd/mm/yyyy hoặc ô ngày của Excel), hoặc một "
                f"tháng: “tháng 6”, “6/{year}”. Để trống hoặc “thường xuyên”: hạn 31/12/{year}.",
            ),
            (
                "Nguồn",
                f"Chỉ thị, nghị quyết, kết luận, cuộc họp giao nhiệm vụ (tối đa {MAX_SOURCE} ký tự).",
            ),
            ("Đột xuất", "Đánh “x” nếu là nhiệm vụ đột xuất (phát sinh ngoài chương trình)."),
            (
                f"{COL_STATUS}, {COL_OVERDUE}, {COL_HANDED_DOWN}",
                "Chỉ có trong tệp xuất, để đọc; khi nhập, các cột này được bỏ qua.",
            ),
            (TOTALS_LABEL, "Dòng tổng cộng của tệp xuất và các dòng dưới nó không được nhập."),
            "",
            ("Loại nhiệm vụ", "Mã"),
        ],
    )
    for code, label in CATEGORY_LABELS.items():
        xlsx.write_row(ws, row, [label, code.value], border=False)
        row += 1
    first = row - len(CATEGORY_LABELS)
    return f"'{GUIDE_SHEET}'!$A${first}:$A${row - 1}"


def _prepare_columns(ws: Worksheet, header_row: int, rows: int) -> None:
    """Formats the entry cells: STT as text (so 1.10 stays 1.10), Thời hạn as a date."""
    text_col = _COL["STT"]
    date_col = _COL["Thời hạn"]
    for row in range(header_row + 1, header_row + 1 + rows):
        for col in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = xlsx.font()
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.cell(row=row, column=text_col).number_format = xlsx.TEXT_FORMAT
        ws.cell(row=row, column=date_col).number_format = xlsx.DATE_FORMAT


def programme_template_xlsx(*, year: int, unit_code: str) -> bytes:
    """The empty template of a programme for `year`: the sheet "Nhiệm vụ" with its headers and
    a list of categories in Loại, and the guide "Hướng dẫn" explaining every column."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    xlsx.write_header(ws, 1, COLUMNS, WIDTHS[: len(COLUMNS)])
    _prepare_columns(ws, 1, TEMPLATE_ROWS)
    category_names = _guide(wb, year=year, unit_code=unit_code)
    categories = DataValidation(
        type="list", formula1=category_names, allow_blank=True, showErrorMessage=False
    )
    ws.add_data_validation(categories)
    letter = get_column_letter(_COL["Loại"])
    categories.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ad_hoc = DataValidation(type="list", formula1='"x"', allow_blank=True, showErrorMessage=False)
    ws.add_data_validation(ad_hoc)
    letter = get_column_letter(_COL["Đột xuất"])
    ad_hoc.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    return xlsx.workbook_bytes(wb)


def _deadline_cell(task: Any) -> Any:
    if task.deadline is not None:
        return task.deadline
    if task.deadline_month is not None:
        return f"tháng {task.deadline_month}"
    return ""


def _handed_down(task: Any) -> str:
    names = getattr(task, "handed_down_to", None)
    if names is not None:
        return "; ".join(names)
    count = getattr(task, "handed_down_count", 0)
    return f"{count} đơn vị" if count else ""


def totals_line(tasks: Sequence[Any], as_of: dt.date) -> str:
    """ "Hoàn thành 60/85 nhiệm vụ …": the tasks counted as the roll-up counts a unit's own
    programme for the year: leaf tasks already in the programme on `as_of`."""
    counted = [t for t in tasks if not getattr(t, "is_group", False) and t.entered_on <= as_of]
    by_status = {s: sum(1 for t in counted if t.status_on == s) for s in TaskStatus}
    ad_hoc = sum(1 for t in counted if t.origin == TaskOrigin.AD_HOC)
    overdue = sum(1 for t in counted if t.due_date < as_of and t.status_on not in CLOSED_STATUSES)
    return (
        f"Hoàn thành {by_status[TaskStatus.DONE]}/{len(counted)} nhiệm vụ "
        f"(trong chương trình {len(counted) - ad_hoc}, đột xuất {ad_hoc}); "
        f"đang thực hiện {by_status[TaskStatus.IN_PROGRESS]}; "
        f"chưa thực hiện {by_status[TaskStatus.NOT_STARTED]}; "
        f"đã hủy {by_status[TaskStatus.CANCELLED]}; quá hạn {overdue} "
        f"(đến ngày {as_of:%d/%m/%Y})."
    )


def programme_export_xlsx(
    programme: Any, tasks_with_status: Sequence[Any], as_of: dt.date
) -> bytes:
    """The programme as a sheet, one task per row in outline order, with its status on `as_of`,
    whether it is overdue and the units it was handed down to; a totals line at the end.

    `tasks_with_status` is selectors.task_list's result (each task with `status_on`, `overdue`,
    `depth`, `is_group`), optionally with `handed_down_to` (unit names) set on each task.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    xlsx.write_row(ws, 1, [programme.title.upper()], bold=True, border=False, wrap=False)
    unit = programme.unit
    xlsx.write_row(
        ws,
        2,
        [f"{unit.name} ({unit.code}) · Tình hình thực hiện đến ngày {as_of:%d/%m/%Y}"],
        italic=True,
        border=False,
        wrap=False,
    )
    header = 4
    xlsx.write_header(ws, header, EXPORT_COLUMNS, WIDTHS)
    row = header
    for task in tasks_with_status:
        row += 1
        group = getattr(task, "is_group", False)
        xlsx.write_row(
            ws,
            row,
            [
                task.number,
                task.title,
                CATEGORY_LABELS.get(task.category, task.category),
                task.lead_unit.code,
                ", ".join(u.code for u in task.supporting_units.all()),
                _deadline_cell(task),
                task.source,
                "x" if task.origin == TaskOrigin.AD_HOC else "",
                # A group has no status of its own: roll-ups count its tasks.
                "" if group else STATUS_LABELS.get(task.status_on, task.status_on),
                "x" if task.overdue and not group else "",
                _handed_down(task),
            ],
            bold=group,
            number_formats={_COL["STT"]: xlsx.TEXT_FORMAT, _COL["Thời hạn"]: xlsx.DATE_FORMAT},
        )
        depth = getattr(task, "depth", 0)
        if depth:
            ws.cell(row=row, column=_COL["Nội dung nhiệm vụ"]).alignment = Alignment(
                vertical="top", wrap_text=True, indent=2 * depth
            )
    row += 1
    xlsx.write_row(ws, row, [TOTALS_LABEL, totals_line(tasks_with_status, as_of)], bold=True)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(EXPORT_COLUMNS))}{max(row - 1, header)}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _guide(wb, year=programme.year, unit_code=unit.code)
    return xlsx.workbook_bytes(wb)
