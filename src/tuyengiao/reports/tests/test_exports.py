"""Report files out: the DOCX in the Party's format read back with python-docx, the names of its
header, its margins, the XLSX layout, and the download pages (viewers of the unit only)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.core.docx import mm
from tuyengiao.orgunits.models import OrgUnit, OrgUnitName
from tuyengiao.reports import exports, services, services_import
from tuyengiao.reports.models import Submission
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db

FIGURES = {
    "SESSIONS": "12",
    "EXPECTED": "700",
    "ATTENDED": "550",  # 78,6%
    "REPORTERS": "25",
    "SCORE": "87,5",
    "VALUE": "642 tỉ",
    "PLAN": "có",
    "NOTE": "Đạt kế hoạch",
}


def _report(
    operator,
    form,
    unit,
    period: str,
    values: dict,
    *,
    submit_on: dt.date | None = None,
    approve: bool = False,
    **details,
) -> Submission:
    submission = services.submission_open(actor=operator, form=form, unit=unit, period_code=period)
    submission = services.submission_save(
        actor=operator,
        submission=submission,
        version=submission.version,
        values=values,
        details=details or None,
    )
    if submit_on:
        at = timezone.make_aware(dt.datetime.combine(submit_on, dt.time(9)))
        submission = services.submission_submit(
            actor=operator, submission=submission, version=submission.version, at=at
        )
    if approve:
        submission = services.submission_approve(
            actor=operator, submission=submission, version=submission.version
        )
    return submission


def _texts(data: bytes) -> list[str]:
    """Every paragraph of the document, the tables' cells included, in reading order."""
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def _table_rows(data: bytes, header: str = "TT") -> list[list[str]]:
    document = Document(io.BytesIO(data))
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == header:
            return rows
    raise AssertionError("no figures table")


# Names of the header


@pytest.mark.parametrize(
    ("name", "parent", "superior", "issuing", "on_behalf"),
    [
        (
            "Ban Tuyên giáo Tỉnh ủy Nghệ An",
            "Ban Tuyên giáo Trung ương",
            "TỈNH ỦY NGHỆ AN",
            "BAN TUYÊN GIÁO",
            "T/M BAN TUYÊN GIÁO",
        ),
        (
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
            "Ban Tuyên giáo và Dân vận Trung ương",
            "TỈNH ỦY NGHỆ AN",
            "BAN TUYÊN GIÁO VÀ DÂN VẬN",
            "T/M BAN TUYÊN GIÁO VÀ DÂN VẬN",
        ),
        (
            "Ban Tuyên giáo Huyện ủy Quế Phong",
            "Ban Tuyên giáo Tỉnh ủy Nghệ An",
            "HUYỆN ỦY QUẾ PHONG",
            "BAN TUYÊN GIÁO",
            "T/M BAN TUYÊN GIÁO",
        ),
        (
            "Đảng ủy xã Mường Xén",
            "Ban Tuyên giáo Huyện ủy Kỳ Sơn",
            "ĐẢNG BỘ HUYỆN KỲ SƠN",
            "ĐẢNG ỦY XÃ MƯỜNG XÉN",
            "T/M ĐẢNG ỦY",
        ),
        (
            "Đảng ủy xã Mường Xén",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
            "ĐẢNG BỘ TỈNH NGHỆ AN",
            "ĐẢNG ỦY XÃ MƯỜNG XÉN",
            "T/M ĐẢNG ỦY",
        ),
        (
            "Đảng ủy phường Hưng Bình",
            "Ban Tuyên giáo Thành ủy Vinh",
            "ĐẢNG BỘ THÀNH PHỐ VINH",
            "ĐẢNG ỦY PHƯỜNG HƯNG BÌNH",
            "T/M ĐẢNG ỦY",
        ),
        (
            "Ban Tuyên giáo Trung ương",
            "",
            "BAN CHẤP HÀNH TRUNG ƯƠNG",
            "BAN TUYÊN GIÁO",
            "T/M BAN TUYÊN GIÁO",
        ),
        # Names it cannot read: the unit's own name, under its parent's committee.
        ("Ban P9", "Ban Tuyên giáo Trung ương", "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN P9", "T/M BAN P9"),
        (
            "Trung tâm X",
            "Ban Tuyên giáo Huyện ủy Y",
            "HUYỆN ỦY Y",
            "TRUNG TÂM X",
            "T/M TRUNG TÂM X",
        ),
        # Old accent placement ("uỷ") reads the same.
        ("Ban Tuyên giáo Tỉnh uỷ Nghệ An", "", "TỈNH ỦY NGHỆ AN", "BAN TUYÊN GIÁO", None),
    ],
)
def test_header_names_come_from_the_unit_and_its_parent(name, parent, superior, issuing, on_behalf):
    names = exports.party_names(name, parent_name=parent)
    assert (names.superior_body, names.issuing_body) == (superior, issuing)
    if on_behalf:
        assert names.on_behalf == on_behalf


def test_names_and_place_are_those_of_the_report_day(tree):
    nghe_an = tree.sibling
    OrgUnitName.objects.create(
        unit=nghe_an, name="Ban Tuyên giáo Tỉnh ủy Nghệ An", valid_to=dt.date(2025, 2, 28)
    )
    OrgUnit.objects.filter(pk=nghe_an.pk).update(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An")
    nghe_an.refresh_from_db()
    before = exports.document_names(nghe_an, on=dt.date(2020, 6, 30))
    after = exports.document_names(nghe_an, on=dt.date(2025, 12, 31))
    assert (before.issuing_body, after.issuing_body) == (
        "BAN TUYÊN GIÁO",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    )
    assert before.place == after.place == "Nghệ An"
    assert before.reports_to == "Ban Tuyên giáo Trung ương"
    # A commune's party committee: the Party organisation of its district above it, and the
    # province's name as the place.
    commune = exports.document_names(tree.deeper, on=dt.date(2025, 12, 31))
    assert (commune.superior_body, commune.issuing_body, commune.on_behalf) == (
        "ĐẢNG BỘ HUYỆN YÊN SƠN",
        "ĐẢNG ỦY XÃ ĐÔNG THỌ",
        "T/M ĐẢNG ỦY",
    )
    assert commune.place == "Tuyên Quang"


# The DOCX


def test_docx_reads_back_with_its_header_figures_and_signature(small_form, tree, operator):
    form = small_form.form
    _report(
        operator,
        form,
        tree.sibling,
        "2019-H1",
        {**FIGURES, "SESSIONS": "10"},
        approve=True,
        submit_on=dt.date(2019, 7, 3),
    )
    submission = _report(
        operator,
        form,
        tree.sibling,
        "2020-H1",
        FIGURES,
        submit_on=dt.date(2020, 7, 2),
        report_date=dt.date(2020, 6, 30),
        signer_position="Trưởng ban",
        signer_name="Nguyễn Văn A",
    )
    data = services_import.submission_docx_file(user=operator, submission=submission)
    texts = _texts(data)
    joined = "\n".join(texts)
    for expected in [
        "TỈNH ỦY NGHỆ AN",
        "BAN TUYÊN GIÁO",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 02-BC/BTGTU",  # the 2019 report took 01: no term registered, one sequence
        "Nghệ An, ngày 30 tháng 6 năm 2020",
        "BÁO CÁO",
        "Sơ kết công tác tuyên giáo 6 tháng đầu năm 2020",
        "Results",
        "Held 12 sessions, 78,6% attended, worth 642 tỉ đồng.",
        "T/M BAN TUYÊN GIÁO",
        "TRƯỞNG BAN",
        "Nguyễn Văn A",
        "Nơi nhận:",
        "- Ban Tuyên giáo Trung ương (để báo cáo),",
        "- Thường trực Tỉnh ủy Nghệ An (để báo cáo),",
        "- Lưu VP.",
    ]:
        assert expected in texts, f"{expected!r} not in the document:\n{joined}"
    assert submission.number_text == "02-BC/BTGTU"
    rows = _table_rows(data)
    assert rows[0] == exports.FIGURE_HEADERS
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Study sessions"] == ["1", "Study sessions", "cuộc", "12", "10", "120"]
    assert by_name["Attendance rate"][3] == "78,6%"
    assert by_name["Attendance rate"][5] == ""  # a rate is not compared as a percent of a rate
    assert by_name["Value of works"][3] == "642 tỉ đồng"
    assert by_name["Plan adopted"][3] == "có"
    assert by_name["Self-assessed score"][3] == "87,5"
    assert by_name["Note"][3] == "Đạt kế hoạch"
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


def test_a_draft_prints_a_blank_number_and_its_own_figures_in_the_totals(
    small_form, tree, operator
):
    """A parent's draft: its own figures and those its children handed in (a child's draft is
    not counted); the recipients and place it was given."""
    form = small_form.form
    _report(operator, form, tree.other, "2020-H1", {"SESSIONS": "4"}, submit_on=dt.date(2020, 7, 1))
    draft = _report(
        operator,
        form,
        tree.other_province,
        "2020-H1",
        {"SESSIONS": "3", "PLAN": "có"},
        place="Hạ Long",
        recipients="- Thường trực Tỉnh ủy,\n\n- Lưu VP.",
    )
    data = services_import.submission_docx_file(user=operator, submission=draft)
    texts = _texts(data)
    assert "Số       -BC/BTGTU" in texts
    assert any(t.startswith("Hạ Long, ngày ") for t in texts)
    assert texts.count("- Thường trực Tỉnh ủy,") == 1 and "- Lưu VP." in texts
    rows = {row[1]: row for row in _table_rows(data)[1:]}
    assert rows["Study sessions"][3] == "7"
    assert rows["Plan adopted"][3] == "1"  # over several units: how many said yes
    assert rows["Reporters"][3] == "…"


def test_margins_come_from_the_setting(small_form, tree, operator, settings):
    settings.TUYENGIAO_DOCX_MARGINS_MM = (25, 20, 35, 20)
    draft = _report(operator, small_form.form, tree.sibling, "2020-H1", {"SESSIONS": "1"})
    data = services_import.submission_docx_file(user=operator, submission=draft)
    section = Document(io.BytesIO(data)).sections[0]
    assert [mm(m) for m in (section.top_margin, section.bottom_margin)] == [25, 20]
    assert [mm(m) for m in (section.left_margin, section.right_margin)] == [35, 20]
    widths = [c.width for c in _docx_figures_table(data).columns]
    assert round(sum(widths) / 36000) == 210 - 35 - 20


def _docx_figures_table(data: bytes):
    for table in Document(io.BytesIO(data)).tables:
        if table.rows[0].cells[0].text == "TT":
            return table
    raise AssertionError("no figures table")


# The XLSX


def test_submission_xlsx_has_the_wide_layout(small_form, tree, operator):
    submission = _report(operator, small_form.form, tree.sibling, "2020-H1", FIGURES)
    data = services_import.submission_xlsx_file(submission=submission)
    ws = load_workbook(io.BytesIO(data))["Số liệu"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Biểu mẫu:", "HALF"]
    assert rows[1][:3] == ["Kỳ báo cáo:", "2020-H1", "6 tháng đầu năm 2020"]
    header = rows[5]
    assert header[:2] == ["Mã đơn vị", "Tên đơn vị"] and header[-1] == "Trạng thái"
    codes = header[2:-1]
    assert codes == [
        "SESSIONS", "EXPECTED", "ATTENDED", "RATE", "REPORTERS", "SCORE", "LOWEST", "VALUE",
        "PLAN", "NOTE",
    ]  # fmt: skip
    assert rows[6][2] == "Study sessions (cuộc)"
    assert "tự tính" in rows[6][2 + codes.index("RATE")]
    unit_row = dict(zip(header, rows[7], strict=True))
    assert unit_row["Mã đơn vị"] == "P2"
    assert unit_row["SESSIONS"] == 12 and unit_row["VALUE"] == 642_000_000_000
    assert round(unit_row["RATE"], 4) == round(550 / 700 * 100, 4)
    assert Decimal(str(unit_row["SCORE"])) == Decimal("87.5")
    assert (unit_row["PLAN"], unit_row["NOTE"], unit_row["Trạng thái"]) == (
        "có",
        "Đạt kế hoạch",
        "Dự thảo",
    )
    assert len(rows) == 8


def test_rollup_xlsx_lists_every_unit_that_reports_with_the_totals(small_form, tree, operator):
    form = small_form.form
    _report(operator, form, tree.child, "2025-H2", {"SESSIONS": "4"}, submit_on=dt.date(2026, 1, 2))
    _report(operator, form, tree.deeper, "2025-H2", {"SESSIONS": "2"})  # a draft: not in totals
    period = form.period("2025-H2")
    data = services_import.rollup_xlsx_file(user=operator, form=form, unit=tree.own, period=period)
    ws = load_workbook(io.BytesIO(data))["Số liệu"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[2][:2] == ["Đơn vị:", "P1"]
    units = [(r[0], r[2], r[-1]) for r in rows[7:]]
    assert units == [
        ("P1", None, None),
        ("D1", 4, "Đã gửi"),
        ("C1", 2, "Dự thảo"),
        (None, 4, None),
    ]
    assert rows[-1][1] == "Tổng cộng"


# Download pages


@pytest.fixture
def reports_of_two_subtrees(small_form, tree, operator):
    own = _report(operator, small_form.form, tree.child, "2025-H2", FIGURES)
    other = _report(operator, small_form.form, tree.sibling, "2025-H2", FIGURES)
    return own, other


def test_viewers_of_the_unit_download_the_docx_others_get_404(
    client, role_users, reports_of_two_subtrees
):
    own, other = reports_of_two_subtrees
    client.force_login(role_users["viewer"])
    response = client.get(f"/reports/submissions/{own.pk}/docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-HALF-D1-2025-H2.docx"'
    )
    assert "HUYỆN ỦY YÊN SƠN" in _texts(response.content)
    assert client.get(f"/reports/submissions/{other.pk}/docx").status_code == 404
    assert client.get(f"/reports/submissions/{other.pk}/xlsx").status_code == 404
    response = client.get(f"/reports/submissions/{own.pk}/xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="so-lieu-HALF-D1-2025-H2.xlsx"'


def test_rollup_xlsx_page_takes_the_rollup_parameters(
    client, role_users, tree, small_form, reports_of_two_subtrees
):
    client.force_login(role_users["viewer"])
    url = "/reports/rollup/xlsx"
    response = client.get(url, {"form": "HALF", "unit": tree.own.pk, "period": "2025-H2"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tong-hop-HALF-P1-2025-H2.xlsx"'
    )
    other = {"form": small_form.form.pk, "unit": tree.sibling.pk, "period": "2025-H2"}
    assert client.get(url, other).status_code == 404
    bad = {"form": small_form.form.pk, "unit": tree.own.pk, "period": "2025-Q1"}
    assert client.get(url, bad).status_code == 400
    assert client.get(url, {"form": "NOPE", "unit": tree.own.pk}).status_code == 404


def test_api_downloads_answer_404_outside_the_subtree(
    client, role_users, tree, reports_of_two_subtrees
):
    from tuyengiao.accounts.services import token_create

    own, other = reports_of_two_subtrees
    _token, raw = token_create(user=role_users["viewer"], name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    for kind in ("docx", "xlsx"):
        assert (
            client.get(f"/api/v1/submissions/{own.pk}/{kind}", headers=headers).status_code == 200
        )
        assert (
            client.get(f"/api/v1/submissions/{other.pk}/{kind}", headers=headers).status_code == 404
        )
    query = {"form": "HALF", "unit": tree.own.pk, "period": "2025-H2"}
    assert client.get("/api/v1/rollups/xlsx", query, headers=headers).status_code == 200
    query["unit"] = tree.sibling.pk
    assert client.get("/api/v1/rollups/xlsx", query, headers=headers).status_code == 404


def test_outsiders_cannot_read_a_report_by_file(client, tree, reports_of_two_subtrees):
    own, _other = reports_of_two_subtrees
    stranger = UserFactory()
    Membership.objects.create(user=stranger, unit=tree.other_province, role=Role.ADMIN)
    client.force_login(stranger)
    assert client.get(f"/reports/submissions/{own.pk}/docx").status_code == 404
    client.logout()
    assert client.get(f"/reports/submissions/{own.pk}/docx").status_code == 302  # to login
