"""The units API beyond the access matrix: filters, lineage, reorganisations, concurrency."""

from __future__ import annotations

import pytest
from django.test import Client

from tuyengiao.accounts.services import token_create
from tuyengiao.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(operator) -> Client:
    _token, raw = token_create(user=operator, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [u["code"] for u in response.json()["items"]]


def test_unit_filters(api, tree):
    assert _codes(api.get("/api/v1/units", {"level": "district"})) == ["D1", "D3"]
    assert _codes(api.get("/api/v1/units", {"parent": tree.own.pk})) == ["D1"]
    assert _codes(api.get("/api/v1/units", {"subtree_of": tree.own.pk})) == ["P1", "D1", "C1"]
    assert "P0" in _codes(api.get("/api/v1/units", {"as_of": "2020-01-01"}))
    assert "P0" not in _codes(api.get("/api/v1/units", {"as_of": "2026-01-01"}))
    assert _codes(api.get("/api/v1/units", {"q": "dong trieu"})) == ["D3"]


def test_unknown_level_filter_is_a_clear_422(api):
    response = api.get("/api/v1/units", {"level": "hamlet"})
    assert response.status_code == 422
    assert response.json()["extra"]["field"] == "level"


def test_lineage_of_a_merged_unit(api, tree):
    data = api.get(f"/api/v1/units/{tree.predecessor.pk}/lineage").json()
    assert [link["successor"]["code"] for link in data["went_into"]] == ["P1"]
    assert data["mapped_onto_today"] == [
        {"unit": {"id": tree.own.pk, "code": "P1", "name": tree.own.name}, "share": "1.000000"}
    ]


def test_split_through_the_api_with_and_without_shares(api, tree):
    old = api.post(
        "/api/v1/units",
        {
            "parent_id": tree.sibling.pk,
            "code": "OLD",
            "name": "Huyện Cũ",
            "kind": "commission",
            "level": "district",
            "valid_from": "2010-01-01",
        },
        content_type="application/json",
    ).json()
    response = api.post(
        "/api/v1/reorganisations",
        {
            "kind": "split",
            "effective_date": "2020-01-01",
            "predecessor_ids": [old["id"]],
            "successors": [
                {"code": "N1", "name": "Huyện Bắc", "parent_id": tree.sibling.pk, "share": "0.6"},
                {"code": "N2", "name": "Huyện Nam", "parent_id": tree.sibling.pk},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    shares = {link["successor"]["code"]: link["share"] for link in response.json()["links"]}
    assert shares == {"N1": "0.600000", "N2": None}
    mapped = api.get(f"/api/v1/units/{old['id']}/lineage").json()["mapped_onto_today"]
    assert {m["unit"]["code"]: m["share"] for m in mapped} == {"N1": "0.600000", "N2": None}


def test_reorganisation_with_no_predecessors_names_the_field(api, tree):
    response = api.post(
        "/api/v1/reorganisations",
        {
            "kind": "merge",
            "effective_date": "2020-01-01",
            "predecessor_ids": [],
            "successors": [{"code": "X", "name": "X", "parent_id": tree.sibling.pk}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["field"] == "predecessors"
    assert not OrgUnit.objects.filter(code="X").exists()


def test_rename_through_the_api(api, tree):
    response = api.post(
        "/api/v1/reorganisations",
        {
            "kind": "rename",
            "effective_date": "2025-07-01",
            "predecessor_ids": [tree.sibling.pk],
            "new_name": "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    old = api.get(f"/api/v1/units/{tree.sibling.pk}", {"as_of": "2020-01-01"}).json()
    assert old["name"] == "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    assert old["current_name"] == "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An"


def test_concurrent_edit_second_save_is_refused_with_who_and_when(api, tree, operator):
    version = api.get(f"/api/v1/units/{tree.sibling.pk}").json()["version"]
    first = api.patch(
        f"/api/v1/units/{tree.sibling.pk}",
        {"version": version, "short_name": "A"},
        content_type="application/json",
    )
    second = api.patch(
        f"/api/v1/units/{tree.sibling.pk}",
        {"version": version, "short_name": "B"},
        content_type="application/json",
    )
    assert first.status_code == 200 and second.status_code == 409
    # Vietnamese first; English for a client that asks for it.
    assert second.json()["message"].startswith(f"Đã được {operator} sửa lúc")
    english = api.patch(
        f"/api/v1/units/{tree.sibling.pk}",
        {"version": version, "short_name": "B"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert english.json()["message"].startswith(f"Changed by {operator} at")
    tree.sibling.refresh_from_db()
    assert tree.sibling.short_name == "A"
    # With If-Match the refusal is 412 Precondition Failed, as HTTP says.
    third = api.patch(
        f"/api/v1/units/{tree.sibling.pk}",
        {"short_name": "C"},
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert third.status_code == 412


def test_me_lists_memberships(tree, role_users):
    _token, raw = token_create(user=role_users["editor"], name="t")
    me = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").json()
    assert me["username"] == "editor_user"
    assert [(m["unit_id"], m["role"]) for m in me["memberships"]] == [(tree.own.pk, "editor")]


def test_openapi_describes_the_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/units",
        "/api/v1/units/{pk}/lineage",
        "/api/v1/me",
        "/api/v1/reorganisations",
    } <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200


def test_session_auth_needs_csrf_for_writes(tree, role_users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(role_users["admin"])
    assert browser.get("/api/v1/me").status_code == 200
    response = browser.patch(
        f"/api/v1/units/{tree.own.pk}",
        {"version": 1, "short_name": "X"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    tree.own.refresh_from_db()
    assert tree.own.short_name != "X"
