"""DOCX of a Party document (a report, by default) laid out as Hướng dẫn 36-HD/VPTW (2018) asks.

The guide fixes how a document of a Party committee or commission looks on paper: A4 portrait;
margins top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm; Times New Roman in Unicode
(TCVN 6909:2001); the issuing body top left ("TỈNH ỦY NGHỆ AN" / "BAN TUYÊN GIÁO" / "*" /
"Số 12-BC/BTGTU"), "ĐẢNG CỘNG SẢN VIỆT NAM" top right with a rule as long as the title and the
place and date in italics under it; the type name and subject centred; the body justified; the
signature block bottom right and "Nơi nhận:" bottom left; page numbers from page 2, centred in
the top margin.

`party_document_docx(doc)` is a pure function: data in, bytes out; no database, no permissions.
`docx_to_pdf` and `pdf_text` let tests and scripts check the file as LibreOffice lays it out.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_NAME = "Times New Roman"
LANGUAGE = "vi-VN"
AUTHOR = "tuyengiao"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
# Share of the text width taken by the issuing body's column; the rest holds the Party title and
# the date, and (below the body) "Nơi nhận:" and the signature line up with them.
LEFT_COLUMN_SHARE = 0.45

BODY_SIZE = 14
TABLE_SIZE = 13
RECIPIENT_SIZE = 12
BODY_INDENT = Cm(1)
BODY_LINE_SPACING = 1.15
# Width of "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman Bold 15 pt (13,777/1,000 em from the font's
# advance widths, 72.9 mm; Liberation Serif, which LibreOffice uses in its place, has the same
# metrics). The guide wants the rule under the title exactly that long, so the rule is the
# paragraph's bottom border between indents that leave this width (plus a hair, so that no
# renderer wraps the title).
PARTY_TITLE_WIDTH_MM = 73.5
# Word's default left and right cell margins (108 twips) in the tables we add.
CELL_MARGIN_MM = 1.905
SIGNATURE_GAP_LINES = 3


@dataclass(frozen=True)
class Margins:
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15


@dataclass(frozen=True)
class Heading:
    """A body heading, printed bold as written (e.g. "I. KẾT QUẢ ĐẠT ĐƯỢC")."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text; each line ("\\n") is its own justified paragraph, blank lines are dropped."""

    text: str


@dataclass(frozen=True)
class Table:
    """A bordered table; `numeric_columns` (0-based) are right-aligned; `widths_mm` defaults to
    equal columns across the text width."""

    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None
    numeric_columns: AbstractSet[int] = frozenset()


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Signature:
    on_behalf: str = "T/M BAN TUYÊN GIÁO"
    position: str = ""
    name: str = ""


@dataclass(frozen=True)
class PartyDocument:
    """What a Party document says; `party_document_docx` decides how it looks.

    `number` is printed as "Số <number>" (e.g. "12-BC/BTGTU"), and left blank when empty (a draft
    not yet numbered). `recipients` are printed one per line exactly as given (e.g.
    "- Thường trực Tỉnh ủy,", ..., "- Lưu Văn phòng.").
    """

    superior_body: str
    issuing_body: str
    number: str
    place: str
    date: dt.date
    subject: str
    body: Sequence[Block]
    signature: Signature
    recipients: Sequence[str]
    type_name: str = "BÁO CÁO"
    margins: Margins = field(default_factory=Margins)
    title: str = ""


def party_document_docx(doc: PartyDocument) -> bytes:
    """The document as DOCX bytes (A4, Times New Roman, HD 36-HD/VPTW layout)."""
    document = Document()
    _set_page(document, doc.margins)
    _set_styles(document)
    text_width_mm = PAGE_WIDTH_MM - doc.margins.left_mm - doc.margins.right_mm
    left_mm = text_width_mm * LEFT_COLUMN_SHARE
    widths = [left_mm, text_width_mm - left_mm]

    _add_header(document, doc, widths)
    _add_title(document, doc)
    _add_body(document, doc.body, text_width_mm)
    _add_signature(document, doc, widths)
    _set_core_properties(document, doc)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def long_date(place: str, date: dt.date) -> str:
    """ "Nghệ An, ngày 30 tháng 6 năm 2020": the place and date line of a Party document.

    Days under 10 and the months January and February take a leading zero ("ngày 03 tháng 02"),
    as in the guide's own heading, so that no digit can be added to them by hand.
    """
    day = f"{date.day:02d}" if date.day < 10 else str(date.day)
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


# --- page and styles --------------------------------------------------------------------------


def _set_page(document: DocxDocument, margins: Margins) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(margins.top_mm)
    section.bottom_margin = Mm(margins.bottom_mm)
    section.left_margin = Mm(margins.left_mm)
    section.right_margin = Mm(margins.right_mm)
    section.header_distance = Mm(min(10, margins.top_mm / 2))
    section.footer_distance = Mm(min(10, margins.bottom_mm / 2))
    section.gutter = Mm(0)
    # Page numbers from page 2, centred in the top margin; page 1 shows none.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(paragraph)


def _add_page_field(paragraph: DocxParagraph) -> None:
    def fld_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    _run(paragraph, "", size=BODY_SIZE)._r.append(fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _run(paragraph, "", size=BODY_SIZE)._r.append(instr)
    _run(paragraph, "", size=BODY_SIZE)._r.append(fld_char("separate"))
    _run(paragraph, "2", size=BODY_SIZE)
    _run(paragraph, "", size=BODY_SIZE)._r.append(fld_char("end"))


def _set_styles(document: DocxDocument) -> None:
    styles_element = document.styles.element
    # The template's defaults name theme fonts (Calibri/Cambria), which win over plain font
    # names; replace them so that every run, in Word and in LibreOffice, is Times New Roman.
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    _set_lang(rpr_default)

    normal = document.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    _set_lang(normal.element.get_or_add_rPr())
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    heading = document.styles["Heading 1"]
    _set_fonts(heading.element.get_or_add_rPr())
    heading.font.size = Pt(BODY_SIZE)
    heading.font.bold = True
    heading.font.italic = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    fmt = heading.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = BODY_INDENT
    fmt.space_before = Pt(6)
    fmt.space_after = Pt(6)
    fmt.line_spacing = BODY_LINE_SPACING
    fmt.keep_with_next = True

    header = document.styles["Header"]
    _set_fonts(header.element.get_or_add_rPr())
    header.font.size = Pt(BODY_SIZE)


def _set_fonts(rpr: CT_RPr) -> None:
    rfonts = rpr.get_or_add_rFonts()
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), FONT_NAME)


def _set_lang(rpr: CT_RPr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _set_core_properties(document: DocxDocument, doc: PartyDocument) -> None:
    props = document.core_properties
    subject = " ".join(doc.subject.split())
    props.title = doc.title or subject
    props.subject = subject
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = LANGUAGE
    props.category = doc.type_name
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now


# --- the parts of the document ----------------------------------------------------------------


def _add_header(document: DocxDocument, doc: PartyDocument, widths: list[float]) -> None:
    # Two rows so that "Số ..." and the place/date line sit on the same line whatever the
    # renderer's line heights, as in the guide's model.
    table = _layout_table(document, rows=2, widths=widths)
    left, right = table.cell(0, 0), table.cell(0, 1)

    _centred(_cell_paragraph(left, 0), doc.superior_body.upper(), size=14)
    _centred(_cell_paragraph(left, 1), doc.issuing_body.upper(), size=14, bold=True)
    _centred(_cell_paragraph(left, 2), "*", size=14)

    title = _cell_paragraph(right, 0)
    _centred(title, PARTY_TITLE, size=15, bold=True)
    content_mm = widths[1] - 2 * CELL_MARGIN_MM
    indent_mm = max(0.0, (content_mm - PARTY_TITLE_WIDTH_MM) / 2)
    title.paragraph_format.left_indent = Mm(indent_mm)
    title.paragraph_format.right_indent = Mm(indent_mm)
    _bottom_border(title)

    number = _cell_paragraph(table.cell(1, 0), 0)
    _centred(number, f"Số {doc.number}" if doc.number else "", size=14)
    when = _cell_paragraph(table.cell(1, 1), 0)
    _centred(when, long_date(doc.place, doc.date), size=14, italic=True)
    number.paragraph_format.space_before = Pt(6)
    when.paragraph_format.space_before = Pt(6)


def _add_title(document: DocxDocument, doc: PartyDocument) -> None:
    type_name = document.add_paragraph()
    type_name.paragraph_format.space_before = Pt(24)
    type_name.paragraph_format.keep_with_next = True
    _centred(type_name, doc.type_name.upper(), size=16, bold=True)

    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.paragraph_format.keep_with_next = True
    for i, line in enumerate(doc.subject.splitlines()):
        run = _run(subject, line, size=14, bold=True)
        if i:
            run._r.addprevious(_break())

    separator = document.add_paragraph()
    separator.paragraph_format.space_after = Pt(12)
    _centred(separator, "-----", size=14)


def _add_body(document: DocxDocument, blocks: Sequence[Block], text_width_mm: float) -> None:
    after_table = False
    for block in blocks:
        if isinstance(block, Heading):
            paragraph = document.add_paragraph(style="Heading 1")
            _run(paragraph, block.text, size=BODY_SIZE, bold=True)
            first = [paragraph]
        elif isinstance(block, Paragraph):
            first = []
            for line in block.text.splitlines():
                if not line.strip():
                    continue
                paragraph = document.add_paragraph()
                fmt = paragraph.paragraph_format
                fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                fmt.first_line_indent = BODY_INDENT
                fmt.space_after = Pt(6)
                fmt.line_spacing = BODY_LINE_SPACING
                _run(paragraph, line.strip(), size=BODY_SIZE)
                first = first or [paragraph]
        elif isinstance(block, Table):
            _add_data_table(document, block, text_width_mm)
            after_table = True
            continue
        else:
            raise TypeError(f"not a block: {block!r}")
        if after_table and first:
            first[0].paragraph_format.space_before = Pt(12)
            after_table = False


def _add_data_table(document: DocxDocument, block: Table, text_width_mm: float) -> None:
    columns = len(block.headers)
    if columns == 0:
        raise ValueError("a table needs at least one column")
    for i, row in enumerate(block.rows):
        if len(row) != columns:
            raise ValueError(f"table row {i + 1} has {len(row)} cells, the header {columns}")
    widths = list(block.widths_mm) if block.widths_mm else [text_width_mm / columns] * columns
    if len(widths) != columns:
        raise ValueError(f"{len(widths)} column widths for {columns} columns")
    if any(not 0 <= c < columns for c in block.numeric_columns):
        raise ValueError(f"numeric column out of range 0..{columns - 1}")

    table = document.add_table(rows=1 + len(block.rows), cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths)
    _table_borders(table, "single")
    for row_index, row in enumerate(table.rows):
        _row_props(row, header=row_index == 0)
        values = block.headers if row_index == 0 else block.rows[row_index - 1]
        for col, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for line_index, line in enumerate(str(value).splitlines() or [""]):
                paragraph = _cell_paragraph(cell, line_index)
                paragraph.paragraph_format.space_before = Pt(2)
                paragraph.paragraph_format.space_after = Pt(2)
                if row_index == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif col in block.numeric_columns:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                else:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                _run(paragraph, line, size=TABLE_SIZE, bold=row_index == 0)


def _add_signature(document: DocxDocument, doc: PartyDocument, widths: list[float]) -> None:
    table = _layout_table(document, rows=1, widths=widths)
    _row_props(table.rows[0], header=False)
    left, right = table.cell(0, 0), table.cell(0, 1)

    label = _cell_paragraph(left, 0)
    label.paragraph_format.space_before = Pt(12)
    _run(label, "Nơi nhận:", size=14, italic=True, underline=True)
    for i, recipient in enumerate(doc.recipients, start=1):
        _run(_cell_paragraph(left, i), recipient, size=RECIPIENT_SIZE)

    sign = doc.signature
    lines: list[tuple[str, bool]] = []
    if sign.on_behalf:
        lines.append((sign.on_behalf.upper(), True))
    if sign.position:
        lines.append((sign.position.upper(), True))
    lines += [("", False)] * SIGNATURE_GAP_LINES
    lines.append((sign.name, True))
    for i, (text, bold) in enumerate(lines):
        paragraph = _cell_paragraph(right, i)
        if i == 0:
            paragraph.paragraph_format.space_before = Pt(12)
        _centred(paragraph, text, size=14, bold=bold)


# --- tables and runs --------------------------------------------------------------------------


def _layout_table(document: DocxDocument, *, rows: int, widths: list[float]) -> DocxTable:
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths)
    _table_borders(table, "nil")
    return table


def _fix_widths(table: DocxTable, widths_mm: list[float]) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both, and a fixed layout so that
    # neither re-flows the columns to their content.
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _table_borders(table: DocxTable, kind: str) -> None:
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), kind)
        if kind != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _row_props(row: _Row, *, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert_element_before(
        OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc"
    )
    if header:
        # Repeated at the top of every page the table runs onto.
        tr_pr.insert_element_before(OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc")


def _bottom_border(paragraph: DocxParagraph) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(
        border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"
    )


def _cell_paragraph(cell: _Cell, index: int) -> DocxParagraph:
    """The cell's `index`-th paragraph, added when missing (a new cell holds one empty one)."""
    while len(cell.paragraphs) <= index:
        cell.add_paragraph()
    return cell.paragraphs[index]


def _centred(
    paragraph: DocxParagraph, text: str, *, size: float, bold: bool = False, italic: bool = False
) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size=size, bold=bold, italic=italic)


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Run:
    run = paragraph.add_run(text)
    run.font.name = FONT_NAME
    _set_fonts(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if underline:
        run.font.underline = True
    return run


def _break() -> BaseOxmlElement:
    element = OxmlElement("w:r")
    element.append(OxmlElement("w:br"))
    return element


def mm(length: Length | None) -> float:
    """A python-docx length in millimetres, rounded to 0.1 mm (for tests and checks)."""
    return round((length or 0) / 36000, 1)


# --- checking the file as LibreOffice lays it out -----------------------------------------------


def docx_to_pdf(data: bytes, *, timeout: float = 180) -> bytes:
    """The DOCX converted by headless LibreOffice (Debian's libreoffice-writer-nogui).

    Each call uses its own LibreOffice profile, so conversions never wait on, or break, a
    LibreOffice already running for the same user.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="tuyengiao-docx-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(data)
        result = subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                tmp,
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "HOME": tmp},
        )
        target = Path(tmp) / "document.pdf"
        if result.returncode != 0 or not target.exists():
            raise RuntimeError(
                f"LibreOffice could not convert the DOCX (exit {result.returncode}): "
                + (result.stderr or result.stdout).decode(errors="replace").strip()
            )
        return target.read_bytes()


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    """The PDF's text by poppler's pdftotext (Debian's poppler-utils), NFC-normalised."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise FileNotFoundError("pdftotext (apt-get install poppler-utils)")
    args = [pdftotext, "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    result = subprocess.run(args, input=data, capture_output=True, timeout=60, check=True)
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


def missing_texts(text: str, expected: Sequence[str]) -> list[str]:
    """The expected strings not found in `text`, comparing with whitespace collapsed (a PDF
    breaks and spaces lines its own way) and NFC-normalised."""
    haystack = _squash(text)
    return [e for e in expected if _squash(e) not in haystack]


def _squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
