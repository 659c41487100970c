"""The registry API: create, list with filters, parse, patch with versions (409/412), delete
refused while cited, and access (403 for a visible unit you do not edit, 404 outside)."""

from __future__ import annotations

import pytest
from django.test import Client

from tuyengiao.accounts.services import token_create
from tuyengiao.directives.models import Directive
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def client_for(user) -> Client:
    _token, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def editor(role_users) -> Client:
    return client_for(role_users["editor"])


def test_create_list_get(tree, editor):
    response = editor.post(
        "/api/v1/directives",
        {
            "unit_id": tree.own.pk,
            "code": "Nghị quyết số 11-NQ/TU ngày 9/3/2018",
            "title": "Về phát triển văn hóa",
            "term": "XV",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["doc_type"], body["issued_on"], body["unit"]["id"]) == (
        "11-NQ/TU",
        "NQ",
        "2018-03-09",
        tree.own.pk,
    )
    DirectiveFactory(unit=tree.central, code="05-CT/TW", title="Học tập Bác")
    items = editor.get("/api/v1/directives", {"search": "nghi quyet van hoa"}).json()["items"]
    assert [d["code"] for d in items] == ["11-NQ/TU"]
    items = editor.get("/api/v1/directives", {"doc_type": "CT"}).json()["items"]
    assert [d["code"] for d in items] == ["05-CT/TW"]
    items = editor.get("/api/v1/directives", {"unit": tree.own.pk}).json()["items"]
    assert [d["code"] for d in items] == ["11-NQ/TU"]
    assert editor.get(f"/api/v1/directives/{body['id']}").json()["title"] == "Về phát triển văn hóa"


def test_malformed_code_is_400_with_suggestion_and_writes_nothing(tree, editor):
    response = editor.post(
        "/api/v1/directives",
        {"unit_id": tree.own.pk, "code": "11/NQ-TU", "title": "A"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "code", "suggestion": "11-NQ/TU"}
    assert not Directive.objects.exists()


def test_duplicate_is_400(tree, editor):
    payload = {"unit_id": tree.own.pk, "code": "11-NQ/TU", "title": "A", "term": "XV"}
    assert editor.post("/api/v1/directives", payload, content_type=JSON).status_code == 201
    response = editor.post("/api/v1/directives", payload, content_type=JSON)
    assert response.status_code == 400 and response.json()["extra"]["field"] == "code"
    assert Directive.objects.count() == 1


def test_parse(tree, editor):
    response = editor.get(
        "/api/v1/directives/parse", {"code": "Quy định số 208-QD/TW ngày 08/11/2019"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "code": "208-QĐ/TW",
        "number": 208,
        "doc_type": "QĐ",
        "issuer": "TW",
        "issued_on": "2019-11-08",
    }
    response = editor.get("/api/v1/directives/parse", {"code": "05/CT-TW"})
    assert response.status_code == 400
    assert response.json()["extra"]["suggestion"] == "05-CT/TW"


def test_patch_conflicts(tree, editor):
    directive = DirectiveFactory(unit=tree.own, code="11-NQ/TU", title="A")
    url = f"/api/v1/directives/{directive.pk}"
    response = editor.patch(url, {"version": 1, "title": "B"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = editor.patch(url, {"version": 1, "title": "C"}, content_type=JSON)
    assert stale.status_code == 409
    stale = editor.patch(url, {"title": "C"}, content_type=JSON, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert editor.patch(url, {"title": "C"}, content_type=JSON).status_code == 400  # no version
    response = editor.patch(url, {"code": "12-KH/TU"}, content_type=JSON, headers={"If-Match": "2"})
    assert response.status_code == 200 and response.json()["doc_type"] == "KH"
    directive.refresh_from_db()
    assert (directive.title, directive.code) == ("B", "12-KH/TU")


def test_delete_refused_when_a_task_cites_it(tree, editor, operator):
    from tuyengiao.programmes import services as programme_services

    directive = DirectiveFactory(unit=tree.own, code="11-NQ/TU")
    programme = programme_services.programme_create(actor=operator, unit=tree.own, year=2026)
    task = programme_services.task_create(actor=operator, programme=programme, title="Quán triệt")
    task.directives.add(directive)
    response = editor.delete(f"/api/v1/directives/{directive.pk}")
    assert response.status_code == 400 and response.json()["extra"]["tasks"] == 1
    assert Directive.objects.filter(pk=directive.pk).exists()
    task.directives.clear()
    assert editor.delete(f"/api/v1/directives/{directive.pk}").status_code == 204
    assert not Directive.objects.filter(pk=directive.pk).exists()


def test_access(tree, role_users):
    """Reads are open to every signed-in user; writes answer 403 for a visible unit the user
    does not edit (directives are visible to all), 404 for a unit outside their subtrees."""
    mine = DirectiveFactory(unit=tree.own, code="11-NQ/TU", title="Của tỉnh")
    theirs = DirectiveFactory(unit=tree.sibling, code="12-NQ/TU", title="Tỉnh khác")
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/directives/{theirs.pk}").status_code == 200
    assert len(stranger.get("/api/v1/directives").json()["items"]) == 2
    assert Client().get("/api/v1/directives").status_code == 401

    viewer = client_for(role_users["viewer"])
    payload = {"unit_id": tree.own.pk, "code": "13-NQ/TU", "title": "X"}
    assert viewer.post("/api/v1/directives", payload, content_type=JSON).status_code == 403
    assert (
        viewer.patch(
            f"/api/v1/directives/{mine.pk}", {"version": 1, "title": "Z"}, content_type=JSON
        ).status_code
        == 403
    )
    assert viewer.delete(f"/api/v1/directives/{mine.pk}").status_code == 403

    editor = client_for(role_users["editor"])
    payload = {"unit_id": tree.sibling.pk, "code": "13-NQ/TU", "title": "X"}
    assert editor.post("/api/v1/directives", payload, content_type=JSON).status_code == 404
    assert (
        editor.patch(
            f"/api/v1/directives/{theirs.pk}", {"version": 1, "title": "Z"}, content_type=JSON
        ).status_code
        == 403
    )
    assert editor.delete(f"/api/v1/directives/{theirs.pk}").status_code == 403
    # An editor of another subtree cannot write into `own` either.
    outsider = UserFactory()
    from tuyengiao.accounts.models import Membership

    Membership.objects.create(user=outsider, unit=tree.sibling, role="editor")
    payload = {"unit_id": tree.own.pk, "code": "14-NQ/TU", "title": "X"}
    assert (
        client_for(outsider).post("/api/v1/directives", payload, content_type=JSON).status_code
        == 404
    )
    assert (
        client_for(outsider)
        .patch(f"/api/v1/directives/{mine.pk}", {"version": 1, "title": "Z"}, content_type=JSON)
        .status_code
        == 403
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.title, theirs.title) == ("Của tỉnh", "Tỉnh khác")
    assert Directive.objects.count() == 2
