"""Admins manage the users of their own subtree; everyone manages their own API tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from tuyengiao.accounts.models import ApiToken, Membership, User
from tuyengiao.accounts.services import token_create
from tuyengiao.core.models import AuditEntry
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_a_user_with_a_role_in_a_child_unit(client, tree, role_users):
    client.force_login(role_users["admin"])
    response = client.post(
        "/users/new/",
        {
            "username": "can.bo",
            "password": "Mật-khẩu-dài-1234",
            "unit": tree.child.pk,
            "role": "editor",
            "full_name": "Cán bộ",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="can.bo")
    assert list(user.memberships.values_list("unit__code", "role")) == [("D1", "editor")]
    assert AuditEntry.objects.filter(object_id=str(user.pk), unit=tree.child).exists()


def test_new_user_form_offers_only_units_the_admin_administers(client, tree, role_users):
    client.force_login(role_users["admin"])
    page = client.get("/users/new/").content.decode()
    assert (
        tree.child.name in page
        and tree.sibling.name not in page
        and tree.predecessor.name not in page
    )


def test_weak_password_is_refused_with_the_reason(client, tree, role_users):
    client.force_login(role_users["admin"])
    response = client.post(
        "/users/new/", {"username": "yeu", "password": "123", "unit": tree.own.pk, "role": "viewer"}
    )
    assert response.status_code == 200 and not User.objects.filter(username="yeu").exists()


def test_admin_sees_only_the_memberships_inside_their_subtree(tree, role_users):
    both = UserFactory(username="hai.noi")
    Membership.objects.create(user=both, unit=tree.child, role="viewer")
    Membership.objects.create(user=both, unit=tree.sibling, role="admin")
    _token, raw = token_create(user=role_users["admin"], name="t")
    users = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/users").json()["items"]
    listed = next(u for u in users if u["username"] == "hai.noi")
    assert [m["unit_id"] for m in listed["memberships"]] == [tree.child.pk]


def test_user_of_another_subtree_is_not_found(client, tree, role_users):
    stranger = UserFactory(username="nguoi.la")
    Membership.objects.create(user=stranger, unit=tree.sibling, role="viewer")
    client.force_login(role_users["admin"])
    assert client.get(f"/users/{stranger.pk}/").status_code == 404


def test_admin_cannot_remove_own_admin_role(client, tree, role_users):
    admin = role_users["admin"]
    membership = admin.memberships.get()
    client.force_login(admin)
    client.post(f"/users/memberships/{membership.pk}/delete/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_token_page_shows_the_token_once_and_it_works(client, role_users):
    client.force_login(role_users["viewer"])
    page = client.post("/users/tokens/", {"name": "script"}).content.decode()
    raw = page.split("<code>")[1].split("</code>")[0]
    assert raw.startswith("tg_")
    assert ApiToken.objects.get().key_hash != raw  # only the hash is stored
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").json()["username"] == "viewer_user"
    assert raw not in client.get("/users/tokens/").content.decode()


def test_home_counts_the_units_of_the_users_tree(client, tree, role_users):
    client.force_login(role_users["viewer"])
    page = client.get("/", {"as_of": "2026-01-01"}).content.decode()
    assert tree.own.name in page
    assert "<th>Huyện, quận, thị xã, thành phố thuộc tỉnh</th><td>1</td>" in page


def test_role_form_offers_units_down_to_districts_and_the_unit_it_came_from(
    client, tree, role_users
):
    client.force_login(role_users["admin"])
    page = client.get("/users/new/", {"as_of": "2026-01-01"}).content.decode()
    assert tree.child.name in page and tree.deeper.name not in page  # communes only on request
    page = client.get("/users/new/", {"unit": tree.deeper.pk}).content.decode()
    assert f'<option value="{tree.deeper.pk}" selected>' in page
    page = client.get("/users/new/", {"unit": tree.sibling.pk}).content.decode()
    assert tree.sibling.name not in page  # not theirs: not offered


def test_home_follows_the_unit_picked_in_the_top_bar(client, tree, role_users):
    client.force_login(role_users["viewer"])
    page = client.get("/", {"as_of": "2026-01-01", "unit": tree.child.pk}).content.decode()
    summary = page[page.index("<main>") :]
    assert tree.child.name in summary and tree.own.name not in summary
