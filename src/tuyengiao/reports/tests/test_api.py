"""The periodic-reports API: definitions, a report's life (open, fill, submit, decide, re-open),
per-code refusals of figures, versions (409/412), who may do what (404 outside the subtree, 403
when visible but not allowed), and the roll-up's numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.accounts.services import token_create
from tuyengiao.reports import services
from tuyengiao.reports.models import Indicator, Submission, Value
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"
PERIOD = "2025-H2"


def client_for(user) -> Client:
    _token, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"}, HTTP_ACCEPT_LANGUAGE="en")


def _member(unit, role: Role, username: str):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def _error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "extra"}
    if field is not None:
        assert body["extra"]["field"] == field, body
    return body


@pytest.fixture
def central_admin(tree) -> Client:
    return client_for(_member(tree.central, Role.ADMIN, "quantri.tw"))


@pytest.fixture
def editor(tree) -> Client:
    """An editor of the district D1 (a child of P1, the unit of `role_users`)."""
    return client_for(_member(tree.child, Role.EDITOR, "bientap.d1"))


@pytest.fixture
def approver(role_users) -> Client:
    """The approver of P1: the level above D1."""
    return client_for(role_users["approver"])


@pytest.fixture
def viewer(role_users) -> Client:
    return client_for(role_users["viewer"])


@pytest.fixture
def outsider(tree) -> Client:
    """An admin of another province (P3): D1's reports do not exist for them."""
    return client_for(_member(tree.other_province, Role.ADMIN, "quantri.p3"))


@pytest.fixture
def draft(small_form, tree, operator) -> Submission:
    return services.submission_open(
        actor=operator, form=small_form.form, unit=tree.child, period_code=PERIOD
    )


def _url(submission, action: str = "") -> str:
    return f"/api/v1/submissions/{submission.pk}" + (f"/{action}" if action else "")


# Definitions


def test_indicator_create_list_get_update(central_admin, tree):
    response = central_admin.post(
        "/api/v1/indicators",
        {
            "owner_id": tree.central.pk,
            "code": "bcv_so",
            "name": "Số báo cáo viên",
            "measure": "người",
            "value_type": "integer",
            "aggregation": "last",
            "max_value": "100000",
        },
        JSON,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["code"] == "BCV_SO" and created["owner"]["code"] == "TW"
    assert created["max_value"] == "100000" and created["min_value"] is None
    for code in ("HT_DUKIEN", "HT_THAMDU"):
        central_admin.post(
            "/api/v1/indicators",
            {
                "owner_id": tree.central.pk,
                "code": code,
                "name": code,
                "value_type": "integer",
                "aggregation": "sum",
            },
            JSON,
        )
    ids = dict(Indicator.objects.values_list("code", "pk"))
    ratio = central_admin.post(
        "/api/v1/indicators",
        {
            "owner_id": tree.central.pk,
            "code": "HT_TYLE",
            "name": "Tỉ lệ tham dự",
            "value_type": "percent",
            "aggregation": "ratio",
            "numerator_id": ids["HT_THAMDU"],
            "denominator_id": ids["HT_DUKIEN"],
        },
        JSON,
    )
    assert ratio.status_code == 201, ratio.content
    assert ratio.json()["numerator"]["code"] == "HT_THAMDU"
    no_terms = central_admin.post(
        "/api/v1/indicators",
        {
            "owner_id": tree.central.pk,
            "code": "X",
            "name": "X",
            "value_type": "percent",
            "aggregation": "ratio",
        },
        JSON,
    )
    _error(no_terms, 400, "numerator")

    listed = central_admin.get("/api/v1/indicators", {"search": "ht_"}).json()
    assert listed["count"] == 3
    assert [i["code"] for i in listed["items"]] == ["HT_DUKIEN", "HT_THAMDU", "HT_TYLE"]

    url = f"/api/v1/indicators/{created['id']}"
    got = central_admin.get(url)
    assert got.json()["version"] == 1 and got["ETag"] == '"1"'
    patched = central_admin.patch(url, {"name": "Báo cáo viên", "version": 1}, JSON)
    assert patched.status_code == 200, patched.content
    assert patched.json()["name"] == "Báo cáo viên" and patched.json()["version"] == 2
    _error(central_admin.patch(url, {"name": "Cũ", "version": 1}, JSON), 409)
    _error(central_admin.patch(url, {"name": "Cũ"}, JSON, headers={"If-Match": '"1"'}), 412)
    _error(central_admin.patch(url, {"name": None, "version": 2}, JSON), 400, "name")
    assert Indicator.objects.get(pk=created["id"]).name == "Báo cáo viên"


def test_form_definition_through_the_api(central_admin, tree):
    def indicator(code, **fields):
        body = {
            "owner_id": tree.central.pk,
            "code": code,
            "name": code.title(),
            "value_type": "integer",
            "aggregation": "sum",
            **fields,
        }
        response = central_admin.post("/api/v1/indicators", body, JSON)
        assert response.status_code == 201, response.content
        return response.json()["id"]

    expected, attended = indicator("EXPECTED"), indicator("ATTENDED")
    rate = indicator(
        "RATE",
        value_type="percent",
        aggregation="ratio",
        numerator_id=attended,
        denominator_id=expected,
    )
    response = central_admin.post(
        "/api/v1/forms",
        {
            "owner_id": tree.central.pk,
            "code": "half",
            "name": "Sơ kết 6 tháng",
            "subject": "Sơ kết công tác tuyên giáo {period}",
            "period_kind": "half",
            "start_day": 15,
            "deadline_days": 10,
            "levels": ["province", "district", "commune"],
        },
        JSON,
    )
    assert response.status_code == 201, response.content
    form = response.json()
    assert form["code"] == "HALF" and form["sections"] == [] and form["version"] == 1
    url = f"/api/v1/forms/{form['id']}"
    figures = central_admin.post(f"{url}/sections", {"title": "Số liệu", "kind": "figures"}, JSON)
    assert figures.status_code == 201, figures.content
    section = figures.json()["id"]
    item = central_admin.post(
        f"{url}/items", {"section_id": section, "indicator_id": expected, "required": True}, JSON
    )
    assert item.status_code == 201, item.content
    assert item.json()["code"] == "EXPECTED"
    assert item.json()["hint"] == "required · ≥ 0 · whole number"
    # A ratio before its terms is refused; after them it is computed, never required.
    _error(
        central_admin.post(f"{url}/items", {"section_id": section, "indicator_id": rate}, JSON),
        400,
        "indicator",
    )
    central_admin.post(f"{url}/items", {"section_id": section, "indicator_id": attended}, JSON)
    central_admin.post(
        f"{url}/items", {"section_id": section, "indicator_id": rate, "required": True}, JSON
    )
    rule = central_admin.post(
        f"{url}/rules", {"left_id": attended, "operator": "lte", "right_id": expected}, JSON
    )
    assert rule.status_code == 201, rule.content
    assert rule.json()["text"] == "ATTENDED ≤ EXPECTED"
    narrative = central_admin.post(
        f"{url}/sections",
        {"title": "Kết quả", "kind": "narrative", "template": "Tỉ lệ {{RATE}}; {{NOPE}}"},
        JSON,
    )
    _error(narrative, 400, "template")
    central_admin.post(
        f"{url}/sections",
        {"title": "Kết quả", "kind": "narrative", "template": "Tỉ lệ {{RATE}}"},
        JSON,
    )
    _error(
        central_admin.post(f"{url}/items", {"section_id": 999999, "indicator_id": rate}, JSON),
        400,
        "section_id",
    )

    detail = central_admin.get(url)
    assert detail["ETag"] == '"1"'
    body = detail.json()
    assert [(s["title"], s["kind"]) for s in body["sections"]] == [
        ("Số liệu", "figures"),
        ("Kết quả", "narrative"),
    ]
    items = body["sections"][0]["items"]
    assert [(i["code"], i["required"], i["computed"]) for i in items] == [
        ("EXPECTED", True, False),
        ("ATTENDED", False, False),
        ("RATE", False, True),
    ]
    assert items[2]["hint"] == "" and items[2]["value_type"] == "percent"
    assert body["sections"][1]["items"] == [] and "{{RATE}}" in body["sections"][1]["template"]
    assert [(r["left"], r["operator"], r["right"]) for r in body["rules"]] == [
        ("ATTENDED", "lte", "EXPECTED")
    ]

    patched = central_admin.patch(url, {"name": "Sơ kết", "version": 1}, JSON)
    assert patched.status_code == 200 and patched.json()["version"] == 2
    _error(central_admin.patch(url, {"levels": [], "version": 2}, JSON), 400, "levels")
    _error(central_admin.patch(url, {"name": "X"}, JSON, headers={"If-Match": '"1"'}), 412)
    listed = central_admin.get("/api/v1/forms").json()
    assert [(f["code"], f["indicator_count"]) for f in listed["items"]] == [("HALF", 3)]
    reported = central_admin.get("/api/v1/forms", {"unit": tree.child.pk}).json()
    assert [f["code"] for f in reported["items"]] == ["HALF"]


def test_catalogue_is_read_by_all_and_changed_by_the_owners_admins(
    small_form, tree, role_users, outsider, viewer
):
    p1_admin = client_for(role_users["admin"])
    form_url = f"/api/v1/forms/{small_form.form.pk}"
    codes = small_form.indicators
    sessions, section = codes["SESSIONS"], small_form.figures
    writes = [
        ("patch", form_url, {"name": "X", "version": 1}),
        ("patch", f"/api/v1/indicators/{sessions.pk}", {"name": "X", "version": 1}),
        ("post", f"{form_url}/sections", {"title": "X", "kind": "figures"}),
        ("post", f"{form_url}/items", {"section_id": section.pk, "indicator_id": sessions.pk}),
        (
            "post",
            f"{form_url}/rules",
            {"left_id": codes["SCORE"].pk, "operator": "gte", "right_id": codes["LOWEST"].pk},
        ),
    ]
    for client in (viewer, outsider, p1_admin):
        assert client.get(form_url).status_code == 200
        assert client.get(f"/api/v1/indicators/{sessions.pk}").status_code == 200
        assert client.get("/api/v1/forms").json()["count"] == 1
        assert client.get("/api/v1/indicators").json()["count"] == len(codes)
        # A central definition is visible, not theirs to change.
        for method, url, data in writes:
            _error(getattr(client, method)(url, data, JSON), 403)
    assert small_form.form.__class__.objects.get(pk=small_form.form.pk).name == "Half-year review"
    assert small_form.form.rules.count() == 1 and small_form.form.sections.count() == 2

    # The central unit is not even visible to P1's admin; P1 is, and its admin defines there.
    body = {"code": "P1_X", "name": "X", "value_type": "integer", "aggregation": "sum"}
    form = {
        "code": "P1_F",
        "name": "X",
        "subject": "X {period}",
        "period_kind": "year",
        "levels": ["district"],
    }
    for url, data in (("/api/v1/indicators", body), ("/api/v1/forms", form)):
        _error(p1_admin.post(url, {**data, "owner_id": tree.central.pk}, JSON), 404)
        _error(viewer.post(url, {**data, "owner_id": tree.own.pk}, JSON), 403)
        created = p1_admin.post(url, {**data, "owner_id": tree.own.pk}, JSON)
        assert created.status_code == 201, created.content


# Reports


def test_open_get_and_list_submissions(editor, viewer, outsider, small_form, tree):
    body = {"form_id": small_form.form.pk, "unit_id": tree.child.pk, "period": PERIOD}
    response = editor.post("/api/v1/submissions", body, JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["period"], created["deadline"]) == (
        "draft",
        "2025-H2",
        "2026-01-10",
    )
    assert created["period_label"] == "6 tháng cuối năm 2025"
    assert created["editable"] and created["number_text"] == ""
    assert created["narratives"] == {str(small_form.narrative.pk): small_form.narrative.template}
    assert created["values"]["SESSIONS"] is None and set(created["values"]) >= {"RATE", "NOTE"}
    again = editor.post("/api/v1/submissions", {**body, "period": "6 tháng cuối năm 2025"}, JSON)
    assert again.status_code == 200 and again.json()["id"] == created["id"]
    _error(editor.post("/api/v1/submissions", {**body, "period": "2025"}, JSON), 400, "period")
    _error(editor.post("/api/v1/submissions", {**body, "period": "2027-H1"}, JSON), 400, "period")

    got = editor.get(f"/api/v1/submissions/{created['id']}")
    assert got.status_code == 200 and got["ETag"] == '"1"'
    assert got.json()["details"]["report_date"] == "2025-12-31"

    for params in (
        {},
        {"form": small_form.form.pk},
        {"unit": tree.child.pk},
        {"subtree": tree.own.pk},
        {"period": "6 tháng cuối năm 2025"},
        {"status": "draft"},
    ):
        listed = viewer.get("/api/v1/submissions", params).json()
        assert [s["id"] for s in listed["items"]] == [created["id"]], params
    assert viewer.get("/api/v1/submissions", {"status": "approved"}).json()["count"] == 0
    assert viewer.get("/api/v1/submissions", {"period": "2025-H1"}).json()["count"] == 0
    assert outsider.get("/api/v1/submissions").json()["items"] == []
    _error(outsider.get("/api/v1/submissions", {"subtree": tree.own.pk}), 404)


def test_figures_are_refused_per_code_and_nothing_is_written(editor, draft):
    response = editor.put(
        "/api/v1/values",
        {
            "submission_id": draft.pk,
            "version": draft.version,
            "values": {
                "SESSIONS": "mười",  # wrong type
                "REPORTERS": -3,  # out of range: a count is never negative
                "EXPECTED": 80,
                "ATTENDED": 90,  # breaks ATTENDED ≤ EXPECTED
                "SCORE": "87,5",
                "NOPE": 1,
            },
        },
        JSON,
    )
    errors = _error(response, 400)["extra"]["errors"]
    assert set(errors) == {"SESSIONS", "REPORTERS", "ATTENDED", "NOPE"}
    assert "not a number" in errors["SESSIONS"]
    assert "between 0 and" in errors["REPORTERS"]
    assert "≤" in errors["ATTENDED"]
    assert not Value.objects.filter(submission=draft).exists()
    assert Submission.objects.get(pk=draft.pk).version == draft.version

    # The same through PATCH on the report.
    patch = editor.patch(_url(draft), {"values": {"RATE": 50}, "version": draft.version}, JSON)
    assert set(_error(patch, 400, "RATE")["extra"]["errors"]) == {"RATE"}

    response = editor.put(
        "/api/v1/values",
        {
            "submission_id": draft.pk,
            "values": {"SESSIONS": "12", "EXPECTED": "1.000", "ATTENDED": 875, "VALUE": "626 tỉ"},
        },
        JSON,
        headers={"If-Match": f'"{draft.version}"'},
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{draft.version + 1}"'
    assert response.json() == [
        {"code": "SESSIONS", "number": "12", "text": ""},
        {"code": "EXPECTED", "number": "1000", "text": ""},
        {"code": "ATTENDED", "number": "875", "text": ""},
        {"code": "VALUE", "number": "626000000000", "text": ""},
    ]
    listed = editor.get("/api/v1/values", {"submission": draft.pk})
    assert listed.json() == response.json() and listed["ETag"] == response["ETag"]
    values = editor.get(_url(draft)).json()["values"]
    assert values["RATE"] == "87.5" and values["SCORE"] is None


def test_patch_saves_narratives_details_and_figures_with_versions(editor, draft, small_form):
    section = str(small_form.narrative.pk)
    response = editor.patch(
        _url(draft),
        {
            "version": draft.version,
            "narratives": {section: "Đã tổ chức {{SESSIONS}} cuộc."},
            "details": {"place": "Yên Sơn", "signer_name": "Nguyễn Văn A"},
            "values": {"SESSIONS": 4, "PLAN": "có", "NOTE": "Đạt"},
        },
        JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == draft.version + 1
    assert body["narratives"][section] == "Đã tổ chức {{SESSIONS}} cuộc."
    assert (
        body["details"]["place"] == "Yên Sơn" and body["details"]["signer_name"] == "Nguyễn Văn A"
    )
    assert body["details"]["report_date"] == "2025-12-31"  # not sent, not changed
    assert (body["values"]["SESSIONS"], body["values"]["PLAN"], body["values"]["NOTE"]) == (
        "4",
        "1",
        "Đạt",
    )
    # A second editor working from the old version: refused, not lost.
    stale = editor.patch(_url(draft), {"values": {"SESSIONS": 9}, "version": draft.version}, JSON)
    assert "current_version" in _error(stale, 409)["extra"]
    stale = editor.patch(
        _url(draft), {"values": {"SESSIONS": 9}}, JSON, headers={"If-Match": f'"{draft.version}"'}
    )
    _error(stale, 412)
    _error(editor.patch(_url(draft), {"values": {"SESSIONS": 9}}, JSON), 400, "version")
    _error(
        editor.patch(_url(draft), {"narratives": {"999": "x"}, "version": body["version"]}, JSON),
        400,
        "section-999",
    )
    assert editor.get(_url(draft)).json()["values"]["SESSIONS"] == "4"
    cleared = editor.patch(
        _url(draft), {"values": {"NOTE": None}, "version": body["version"]}, JSON
    )
    assert cleared.status_code == 200 and cleared.json()["values"]["NOTE"] is None


def test_submit_decide_lock_and_reopen(editor, approver, viewer, draft, tree):
    own_approver = client_for(_member(tree.child, Role.APPROVER, "pheduyet.d1"))
    saved = editor.patch(
        _url(draft), {"values": {"EXPECTED": 10}, "version": draft.version}, JSON
    ).json()
    # SESSIONS is required.
    _error(editor.post(_url(draft, "submit"), {"version": saved["version"]}, JSON), 400, "SESSIONS")
    saved = editor.put(
        "/api/v1/values",
        {"submission_id": draft.pk, "version": saved["version"], "values": {"SESSIONS": 2}},
        JSON,
    )
    version = int(saved["ETag"].strip('"'))
    _error(viewer.post(_url(draft, "submit"), {"version": version}, JSON), 403)
    submitted = editor.post(_url(draft, "submit"), {"version": version}, JSON)
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "submitted" and not body["editable"]
    assert body["number_text"].startswith("01-BC/") and body["submitted_by"] == "bientap.d1"

    # The level above decides; the unit's own approver and its editor may not.
    assert [s["id"] for s in approver.get("/api/v1/submissions/to-decide").json()["items"]] == [
        draft.pk
    ]
    assert own_approver.get("/api/v1/submissions/to-decide").json()["items"] == []
    for client in (own_approver, editor, viewer):
        _error(client.post(_url(draft, "approve"), {"version": body["version"]}, JSON), 403)
    _error(approver.post(_url(draft, "approve"), {"version": body["version"] - 1}, JSON), 409)
    approved = approver.post(
        _url(draft, "approve"), {}, JSON, headers={"If-Match": f'"{body["version"]}"'}
    )
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "approved" and body["decided_by"] == "approver_user"
    assert approver.get("/api/v1/submissions/to-decide").json()["count"] == 0

    # Approved figures are locked.
    locked = editor.patch(
        _url(draft), {"values": {"SESSIONS": 3}, "version": body["version"]}, JSON
    )
    _error(locked, 400, "status")
    locked = editor.put(
        "/api/v1/values",
        {"submission_id": draft.pk, "version": body["version"], "values": {"SESSIONS": 3}},
        JSON,
    )
    _error(locked, 400, "status")
    _error(
        approver.post(_url(draft, "return"), {"version": body["version"], "reason": "x"}, JSON),
        400,
        "status",
    )

    # Re-opening is explicit, by the level above, with a reason.
    _error(
        own_approver.post(_url(draft, "reopen"), {"version": body["version"], "reason": "x"}, JSON),
        403,
    )
    _error(
        approver.post(_url(draft, "reopen"), {"version": body["version"], "reason": " "}, JSON),
        400,
        "reason",
    )
    reopened = approver.post(
        _url(draft, "reopen"),
        {"version": body["version"], "reason": "Sửa số cuộc học tập"},
        JSON,
    )
    assert reopened.status_code == 200, reopened.content
    body = reopened.json()
    assert body["status"] == "returned" and body["return_reason"] == "Sửa số cuộc học tập"
    assert body["editable"] and body["number_text"].startswith("01-BC/")
    fixed = editor.patch(_url(draft), {"values": {"SESSIONS": 3}, "version": body["version"]}, JSON)
    assert fixed.status_code == 200 and fixed.json()["values"]["SESSIONS"] == "3"

    # Submitted again, then returned with a reason; the number is kept.
    body = editor.post(_url(draft, "submit"), {"version": fixed.json()["version"]}, JSON).json()
    returned = approver.post(
        _url(draft, "return"), {"version": body["version"], "reason": "Thiếu phần tồn tại"}, JSON
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert returned.json()["number_text"] == body["number_text"]


def test_outsiders_get_404_and_viewers_403_on_every_operation(
    outsider, viewer, editor, draft, small_form, tree, operator
):
    foreign = services.submission_open(
        actor=operator, form=small_form.form, unit=tree.sibling, period_code=PERIOD
    )
    assert editor.get(_url(foreign)).status_code == 404  # another province's report
    assert editor.get("/api/v1/values", {"submission": foreign.pk}).status_code == 404
    v = draft.version
    calls = [
        ("get", _url(draft), None),
        ("patch", _url(draft), {"values": {"SESSIONS": 1}, "version": v}),
        ("post", _url(draft, "submit"), {"version": v}),
        ("post", _url(draft, "approve"), {"version": v}),
        ("post", _url(draft, "return"), {"version": v, "reason": "x"}),
        ("post", _url(draft, "reopen"), {"version": v, "reason": "x"}),
        ("get", f"/api/v1/values?submission={draft.pk}", None),
        ("put", "/api/v1/values", {"submission_id": draft.pk, "version": v, "values": {}}),
        (
            "post",
            "/api/v1/submissions",
            {"form_id": small_form.form.pk, "unit_id": tree.child.pk, "period": PERIOD},
        ),
        (
            "get",
            f"/api/v1/rollups/values?form={small_form.form.pk}&unit={tree.own.pk}&period={PERIOD}",
            None,
        ),
    ]
    for method, url, data in calls:
        kwargs = {"content_type": JSON} if data is not None else {}
        args = (url, data) if data is not None else (url,)
        _error(getattr(outsider, method)(*args, **kwargs), 404)
        expected = 200 if method == "get" else 403
        assert getattr(viewer, method)(*args, **kwargs).status_code == expected, (method, url)
    assert outsider.get("/api/v1/submissions/to-decide").json()["items"] == []
    assert Submission.objects.get(pk=draft.pk).version == v
    assert not Value.objects.filter(submission=draft).exists()


# Roll-up


def _report(operator, form, unit, period_code, values, *, submit_on: dt.date) -> Submission:
    report = services.submission_open(actor=operator, form=form, unit=unit, period_code=period_code)
    report = services.submission_save(
        actor=operator, submission=report, version=report.version, values=values
    )
    at = timezone.make_aware(dt.datetime.combine(submit_on, dt.time(10)))
    return services.submission_submit(
        actor=operator, submission=report, version=report.version, at=at
    )


def test_rollup_numbers_children_and_completeness(small_form, tree, operator, role_users):
    form = small_form.form
    _report(
        operator,
        form,
        tree.own,
        PERIOD,
        {"SESSIONS": 3, "EXPECTED": 100, "ATTENDED": 80, "VALUE": "626 tỉ", "NOTE": "Tỉnh"},
        submit_on=dt.date(2026, 1, 5),
    )
    _report(
        operator,
        form,
        tree.sibling,
        PERIOD,
        {"SESSIONS": 4, "EXPECTED": 60, "ATTENDED": 60, "SCORE": "7,5"},
        submit_on=dt.date(2026, 1, 20),
    )
    _report(
        operator, form, tree.predecessor, "2025-H1", {"SESSIONS": 5}, submit_on=dt.date(2025, 7, 3)
    )
    api = client_for(operator)
    params = {"form": form.pk, "unit": tree.central.pk, "period": "6 tháng cuối năm 2025"}
    response = api.get("/api/v1/rollups/values", params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"]["code"] == PERIOD and body["unit"]["code"] == "TW"
    assert body["own_submission"] is None and body["own"]["SESSIONS"] is None
    totals = body["totals"]
    assert (totals["SESSIONS"], totals["EXPECTED"], totals["ATTENDED"]) == ("7", "160", "140")
    assert totals["RATE"] == "87.5"  # 140 / 160: the ratio of the totals
    assert totals["VALUE"] == "626000000000" and totals["SCORE"] == "7.5"
    assert totals["NOTE"] is None
    rows = {row["unit"]["code"]: row for row in body["children"]}
    assert list(rows) == ["P1", "P2", "P3"]
    assert (rows["P1"]["figures"]["SESSIONS"], rows["P1"]["figures"]["RATE"]) == ("3", "80")
    assert (rows["P2"]["figures"]["SESSIONS"], rows["P2"]["figures"]["RATE"]) == ("4", "100")
    assert rows["P3"]["figures"]["SESSIONS"] is None
    assert rows["P1"]["completeness"] == {
        "expected": 3,
        "submitted": 1,
        "approved": 0,
        "on_time": 1,
        "late": 0,
        "missing": 2,
        "percent": 33,
    }
    c = body["completeness"]
    assert (c["expected"], c["submitted"], c["on_time"], c["late"], c["missing"]) == (6, 2, 1, 1, 4)
    assert [u["code"] for u in body["missing_units"]] == ["D1", "C1", "P3", "D3"]
    assert (body["previous_period"]["code"], body["last_year_period"]["code"]) == (
        "2025-H1",
        "2024-H2",
    )
    assert body["previous"]["SESSIONS"] == "5" and body["last_year"]["SESSIONS"] is None
    assert [i["code"] for i in body["indicators"]][:4] == [
        "SESSIONS",
        "EXPECTED",
        "ATTENDED",
        "RATE",
    ]

    # P1 through its own viewer: its own figures, and the predecessor's before the merger.
    p1 = (
        client_for(role_users["viewer"])
        .get("/api/v1/rollups/values", {**params, "unit": tree.own.pk})
        .json()
    )
    assert p1["own_submission"]["status"] == "submitted"
    assert (p1["own"]["SESSIONS"], p1["own"]["RATE"], p1["own"]["NOTE"]) == ("3", "80", "Tỉnh")
    assert p1["totals"]["SESSIONS"] == "3"
    assert p1["previous"]["SESSIONS"] == "5"
    assert [u["code"] for u in p1["compared_units"]] == ["P0"]
    assert [row["unit"]["code"] for row in p1["children"]] == ["P1", "D1"]
    _error(api.get("/api/v1/rollups/values", {**params, "period": "2025"}), 400, "period")


def test_lists_read_a_fixed_number_of_queries(
    small_form, tree, operator, django_assert_max_num_queries
):
    for unit in (tree.own, tree.child, tree.deeper, tree.sibling, tree.other):
        services.submission_open(
            actor=operator, form=small_form.form, unit=unit, period_code=PERIOD
        )
    api = client_for(operator)
    # Token lookup and its last-used stamp, the count, the page: not one query per row.
    with django_assert_max_num_queries(6):
        listed = api.get("/api/v1/submissions", {"limit": 100}).json()
    assert listed["count"] == 5
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/indicators").json()["count"] == len(small_form.indicators)
    with django_assert_max_num_queries(6):
        assert api.get("/api/v1/forms").json()["count"] == 1
