"""The work-programmes API: every operation's happy path, its refusals (404 outside the subtree,
403 for a viewer's writes, 409/412 on a stale version, 400/422 on bad input), and the numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from tuyengiao.accounts.services import token_create
from tuyengiao.api import api as ninja_api
from tuyengiao.programmes import services
from tuyengiao.programmes.models import Programme, Task, TaskUpdate

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2026
JSON = "application/json"


def client_for(user) -> Client:
    _token, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def api(operator) -> Client:
    return client_for(operator)


@pytest.fixture
def editor(role_users) -> Client:
    return client_for(role_users["editor"])


@pytest.fixture
def viewer(role_users) -> Client:
    return client_for(role_users["viewer"])


@pytest.fixture
def programme(tree, operator) -> Programme:
    return services.programme_create(actor=operator, unit=tree.own, year=YEAR)


@pytest.fixture
def task(programme, operator) -> Task:
    return services.task_create(
        actor=operator, programme=programme, title="Sơ kết", number="1", deadline=D(2026, 3, 31)
    )


@pytest.fixture
def foreign(tree, operator) -> Task:
    """A task of another province (sibling): not visible to the users of `own`."""
    p = services.programme_create(actor=operator, unit=tree.sibling, year=YEAR)
    return services.task_create(actor=operator, programme=p, title="Việc tỉnh khác", number="1")


def _error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "extra"}  # one shape for every error, 404 and 422 included
    if field is not None:
        assert body["extra"]["field"] == field, body
    return body


# Programmes


def test_programme_create_list_get(editor, tree, role_users):
    response = editor.post("/api/v1/programmes", {"unit_id": tree.own.pk, "year": YEAR}, JSON)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["unit"]["code"] == "P1" and created["status"] == "draft"
    assert created["title"] == "Work programme 2026" or created["title"].endswith("2026")
    listed = editor.get("/api/v1/programmes", {"unit": tree.own.pk, "year": YEAR}).json()
    assert [(p["id"], p["task_count"]) for p in listed["items"]] == [(created["id"], 0)]
    assert editor.get(f"/api/v1/programmes/{created['id']}").json()["version"] == 1
    again = editor.post("/api/v1/programmes", {"unit_id": tree.own.pk, "year": YEAR}, JSON)
    _error(again, 400, "year")


def test_programme_refusals(viewer, editor, tree, foreign):
    _error(viewer.post("/api/v1/programmes", {"unit_id": tree.own.pk, "year": YEAR}, JSON), 403)
    _error(editor.post("/api/v1/programmes", {"unit_id": tree.sibling.pk, "year": YEAR}, JSON), 404)
    assert not Programme.objects.filter(unit=tree.own).exists()
    assert editor.get(f"/api/v1/programmes/{foreign.programme_id}").status_code == 404
    assert editor.get("/api/v1/programmes", {"unit": tree.sibling.pk}).status_code == 404
    assert editor.get("/api/v1/programmes").json()["items"] == []
    response = editor.post("/api/v1/programmes", {"unit_id": tree.own.pk, "year": "năm"}, JSON)
    assert response.status_code == 422 and "year" in str(response.json())


def test_programme_approve_with_version_and_if_match(programme, task, role_users):
    approver = client_for(role_users["approver"])
    url = f"/api/v1/programmes/{programme.pk}/approve"
    _error(client_for(role_users["editor"]).post(url, {"version": 1}, JSON), 403)
    _error(approver.post(url, {}, JSON), 400, "version")
    stale = approver.post(url, {}, JSON, headers={"If-Match": '"7"'})
    assert "current_version" in _error(stale, 412)["extra"]
    _error(approver.post(url, {"version": 7}, JSON), 409)
    response = approver.post(url, {"version": programme.version}, JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["approved_by"] == "approver_user"
    assert body["version"] == programme.version + 1


# Tasks


def test_task_create_and_outline(editor, programme, tree):
    response = editor.post(
        "/api/v1/tasks",
        {"programme_id": programme.pk, "title": "Nhóm tham mưu", "number": "1"},
        JSON,
    )
    assert response.status_code == 201, response.content
    group = response.json()
    response = editor.post(
        "/api/v1/tasks",
        {
            "programme_id": programme.pk,
            "title": "Sơ kết Chỉ thị 05",
            "number": "1.1",
            "parent_id": group["id"],
            "category": "advisory",
            "lead_unit_id": tree.child.pk,
            "supporting_unit_ids": [tree.deeper.pk],
            "deadline_month": 3,
            "source": "Kế hoạch 12-KH/BTG",
        },
        JSON,
    )
    assert response.status_code == 201, response.content
    child = response.json()
    assert child["lead_unit"]["code"] == "D1" and child["due_date"] == "2026-03-31"
    assert [u["code"] for u in child["supporting_units"]] == ["C1"]
    outline = editor.get(f"/api/v1/programmes/{programme.pk}/tasks", {"as_of": "2026-04-15"})
    assert [
        (t["number"], t["depth"], t["is_group"], t["status_on"], t["overdue"])
        for t in outline.json()
    ] == [("1", 0, True, "not_started", False), ("1.1", 1, False, "not_started", True)]
    detail = editor.get(f"/api/v1/tasks/{child['id']}", {"as_of": "2026-01-15"}).json()
    assert detail["status_on"] == "not_started" and detail["overdue"] is False
    assert detail["parent_id"] == group["id"] and detail["handed_down_ids"] == []


def test_task_create_refusals(editor, viewer, programme, foreign, tree):
    body = {"programme_id": programme.pk, "title": "Việc", "deadline": "2027-01-15"}
    _error(editor.post("/api/v1/tasks", body, JSON), 400, "deadline")
    _error(editor.post("/api/v1/tasks", body | {"deadline": None, "deadline_month": 13}, JSON), 400, "deadline_month")  # fmt: skip
    _error(editor.post("/api/v1/tasks", body | {"deadline": None, "title": "  "}, JSON), 400, "title")  # fmt: skip
    response = editor.post("/api/v1/tasks", body | {"category": "sport"}, JSON)
    assert response.status_code == 422 and "category" in str(response.json())
    response = editor.post("/api/v1/tasks", body | {"origin": "assigned"}, JSON)
    assert response.status_code == 422 and "origin" in str(response.json())
    ok = {"programme_id": programme.pk, "title": "Việc"}
    _error(viewer.post("/api/v1/tasks", ok, JSON), 403)
    _error(editor.post("/api/v1/tasks", ok | {"programme_id": foreign.programme_id}, JSON), 404)
    _error(editor.post("/api/v1/tasks", ok | {"parent_id": foreign.pk}, JSON), 404)
    _error(editor.post("/api/v1/tasks", ok | {"lead_unit_id": tree.sibling.pk}, JSON), 404)
    assert not programme.tasks.exists()


def test_task_get_hides_other_subtrees(editor, foreign, task):
    assert editor.get(f"/api/v1/tasks/{foreign.pk}").status_code == 404
    assert editor.get(f"/api/v1/tasks/{foreign.pk}/updates").status_code == 404
    assert editor.get(f"/api/v1/programmes/{foreign.programme_id}/tasks").status_code == 404
    assert editor.get(f"/api/v1/tasks/{task.pk}").status_code == 200


def test_writes_on_another_subtrees_records_answer_404_and_write_nothing(editor, foreign):
    before = (Task.objects.count(), TaskUpdate.objects.count(), foreign.version)
    url = f"/api/v1/tasks/{foreign.pk}"
    for response in [
        editor.post(f"/api/v1/programmes/{foreign.programme_id}/approve", {"version": 1}, JSON),
        editor.patch(url, {"version": 1, "title": "Sửa"}, JSON),
        editor.delete(url),
        editor.post(f"{url}/hand-down", {"mode": "children"}, JSON),
        editor.post(f"{url}/propagate-deadline", {"task_ids": []}, JSON),
        editor.post(f"{url}/updates", {"status": "done", "date": "2026-03-01"}, JSON),
    ]:
        assert response.status_code == 404, response.request
    foreign.refresh_from_db()
    assert (Task.objects.count(), TaskUpdate.objects.count(), foreign.version) == before


def test_task_update_is_versioned(editor, viewer, task, role_users):
    url = f"/api/v1/tasks/{task.pk}"
    response = editor.patch(url, {"version": task.version, "title": "Sơ kết 6 tháng"}, JSON)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Sơ kết 6 tháng" and response.json()["version"] == 2
    # The second person still holds version 1: refused with who and when, not lost.
    stale = _error(editor.patch(url, {"version": 1, "title": "Ghi đè"}, JSON), 409)
    assert str(role_users["editor"]) in stale["message"] and stale["extra"]["current_version"] == 2
    _error(editor.patch(url, {"title": "Ghi đè"}, JSON, headers={"If-Match": '"1"'}), 412)
    task.refresh_from_db()
    assert task.title == "Sơ kết 6 tháng"
    response = editor.patch(url, {"deadline_month": 9, "deadline": None}, JSON, headers={"If-Match": 'W/"2"'})  # fmt: skip
    assert response.status_code == 200 and response.json()["due_date"] == "2026-09-30"
    _error(editor.patch(url, {"title": "x"}, JSON), 400, "version")
    _error(editor.patch(url, {"version": 3, "title": None}, JSON), 400, "title")
    _error(editor.patch(url, {"version": 3, "deadline": "2025-12-31"}, JSON), 400, "deadline")
    _error(viewer.patch(url, {"version": 3, "title": "x"}, JSON), 403)


def test_task_update_refuses_a_cycle_of_groups(editor, programme, operator):
    group = services.task_create(actor=operator, programme=programme, title="Nhóm", number="1")
    inner = services.task_create(
        actor=operator, programme=programme, title="Con", number="1.1", parent=group
    )
    response = editor.patch(
        f"/api/v1/tasks/{group.pk}", {"version": group.version, "parent_id": inner.pk}, JSON
    )
    _error(response, 400, "parent")
    group.refresh_from_db()
    assert group.parent_id is None


def test_task_delete(editor, viewer, task, foreign):
    _error(viewer.delete(f"/api/v1/tasks/{task.pk}"), 403)
    assert editor.delete(f"/api/v1/tasks/{foreign.pk}").status_code == 404
    assert editor.delete(f"/api/v1/tasks/{task.pk}").status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    assert Task.objects.filter(pk=foreign.pk).exists()


# Handing down


def test_hand_down_to_children_level_and_pick(api, task, tree):
    url = f"/api/v1/tasks/{task.pk}/hand-down"
    response = api.post(url, {"mode": "children", "on": "2026-02-01"}, JSON)
    assert response.status_code == 201, response.content
    copies = response.json()
    assert [(c["lead_unit"]["code"], c["origin"], c["assigned_from_id"]) for c in copies] == [
        ("D1", "assigned", task.pk)
    ]
    assert copies[0]["deadline"] == "2026-03-31"
    response = api.post(url, {"mode": "level", "level": "commune", "on": "2026-02-01"}, JSON)
    assert [c["lead_unit"]["code"] for c in response.json()] == ["C1"]
    # Both already have it: nothing new.
    response = api.post(url, {"mode": "pick", "unit_ids": [tree.child.pk, tree.deeper.pk]}, JSON)
    assert response.status_code == 201 and response.json() == []
    _error(api.post(url, {"mode": "level"}, JSON), 400, "level")
    assert api.get(f"/api/v1/tasks/{task.pk}").json()["handed_down_ids"] == [
        c["id"] for c in copies
    ] + [Task.objects.get(programme__unit=tree.deeper).pk]


def test_hand_down_outside_the_subtree_is_refused_and_writes_nothing(
    api, editor, viewer, task, tree
):
    url = f"/api/v1/tasks/{task.pk}/hand-down"
    before = (Task.objects.count(), Programme.objects.count())
    body = _error(api.post(url, {"mode": "pick", "unit_ids": [tree.child.pk, tree.sibling.pk]}, JSON), 400, "recipients")  # fmt: skip
    assert tree.sibling.name in body["message"]
    # A unit the editor cannot even see is not found.
    _error(editor.post(url, {"mode": "pick", "unit_ids": [tree.child.pk, tree.sibling.pk]}, JSON), 404)  # fmt: skip
    _error(editor.post(url, {"mode": "pick", "unit_ids": []}, JSON), 400, "recipients")
    _error(viewer.post(url, {"mode": "children"}, JSON), 403)
    assert (Task.objects.count(), Programme.objects.count()) == before


def test_propagate_deadline_to_chosen_copies(editor, operator, task, tree, foreign):
    copies = services.task_hand_down(
        actor=operator,
        task=task,
        recipients=[tree.child, tree.deeper],
        on=D(2026, 2, 1),
    )
    response = editor.patch(f"/api/v1/tasks/{task.pk}", {"version": 1, "deadline": "2026-05-31"}, JSON)  # fmt: skip
    assert response.status_code == 200
    assert {t.deadline for t in Task.objects.filter(assigned_from=task)} == {D(2026, 3, 31)}
    url = f"/api/v1/tasks/{task.pk}/propagate-deadline"
    response = editor.post(url, {"task_ids": [copies[0].pk]}, JSON)
    assert response.status_code == 200 and response.json() == {"count": 1}
    copies[0].refresh_from_db(), copies[1].refresh_from_db()
    assert (copies[0].deadline, copies[1].deadline) == (D(2026, 5, 31), D(2026, 3, 31))
    _error(editor.post(url, {"task_ids": [task.pk]}, JSON), 400, "targets")
    assert editor.post(url, {"task_ids": [foreign.pk]}, JSON).status_code == 404


# Progress


def test_progress_updates_and_the_cancelled_rule(editor, viewer, task):
    url = f"/api/v1/tasks/{task.pk}/updates"
    response = editor.post(url, {"status": "in_progress", "date": "2026-02-01", "note": "Đang làm"}, JSON)  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["created_by"] == "editor_user" and response.json()["attachment"] is None
    _error(editor.post(url, {"status": "done", "date": "2099-01-01"}, JSON), 400, "date")
    _error(viewer.post(url, {"status": "done", "date": "2026-03-01"}, JSON), 403)
    response = editor.post(url, {"status": "finished", "date": "2026-03-01"}, JSON)
    assert response.status_code == 422 and "status" in str(response.json())
    assert editor.post(url, {"status": "cancelled", "date": "2026-03-01"}, JSON).status_code == 201
    count = TaskUpdate.objects.count()
    _error(editor.post(url, {"status": "done", "date": "2026-03-02"}, JSON), 400, "status")
    assert TaskUpdate.objects.count() == count
    timeline = viewer.get(url).json()
    assert [(u["status"], u["date"]) for u in timeline] == [
        ("in_progress", "2026-02-01"),
        ("cancelled", "2026-03-01"),
    ]


def test_inbox_lists_tasks_from_above(operator, tree, role_users):
    central = services.programme_create(actor=operator, unit=tree.central, year=YEAR)
    source = services.task_create(
        actor=operator, programme=central, title="Tổng kết", deadline=D(2026, 1, 31)
    )
    services.task_hand_down(actor=operator, task=source, recipients=[tree.own], on=D(2026, 1, 5))
    response = client_for(role_users["editor"]).get("/api/v1/tasks/inbox", {"as_of": "2026-02-01"})
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert item["unit"]["code"] == "P1" and item["from_unit"]["code"] == "TW"
    assert item["assigned_from_id"] == source.pk and item["overdue"] is True
    assert item["status_on"] == "not_started"
    # The inbox is for the units one edits: a viewer's is empty.
    assert client_for(role_users["viewer"]).get("/api/v1/tasks/inbox").json()["items"] == []


# Roll-up


def test_rollup_numbers_own_subtree_children(api, operator, tree, role_users):
    p = services.programme_create(actor=operator, unit=tree.own, year=YEAR)
    g = services.task_create(actor=operator, programme=p, title="Nhóm", number="1")
    a = services.task_create(
        actor=operator, programme=p, title="A", number="1.1", parent=g, deadline_month=3
    )
    b = services.task_create(
        actor=operator, programme=p, title="B", number="2", deadline=D(2026, 5, 1)
    )
    services.task_create(
        actor=operator, programme=p, title="C", origin="ad_hoc", entered_on=D(2026, 2, 1)
    )
    services.task_progress_add(actor=operator, task=a, status="done", date=D(2026, 2, 1))
    copies = services.task_hand_down(
        actor=operator, task=b, recipients=[tree.child, tree.deeper], on=D(2026, 3, 1)
    )
    services.task_progress_add(actor=operator, task=copies[0], status="done", date=D(2026, 4, 1))
    viewer = client_for(role_users["viewer"])
    half = viewer.get(
        "/api/v1/rollups/tasks", {"unit": tree.own.pk, "as_of": "2026-06-30", "period": "2026-H1"}
    )
    assert half.status_code == 200, half.content
    data = half.json()
    assert data["period"] == {
        "code": "2026-H1",
        "label": "6 tháng đầu năm 2026",
        "start": "2026-01-01",
        "end": "2026-06-30",
    }
    assert (data["own"]["total"], data["own"]["done"], data["own"]["overdue"]) == (2, 1, 1)
    assert data["subtree"]["done_ratio"] == "2/4" and data["subtree"]["percent_done"] == 50
    assert [(c["unit"]["code"], c["counts"]["done_ratio"]) for c in data["children"]] == [
        ("D1", "1/2")
    ]
    year = viewer.get("/api/v1/rollups/tasks", {"unit": tree.own.pk, "as_of": "2026-12-31"})
    assert year.json()["period"]["code"] == "2026"
    assert (year.json()["own"]["total"], year.json()["own"]["ad_hoc"]) == (3, 1)
    _error(
        viewer.get("/api/v1/rollups/tasks", {"unit": tree.own.pk, "period": "H1"}), 400, "period"
    )
    assert viewer.get("/api/v1/rollups/tasks", {"unit": tree.sibling.pk}).status_code == 404
    assert viewer.get("/api/v1/rollups/tasks").status_code == 422


# XLSX for scripts


def _xlsx(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(["STT", "Nội dung nhiệm vụ", "Loại", "Thời hạn"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_and_export_through_the_api(editor, viewer, programme, foreign):
    url = f"/api/v1/programmes/{programme.pk}/import"
    bad = _xlsx(["1", "Một", "Tham mưu", "31/12/2021"], ["2", "", "", ""])
    body = _error(editor.post(url, {"file": io.BytesIO(bad)}), 400)
    assert [(e["sheet"], e["row"], e["column"]) for e in body["extra"]["errors"]] == [
        ("Nhiệm vụ", 2, "Thời hạn"),
        ("Nhiệm vụ", 3, "Nội dung nhiệm vụ"),
    ]
    assert "31/12/2021" in body["extra"]["errors"][0]["message"]
    assert not programme.tasks.exists()
    _error(editor.post(url, {"file": io.BytesIO(b"not a workbook")}), 400, "file")
    good = _xlsx(["1", "Một", "Tham mưu", "tháng 6"], ["1.1", "Hai", "", "15/05/2026"])
    _error(viewer.post(url, {"file": io.BytesIO(good)}), 403)
    assert editor.post(f"/api/v1/programmes/{foreign.programme_id}/import", {"file": io.BytesIO(good)}).status_code == 404  # fmt: skip
    response = editor.post(url, {"file": io.BytesIO(good)})
    assert response.status_code == 201 and response.json() == {"count": 2}

    response = viewer.get(f"/api/v1/programmes/{programme.pk}/export.xlsx", {"as_of": "2026-07-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content))["Nhiệm vụ"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1], r[8], r[9]) for r in rows[:2]] == [
        ("1", "Một", None, None),  # a group: counted through its tasks
        ("1.1", "Hai", "Chưa thực hiện", "x"),
    ]
    assert rows[-1][:2] == ("Tổng cộng", rows[-1][1]) and "Hoàn thành 0/1" in rows[-1][1]
    assert viewer.get(f"/api/v1/programmes/{foreign.programme_id}/export.xlsx").status_code == 404


# OpenAPI


def test_every_operation_is_documented():
    schema = ninja_api.get_openapi_schema()
    ops = [
        op
        for item in schema["paths"].values()
        for op in item.values()
        if "programmes" in op.get("tags", [])
    ]
    assert len(ops) == 17
    for op in ops:
        assert op["operationId"].startswith("programmes_")
        assert op.get("description"), op["operationId"]
    export = schema["paths"]["/api/v1/programmes/{pk}/export.xlsx"]["get"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in str(export)


# Query counts (no N+1 on the lists)


@pytest.mark.parametrize("n", [2, 12])
def test_lists_take_a_fixed_number_of_queries(
    n, operator, tree, role_users, django_assert_max_num_queries
):
    central = services.programme_create(actor=operator, unit=tree.central, year=YEAR)
    own = services.programme_create(actor=operator, unit=tree.own, year=YEAR)
    for i in range(n):
        t = services.task_create(
            actor=operator, programme=own, title=f"Việc {i}", number=str(i + 1),
            supporting_units=[tree.child], lead_unit=tree.child,
        )  # fmt: skip
        services.task_progress_add(actor=operator, task=t, status="in_progress", date=D(2026, 2, 1))
        source = services.task_create(actor=operator, programme=central, title=f"Giao {i}")
        services.task_hand_down(
            actor=operator, task=source, recipients=[tree.own], on=D(2026, 1, 2)
        )
    editor = client_for(role_users["editor"])
    with django_assert_max_num_queries(9):
        assert len(editor.get(f"/api/v1/programmes/{own.pk}/tasks").json()) == 2 * n
    with django_assert_max_num_queries(8):
        assert len(editor.get("/api/v1/tasks/inbox").json()["items"]) == n
    with django_assert_max_num_queries(8):
        assert len(editor.get("/api/v1/programmes").json()["items"]) == 1
