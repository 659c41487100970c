"""People pages: list with folded search, create through the form (namesakes shown first),
detail with positions, add and end a position, edit, delete; access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tuyengiao.accounts.models import Membership
from tuyengiao.people.models import Person, Position
from tuyengiao.people.tests.factories import PersonFactory, PositionFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, tree, role_users):
    client.force_login(role_users["editor"])
    client.get("/", {"unit": tree.own.pk})
    return client


def test_list_and_search(tree, client):
    truong = PersonFactory(full_name="Trần Việt Trường")
    other = PersonFactory(full_name="Lê Thị Hoa")
    client.force_login(UserFactory())
    html = client.get(reverse("people:person_list"), {"q": "tran viet truong"}).content.decode()
    assert f'id="person-{truong.pk}"' in html and f'id="person-{other.pk}"' not in html
    assert 'data-testid="person-new"' not in html


def test_create_add_and_end_a_position(editor_client, tree):
    page = editor_client.post(reverse("people:person_create"), {"full_name": "Trần Việt Trường"})
    assert page.status_code == 302
    person = Person.objects.get()
    detail = reverse("people:person_detail", args=[person.pk])
    assert page.url == detail
    html = editor_client.get(detail).content.decode()
    assert 'data-testid="position-form"' in html
    form = {"title": "Trưởng Ban Tuyên giáo", "unit": tree.own.pk, "valid_from": "2025-07-01"}
    assert (
        editor_client.post(reverse("people:position_add", args=[person.pk]), form).status_code
        == 302
    )
    bad = {**form, "valid_from": "2025-06-30"}
    assert (
        editor_client.post(reverse("people:position_add", args=[person.pk]), bad).status_code == 400
    )
    position = Position.objects.get()
    end = reverse("people:position_end", args=[position.pk])
    assert editor_client.post(end, {"version": 1, "on": "2026-01-31"}).status_code == 302
    position.refresh_from_db()
    assert position.valid_to == dt.date(2026, 1, 31)
    # A namesake is shown before a second person of the same name is added.
    page = editor_client.post(reverse("people:person_create"), {"full_name": "Tran Viet Truong"})
    assert page.status_code == 200 and 'data-testid="namesakes"' in page.content.decode()
    assert Person.objects.count() == 1
    page = editor_client.post(
        reverse("people:person_create"), {"full_name": "Trần Việt Trường", "confirm_namesake": "1"}
    )
    assert page.status_code == 302 and Person.objects.count() == 2


def test_edit_and_delete(editor_client, tree):
    person = PersonFactory(full_name="Trần Việt Truong")
    PositionFactory(person=person, unit=tree.own, valid_from=dt.date(2025, 7, 1))
    edit = reverse("people:person_edit", args=[person.pk])
    assert editor_client.get(edit).status_code == 200
    assert (
        editor_client.post(edit, {"full_name": "Trần Việt Trường", "version": 1}).status_code == 302
    )
    person.refresh_from_db()
    assert person.full_name == "Trần Việt Trường"
    assert editor_client.post(edit, {"full_name": "X", "version": 1}).status_code == 200  # stale
    assert editor_client.post(reverse("people:person_delete", args=[person.pk])).status_code == 302
    assert not Person.objects.exists()


def test_access_to_the_write_pages(tree, role_users, client):
    person = PersonFactory(full_name="Trần Việt Trường")
    position = PositionFactory(person=person, unit=tree.own, valid_from=dt.date(2025, 7, 1))
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.sibling, role="editor")
    for user in (role_users["viewer"], outsider):
        client.force_login(user)
        assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200
        assert client.get(reverse("people:person_edit", args=[person.pk])).status_code == 403
        assert client.post(reverse("people:person_delete", args=[person.pk])).status_code == 403
        end = reverse("people:position_end", args=[position.pk])
        assert client.post(end, {"version": 1, "on": "2026-01-31"}).status_code == 403
    client.force_login(role_users["viewer"])
    assert client.get(reverse("people:person_create")).status_code == 403
    form = {"title": "Phó ban", "unit": tree.own.pk, "valid_from": "2025-07-01"}
    assert client.post(reverse("people:position_add", args=[person.pk]), form).status_code == 403
    client.force_login(outsider)  # `own` is not among their units: the form refuses it
    assert client.post(reverse("people:position_add", args=[person.pk]), form).status_code == 400
    position.refresh_from_db()
    assert position.valid_to is None and Position.objects.count() == 1
    assert Person.objects.get().full_name == "Trần Việt Trường"
