"""The people API: create, list/search, positions (add, list on a day, end), versions, delete
refused while a meeting names the person, and access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tuyengiao.accounts.models import Membership
from tuyengiao.accounts.services import token_create
from tuyengiao.people.models import Person, Position
from tuyengiao.people.tests.factories import PersonFactory, PositionFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def client_for(user) -> Client:
    _token, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_person_with_two_positions(tree, role_users):
    api = client_for(role_users["editor"])
    response = api.post("/api/v1/people", {"full_name": "Trần Việt Trường"}, content_type=JSON)
    assert response.status_code == 201
    pk = response.json()["id"]
    for title in ("Ủy viên Ban Thường vụ", "Trưởng Ban Tuyên giáo Thành ủy"):
        response = api.post(
            f"/api/v1/people/{pk}/positions",
            {"unit_id": tree.own.pk, "title": title, "valid_from": "2025-07-01"},
            content_type=JSON,
        )
        assert response.status_code == 201, response.content
    found = api.get("/api/v1/people", {"search": "tran viet truong"}).json()["items"]
    assert [p["id"] for p in found] == [pk] and len(found[0]["positions"]) == 2
    assert len(api.get(f"/api/v1/people/{pk}").json()["positions"]) == 2
    assert len(api.get(f"/api/v1/people/{pk}/positions", {"on": "2025-06-30"}).json()) == 0
    assert len(api.get(f"/api/v1/people/{pk}/positions", {"on": "2025-07-01"}).json()) == 2


def test_position_rules_and_versions(tree, role_users):
    api = client_for(role_users["editor"])
    person = PersonFactory()
    response = api.post(
        f"/api/v1/people/{person.pk}/positions",
        {"unit_id": tree.own.pk, "title": "Trưởng ban", "valid_from": "2025-06-30"},
        content_type=JSON,
    )
    assert response.status_code == 400 and response.json()["extra"]["field"] == "valid_from"
    assert not Position.objects.exists()
    position = PositionFactory(person=person, unit=tree.own, valid_from=dt.date(2025, 7, 1))
    response = api.post(
        f"/api/v1/positions/{position.pk}/end",
        {"version": 1, "on": "2026-01-31"},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["valid_to"] == "2026-01-31"
    response = api.patch(
        f"/api/v1/positions/{position.pk}", {"version": 1, "title": "X"}, content_type=JSON
    )
    assert response.status_code == 409
    response = api.patch(
        f"/api/v1/positions/{position.pk}",
        {"title": "X"},
        content_type=JSON,
        headers={"If-Match": "1"},
    )
    assert response.status_code == 412
    response = api.patch(
        f"/api/v1/people/{person.pk}",
        {"full_name": "Lê Văn Bình"},
        content_type=JSON,
        headers={"If-Match": "1"},
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/people/{person.pk}", {"version": 1, "full_name": "Z"}, content_type=JSON
    )
    assert stale.status_code == 409


def test_delete_refused_while_a_meeting_names_the_person(tree, role_users):
    from tuyengiao.meetings.models import Meeting, MeetingPerson

    api = client_for(role_users["editor"])
    person = PersonFactory()
    PositionFactory(person=person, unit=tree.own)
    day = dt.date(2026, 1, 5)
    meeting = Meeting.objects.create(
        organiser=tree.own, kind="briefing", title="Giao ban", start_date=day, end_date=day
    )
    MeetingPerson.objects.create(meeting=meeting, person=person, role="chair")
    response = api.delete(f"/api/v1/people/{person.pk}")
    assert response.status_code == 400 and response.json()["extra"]["meetings"] == 1
    assert Person.objects.filter(pk=person.pk).exists()
    MeetingPerson.objects.all().delete()
    assert api.delete(f"/api/v1/people/{person.pk}").status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()


def test_access(tree, role_users):
    """Reads are open to signed-in users; writes of `own`'s positions answer 403 to viewers and
    to editors of another subtree; a unit outside the user's subtrees is 404."""
    person = PersonFactory(full_name="Trần Việt Trường")
    position = PositionFactory(person=person, unit=tree.own, valid_from=dt.date(2025, 7, 1))
    stranger = client_for(UserFactory())
    assert stranger.get(f"/api/v1/people/{person.pk}").status_code == 200
    assert stranger.post("/api/v1/people", {"full_name": "A"}, content_type=JSON).status_code == 403
    assert Client().get("/api/v1/people").status_code == 401

    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.sibling, role="editor")
    for user in (role_users["viewer"], outsider):
        api = client_for(user)
        response = api.post(
            f"/api/v1/positions/{position.pk}/end",
            {"version": 1, "on": "2026-01-31"},
            content_type=JSON,
        )
        assert response.status_code == 403
        response = api.patch(
            f"/api/v1/positions/{position.pk}", {"version": 1, "title": "X"}, content_type=JSON
        )
        assert response.status_code == 403
        response = api.patch(
            f"/api/v1/people/{person.pk}", {"version": 1, "full_name": "X"}, content_type=JSON
        )
        assert response.status_code == 403
        assert api.delete(f"/api/v1/people/{person.pk}").status_code == 403
    response = client_for(role_users["viewer"]).post(
        f"/api/v1/people/{person.pk}/positions",
        {"unit_id": tree.own.pk, "title": "Phó ban", "valid_from": "2025-07-01"},
        content_type=JSON,
    )
    assert response.status_code == 403
    response = client_for(outsider).post(
        f"/api/v1/people/{person.pk}/positions",
        {"unit_id": tree.own.pk, "title": "Phó ban", "valid_from": "2025-07-01"},
        content_type=JSON,
    )
    assert response.status_code == 404
    position.refresh_from_db()
    person.refresh_from_db()
    assert (position.valid_to, position.title, person.full_name) == (
        None,
        "Trưởng Ban Tuyên giáo",
        "Trần Việt Trường",
    )
    assert Position.objects.count() == 1
