"""The meetings API: record, read, change and delete meetings; conclusions to tasks; calendar;
coverage; who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tuyengiao.accounts.models import Membership
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.models import Meeting
from tuyengiao.people.models import Person, Position
from tuyengiao.testing import UserFactory

DAY = dt.date(2026, 3, 9)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


@pytest.fixture
def editor_client(role_users, client_for):
    return client_for(role_users["editor"])


@pytest.fixture
def directive(tree):
    return Directive.objects.create(
        unit=tree.central,
        code="05-CT/TW",
        number=5,
        doc_type="CT",
        issuer="TW",
        title="Về đẩy mạnh học tập và làm theo tư tưởng Hồ Chí Minh",
        term="XII",
        search_name="chi thi 05",
    )


@pytest.fixture
def chair(tree):
    person = Person.objects.create(full_name="Trần Việt Trường", search_name="tran viet truong")
    Position.objects.create(
        person=person, title="Trưởng Ban Tuyên giáo", unit=tree.own, valid_from=dt.date(2025, 7, 1)
    )
    return person


def _payload(tree, **kw):
    data = {
        "organiser_id": tree.own.pk,
        "kind": "briefing",
        "title": "Giao ban công tác tuyên giáo quý I",
        "start_date": DAY.isoformat(),
    }
    data.update(kw)
    return data


def _create(client, tree, **kw):
    return client.post("/api/v1/meetings", _payload(tree, **kw), content_type="application/json")


def test_create_and_read_a_meeting_with_everything(editor_client, tree, chair, directive):
    response = _create(
        editor_client,
        tree,
        units=[{"unit_id": tree.child.pk, "role": "online_point"}],
        people=[{"person_id": chair.pk, "role": "chair"}],
        directive_codes=["Chỉ thị số 05-CT/TW"],
        conclusions=[{"text": "Đẩy mạnh tuyên truyền", "addressed_to_id": tree.child.pk}],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["online"] is True
    assert body["units"][0]["unit"]["code"] == "D1"
    assert body["people"][0]["title"] == "Trưởng Ban Tuyên giáo"
    assert [d["code"] for d in body["directives"]] == ["05-CT/TW"]
    got = editor_client.get(f"/api/v1/meetings/{body['id']}")
    assert got.status_code == 200
    assert got["ETag"] == '"1"'
    assert got.json()["conclusions"][0]["text"] == "Đẩy mạnh tuyên truyền"


def test_a_malformed_code_is_refused_with_a_suggestion(editor_client, tree, directive):
    response = _create(editor_client, tree, directive_codes=["05/CT-TW"])
    assert response.status_code == 400
    assert response.json()["extra"]["suggestion"] == "05-CT/TW"
    assert not Meeting.objects.exists()


def test_an_unregistered_code_is_refused(editor_client, tree):
    response = _create(editor_client, tree, directive_codes=["01-KL/TW"])
    assert response.status_code == 400
    assert "not in the directive registry" in response.json()["message"]


def test_bad_input_is_refused_and_nothing_written(editor_client, tree):
    end_first = _create(editor_client, tree, end_date=(DAY - dt.timedelta(days=1)).isoformat())
    assert end_first.status_code == 400
    assert end_first.json()["extra"]["field"] == "end_date"
    too_many = _create(
        editor_client,
        tree,
        units=[{"unit_id": tree.child.pk, "expected": 10, "attended_in_person": 11}],
    )
    assert too_many.status_code == 400
    negative = _create(editor_client, tree, units=[{"unit_id": tree.child.pk, "expected": -1}])
    assert negative.status_code == 422
    assert not Meeting.objects.exists()


def test_patch_needs_the_version_and_refuses_a_stale_one(editor_client, tree):
    pk = _create(editor_client, tree).json()["id"]
    ok = editor_client.patch(
        f"/api/v1/meetings/{pk}",
        {"place": "Hội trường"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = editor_client.patch(
        f"/api/v1/meetings/{pk}",
        {"place": "Phòng họp"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert stale.status_code == 412
    stale_body = editor_client.patch(
        f"/api/v1/meetings/{pk}",
        {"place": "Phòng họp", "version": 1},
        content_type="application/json",
    )
    assert stale_body.status_code == 409
    assert Meeting.objects.get(pk=pk).place == "Hội trường"


def test_delete(editor_client, tree):
    pk = _create(editor_client, tree).json()["id"]
    assert editor_client.delete(f"/api/v1/meetings/{pk}?version=1").status_code == 204
    assert not Meeting.objects.filter(pk=pk).exists()


def test_visited_unit_sees_the_visit_and_only_its_conclusions(editor_client, client_for, tree):
    """A central delegation's visit: visible to the visited province, with the conclusions
    addressed to it, not those addressed to another province."""
    central_editor = UserFactory()
    Membership.objects.create(user=central_editor, unit=tree.central, role="editor")
    response = _create(
        client_for(central_editor),
        tree,
        organiser_id=tree.central.pk,
        kind="working_visit",
        end_date=(DAY + dt.timedelta(days=3)).isoformat(),
        units=[
            {"unit_id": tree.own.pk, "role": "visited", "visit_start": DAY.isoformat()},
            {
                "unit_id": tree.sibling.pk,
                "role": "visited",
                "visit_start": (DAY + dt.timedelta(days=2)).isoformat(),
            },
        ],
        conclusions=[
            {"text": "Cho tỉnh mình", "addressed_to_id": tree.own.pk},
            {"text": "Cho tỉnh bạn", "addressed_to_id": tree.sibling.pk},
            {"text": "Chung"},
        ],
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    seen = editor_client.get(f"/api/v1/meetings/{pk}")
    assert seen.status_code == 200
    assert [c["text"] for c in seen.json()["conclusions"]] == ["Cho tỉnh mình", "Chung"]
    listed = editor_client.get("/api/v1/meetings").json()["items"]
    assert [m["id"] for m in listed] == [pk]
    # Seeing is not changing: the visited province's editor cannot edit the centre's record.
    refused = editor_client.patch(
        f"/api/v1/meetings/{pk}", {"place": "x", "version": 1}, content_type="application/json"
    )
    assert refused.status_code == 403
    # A province that took no part does not see it.
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.other_province, role="admin")
    assert client_for(outsider).get(f"/api/v1/meetings/{pk}").status_code == 404
    # Calendar of the visited unit shows its own visit days.
    calendar = editor_client.get(
        f"/api/v1/calendar?unit={tree.own.pk}&start={DAY.isoformat()}"
        f"&end={(DAY + dt.timedelta(days=6)).isoformat()}"
    ).json()
    assert [(e["role"], e["day_start"]) for e in calendar] == [("visited", DAY.isoformat())]


def test_conclusion_to_tasks(editor_client, tree, directive):
    body = _create(
        editor_client,
        tree,
        directive_ids=[directive.pk],
        conclusions=[{"text": "Tổ chức hội nghị báo cáo viên", "addressed_to_id": tree.child.pk}],
    ).json()
    conclusion = body["conclusions"][0]["id"]
    made = editor_client.post(
        f"/api/v1/conclusions/{conclusion}/tasks",
        {"deadline": "2026-06-30"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert [t["unit"]["code"] for t in made.json()] == ["D1"]
    detail = editor_client.get(f"/api/v1/meetings/{body['id']}").json()
    assert detail["conclusions"][0]["task_ids"] == [made.json()[0]["id"]]
    citations = editor_client.get(f"/api/v1/directives/{directive.pk}/citations").json()
    assert [m["id"] for m in citations["meetings"]] == [body["id"]]
    assert [t["id"] for t in citations["tasks"]] == [made.json()[0]["id"]]


def test_coverage_over_a_subtree(editor_client, tree, directive):
    response = _create(
        editor_client,
        tree,
        kind="study_session",
        directive_ids=[directive.pk],
        units=[
            {"unit_id": tree.own.pk, "expected": 50, "attended_in_person": 45},
            {
                "unit_id": tree.child.pk,
                "role": "online_point",
                "expected": 30,
                "attended_online": 30,
            },
        ],
    )
    assert response.status_code == 201, response.content
    coverage = editor_client.get(
        f"/api/v1/directives/{directive.pk}/coverage?unit={tree.own.pk}&as_of=2026-12-31"
    ).json()
    assert coverage["subtree"]["expected"] == 80
    assert coverage["subtree"]["attended"] == 75
    assert coverage["subtree"]["sessions"] == 1
    assert coverage["own"]["held"] is True
    assert [c["unit"]["code"] for c in coverage["children"]] == ["D1"]
    assert coverage["children"][0]["counts"]["rate"] == 100.0
    before = editor_client.get(
        f"/api/v1/directives/{directive.pk}/coverage?unit={tree.own.pk}&as_of=2026-03-01"
    ).json()
    assert before["subtree"]["sessions"] == 0
    assert [u["code"] for u in before["not_yet"]] == ["D1"]


def test_outsiders_get_404_and_viewers_403_on_every_operation(
    editor_client, client_for, role_users, tree, directive
):
    body = _create(
        editor_client,
        tree,
        directive_ids=[directive.pk],
        conclusions=[{"text": "Việc cần làm"}],
    ).json()
    pk, conclusion = body["id"], body["conclusions"][0]["id"]
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.other_province, role="admin")
    viewer = client_for(role_users["viewer"])
    other = client_for(outsider)
    json = "application/json"
    calls = [
        ("get", f"/api/v1/meetings/{pk}", None),
        ("patch", f"/api/v1/meetings/{pk}", {"place": "x", "version": 1}),
        ("delete", f"/api/v1/meetings/{pk}?version=1", None),
        ("post", f"/api/v1/meetings/{pk}/conclusions", {"text": "Thêm"}),
        ("delete", f"/api/v1/conclusions/{conclusion}", None),
        ("post", f"/api/v1/conclusions/{conclusion}/tasks", {}),
        ("get", f"/api/v1/calendar?unit={tree.own.pk}", None),
        ("get", f"/api/v1/directives/{directive.pk}/coverage?unit={tree.own.pk}", None),
    ]
    for method, url, data in calls:
        kwargs = {"content_type": json} if data is not None else {}
        args = (url, data) if data is not None else (url,)
        assert getattr(other, method)(*args, **kwargs).status_code == 404, (method, url)
        expected = 200 if method == "get" else 403
        assert getattr(viewer, method)(*args, **kwargs).status_code == expected, (method, url)
    assert other.get("/api/v1/meetings").json()["items"] == []
    assert other.get(f"/api/v1/directives/{directive.pk}/citations").json()["meetings"] == []
    assert Meeting.objects.get(pk=pk).conclusions.count() == 1
