"""Periodic-report pages: who sees them (200/404/403), the data-entry grid and what it writes
(through the services), refusals named beside their field with the typed values kept, the
conflict message, the decisions of the level above, the catalogue forms, and the roll-up."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import translation

from tuyengiao.accounts.models import Membership
from tuyengiao.reports import services
from tuyengiao.reports.models import Form, FormRule, Indicator, Section, Submission, Value
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-H1"
AS_OF = "2026-06-30"


def vi(msgid: str, **params: object) -> str:
    with translation.override("vi"):
        text = translation.gettext(msgid)
    return text % params if params else text


def login(client, user):
    client.force_login(user)
    client.get("/", {"as_of": AS_OF})  # the as-of date lives in the session
    return client


def row(page: str, code: str) -> str:
    """The grid row of one indicator."""
    match = re.search(rf'<tr data-code="{code}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"no row {code}"
    return match.group(1)


@pytest.fixture
def editor(tree):
    """An editor of the district D1 (the standard role users sit in the province P1)."""
    user = UserFactory(username="bientap.d1")
    Membership.objects.create(user=user, unit=tree.child, role="editor")
    return user


@pytest.fixture
def outsider(tree):
    user = UserFactory(username="nguoi.ngoai")
    Membership.objects.create(user=user, unit=tree.sibling, role="admin")
    return user


@pytest.fixture
def report(tree, small_form, operator) -> Submission:
    """D1's draft of the half-year form for the first half of 2026."""
    return services.submission_open(
        actor=operator, form=small_form.form, unit=tree.child, period_code=PERIOD
    )


def entry(report: Submission, small_form, *, action: str = "save", **figures: str) -> dict:
    """The entry form's POST: every figure input (empty unless given), the narrative, details."""
    data = {"version": report.version, "action": action, "place": "Yên Sơn"}
    for code, indicator in small_form.indicators.items():
        if not indicator.is_computed:
            data[f"v_{code}"] = figures.get(code, "")
    data[f"n_{small_form.narrative.pk}"] = figures.get("narrative", "")
    return data


def handed_in(report, small_form, operator, **figures) -> Submission:
    values = {"SESSIONS": "3", "EXPECTED": "100", "ATTENDED": "90", **figures}
    report = services.submission_save(
        actor=operator, submission=report, version=report.version, values=values
    )
    return services.submission_submit(actor=operator, submission=report, version=report.version)


# Who sees what


def test_every_page_renders_for_a_viewer_of_the_province(client, role_users, small_form, report):
    login(client, role_users["viewer"])
    pages = [
        "/reports/",
        "/reports/indicators/",
        "/reports/forms/",
        f"/reports/forms/{small_form.form.pk}/",
        f"/reports/submissions/{report.pk}/",
        f"/reports/rollup/?period={PERIOD}",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/reports/submissions/{report.pk}/").content.decode()
    assert 'data-testid="entry-form"' not in page and 'data-testid="decisions"' not in page
    detail = client.get(f"/reports/forms/{small_form.form.pk}/").content.decode()
    assert "Study sessions" in detail and 'data-testid="section-form"' not in detail
    assert 'data-testid="indicator-form"' not in client.get("/reports/indicators/").content.decode()


def test_outsiders_get_404_as_if_nothing_existed(client, tree, outsider, small_form, report):
    login(client, outsider)
    assert client.get(f"/reports/submissions/{report.pk}/").status_code == 404
    assert client.get(f"/reports/rollup/?unit={tree.own.pk}").status_code == 404
    for verb in ("", "approve/", "return/", "reopen/", "preview/"):
        url = f"/reports/submissions/{report.pk}/{verb}"
        data = {**entry(report, small_form, SESSIONS="9"), "reason": "x"}
        assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 404, url
    assert not Value.objects.filter(submission=report).exists()


def test_viewers_and_the_unit_itself_cannot_write_or_decide(
    client, role_users, editor, small_form, report, operator
):
    login(client, role_users["viewer"])
    assert (
        client.post(
            f"/reports/submissions/{report.pk}/", entry(report, small_form, SESSIONS="1")
        ).status_code
        == 403
    )
    assert client.post("/reports/indicators/", {"code": "X"}).status_code == 403
    assert client.post("/reports/forms/", {"code": "X"}).status_code == 403
    form_pk = small_form.form.pk
    for write in ("edit/", "sections/", "indicators/", "rules/"):
        url = f"/reports/forms/{form_pk}/{write}"
        assert client.post(url, {"title": "X"}).status_code == 403, url
    open_data = {"form": form_pk, "period": PERIOD}
    assert client.post("/reports/open/", open_data).status_code == 403  # a viewer opens nothing
    report = handed_in(report, small_form, operator)
    assert (
        client.post(
            f"/reports/submissions/{report.pk}/approve/", {"version": report.version}
        ).status_code
        == 403
    )
    login(client, editor)  # nobody decides on their own unit's report
    assert (
        client.post(
            f"/reports/submissions/{report.pk}/approve/", {"version": report.version}
        ).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.status == "submitted"


# The data-entry page


def test_editor_opens_fills_with_vietnamese_numbers_and_submits(client, tree, editor, small_form):
    login(client, editor)
    index = client.get("/reports/").content.decode()
    assert 'data-form="HALF"' in index and f'data-period="{PERIOD}"' in index
    response = client.post(
        "/reports/open/", {"form": small_form.form.pk, "period": "6 tháng đầu năm 2026"}
    )
    report = Submission.objects.get(unit=tree.child, period_code=PERIOD)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()

    page = client.get(report.get_absolute_url()).content.decode()
    assert 'name="v_SESSIONS"' in page and 'inputmode="decimal"' in page
    assert 'name="v_RATE"' not in page  # the ratio is computed, never typed
    assert '<select name="v_PLAN"' in page and '<textarea name="v_NOTE"' in page
    assert vi("required") in row(page, "SESSIONS")
    text = "Đã tổ chức {{SESSIONS.own}} cuộc, tỉ lệ {{RATE.own}}, giá trị {{VALUE.own}}."
    data = entry(
        report,
        small_form,
        SESSIONS="1.234",
        EXPECTED="1.500",
        ATTENDED="1.200",
        SCORE="12,5",
        VALUE="626 tỉ",
        PLAN="1",
        NOTE="Ghi chú",
        narrative=text,
    )
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 302
    stored = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert stored["SESSIONS"].number == 1234 and stored["SCORE"].number == Decimal("12.5")
    assert stored["VALUE"].number == 626 * 10**9 and stored["PLAN"].number == 1
    assert stored["NOTE"].text == "Ghi chú"

    page = client.get(report.get_absolute_url()).content.decode()
    assert 'value="1.234"' in row(page, "SESSIONS") and 'value="12,5"' in row(page, "SCORE")
    assert "80%" in row(page, "RATE")
    assert "Đã tổ chức 1.234 cuộc, tỉ lệ 80%, giá trị 626 tỉ đồng." in page  # the preview

    report.refresh_from_db()
    response = client.post(
        report.get_absolute_url(), {**data, "version": report.version, "action": "submit"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.number_text.startswith("01-BC/")
    page = client.get(report.get_absolute_url()).content.decode()
    assert report.number_text in page and 'data-testid="entry-form"' not in page
    assert 'data-testid="read-only"' in page


def test_a_refused_figure_is_named_beside_its_field_and_nothing_is_lost(
    client, editor, small_form, report
):
    login(client, editor)
    data = entry(report, small_form, SESSIONS="mười", EXPECTED="1.500", ATTENDED="2.000")
    response = client.post(report.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    attended, sessions = row(page, "ATTENDED"), row(page, "SESSIONS")
    assert 'data-testid="field-error"' in attended and "2000" in attended  # attended > expected
    assert 'data-testid="field-error"' in sessions and "mười" in sessions
    assert 'value="2.000"' in attended and 'value="mười"' in sessions  # as typed
    assert 'data-testid="field-error"' not in row(page, "EXPECTED")
    assert 'data-testid="entry-errors"' in page
    report.refresh_from_db()
    assert report.version == 1 and not report.values.exists() and report.place == ""


def test_a_stale_save_shows_the_conflict_and_keeps_the_typed_values(
    client, editor, small_form, report, operator
):
    login(client, editor)
    data = entry(report, small_form, SESSIONS="7", narrative="Bản của tôi")
    services.submission_save(
        actor=operator, submission=report, version=report.version, values={"SESSIONS": "5"}
    )
    response = client.post(report.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="entry-errors"' in page
    prefix = vi("Changed by %(user)s at %(time)s; reload to see their change.").split("%")[0]
    assert prefix in page
    assert 'value="7"' in row(page, "SESSIONS") and "Bản của tôi" in page
    assert report.values.get(indicator__code="SESSIONS").number == 5


def test_submit_without_a_required_figure_keeps_the_draft_and_names_the_figure(
    client, editor, small_form, report
):
    login(client, editor)
    data = entry(report, small_form, action="submit", EXPECTED="10", ATTENDED="9")
    response = client.post(report.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="field-error"' in row(page, "SESSIONS")
    report.refresh_from_db()
    assert report.status == "draft" and report.values.get(indicator__code="EXPECTED").number == 10
    # The page carries the saved version: the next save goes through.
    assert f'name="version" value="{report.version}"' in page
    data = {**data, "version": report.version, "v_SESSIONS": "2"}
    assert client.post(report.get_absolute_url(), data).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_narrative_preview_renders_the_typed_text(client, editor, small_form, report, operator):
    services.submission_save(
        actor=operator, submission=report, version=report.version, values={"VALUE": "1,5 tỉ"}
    )
    login(client, editor)
    response = client.post(
        f"/reports/submissions/{report.pk}/preview/",
        {
            "section": small_form.narrative.pk,
            f"n_{small_form.narrative.pk}": "Giá trị {{VALUE.own}}",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().strip() == "Giá trị 1,5 tỉ đồng"


# Decisions of the level above


def test_the_level_above_returns_approves_and_reopens(
    client, role_users, editor, small_form, report, operator
):
    report = handed_in(report, small_form, operator)
    approver = role_users["approver"]
    login(client, approver)
    index = client.get("/reports/").content.decode()
    assert 'data-testid="queue"' in index and f'data-submission="{report.pk}"' in index
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="approve-form"' in page and 'data-testid="return-form"' in page
    assert 'data-testid="reopen-form"' not in page

    url = report.get_absolute_url()
    response = client.post(f"{url}return/", {"version": report.version, "reason": " "})
    page = response.content.decode()
    assert response.status_code == 200
    form = page[page.index('data-testid="return-form"') :]
    assert vi("Say why, so the unit knows what to change") in form[: form.index("</form>")]
    response = client.post(
        f"{url}return/", {"version": report.version, "reason": "Thiếu số liệu báo cáo viên"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"

    login(client, editor)
    page = client.get(url).content.decode()
    assert 'data-testid="return-reason"' in page and "Thiếu số liệu báo cáo viên" in page
    data = entry(
        report, small_form, action="submit", SESSIONS="3", EXPECTED="100", ATTENDED="90"
    ) | {"v_REPORTERS": "12"}
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"

    login(client, approver)
    stale = client.post(f"{url}approve/", {"version": report.version - 1})
    assert stale.status_code == 200 and 'class="message error"' in stale.content.decode()
    assert client.post(f"{url}approve/", {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    page = client.get(url).content.decode()
    assert 'data-testid="locked"' in page and 'data-testid="reopen-form"' in page
    response = client.post(
        f"{url}reopen/", {"version": report.version, "reason": "Sửa số báo cáo viên"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned" and report.number_text.startswith("01-")

    login(client, role_users["admin"])  # the audit trail's readers see the history
    page = client.get(url).content.decode()
    assert 'data-testid="history"' in page and "reopen" in page


# The catalogue


def test_an_admin_defines_an_indicator_and_a_form_refusals_beside_the_field(
    client, tree, role_users, small_form
):
    login(client, role_users["admin"])  # admin of P1, the unit in context
    data = {
        "code": "hb_so",
        "name": "Số cuộc họp báo",
        "measure": "cuộc",
        "value_type": "integer",
        "aggregation": "sum",
        "min_value": "",
        "max_value": "1.000",
    }
    assert client.post("/reports/indicators/", data).status_code == 302
    created = Indicator.objects.get(code="HB_SO")
    assert created.owner == tree.own and created.max_value == 1000
    again = client.post("/reports/indicators/", data).content.decode()
    field = again[again.index('data-field="code"') :]
    assert vi("Indicator code %(code)s is taken", code="HB_SO") in field[: field.index("</div>")]

    response = client.post(
        "/reports/forms/",
        {
            "code": "q-p1",
            "name": "Báo cáo quý",
            "subject": "Báo cáo {period}",
            "period_kind": "quarter",
            "start_day": "1",
            "deadline_days": "5",
            "levels": ["district"],
            "document_type": "BC",
            "is_active": "on",
        },
    )
    form = Form.objects.get(code="Q-P1")
    assert response.status_code == 302 and response["Location"] == form.get_absolute_url()
    url = form.get_absolute_url()
    assert (
        client.post(f"{url}sections/", {"title": "Số liệu", "kind": "figures"}).status_code == 302
    )
    section = Section.objects.get(form=form)
    expected, attended = small_form.indicators["EXPECTED"], small_form.indicators["ATTENDED"]
    for indicator in (created, expected, attended):
        response = client.post(
            f"{url}indicators/",
            {"section": section.pk, "indicator": indicator.pk, "required": "on"},
        )
        assert response.status_code == 302
    assert form.items.filter(required=True).count() == 3
    same = client.post(
        f"{url}rules/", {"left": attended.pk, "operator": "lte", "right": attended.pk}
    ).content.decode()
    assert vi("A rule relates two different figures") in same
    response = client.post(
        f"{url}rules/", {"left": attended.pk, "operator": "lte", "right": expected.pk}
    )
    assert response.status_code == 302 and FormRule.objects.filter(form=form).count() == 1
    page = client.get(url).content.decode()
    assert "HB_SO" in page and 'data-testid="rule-form"' in page
    # A narrative naming a figure the form lacks is refused beside the starting text.
    response = client.post(
        f"{url}sections/",
        {"title": "Kết quả", "kind": "narrative", "template": "{{NOPE}} cuộc"},
    )
    page = response.content.decode()
    field = page[page.index('data-field="template"') :]
    assert vi("No figure %(codes)s in this form", codes="NOPE") in field[: field.index("</div>")]


def test_an_admin_edits_an_indicator_and_a_stale_edit_is_refused(
    client, role_users, operator, tree
):
    indicator = services.indicator_create(
        actor=operator,
        owner=tree.own,
        code="TIN",
        name="Tin bài",
        value_type="integer",
        aggregation="sum",
    )
    login(client, role_users["admin"])
    url = f"/reports/indicators/{indicator.pk}/"
    page = client.get(url).content.decode()
    assert 'value="TIN"' in page
    data = {
        "code": "TIN",
        "name": "Số tin, bài",
        "value_type": "integer",
        "aggregation": "sum",
        "version": indicator.version,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "name": "Khác"}).content.decode()
    assert 'data-testid="form-errors"' in stale and 'value="Khác"' in stale
    indicator.refresh_from_db()
    assert indicator.name == "Số tin, bài"
    login(client, role_users["editor"])
    assert client.get(url).status_code == 403


def test_a_period_of_the_wrong_kind_is_named_on_the_overview(client, editor, small_form):
    login(client, editor)
    response = client.post("/reports/open/", {"form": small_form.form.pk, "period": "năm 2026"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="open-error"' in page
    assert not Submission.objects.exists()


# The roll-up


def test_rollup_shows_totals_children_completeness_and_missing_units(
    client, tree, role_users, small_form, report, operator, django_assert_max_num_queries
):
    handed_in(report, small_form, operator, PLAN="có", VALUE="2 tỉ")
    commune = services.submission_open(
        actor=operator, form=small_form.form, unit=tree.deeper, period_code=PERIOD
    )
    handed_in(commune, small_form, operator, SESSIONS="4", EXPECTED="50", ATTENDED="10")
    own = services.submission_open(
        actor=operator, form=small_form.form, unit=tree.own, period_code=PERIOD
    )
    services.submission_save(
        actor=operator,
        submission=own,
        version=own.version,
        narratives={str(small_form.narrative.pk): "Toàn tỉnh {{SESSIONS}} cuộc, {{RATE}}."},
    )
    login(client, role_users["viewer"])
    with django_assert_max_num_queries(26):
        response = client.get("/reports/rollup/", {"period": "6 tháng đầu năm 2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="completeness-ratio">2/3<' in page  # P1 itself has not handed in
    totals = row(page, "SESSIONS")
    assert ">7<" in totals.replace("<strong>", "").replace("</strong>", "")
    assert "66,7%" in row(page, "RATE")  # (90 + 10) / (100 + 50)
    assert 'data-unit="D1"' in page and 'data-unit="P1"' in page  # own row and the child
    missing = page[page.index('data-testid="missing"') :]
    assert 'data-unit="P1"' in missing and 'data-unit="C1"' not in missing
    assert "Toàn tỉnh 7 cuộc, 66,7%." in page  # the own report's narrative with the totals
    assert "Ban Tuyên giáo Tỉnh ủy Hà Giang" in page  # compared across the merger
    assert "6 tháng cuối năm 2025" in page


def test_rollup_queries_do_not_grow_with_the_children(
    client, tree, role_users, small_form, report, operator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuyengiao.testing import SWITCH, make_unit

    login(client, role_users["viewer"])
    url = f"/reports/rollup/?period={PERIOD}"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        district = make_unit(
            tree.own, f"D9{n}", level="district", valid_from=SWITCH, operator=operator
        )
        submission = services.submission_open(
            actor=operator, form=small_form.form, unit=district, period_code=PERIOD
        )
        handed_in(submission, small_form, operator)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert 'data-unit="D94"' in page
    assert len(after) <= len(before)


def test_rollup_refuses_a_period_of_another_kind_and_an_unknown_form(
    client, role_users, small_form
):
    login(client, role_users["viewer"])
    page = client.get("/reports/rollup/", {"period": "năm 2026"}).content.decode()
    assert 'data-testid="period-error"' in page
    assert client.get("/reports/rollup/", {"form": "NOPE"}).status_code == 404
    assert client.get("/reports/rollup/", {"form": "half"}).status_code == 200
