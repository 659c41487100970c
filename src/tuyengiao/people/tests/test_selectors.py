"""People reads: open to signed-in users, folded search, positions held on a day, find by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tuyengiao.people import selectors
from tuyengiao.people.tests.factories import PersonFactory, PositionFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_search_is_folded(tree):
    truong = PersonFactory(full_name="Trần Việt Trường")
    PersonFactory(full_name="Đỗ Văn Đông")
    PersonFactory(full_name="Trần Thị Hoa")
    user = UserFactory()  # any signed-in user reads officials' public roles
    assert list(selectors.person_list(user=user, search="tran viet truong")) == [truong]
    assert list(selectors.person_list(user=user, search="TRƯỜNG")) == [truong]
    assert {p.full_name for p in selectors.person_list(user=user, search="do van dong")} == {
        "Đỗ Văn Đông"
    }
    assert selectors.person_list(user=user, search="tran").count() == 2
    assert selectors.person_list(user=AnonymousUser()).count() == 0
    with pytest.raises(Http404):
        selectors.person_get(user=AnonymousUser(), pk=truong.pk)


def test_positions_held_on_a_day(tree):
    person = PersonFactory()
    member = PositionFactory(
        person=person, unit=tree.own, title="Ủy viên BTV", valid_from=D(2025, 7, 1)
    )
    head = PositionFactory(
        person=person,
        unit=tree.own,
        title="Trưởng ban",
        valid_from=D(2025, 7, 1),
        valid_to=D(2025, 12, 31),
    )
    assert selectors.positions_held(person=person, on=D(2025, 12, 31)) == [member, head]
    assert selectors.positions_held(person=person, on=D(2026, 1, 1)) == [member]
    assert selectors.positions_held(person=person, on=D(2025, 6, 30)) == []


def test_find_by_folded_name_or_none(tree):
    truong = PersonFactory(full_name="Trần Việt Trường")
    assert selectors.person_find_or_none(full_name="tran viet  truong") == truong
    assert selectors.person_find_or_none(full_name="Trần Việt") is None
    assert selectors.person_find_or_none(full_name="") is None
    PersonFactory(full_name="Trần Việt Trường")  # a namesake: a person must choose
    assert selectors.person_find_or_none(full_name="Trần Việt Trường") is None
