"""Programme spreadsheets: the template, all-or-nothing import with errors named by sheet, row
and column, the export with statuses, and the round trip export -> import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tuyengiao.core.exceptions import DomainError, ImportRejected
from tuyengiao.programmes import exports, importers, services, services_import
from tuyengiao.programmes.models import Programme, Task

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2026
HEADER = importers.COLUMNS


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the Vietnamese catalogue translates them on the pages)."""
    with translation.override("en"):
        yield


def workbook(*rows, header=HEADER, sheet=importers.SHEET, above=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for line in above:
        ws.append(line)
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def programme(tree, operator) -> Programme:
    return services.programme_create(actor=operator, unit=tree.own, year=YEAR)


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


def _snapshot(programme: Programme) -> list[tuple]:
    return [
        (
            t.number,
            t.title,
            t.category,
            t.origin,
            t.parent.number if t.parent else None,
            t.lead_unit.code,
            sorted(u.code for u in t.supporting_units.all()),
            t.deadline,
            t.deadline_month,
            t.source,
        )
        for t in programme.tasks.select_related("parent", "lead_unit").order_by("number", "title")
    ]


# The template


def test_template_opens_with_the_columns_and_a_guide():
    data = exports.programme_template_xlsx(year=YEAR, unit_code="P1")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Nhiệm vụ", "Hướng dẫn"]
    ws = wb["Nhiệm vụ"]
    assert [c.value for c in ws[1]] == HEADER
    assert all(c.font.bold and c.font.name == "Times New Roman" for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["A2"].number_format == "@"  # "1.10" stays text
    guide = "\n".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    for column in HEADER:
        assert column in guide
    assert "Tham mưu" in guide and "advisory" in guide and "P1" in guide
    # The empty template imports nothing, and says so.
    parsed = importers.parse_programme_xlsx(data, year=YEAR)
    assert parsed.drafts == []
    assert [e.detail for e in parsed.errors] == ["The sheet has no tasks below its header."]


# Import: the good case


def test_a_good_file_imports_every_row(programme, editor, tree):
    data = workbook(
        ["1", "Công tác tham mưu", "Tham mưu", "", "", "", "Kế hoạch 12-KH/BTG", ""],
        ["1.1", "Tham mưu sơ kết Chỉ thị 05", "advisory", "D1", "C1, P1", "30/06/2026", "", ""],
        ["1.2", "Báo cáo quý", "Tuyên truyền", "", "", "tháng 9", "", ""],
        [
            2,
            "Hội nghị báo cáo viên",
            "Đào tạo, bồi dưỡng",
            "",
            "",
            dt.datetime(2026, 3, 31),
            "",
            "",
        ],
        ["", "Tuyên truyền kỷ niệm ngày thành lập", "Văn hoá, văn nghệ", "", "", "", "", "x"],
        [None] * 8,  # a blank line in the middle is skipped
        ["3.", "Lịch sử Đảng bộ", "LỊCH SỬ ĐẢNG", "", "", "thường xuyên", "", ""],
        above=[["CHƯƠNG TRÌNH CÔNG TÁC NĂM 2026"], []],
    )
    count = services_import.programme_import_xlsx(actor=editor, programme=programme, data=data)
    assert count == 6
    assert _snapshot(programme) == [
        ("", "Tuyên truyền kỷ niệm ngày thành lập", "culture", "ad_hoc", None, "P1", [], None, None, ""),
        ("1", "Công tác tham mưu", "advisory", "planned", None, "P1", [], None, None, "Kế hoạch 12-KH/BTG"),
        ("1.1", "Tham mưu sơ kết Chỉ thị 05", "advisory", "planned", "1", "D1", ["C1", "P1"], D(2026, 6, 30), None, ""),
        ("1.2", "Báo cáo quý", "propaganda", "planned", "1", "P1", [], None, 9, ""),
        ("2", "Hội nghị báo cáo viên", "training", "planned", None, "P1", [], D(2026, 3, 31), None, ""),
        ("3", "Lịch sử Đảng bộ", "party_history", "planned", None, "P1", [], None, None, ""),
    ]  # fmt: skip
    assert Task.objects.get(number="1.2").due_date == D(2026, 9, 30)


def test_a_row_may_join_a_group_the_programme_already_has(programme, editor):
    services.task_create(actor=editor, programme=programme, title="Nhóm", number="1")
    data = workbook(["1.3", "Nhiệm vụ thêm", "", "", "", "", "", ""])
    assert services_import.programme_import_xlsx(actor=editor, programme=programme, data=data) == 1
    assert Task.objects.get(number="1.3").parent.number == "1"


# Import: all or nothing


def _rejected(programme, actor, data) -> list[tuple]:
    before = Task.objects.count()
    with pytest.raises(ImportRejected) as caught:
        services_import.programme_import_xlsx(actor=actor, programme=programme, data=data)
    assert Task.objects.count() == before, "a refused import writes nothing"
    exc = caught.value
    assert exc.extra["errors"] == [e.as_dict() for e in exc.errors]
    for error in exc.errors:
        assert error.message.startswith(
            f"Sheet {error.sheet}, row {error.row}, column {error.column}: "
        )
    return [(e.sheet, e.row, e.column, e.detail) for e in exc.errors]


def test_a_file_with_bad_rows_is_refused_whole_naming_sheet_row_and_column(programme, editor):
    data = workbook(
        ["1", "Nhiệm vụ đúng", "Tham mưu", "", "", "30/06/2026", "", ""],  # row 2
        ["2", "Loại lạ", "Thể thao", "", "", "", "", ""],  # row 3
        ["3", "Hạn năm sau", "", "", "", "31/12/2027", "", ""],  # row 4
        ["4", "Đơn vị lạ", "", "XX", "D1, YY", "", "", ""],  # row 5
        ["5.1", "Thiếu nhóm", "", "", "", "", "", ""],  # row 6
        ["6", "", "Tham mưu", "", "", "", "", ""],  # row 7
        ["7", "Tháng năm khác", "", "", "", "6/2025", "", ""],  # row 8
        ["8", "Đơn vị đã giải thể", "", "P0", "", "", "", ""],  # row 9: a rule of task_create
        ["1", "Trùng số", "", "", "", "", "", ""],  # row 10
    )
    errors = _rejected(programme, editor, data)
    where = [(row, column) for _sheet, row, column, _detail in errors]
    assert where == [
        (3, "Loại"),
        (4, "Thời hạn"),
        (5, "Đơn vị chủ trì"),
        (5, "Đơn vị phối hợp"),
        (6, "STT"),
        (7, "Nội dung nhiệm vụ"),
        (8, "Thời hạn"),
        (9, "Đơn vị chủ trì"),
        (10, "STT"),
    ]
    details = dict(((row, column), detail) for _s, row, column, detail in errors)
    assert details[(3, "Loại")].startswith("Unknown category 'Thể thao'; use one of: Tham mưu,")
    assert details[(4, "Thời hạn")] == "31/12/2027 is outside the year 2026."
    assert details[(5, "Đơn vị chủ trì")] == "Unknown unit code 'XX'."
    assert details[(5, "Đơn vị phối hợp")] == "Unknown unit code 'YY'."
    assert "group 5" in details[(6, "STT")]
    assert details[(7, "Nội dung nhiệm vụ")] == "The task's content is required."
    assert details[(8, "Thời hạn")] == "6/2025 is outside the year 2026."
    assert details[(9, "Đơn vị chủ trì")] == "The lead unit did not exist in 2026."
    assert "also row 2" in details[(10, "STT")]
    assert {sheet for sheet, *_ in errors} == {"Nhiệm vụ"}


def test_the_location_reads_as_the_issue_asks_in_vietnamese():
    from tuyengiao.core.exceptions import RowError

    with translation.override("vi"):
        error = RowError(
            "31/12/2021 nằm ngoài năm 2020", sheet="Nhiệm vụ", row=12, column="Thời hạn"
        )
    assert error.message in {
        "Trang tính Nhiệm vụ, dòng 12, cột Thời hạn: 31/12/2021 nằm ngoài năm 2020",
        # until the catalogue has the new messages (/tmp/vi_api.json):
        "Sheet Nhiệm vụ, row 12, column Thời hạn: 31/12/2021 nằm ngoài năm 2020",
    }
    assert error.as_dict() == {
        "sheet": "Nhiệm vụ",
        "row": 12,
        "column": "Thời hạn",
        "message": error.message,
    }


def test_one_bad_row_among_good_ones_keeps_the_good_ones_out_too(programme, editor):
    data = workbook(
        ["1", "Nhóm", "", "", "", "", "", ""],
        ["1.1", "Con tốt", "", "", "", "", "", ""],
        ["1.2", "Con có hạn sai", "", "", "", "31/02/2026", "", ""],
    )
    assert _rejected(programme, editor, data) == [
        ("Nhiệm vụ", 4, "Thời hạn", "'31/02/2026' is not a date.")
    ]
    assert not programme.tasks.exists()


def test_importing_the_same_file_twice_is_refused(programme, editor):
    data = workbook(["1", "Một", "", "", "", "", "", ""])
    services_import.programme_import_xlsx(actor=editor, programme=programme, data=data)
    assert _rejected(programme, editor, data) == [
        ("Nhiệm vụ", 2, "STT", "The programme already has a task numbered 1.")
    ]


def test_a_missing_column_or_a_file_that_is_not_xlsx(programme, editor):
    data = workbook(["1", "x"], header=["STT", "Nhiệm vụ"])
    with pytest.raises(ImportRejected) as caught:
        services_import.programme_import_xlsx(actor=editor, programme=programme, data=data)
    assert caught.value.errors[0].row is None
    assert "Nội dung nhiệm vụ" in caught.value.errors[0].message
    with pytest.raises(DomainError) as caught:
        services_import.programme_import_xlsx(
            actor=editor, programme=programme, data=b"STT;Noi dung\n1;x\n"
        )
    assert caught.value.field == "file"


def test_a_viewer_cannot_import(programme, role_users):
    data = workbook(["1", "Một", "", "", "", "", "", ""])
    with pytest.raises(PermissionDenied):
        services_import.programme_import_xlsx(
            actor=role_users["viewer"], programme=programme, data=data
        )
    assert not programme.tasks.exists()


def test_a_unit_outside_the_importers_view_is_an_unknown_code(programme, editor):
    data = workbook(["1", "Một", "", "P2", "", "", "", ""])  # P2: another province
    assert _rejected(programme, editor, data) == [
        ("Nhiệm vụ", 2, "Đơn vị chủ trì", "Unknown unit code 'P2'.")
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("30/06/2026", (D(2026, 6, 30), None)),
        ("1/7/2026", (D(2026, 7, 1), None)),
        ("2026-07-01", (D(2026, 7, 1), None)),
        (dt.datetime(2026, 7, 1), (D(2026, 7, 1), None)),
        (46204, (D(2026, 7, 1), None)),  # an Excel date in a cell formatted as a number
        ("tháng 6", (None, 6)),
        ("Tháng 12/2026", (None, 12)),
        ("6/2026", (None, 6)),
        ("T6", (None, 6)),
        ("tháng 6 năm 2026", (None, 6)),
        ("Thường xuyên", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_deadlines_as_people_write_them(cell, expected):
    assert importers.parse_deadline(cell, year=2026) == expected


@pytest.mark.parametrize("cell", ["6", "tháng 13", "sớm", "32/1/2026", 6])
def test_deadlines_that_are_refused(cell):
    with pytest.raises(importers._Refused):
        importers.parse_deadline(cell, year=2026)


# Export and round trip


@pytest.fixture
def filled(programme, operator, tree) -> Programme:
    group = services.task_create(
        actor=operator, programme=programme, title="Công tác tham mưu", number="1",
        category="advisory", source="Kế hoạch 01",
    )  # fmt: skip
    a = services.task_create(
        actor=operator, programme=programme, title="Sơ kết", number="1.1", parent=group,
        deadline=D(2026, 3, 31), lead_unit=tree.child, supporting_units=[tree.deeper],
    )  # fmt: skip
    b = services.task_create(
        actor=operator, programme=programme, title="Báo cáo", number="1.2", parent=group,
        deadline_month=6, category="propaganda",
    )  # fmt: skip
    c = services.task_create(
        actor=operator, programme=programme, title="Hội thảo đột xuất", origin="ad_hoc",
        entered_on=D(2026, 2, 1), category="science_education",
    )  # fmt: skip
    services.task_progress_add(actor=operator, task=a, status="done", date=D(2026, 3, 1))
    services.task_progress_add(actor=operator, task=c, status="in_progress", date=D(2026, 2, 2))
    services.task_hand_down(actor=operator, task=b, recipients=[tree.child], on=D(2026, 2, 1))
    return programme


def test_export_shows_statuses_overdue_hand_down_and_totals(filled, operator):
    data = services_import.programme_export_file(
        user=operator, programme=filled, as_of=D(2026, 7, 15)
    )
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Nhiệm vụ"]
    header = [c.value for c in ws[4]]
    assert header == [*HEADER, "Trạng thái", "Quá hạn", "Giao cho"]
    assert all(c.font.bold and c.font.name == "Times New Roman" for c in ws[4])
    assert ws.freeze_panes == "A5"
    assert ws.column_dimensions["B"].width == 60
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    by_title = {r[1]: r for r in rows}
    assert by_title["Sơ kết"][3:6] == ["D1", "C1", dt.datetime(2026, 3, 31)]
    assert by_title["Sơ kết"][8:10] == ["Hoàn thành", None]
    assert by_title["Báo cáo"][5] == "tháng 6"
    assert by_title["Báo cáo"][8:11] == ["Chưa thực hiện", "x", "Ban Tuyên giáo Huyện ủy Yên Sơn"]
    assert by_title["Hội thảo đột xuất"][7:9] == ["x", "Đang thực hiện"]
    assert ws.cell(row=5 + 1, column=2).font.bold  # the group "1" (after the unnumbered task)
    assert rows[-1][0] == "Tổng cộng"
    assert rows[-1][1].startswith("Hoàn thành 1/3 nhiệm vụ (trong chương trình 2, đột xuất 1)")
    assert "quá hạn 1" in rows[-1][1]


def test_round_trip_export_then_import_gives_the_same_tasks(filled, operator, tree):
    data = services_import.programme_export_file(
        user=operator, programme=filled, as_of=D(2026, 7, 15)
    )
    other = services.programme_create(actor=operator, unit=tree.sibling, year=YEAR)
    assert services_import.programme_import_xlsx(actor=operator, programme=other, data=data) == 4
    assert _snapshot(other) == _snapshot(filled)


def test_an_exported_file_reimported_into_its_own_programme_is_refused(filled, operator):
    data = services_import.programme_export_file(
        user=operator, programme=filled, as_of=D(2026, 7, 1)
    )
    with pytest.raises(ImportRejected) as caught:
        services_import.programme_import_xlsx(actor=operator, programme=filled, data=data)
    assert {e.column for e in caught.value.errors} == {"STT"}


# Pages


def test_template_download_from_the_page(client, programme, role_users):
    client.force_login(role_users["viewer"])
    for url in (
        reverse("programmes:programme_import_template", args=[programme.pk]),
        reverse("programmes:programme_import", args=[programme.pk]) + "?template=1",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Nhiệm vụ", "Hướng dẫn"]


def test_import_page_lists_every_error_and_writes_nothing(client, programme, editor):
    client.force_login(editor)
    url = reverse("programmes:programme_import", args=[programme.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"import-template" in page.content
    bad = workbook(
        ["1", "Đúng", "", "", "", "", "", ""],
        ["2", "Sai hạn", "", "", "", "31/12/2027", "", ""],
        ["3", "", "", "", "", "", "", ""],
    )
    page = client.post(url, {"file": io.BytesIO(bad)})
    html = page.content.decode()
    assert page.status_code == 200
    # The page speaks Vietnamese: every message names sheet, row and column.
    assert "Trang tính Nhiệm vụ, dòng 3, cột Thời hạn: 31/12/2027 nằm ngoài năm 2026" in html
    assert "Trang tính Nhiệm vụ, dòng 4, cột Nội dung nhiệm vụ:" in html
    assert not programme.tasks.exists()


def test_import_page_imports_a_good_file_and_redirects(client, programme, editor):
    client.force_login(editor)
    url = reverse("programmes:programme_import", args=[programme.pk])
    good = io.BytesIO(workbook(["1", "Một", "", "", "", "", "", ""]))
    good.name = "chuong-trinh.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert programme.tasks.count() == 1
    not_xlsx = io.BytesIO(b"%PDF-1.4")
    not_xlsx.name = "x.pdf"
    page = client.post(url, {"file": not_xlsx})
    assert (
        page.status_code == 200
        and "Tệp không phải bảng tính Excel (.xlsx)" in page.content.decode()
    )


def test_import_page_refuses_viewers_and_hides_other_subtrees(
    client, programme, role_users, tree, operator
):
    client.force_login(role_users["viewer"])
    url = reverse("programmes:programme_import", args=[programme.pk])
    assert client.get(url).status_code == 403
    good = io.BytesIO(workbook(["1", "Một", "", "", "", "", "", ""]))
    good.name = "a.xlsx"
    assert client.post(url, {"file": good}).status_code == 403
    assert not programme.tasks.exists()
    other = services.programme_create(actor=operator, unit=tree.sibling, year=YEAR)
    client.force_login(role_users["admin"])
    for name in ("programme_import", "programme_import_template", "programme_export"):
        assert client.get(reverse(f"programmes:{name}", args=[other.pk])).status_code == 404


def test_export_from_the_page_uses_the_context_date(client, filled, role_users):
    client.force_login(role_users["viewer"])
    url = reverse("programmes:programme_export", args=[filled.pk])
    response = client.get(url, {"as_of": "2026-03-15"})
    assert response.status_code == 200
    assert "20260315" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))["Nhiệm vụ"]
    assert "15/03/2026" in ws["A2"].value
    statuses = {r[1]: r[8] for r in ws.iter_rows(min_row=5, values_only=True)}
    assert statuses["Sơ kết"] == "Hoàn thành"
