"""A report as files: the DOCX a Party office signs (Hướng dẫn 36-HD/VPTW, through core.docx) and
the XLSX of its figures, in the one wide layout that `importers.parse_figures_xlsx` reads back.

Pure functions over data already read: the names a unit bore on the report's day
(`DocumentNames`, read by `document_names`), the submission, its roll-up and the totals to print.
services_import gathers them (and checks rights); nothing here writes.

The DOCX's number line: a report handed in carries its registered number ("Số 12-BC/BTGTU"); a
draft prints the number blank with its type and issuer ("Số      -BC/BTGTU"), the way an office
leaves it to be written in by hand when the document is registered.

Margins come from the setting TUYENGIAO_DOCX_MARGINS_MM (top, bottom, left, right; environment
variable of the same name, "20,20,30,15" by default): a house style of the installation, not a
choice per download.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from tuyengiao.core import xlsx
from tuyengiao.core.docx import (
    Heading,
    Margins,
    PartyDocument,
    Signature,
    Table,
    party_document_docx,
)
from tuyengiao.core.docx import Paragraph as DocParagraph
from tuyengiao.core.formatting import format_number
from tuyengiao.core.periods import Period
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_ancestors, orgunit_name_on
from tuyengiao.reports import numbering
from tuyengiao.reports.choices import Aggregation, SectionKind, ValueType
from tuyengiao.reports.models import Form, FormIndicator, Section, Submission
from tuyengiao.reports.narrative import format_figure, render_narrative

# Document names --------------------------------------------------------------------------------

# "Tỉnh ủy Nghệ An" -> the Party organisation ("Đảng bộ tỉnh Nghệ An") a party committee below it
# belongs to, as HD 36 names the superior of a commune's party committee.
_COMMITTEE_WORDS = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
}
_CENTRAL = "trung ương"
CENTRAL_COMMITTEE = "BAN CHẤP HÀNH TRUNG ƯƠNG"
CENTRAL_PLACE = "Hà Nội"
# "Ban Tuyên giáo (và Dân vận) <committee>": the commission's part and its committee's.
_COMMISSION = re.compile(
    r"^(?P<ban>Ban\s.+?)\s+(?P<committee>(?:(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+ủy\s.+)|Trung ương)$",
    re.IGNORECASE,
)
_COMMITTEE = re.compile(
    r"^(?P<word>(?:Tỉnh|Thành|Huyện|Quận|Thị)\s+ủy|Đảng\s+ủy(?:\s+(?:xã|phường|thị trấn|đặc khu))?)"
    r"\s+(?P<place>.+)$",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    # "uỷ" (old accent placement) and decomposed text pasted from Word read as "ủy".
    return " ".join(unicodedata.normalize("NFC", name or "").replace("uỷ", "ủy").split())


def _committee_of(name: str) -> str:
    """The party committee a commission's name ends with ("Tỉnh ủy Nghệ An", "Trung ương"), or
    the name itself when it is a party committee's; "" when neither."""
    name = _clean(name)
    if match := _COMMISSION.match(name):
        return match.group("committee")
    if _COMMITTEE.match(name):
        return name
    return ""


def _party_organisation(committee: str) -> str:
    """ "Tỉnh ủy Nghệ An" -> "ĐẢNG BỘ TỈNH NGHỆ AN"; "Đảng ủy xã X" -> "ĐẢNG BỘ XÃ X"."""
    if committee.lower() == _CENTRAL:
        return CENTRAL_COMMITTEE
    match = _COMMITTEE.match(committee)
    if not match:
        return committee.upper()
    word = match.group("word").lower()
    kind = _COMMITTEE_WORDS.get(word) or word.removeprefix("đảng ủy").strip()
    return " ".join(p for p in ("Đảng bộ", kind, match.group("place")) if p).upper()


def _place_of(committee: str) -> str:
    """ "Tỉnh ủy Nghệ An" -> "Nghệ An"; "Trung ương" -> "Hà Nội"."""
    if committee.lower() == _CENTRAL:
        return CENTRAL_PLACE
    match = _COMMITTEE.match(committee)
    return match.group("place") if match else ""


@dataclass(frozen=True)
class DocumentNames:
    """Who issues the document, as the header and the signature print it on the report's day."""

    superior_body: str  # "TỈNH ỦY NGHỆ AN"
    issuing_body: str  # "BAN TUYÊN GIÁO"
    on_behalf: str  # "T/M BAN TUYÊN GIÁO"
    place: str  # "Nghệ An"
    reports_to: str = ""  # "Ban Tuyên giáo Trung ương": the first recipient by default
    committee: str = ""  # "Tỉnh ủy Nghệ An": its standing members are informed by default


def party_names(name: str, *, parent_name: str = "", province_name: str = "") -> DocumentNames:
    """The header names of a unit called `name` (on the report's day):

    - a commission, "Ban Tuyên giáo (và Dân vận) <committee>": the committee above, the
      commission below ("TỈNH ỦY NGHỆ AN" / "BAN TUYÊN GIÁO VÀ DÂN VẬN"); the central one
      writes "BAN CHẤP HÀNH TRUNG ƯƠNG" above;
    - a party committee, "Đảng ủy xã X": the Party organisation of the committee above
      ("ĐẢNG BỘ HUYỆN QUẾ PHONG", from its parent's name), then its own name; signed
      "T/M ĐẢNG ỦY";
    - anything else: its own name, under the committee of its parent when that can be read.

    The place is the province's (`province_name`, else the unit's own committee's place).
    """
    name, parent_name = _clean(name), _clean(parent_name)
    parent_committee = _committee_of(parent_name)
    place = _place_of(_committee_of(province_name)) or _place_of(_committee_of(name))
    if match := _COMMISSION.match(name):
        committee = match.group("committee")
        issuing = match.group("ban").upper()
        superior = CENTRAL_COMMITTEE if committee.lower() == _CENTRAL else committee.upper()
        return DocumentNames(
            superior_body=superior,
            issuing_body=issuing,
            on_behalf=f"T/M {issuing}",
            place=place or _place_of(committee),
            reports_to=parent_name,
            committee="" if committee.lower() == _CENTRAL else committee,
        )
    if match := _COMMITTEE.match(name):
        word = match.group("word").split()
        return DocumentNames(
            superior_body=_party_organisation(parent_committee) if parent_committee else "",
            issuing_body=name.upper(),
            on_behalf=f"T/M {' '.join(word[:2]).upper()}",
            place=place,
            reports_to=parent_name,
        )
    issuing = name.upper()
    if parent_committee.lower() == _CENTRAL:
        superior = CENTRAL_COMMITTEE
    else:
        superior = (parent_committee or parent_name).upper()
    return DocumentNames(
        superior_body=superior,
        issuing_body=issuing,
        on_behalf=f"T/M {issuing}",
        place=place,
        reports_to=parent_name,
    )


def document_names(unit: OrgUnit, *, on: dt.date) -> DocumentNames:
    """`party_names` of `unit` with the names it, its parent and its province bore on `on`
    (a 2020 report of a province renamed in 2025 prints its 2020 name). Two small reads."""
    ancestors = orgunit_ancestors(unit, as_of=on) if unit.parent_id else []
    parent_name = ancestors[-1].name_on if ancestors else ""
    name = orgunit_name_on(unit, on)
    province_name = name if unit.level == Level.PROVINCE else ""
    for ancestor in ancestors:
        if ancestor.level == Level.PROVINCE:
            province_name = ancestor.name_on
    names = party_names(name, parent_name=parent_name, province_name=province_name)
    if not names.place:  # a name we cannot read: the unit's own, rather than no place at all
        names = dataclasses.replace(names, place=unit.short_name or name)
    return names


# DOCX ------------------------------------------------------------------------------------------

FIGURE_HEADERS = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Cùng kỳ năm trước", "So sánh (%)"]
# Shares of the text width (165 mm at the default margins: 10, 59, 21, 27, 27, 21 mm).
_FIGURE_SHARES = [10, 59, 21, 27, 27, 21]
# The document types a form may print as (GLOSSARY.md, Documents); reports are "BC".
TYPE_NAMES = {"BC": "BÁO CÁO", "TB": "THÔNG BÁO", "KH": "KẾ HOẠCH", "CTr": "CHƯƠNG TRÌNH"}
BLANK_NUMBER = "      "  # room to write the number in by hand
OFFICE_COPY = "- Lưu VP."


def margins_from_settings() -> Margins:
    """Margins from TUYENGIAO_DOCX_MARGINS_MM (top, bottom, left, right in mm)."""
    value = getattr(settings, "TUYENGIAO_DOCX_MARGINS_MM", None)
    if not value:
        return Margins()
    top, bottom, left, right = (float(v) for v in value)
    return Margins(top_mm=top, bottom_mm=bottom, left_mm=left, right_mm=right)


def number_line(submission: Submission, *, on: dt.date) -> str:
    """ "12-BC/BTGTU" once numbered; "      -BC/BTGTU" for a draft (written in by hand)."""
    if submission.number_text:
        return submission.number_text
    issuer = numbering.issuer_code(submission.unit, on=on)
    return f"{BLANK_NUMBER}-{submission.form.document_type}/{issuer}"


def subject_line(form: Form, period: Period) -> str:
    return form.subject.replace("{period}", str(period))


def default_recipients(names: DocumentNames) -> list[str]:
    lines = []
    if names.reports_to:
        lines.append(f"- {names.reports_to} (để báo cáo),")
    if names.committee:
        lines.append(f"- Thường trực {names.committee} (để báo cáo),")
    lines.append(OFFICE_COPY)
    return lines


def _comparison(
    indicator_type: str, aggregation: str, now: Decimal | None, before: Decimal | None
) -> str:
    """This period as a percent of the same period last year, for counts and amounts (a rate
    compared with a rate, or yes/no, says nothing)."""
    if (
        now is None
        or not before
        or indicator_type in (ValueType.PERCENT, ValueType.BOOLEAN, ValueType.TEXT)
        or aggregation in (Aggregation.RATIO, Aggregation.NONE)
    ):
        return ""
    ratio = (Decimal(now) * 100 / Decimal(before)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return format_number(ratio)  # "120", "112,5"


def _figure(value_type: str, value: Decimal | str | None, *, many_units: bool) -> str:
    # A yes/no figure summed over many units counts the units that said yes.
    if value_type == ValueType.BOOLEAN and many_units and isinstance(value, Decimal):
        return format_number(value)
    return format_figure(value_type, value)


def figures_table(
    items: Sequence[FormIndicator],
    *,
    totals: Mapping[int, Decimal | str | None],
    last_year: Mapping[int, Decimal | None],
    many_units: bool,
    text_width_mm: float,
) -> Table:
    rows = []
    for number, item in enumerate(items, start=1):
        indicator = item.indicator
        now, before = totals.get(indicator.pk), last_year.get(indicator.pk)
        rows.append(
            [
                str(number),
                indicator.name,
                indicator.measure,
                _figure(indicator.value_type, now, many_units=many_units),
                ""
                if before is None
                else _figure(indicator.value_type, before, many_units=many_units),
                _comparison(
                    indicator.value_type,
                    indicator.aggregation,
                    now if isinstance(now, Decimal) else None,
                    before,
                ),
            ]
        )
    scale = text_width_mm / sum(_FIGURE_SHARES)
    return Table(
        headers=FIGURE_HEADERS,
        rows=rows,
        widths_mm=[share * scale for share in _FIGURE_SHARES],
        numeric_columns=frozenset({0, 3, 4, 5}),
    )


@dataclass(frozen=True)
class ReportFigures:
    """What a report prints: its own figures, the totals over its subtree (the unit's own
    figures counted even while its report is a draft) and the same period last year."""

    own: Mapping[int, Decimal | str | None]
    totals: Mapping[int, Decimal | str | None]
    last_year: Mapping[int, Decimal | None] = field(default_factory=dict)
    many_units: bool = False


def submission_document(
    submission: Submission,
    *,
    sections: Iterable[Section],
    items: Sequence[FormIndicator],
    figures: ReportFigures,
    names: DocumentNames,
    margins: Margins | None = None,
) -> PartyDocument:
    """The report as a Party document: header, number, place and date, subject, each section
    in order (narratives with their live figures, figures as a table), signature, recipients."""
    form = submission.form
    day = submission.report_date or submission.period_end
    margins = margins or margins_from_settings()
    text_width = 210 - margins.left_mm - margins.right_mm
    types = {item.indicator.code: item.indicator.value_type for item in items}
    by_code_totals = {i.indicator.code: figures.totals.get(i.indicator.pk) for i in items}
    by_code_own = {i.indicator.code: figures.own.get(i.indicator.pk) for i in items}
    body: list[Heading | DocParagraph | Table] = []
    for section in sections:
        if section.kind == SectionKind.NARRATIVE:
            text = submission.narratives.get(str(section.pk), "")
            body.append(Heading(section.title))
            rendered = render_narrative(text, types=types, totals=by_code_totals, own=by_code_own)
            if rendered.strip():
                body.append(DocParagraph(rendered))
            continue
        in_section = [item for item in items if item.section_id == section.pk]
        if not in_section:
            continue
        body.append(Heading(section.title))
        body.append(
            figures_table(
                in_section,
                totals=figures.totals,
                last_year=figures.last_year,
                many_units=figures.many_units,
                text_width_mm=text_width,
            )
        )
    recipients = [line.strip() for line in submission.recipients.splitlines() if line.strip()]
    return PartyDocument(
        superior_body=names.superior_body,
        issuing_body=names.issuing_body,
        number=number_line(submission, on=day),
        place=submission.place.strip() or names.place,
        date=day,
        subject=subject_line(form, submission.period),
        body=body,
        signature=Signature(
            on_behalf=names.on_behalf,
            position=submission.signer_position,
            name=submission.signer_name,
        ),
        recipients=recipients or default_recipients(names),
        type_name=TYPE_NAMES.get(form.document_type, TYPE_NAMES["BC"]),
        margins=margins,
        title=f"{form.name} - {submission.unit.name} - {submission.period}",
    )


def submission_docx(
    submission: Submission,
    *,
    sections: Iterable[Section],
    items: Sequence[FormIndicator],
    figures: ReportFigures,
    names: DocumentNames,
    margins: Margins | None = None,
) -> bytes:
    return party_document_docx(
        submission_document(
            submission,
            sections=sections,
            items=items,
            figures=figures,
            names=names,
            margins=margins,
        )
    )


def docx_filename(submission: Submission) -> str:
    return f"bao-cao-{submission.form.code}-{submission.unit.code}-{submission.period_code}.docx"


# XLSX: the wide layout ---------------------------------------------------------------------------

SHEET = "Số liệu"
LABEL_FORM = "Biểu mẫu:"
LABEL_PERIOD = "Kỳ báo cáo:"
LABEL_UNIT = "Đơn vị:"
COL_CODE = "Mã đơn vị"
COL_NAME = "Tên đơn vị"
COL_STATUS = "Trạng thái"
TOTALS_LABEL = "Tổng cộng"
NAMES_LABEL = "Chỉ tiêu (đơn vị tính)"
COMPUTED_MARK = "tự tính, không nhập"
GUIDE = (
    "Mỗi dòng là số liệu của một đơn vị (mã đơn vị ở cột A), mỗi cột một chỉ tiêu (mã ở dòng "
    "tiêu đề). Ô trống: không có số liệu (xóa số đã nhập). Cột tỷ lệ do hệ thống tự tính, không "
    "được nhập lại; cột Trạng thái chỉ để xem."
)
STATUS_LABELS = {
    "draft": "Dự thảo",
    "submitted": "Đã gửi",
    "returned": "Trả lại",
    "approved": "Đã duyệt",
}
_COMPUTED_FILL = PatternFill("solid", start_color="EEEEEE", end_color="EEEEEE")
_NUMBER_FORMATS = {
    ValueType.INTEGER: "#,##0",
    ValueType.MONEY: "#,##0",
    ValueType.PERCENT: "0.0",
    ValueType.DECIMAL: "General",
}


@dataclass(frozen=True)
class FigureRow:
    """One unit's own figures (indicator id -> number or text) and its report's status."""

    unit_code: str
    unit_name: str
    values: Mapping[int, Decimal | str | None]
    status: str = ""


def _cell_value(value_type: str, value: Decimal | str | None) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if value_type == ValueType.BOOLEAN:
        return "có" if value else "không"
    if value == value.to_integral():
        return int(value)
    return float(value) if value_type == ValueType.PERCENT else value


def figures_xlsx(
    *,
    form: Form,
    period: Period,
    items: Sequence[FormIndicator],
    rows: Iterable[FigureRow],
    unit: OrgUnit | None = None,
    totals: Mapping[int, Decimal | str | None] | None = None,
) -> bytes:
    """The wide layout: sheet "Số liệu"; metadata rows (Biểu mẫu: CODE, Kỳ báo cáo: 2020-H1,
    Đơn vị: the unit exported), a guide line, then the header row "Mã đơn vị | Tên đơn vị |
    <indicator code> … | Trạng thái", a second header row with each indicator's name and unit of
    measure (computed ratios marked "tự tính"), one row per unit with its own figures, and for a
    roll-up a last row "Tổng cộng" with the totals over the subtree. The import reads it back."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.sheet_properties.tabColor = "C00000"
    meta = [
        (LABEL_FORM, form.code, form.name),
        (LABEL_PERIOD, period.code, str(period)),
    ]
    if unit is not None:
        meta.append((LABEL_UNIT, unit.code, unit.name))
    for index, values in enumerate(meta, start=1):
        xlsx.write_row(ws, index, values, border=False, wrap=False)
        ws.cell(row=index, column=1).font = xlsx.font(bold=True)
        ws.cell(row=index, column=2).number_format = xlsx.TEXT_FORMAT
    guide_row = len(meta) + 1
    xlsx.write_row(ws, guide_row, [GUIDE], italic=True, border=False, wrap=False)
    header_row = guide_row + 2
    headers = [COL_CODE, COL_NAME, *(i.indicator.code for i in items), COL_STATUS]
    widths = [14, 40, *(14 for _ in items), 12]
    xlsx.write_header(ws, header_row, headers, widths)
    names = ["", NAMES_LABEL]
    for item in items:
        indicator = item.indicator
        label = indicator.name + (f" ({indicator.measure})" if indicator.measure else "")
        names.append(f"{label}, {COMPUTED_MARK}" if indicator.is_computed else label)
    names.append("")
    xlsx.write_row(ws, header_row + 1, names, italic=True)
    ws.row_dimensions[header_row + 1].height = 60
    ws.freeze_panes = ws.cell(row=header_row + 2, column=3)

    data_font = xlsx.font()
    formats = {
        col: _NUMBER_FORMATS.get(item.indicator.value_type, "General")
        for col, item in enumerate(items, start=3)
    }
    computed = {col for col, item in enumerate(items, start=3) if item.indicator.is_computed}
    row_index = header_row + 2
    all_rows = [
        [r.unit_code, r.unit_name, *(r.values.get(i.indicator.pk) for i in items), r.status]
        for r in rows
    ]
    if totals is not None:
        all_rows.append(["", TOTALS_LABEL, *(totals.get(i.indicator.pk) for i in items), ""])
    # Styling a cell costs openpyxl a hash of every style object; a national table has 100,000
    # cells in a few dozen styles. Each (column, totals line) style is set once, on the first cell
    # that needs it, and copied from there (openpyxl's StyleArray, the cell's style ids).
    styled: dict[tuple[int, bool], StyleArray] = {}
    for values in all_rows:
        is_total = values[1] == TOTALS_LABEL and not values[0]
        for col, value in enumerate(values, start=1):
            if 3 <= col < len(values):
                item = items[col - 3]
                value = _cell_value(item.indicator.value_type, value)
            elif col == len(values):
                value = STATUS_LABELS.get(value, value) or None
            cell = ws.cell(row=row_index, column=col, value=value)
            known = styled.get((col, is_total))
            if known is not None:
                cell._style = copy(known)
                continue
            cell.font = xlsx.font(bold=True) if is_total else data_font
            if col == 1:
                cell.number_format = xlsx.TEXT_FORMAT
            elif col in formats:
                cell.number_format = formats[col]
            if col in computed:
                cell.fill = _COMPUTED_FILL
            styled[(col, is_total)] = copy(cell._style)
        row_index += 1
    for col in computed:
        ws.cell(row=header_row, column=col).fill = _COMPUTED_FILL
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row}"
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    return xlsx.workbook_bytes(wb)


def xlsx_filename(form: Form, unit: OrgUnit, period: Period, *, rollup: bool = False) -> str:
    kind = "tong-hop" if rollup else "so-lieu"
    return f"{kind}-{form.code}-{unit.code}-{period.code}.xlsx"
