"""Figures in from XLSX: the round trip with the exports, every refusal named by row and column,
all or nothing, rights per row, locked reports, and the import page and API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.core.exceptions import ConflictError, DomainError, ImportRejected
from tuyengiao.core.models import AuditEntry
from tuyengiao.core.xlsx import workbook_bytes
from tuyengiao.reports import services, services_import
from tuyengiao.reports.choices import SubmissionStatus
from tuyengiao.reports.models import Submission, Value
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db

PERIOD = "2025-H2"
CODES = ["SESSIONS", "EXPECTED", "ATTENDED", "RATE", "SCORE", "VALUE", "PLAN", "NOTE"]
FIRST_ROW = 5  # below the metadata (1-2), a blank row (3) and the header (4)


def _xlsx(rows: list[list], *, form: str = "HALF", period: str = PERIOD, codes=CODES) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws["A1"], ws["B1"] = "Biểu mẫu:", form
    ws["A2"], ws["B2"] = "Kỳ báo cáo:", period
    for col, value in enumerate(["Mã đơn vị", "Tên đơn vị", *codes], start=1):
        ws.cell(row=4, column=col, value=value)
    for index, row in enumerate(rows, start=FIRST_ROW):
        for col, value in enumerate(row, start=1):
            ws.cell(row=index, column=col, value=value)
    return workbook_bytes(wb)


def _values(submission: Submission) -> dict[str, object]:
    return {
        v.indicator.code: (v.text if v.number is None else v.number)
        for v in Value.objects.filter(submission=submission).select_related("indicator")
    }


def _messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [e.message for e in exc.value.errors]


def _import(actor, form, data: bytes):
    return services_import.submissions_import_xlsx(actor=actor, form=form, data=data)


def _report(actor, form, unit, values: dict, *, submit: bool = False) -> Submission:
    s = services.submission_open(actor=actor, form=form, unit=unit, period_code=PERIOD)
    s = services.submission_save(actor=actor, submission=s, version=s.version, values=values)
    if submit:
        at = timezone.make_aware(dt.datetime(2026, 1, 5, 9))
        s = services.submission_submit(actor=actor, submission=s, version=s.version, at=at)
    return s


@pytest.fixture
def province_admin(tree):
    user = UserFactory(username="admin_p1")
    Membership.objects.create(user=user, unit=tree.own, role=Role.ADMIN)
    return user


# Writing


def test_an_export_imported_again_changes_nothing(small_form, tree, operator, province_admin):
    form = small_form.form
    d1 = _report(operator, form, tree.child, {"SESSIONS": 4, "EXPECTED": 90, "ATTENDED": 80,
                                              "SCORE": "87,25", "VALUE": "1,5 tỉ", "PLAN": "có",
                                              "NOTE": "Ghi chú"})  # fmt: skip
    c1 = _report(operator, form, tree.deeper, {"SESSIONS": 2}, submit=True)
    period = form.period(PERIOD)
    data = services_import.rollup_xlsx_file(
        user=province_admin, form=form, unit=tree.own, period=period
    )
    audits = AuditEntry.objects.count()
    result = _import(province_admin, form, data)
    assert (result.created, result.updated, result.unchanged, result.values) == (0, 0, 2, 0)
    assert result.period.code == PERIOD
    for submission in (d1, c1):
        fresh = Submission.objects.get(pk=submission.pk)
        assert fresh.version == submission.version
        assert _values(fresh) == _values(submission)
    assert AuditEntry.objects.count() == audits
    assert not Submission.objects.filter(unit=tree.own).exists()  # an empty row makes no draft


def test_new_figures_are_written_in_bulk_with_a_version_and_an_audit_row_each(
    small_form, tree, operator, province_admin
):
    form = small_form.form
    d1 = _report(operator, form, tree.child, {"SESSIONS": 4, "NOTE": "cũ", "PLAN": "không"})
    data = _xlsx(
        [
            ["P1", "Ban", 10, "1.200", 1100, "99,9", 87.5, "626 tỉ", "có", "Đạt"],
            ["D1", "Ban", 5, 100, 90, None, None, None, "không", None],
            ["C1", None, 1, None, None, None, None, None, None, None],
        ]
    )
    result = _import(province_admin, form, data)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    # P1: 7 figures (the ratio is not read); D1: SESSIONS changed, EXPECTED and ATTENDED added,
    # NOTE cleared, PLAN as it was; C1: 1.
    assert result.values == 7 + 4 + 1
    p1 = Submission.objects.get(form=form, unit=tree.own, period_code=PERIOD)
    assert p1.status == SubmissionStatus.DRAFT and p1.version == 1
    assert p1.narratives[str(small_form.narrative.pk)].startswith("Held {{SESSIONS}}")
    assert p1.deadline == dt.date(2026, 1, 10)
    assert _values(p1) == {
        "SESSIONS": Decimal(10),
        "EXPECTED": Decimal(1200),
        "ATTENDED": Decimal(1100),
        "SCORE": Decimal("87.5"),
        "VALUE": Decimal(626_000_000_000),
        "PLAN": Decimal(1),
        "NOTE": "Đạt",
    }
    fresh = Submission.objects.get(pk=d1.pk)
    assert fresh.version == d1.version + 1 and fresh.updated_by == province_admin
    assert _values(fresh) == {
        "SESSIONS": Decimal(5),
        "EXPECTED": Decimal(100),
        "ATTENDED": Decimal(90),
        "PLAN": Decimal(0),
    }
    audits = AuditEntry.objects.filter(object_type__model="submission", changes__event__1="import")
    assert sorted((a.unit.code, a.action, a.changes["figures"][1]) for a in audits) == [
        ("C1", "create", 1),
        ("D1", "update", 4),
        ("P1", "create", 7),
    ]
    # The editor who had the page open saves on the old version: refused, not lost.
    with pytest.raises(ConflictError):
        services.submission_save(
            actor=operator, submission=d1, version=d1.version, values={"SESSIONS": 6}
        )


def test_queries_do_not_grow_with_the_rows(small_form, tree, province_admin):
    form = small_form.form
    few = _xlsx([["D1", None, 1]])
    many = _xlsx([["P1", None, 1], ["D1", None, 2], ["C1", None, 3]])
    with CaptureQueriesContext(connection) as one:
        _import(province_admin, form, few)
    with CaptureQueriesContext(connection) as three:
        _import(province_admin, form, many)
    assert len(three) <= len(one) + 1, [q["sql"][:120] for q in three.captured_queries]


# Refusals: each named by row and column, nothing written


def test_every_bad_cell_is_named_by_row_and_column(small_form, tree, operator):
    form = small_form.form
    data = _xlsx(
        [
            ["P1", None, "mười", -5, None, "x", 1, "1,5 đồng", "có lẽ", None],
            ["D1", None, 2.5, 100, 120, None, None, None, None, None],
            ["XX9", None, 1],
            ["TW", None, 1],
            ["D1", None, 1],
            [None, "no code", 3],
            ["P0", None, 1],
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        _import(operator, form, data)
    messages = _messages(exc)
    expected = [
        "Sheet Số liệu, row 5, column C (SESSIONS): Study sessions: 'mười' is not a number",
        "Sheet Số liệu, row 5, column D (EXPECTED): Expected participants must be between 0 and …, not -5",
        "Sheet Số liệu, row 5, column H (VALUE): Value of works must be a whole number, not 1,5 đồng",
        "Sheet Số liệu, row 5, column I (PLAN): Plan adopted: 'có lẽ' is not yes or no (có / không)",
        "Sheet Số liệu, row 6, column C (SESSIONS): Study sessions must be a whole number, not 2.5",
        "Sheet Số liệu, row 6, column E (ATTENDED): Participants (120) must be ≤ Expected participants (100)",
        "Sheet Số liệu, row 7, column A (Mã đơn vị): Unknown unit code 'XX9'.",
        "Sheet Số liệu, row 8, column A (Mã đơn vị): Ban Tuyên giáo Trung ương does not report Half-year review",
        "Sheet Số liệu, row 9, column A (Mã đơn vị): The unit D1 has two rows (also row 6).",
        "Sheet Số liệu, row 10, column A (Mã đơn vị): The unit code is missing.",
        "Sheet Số liệu, row 11, column A (Mã đơn vị): Ban Tuyên giáo Tỉnh ủy Hà Giang did not exist at the end of 6 tháng cuối năm 2025",
    ]
    assert messages == expected
    # The ratio column (F) holds "x" and is not read: no error for it.
    assert not any("column F" in m for m in messages)
    assert not Submission.objects.exists() and not Value.objects.exists()


def test_one_bad_row_writes_nothing_anywhere(small_form, tree, operator):
    form = small_form.form
    d1 = _report(operator, form, tree.child, {"SESSIONS": 4})
    data = _xlsx([["D1", None, 9], ["C1", None, 3], ["P1", None, "?"]])
    with pytest.raises(ImportRejected) as exc:
        _import(operator, form, data)
    assert _messages(exc) == [
        "Sheet Số liệu, row 7, column C (SESSIONS): Study sessions: '?' is not a number"
    ]
    assert Submission.objects.count() == 1
    assert _values(Submission.objects.get(pk=d1.pk)) == {"SESSIONS": Decimal(4)}
    assert Submission.objects.get(pk=d1.pk).version == d1.version


def test_the_layout_is_checked_first(small_form, operator):
    form = small_form.form
    with pytest.raises(ImportRejected) as exc:
        _import(operator, form, _xlsx([["P1", None, 1]], form="OTHER", period="2025-Q3"))
    assert _messages(exc) == [
        "Sheet Số liệu, row 1, column B: The file is for the form OTHER, not HALF.",
        "Sheet Số liệu, row 2, column B: This form is reported per half-year, not for quý III năm 2025",
    ]
    with pytest.raises(ImportRejected) as exc:
        _import(operator, form, _xlsx([["P1", None, 1, 2]], codes=["SESSIONS", "NOPE", "SESSIONS"]))
    assert _messages(exc) == [
        "Sheet Số liệu, row 4, column D (NOPE): NOPE is not a figure of this form.",
        "Sheet Số liệu, row 4, column E (SESSIONS): The figure SESSIONS has two columns (also column C).",
    ]
    wb = Workbook()
    wb.active.append(["STT", "Nội dung"])
    with pytest.raises(ImportRejected) as exc:
        _import(operator, form, workbook_bytes(wb))
    assert _messages(exc) == [
        "Sheet Sheet: No header row starting with 'Mã đơn vị' in the first 20 rows."
    ]
    with pytest.raises(DomainError, match="not an Excel workbook"):
        _import(operator, form, b"TT;SESSIONS\n1;2\n")
    with pytest.raises(ImportRejected, match="1 error"):
        _import(operator, form, _xlsx([]))


def test_a_period_not_begun_is_refused(small_form, operator):
    with pytest.raises(ImportRejected) as exc:
        _import(operator, small_form.form, _xlsx([["P1", None, 1]], period="2027-H2"))
    assert _messages(exc) == [
        "Sheet Số liệu, row 5, column A (Mã đơn vị): 6 tháng cuối năm 2027 has not begun; "
        "it cannot be reported yet"
    ]


def test_errors_are_capped_at_200(small_form, operator):
    rows = [[f"X{i}", None, 1] for i in range(250)]
    with pytest.raises(ImportRejected) as exc:
        _import(operator, small_form.form, _xlsx(rows))
    messages = _messages(exc)
    assert len(messages) == 201
    assert (
        messages[0]
        == "Sheet Số liệu: 50 more errors are not listed; correct these and import again."
    )


# Rights and locks


def test_an_editor_imports_only_the_units_they_edit(small_form, tree, role_users):
    editor = role_users["editor"]  # editor of P1: its own figures, not its children's
    form = small_form.form
    with pytest.raises(ImportRejected) as exc:
        _import(editor, form, _xlsx([["P1", None, 1], ["D1", None, 2], ["P2", None, 3]]))
    assert _messages(exc) == [
        "Sheet Số liệu, row 6, column A (Mã đơn vị): You may not enter the figures of "
        "Ban Tuyên giáo Huyện ủy Yên Sơn.",
        # A sibling province is not even visible: unknown, as if it did not exist.
        "Sheet Số liệu, row 7, column A (Mã đơn vị): Unknown unit code 'P2'.",
    ]
    assert not Submission.objects.exists()
    result = _import(editor, form, _xlsx([["P1", None, 1]]))
    assert result.created == 1
    with pytest.raises(ImportRejected):
        _import(role_users["viewer"], form, _xlsx([["P1", None, 2]]))


def test_a_locked_report_is_refused_unless_unchanged(small_form, tree, operator, province_admin):
    form = small_form.form
    submitted = _report(operator, form, tree.child, {"SESSIONS": 4}, submit=True)
    with pytest.raises(ImportRejected) as exc:
        _import(province_admin, form, _xlsx([["D1", None, 5], ["C1", None, 1]]))
    assert _messages(exc) == [
        "Sheet Số liệu, row 5, column A (Mã đơn vị): The report of Ban Tuyên giáo Huyện ủy Yên Sơn "
        "is submitted and locked; ask the level above to re-open it."
    ]
    assert _values(Submission.objects.get(pk=submitted.pk)) == {"SESSIONS": Decimal(4)}
    assert not Submission.objects.filter(unit=tree.deeper).exists()
    result = _import(province_admin, form, _xlsx([["D1", None, 4], ["C1", None, 1]]))
    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)


def test_a_user_without_units_finds_no_unit(small_form, tree):
    nobody = UserFactory()
    with pytest.raises(ImportRejected) as exc:
        _import(nobody, small_form.form, _xlsx([["P1", None, 1]]))
    assert _messages(exc) == ["Sheet Số liệu, row 5, column A (Mã đơn vị): Unknown unit code 'P1'."]


# Page and API


def test_import_page_shows_the_result_and_the_refusals(client, small_form, province_admin):
    form = small_form.form
    client.force_login(province_admin)
    url = f"/reports/forms/{form.pk}/import/"
    page = client.get(url)
    assert page.status_code == 200 and b"rollup/xlsx" in page.content
    good = io.BytesIO(_xlsx([["D1", None, 3]]))
    good.name = "so-lieu.xlsx"
    response = client.post(url, {"file": good})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="import-result"' in text and PERIOD in text
    bad = io.BytesIO(_xlsx([["D1", None, "?"]]))
    bad.name = "so-lieu.xlsx"
    text = client.post(url, {"file": bad}).content.decode()
    assert 'data-testid="import-errors"' in text
    assert "dòng 5, cột C (SESSIONS)" in text  # the page speaks Vietnamese
    other = io.BytesIO(b"not a workbook")
    other.name = "x.xlsx"
    with translation.override("vi"):
        refusal = gettext(
            "The file is not an Excel workbook (.xlsx); save it as .xlsx and try again."
        )
    assert escape(refusal) in client.post(url, {"file": other}).content.decode()


def test_import_api_answers_201_or_400_with_every_error(client, small_form, province_admin):
    from tuyengiao.accounts.services import token_create

    _token, raw = token_create(user=province_admin, name="t")
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    url = f"/api/v1/forms/{small_form.form.pk}/import"
    good = io.BytesIO(_xlsx([["D1", None, 3], ["C1", None, 1]]))
    good.name = "a.xlsx"
    response = client.post(url, {"file": good}, headers=headers)
    assert response.status_code == 201
    assert response.json() == {
        "form": "HALF",
        "period": PERIOD,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "values": 2,
    }
    bad = io.BytesIO(_xlsx([["D1", None, 4], ["P2", None, 1]]))
    bad.name = "b.xlsx"
    response = client.post(url, {"file": bad}, headers=headers)
    assert response.status_code == 400
    assert response.json()["extra"]["errors"] == [
        {
            "sheet": "Số liệu",
            "row": 6,
            "column": "A (Mã đơn vị)",
            "message": "Sheet Số liệu, row 6, column A (Mã đơn vị): Unknown unit code 'P2'.",
        }
    ]
    assert _values(Submission.objects.get(unit__code="D1")) == {"SESSIONS": Decimal(3)}


def test_export_of_one_report_reads_back_in(small_form, tree, operator):
    submission = _report(operator, small_form.form, tree.child, {"SESSIONS": 4, "NOTE": "a"})
    data = services_import.submission_xlsx_file(submission=submission)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Số liệu"]
    ws.cell(row=8, column=3, value=6)  # SESSIONS of the one unit row
    result = _import(operator, small_form.form, workbook_bytes(wb))
    assert (result.updated, result.values) == (1, 1)
    assert _values(Submission.objects.get(pk=submission.pk)) == {
        "SESSIONS": Decimal(6),
        "NOTE": "a",
    }


def test_a_number_too_large_to_store_is_refused(small_form, operator):
    with pytest.raises(ImportRejected) as exc:
        _import(operator, small_form.form, _xlsx([["P1", None, 10**17]]))
    assert _messages(exc) == [
        "Sheet Số liệu, row 5, column C (SESSIONS): 100000000000000000 is too large for a figure."
    ]
