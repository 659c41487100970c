"""The Party document DOCX: read back with python-docx, and laid out by LibreOffice into a PDF."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tuyengiao.core.docx import (
    FONT_NAME,
    Heading,
    Margins,
    Paragraph,
    PartyDocument,
    Signature,
    Table,
    docx_to_pdf,
    long_date,
    missing_texts,
    mm,
    party_document_docx,
    pdf_text,
)

REPO = Path(__file__).resolve().parents[4]
SOFFICE = shutil.which("soffice")

BODY = [
    Paragraph(
        "Thực hiện Chương trình công tác năm 2020, Ban Tuyên giáo Tỉnh ủy báo cáo như sau:\n"
        "\n"
        "Công tác tuyên truyền được triển khai kịp thời, đúng định hướng."
    ),
    Heading("I. KẾT QUẢ ĐẠT ĐƯỢC"),
    Table(
        headers=["TT", "Nội dung", "Số lượng", "Tỷ lệ (%)"],
        rows=[
            ["1", "Hội nghị học tập nghị quyết", "1.234", "98,5"],
            ["2", "Tin, bài tuyên truyền", "56", "100"],
        ],
        widths_mm=[12, 93, 30, 30],
        numeric_columns=frozenset({2, 3}),
    ),
    Heading("II. PHƯƠNG HƯỚNG, NHIỆM VỤ"),
    Paragraph("Tiếp tục đổi mới nội dung, phương thức tuyên truyền."),
]

RECIPIENTS = ["- Ban Tuyên giáo Trung ương,", "- Thường trực Tỉnh ủy,", "- Lưu Văn phòng."]


def make_document(**changes) -> PartyDocument:
    doc = PartyDocument(
        superior_body="Tỉnh ủy Nghệ An",
        issuing_body="Ban Tuyên giáo",
        number="12-BC/BTGTU",
        place="Nghệ An",
        date=dt.date(2020, 6, 30),
        subject="Kết quả công tác tuyên giáo 6 tháng đầu năm 2020",
        body=BODY,
        signature=Signature(position="Phó Trưởng ban", name="Nguyễn Văn A"),
        recipients=RECIPIENTS,
        title="Báo cáo 6 tháng đầu năm 2020",
    )
    return replace(doc, **changes)


def reopen(doc: PartyDocument):
    return Document(io.BytesIO(party_document_docx(doc)))


@pytest.fixture(scope="module")
def document():
    return reopen(make_document())


def body_paragraphs(document):
    """Paragraphs of the body (outside tables), without the empty ones."""
    return [p for p in document.paragraphs if p.text]


def only_run(paragraph):
    runs = [r for r in paragraph.runs if r.text]
    assert len(runs) == 1, [r.text for r in runs]
    return runs[0]


def test_page_is_a4_portrait_with_the_guides_margins(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [
        mm(section.top_margin),
        mm(section.bottom_margin),
        mm(section.left_margin),
        mm(section.right_margin),
    ] == [20, 20, 30, 15]


def test_custom_margins_set_the_page_and_the_header_columns():
    margins = Margins(top_mm=25, bottom_mm=22, left_mm=35, right_mm=20)
    document = reopen(make_document(margins=margins))
    section = document.sections[0]
    assert [
        mm(section.top_margin),
        mm(section.bottom_margin),
        mm(section.left_margin),
        mm(section.right_margin),
    ] == [25, 22, 35, 20]
    # The header's two columns share the 155 mm of text width 45/55.
    header = document.tables[0]
    assert [mm(c.width) for c in header.columns] == pytest.approx([69.75, 85.25], abs=0.2)


def test_header_names_the_issuing_body_and_the_party(document):
    header = document.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs]
    assert [p.text for p in left] == ["TỈNH ỦY NGHỆ AN", "BAN TUYÊN GIÁO", "*"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left)
    superior, issuing = only_run(left[0]), only_run(left[1])
    assert superior.font.size == Pt(14) and not superior.font.bold
    assert issuing.font.size == Pt(14) and issuing.font.bold

    number = header.cell(1, 0).paragraphs[0]
    assert number.text == "Số 12-BC/BTGTU"
    assert only_run(number).font.size == Pt(14)

    title = header.cell(0, 1).paragraphs[0]
    assert title.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = only_run(title)
    assert run.font.size == Pt(15) and run.font.bold and not run.font.italic
    # The rule under the title is the paragraph's bottom border, about as long as the title.
    bottom = title._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    content_mm = mm(header.columns[1].width) - 2 * 1.905
    rule_mm = content_mm - mm(title.paragraph_format.left_indent) * 2
    assert 72 < rule_mm < 76
    assert title.paragraph_format.left_indent == title.paragraph_format.right_indent

    when = header.cell(1, 1).paragraphs[0]
    assert when.text == "Nghệ An, ngày 30 tháng 6 năm 2020"
    assert when.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = only_run(when)
    assert run.font.italic and not run.font.bold and run.font.size == Pt(14)


def test_header_and_signature_tables_have_no_borders(document):
    header, signature = document.tables[0], document.tables[-1]
    for table in (header, signature):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2020, 6, 30), "Nghệ An, ngày 30 tháng 6 năm 2020"),
        (dt.date(2018, 4, 3), "Nghệ An, ngày 03 tháng 4 năm 2018"),
        (dt.date(2021, 2, 1), "Nghệ An, ngày 01 tháng 02 năm 2021"),
        (dt.date(2021, 1, 15), "Nghệ An, ngày 15 tháng 01 năm 2021"),
        (dt.date(2025, 12, 9), "Nghệ An, ngày 09 tháng 12 năm 2025"),
    ],
)
def test_long_date_pads_small_days_and_january_february(date, expected):
    assert long_date("Nghệ An", date) == expected


def test_type_name_and_subject_are_centred_and_bold(document):
    paragraphs = body_paragraphs(document)
    type_name, subject, separator = paragraphs[:3]
    assert type_name.text == "BÁO CÁO"
    assert type_name.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = only_run(type_name)
    assert run.font.size == Pt(16) and run.font.bold

    assert subject.text == "Kết quả công tác tuyên giáo 6 tháng đầu năm 2020"
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = only_run(subject)
    assert run.font.size == Pt(14) and run.font.bold
    assert separator.text == "-----"
    assert separator.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_subject_lines_break_inside_one_paragraph():
    document = reopen(make_document(subject="Kết quả 6 tháng đầu năm,\nphương hướng 6 tháng cuối"))
    subject = body_paragraphs(document)[1]
    assert subject.text == "Kết quả 6 tháng đầu năm,\nphương hướng 6 tháng cuối"


def test_body_paragraphs_and_headings(document):
    texts = [p.text for p in body_paragraphs(document)[3:]]
    assert texts == [
        "Thực hiện Chương trình công tác năm 2020, Ban Tuyên giáo Tỉnh ủy báo cáo như sau:",
        "Công tác tuyên truyền được triển khai kịp thời, đúng định hướng.",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "Tiếp tục đổi mới nội dung, phương thức tuyên truyền.",
    ]
    first = body_paragraphs(document)[3]
    fmt = first.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(fmt.first_line_indent) == 10
    assert fmt.space_after == Pt(6)
    assert fmt.line_spacing == pytest.approx(1.15)
    assert only_run(first).font.size == Pt(14)
    assert not only_run(first).font.bold

    heading = body_paragraphs(document)[5]
    assert heading.style.name == "Heading 1"
    run = only_run(heading)
    assert run.font.bold and run.font.size == Pt(14)
    # Restyled: black Times New Roman, not the template's blue Calibri Light.
    assert heading.style.font.color.rgb == (0, 0, 0)
    assert heading.style.font.name == FONT_NAME
    # The paragraph after the table stands clear of it.
    assert heading.paragraph_format.space_before is None
    after_table = body_paragraphs(document)[6]
    assert after_table.paragraph_format.space_before == Pt(12)


def test_table_values_alignment_and_repeated_header(document):
    assert len(document.tables) == 3
    table = document.tables[1]
    values = [[cell.text for cell in row.cells] for row in table.rows]
    assert values == [
        ["TT", "Nội dung", "Số lượng", "Tỷ lệ (%)"],
        ["1", "Hội nghị học tập nghị quyết", "1.234", "98,5"],
        ["2", "Tin, bài tuyên truyền", "56", "100"],
    ]
    assert [mm(c.width) for c in table.columns] == [12, 93, 30, 30]
    header_row = table.rows[0]
    assert header_row._tr.trPr.find(qn("w:tblHeader")) is not None
    for cell in header_row.cells:
        paragraph = cell.paragraphs[0]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        run = only_run(paragraph)
        assert run.font.bold and run.font.size == Pt(13)
    row = table.rows[1].cells
    assert [c.paragraphs[0].alignment for c in row] == [
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    run = only_run(row[2].paragraphs[0])
    assert run.font.size == Pt(13) and not run.font.bold
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_table_without_widths_shares_the_text_width():
    document = reopen(make_document(body=[Table(headers=["A", "B", "C"], rows=[["1", "2", "3"]])]))
    assert [mm(c.width) for c in document.tables[1].columns] == [55, 55, 55]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (Table(headers=[], rows=[]), "at least one column"),
        (Table(headers=["A", "B"], rows=[["1"]]), "row 1 has 1 cells"),
        (Table(headers=["A", "B"], rows=[], widths_mm=[10]), "1 column widths for 2"),
        (Table(headers=["A", "B"], rows=[], numeric_columns=frozenset({2})), "out of range"),
    ],
)
def test_malformed_tables_are_refused(table, message):
    with pytest.raises(ValueError, match=message):
        party_document_docx(make_document(body=[table]))


def test_signature_block_and_recipients(document):
    table = document.tables[-1]
    left, right = table.cell(0, 0), table.cell(0, 1)
    label, *recipients = left.paragraphs
    assert label.text == "Nơi nhận:"
    run = only_run(label)
    assert run.font.italic and run.font.underline and run.font.size == Pt(14)
    assert [p.text for p in recipients] == RECIPIENTS
    assert {only_run(p).font.size for p in recipients} == {Pt(12)}

    lines = [p.text for p in right.paragraphs]
    assert lines == ["T/M BAN TUYÊN GIÁO", "PHÓ TRƯỞNG BAN", "", "", "", "Nguyễn Văn A"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in right.paragraphs)
    for paragraph in (right.paragraphs[0], right.paragraphs[1], right.paragraphs[-1]):
        run = only_run(paragraph)
        assert run.font.bold and run.font.size == Pt(14)


def test_unnumbered_draft_and_signature_without_position():
    document = reopen(
        make_document(number="", signature=Signature(on_behalf="T/M Ban Thường vụ", name="B"))
    )
    assert document.tables[0].cell(1, 0).text == ""
    right = document.tables[-1].cell(0, 1)
    assert [p.text for p in right.paragraphs] == ["T/M BAN THƯỜNG VỤ", "", "", "", "B"]


def test_every_run_and_the_defaults_are_times_new_roman(document):
    scripts = ("ascii", "hAnsi", "eastAsia", "cs")
    runs = list(document.element.body.iter(qn("w:r")))
    text_runs = [r for r in runs if r.find(qn("w:t")) is not None]
    assert len(text_runs) > 30
    for run in text_runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{s}")) for s in scripts} == {FONT_NAME}, run.xml

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"].element.rPr
    for rpr in (defaults, normal):
        fonts = rpr.find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{s}")) for s in scripts} == {FONT_NAME}
        # Theme fonts would win over the names in Word.
        assert not [k for k in fonts.attrib if "Theme" in k or "theme" in k]
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert document.styles["Normal"].font.size == Pt(14)


def test_pages_after_the_first_are_numbered_in_the_top_margin(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header._element
    assert " PAGE " in [i.text for i in header.iter(qn("w:instrText"))]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_core_properties(document):
    props = document.core_properties
    assert props.title == "Báo cáo 6 tháng đầu năm 2020"
    assert props.author == "tuyengiao"
    assert props.language == "vi-VN"
    assert props.subject == "Kết quả công tác tuyên giáo 6 tháng đầu năm 2020"
    untitled = reopen(make_document(title="", subject="Về công tác\ntuyên truyền"))
    assert untitled.core_properties.title == "Về công tác tuyên truyền"


def test_missing_texts_ignores_line_breaks_and_spacing():
    text = "TỈNH ỦY   NGHỆ AN\nBAN TUYÊN\nGIÁO"
    assert missing_texts(text, ["TỈNH ỦY NGHỆ AN", "BAN TUYÊN GIÁO", "ĐẢNG"]) == ["ĐẢNG"]


# --- LibreOffice ---------------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is missing (apt-get install libreoffice-writer-nogui)"
)


@needs_soffice
def test_libreoffice_lays_out_the_document(tmp_path):
    started = time.monotonic()
    pdf = docx_to_pdf(party_document_docx(make_document()))
    seconds = time.monotonic() - started
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert (
        missing_texts(
            text,
            [
                "TỈNH ỦY NGHỆ AN",
                "BAN TUYÊN GIÁO",
                "Số 12-BC/BTGTU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Nghệ An, ngày 30 tháng 6 năm 2020",
                "BÁO CÁO",
                "Kết quả công tác tuyên giáo 6 tháng đầu năm 2020",
                "I. KẾT QUẢ ĐẠT ĐƯỢC",
                "Hội nghị học tập nghị quyết",
                "1.234",
                "98,5",
                "Nơi nhận:",
                "- Lưu Văn phòng.",
                "PHÓ TRƯỞNG BAN",
                "Nguyễn Văn A",
            ],
        )
        == []
    )
    # The table keeps its row together: the figure sits on the line of its label.
    layout = pdf_text(pdf, layout=True)
    row = next(line for line in layout.splitlines() if "Hội nghị học tập" in line)
    assert row.split()[-2:] == ["1.234", "98,5"]
    # A4 pages: poppler's pdfinfo says so when it is there (it comes with pdftotext).
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        assert size.endswith("pts (A4)"), size
    assert seconds < 120


@needs_soffice
def test_check_script_names_missing_texts(tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(party_document_docx(make_document()))
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "docx_pdf_check.py"),
            str(source),
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "1.234",
            "Không có dòng này",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Không có dòng này" in result.stderr
    assert "ĐẢNG CỘNG SẢN" not in result.stderr
