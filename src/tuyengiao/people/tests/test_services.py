"""People and positions: who writes, the date rules against the unit's life, versions, and
deletion refused while meetings name the person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tuyengiao.accounts.models import Membership
from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.people import services
from tuyengiao.people.models import Person, Position
from tuyengiao.people.tests.factories import PersonFactory, PositionFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_one_person_two_positions(tree, role_users):
    editor = role_users["editor"]
    person = services.person_create(actor=editor, full_name="  Trần  Việt Trường ")
    assert (person.full_name, person.search_name) == ("Trần Việt Trường", "tran viet truong")
    services.position_add(
        actor=editor,
        person=person,
        unit=tree.own,
        title="Ủy viên Ban Thường vụ",
        valid_from=D(2025, 7, 1),
    )
    services.position_add(
        actor=editor,
        person=person,
        unit=tree.own,
        title="Trưởng Ban Tuyên giáo Thành ủy",
        valid_from=D(2025, 7, 1),
    )
    assert person.positions.count() == 2


def test_people_are_added_by_editors_only(tree, role_users):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=role_users["viewer"], full_name="Nguyễn Văn A")
    with pytest.raises(DomainError):
        services.person_create(actor=role_users["editor"], full_name="   ")
    with pytest.raises(DomainError):
        services.person_create(actor=role_users["editor"], full_name="Nguyễn 0912345678")
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "field"),
    [
        (D(2025, 6, 30), None, "valid_from"),  # own exists from 01/07/2025
        (D(2025, 8, 1), D(2025, 7, 31), "valid_to"),
    ],
)
def test_position_dates_are_checked_against_the_unit(tree, role_users, valid_from, valid_to, field):
    person = PersonFactory()
    with pytest.raises(DomainError) as caught:
        services.position_add(
            actor=role_users["editor"],
            person=person,
            unit=tree.own,
            title="Trưởng ban",
            valid_from=valid_from,
            valid_to=valid_to,
        )
    assert caught.value.field == field
    assert not Position.objects.exists()


def test_a_closed_unit_bounds_the_position(tree, operator):
    person = PersonFactory()
    with pytest.raises(DomainError) as caught:  # P0 closed 30/06/2025: the position must end
        services.position_add(
            actor=operator,
            person=person,
            unit=tree.predecessor,
            title="Trưởng ban",
            valid_from=D(2020, 1, 1),
        )
    assert caught.value.field == "valid_to"
    position = services.position_add(
        actor=operator,
        person=person,
        unit=tree.predecessor,
        title="Trưởng ban",
        valid_from=D(2020, 1, 1),
        valid_to=D(2025, 6, 30),
    )
    assert position.pk


def test_the_same_title_twice_at_once_is_refused(tree, role_users):
    person = PersonFactory()
    editor = role_users["editor"]
    services.position_add(
        actor=editor, person=person, unit=tree.own, title="Trưởng ban", valid_from=D(2025, 7, 1)
    )
    with pytest.raises(DomainError):
        services.position_add(
            actor=editor, person=person, unit=tree.own, title="trưởng ban", valid_from=D(2026, 1, 1)
        )


def test_positions_are_written_by_the_units_editors(tree, role_users):
    person = PersonFactory()
    for role in ("viewer",):
        with pytest.raises(PermissionDenied):
            services.position_add(
                actor=role_users[role],
                person=person,
                unit=tree.own,
                title="X",
                valid_from=D(2025, 7, 1),
            )
    with pytest.raises(PermissionDenied):
        services.position_add(
            actor=role_users["editor"],
            person=person,
            unit=tree.sibling,
            title="X",
            valid_from=D(2025, 7, 1),
        )
    position = PositionFactory(person=person, unit=tree.sibling)
    with pytest.raises(PermissionDenied):
        services.position_end(
            actor=role_users["admin"], position=position, version=1, on=D(2026, 1, 1)
        )
    assert Position.objects.get(pk=position.pk).valid_to is None


def test_end_and_update_with_versions(tree, role_users):
    editor = role_users["editor"]
    position = PositionFactory(unit=tree.own, valid_from=D(2025, 7, 1))
    with pytest.raises(DomainError) as caught:
        services.position_end(actor=editor, position=position, version=1, on=D(2025, 6, 1))
    assert caught.value.field == "valid_to"
    ended = services.position_end(actor=editor, position=position, version=1, on=D(2026, 1, 31))
    assert (ended.valid_to, ended.version) == (D(2026, 1, 31), 2)
    with pytest.raises(ConflictError):
        services.position_update(actor=editor, position=position, version=1, title="Phó ban")
    with pytest.raises(DomainError):
        services.position_end(actor=editor, position=ended, version=2, on=D(2026, 2, 1))
    with pytest.raises(DomainError):
        services.position_update(actor=editor, position=ended, version=2, unit=tree.child)


def test_person_update_rights_and_version(tree, role_users):
    person = PersonFactory(full_name="Trần Việt Truong")
    PositionFactory(person=person, unit=tree.own)
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.sibling, role="editor")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=outsider, person=person, version=1, full_name="X")
    saved = services.person_update(
        actor=role_users["editor"], person=person, version=1, full_name="Trần Việt Trường"
    )
    assert (saved.full_name, saved.search_name, saved.version) == (
        "Trần Việt Trường",
        "tran viet truong",
        2,
    )
    with pytest.raises(ConflictError):
        services.person_update(actor=role_users["editor"], person=person, version=1, full_name="Y")


def test_person_delete(tree, role_users, operator):
    from tuyengiao.meetings.models import Meeting, MeetingPerson

    person = PersonFactory()
    PositionFactory(person=person, unit=tree.own)
    PositionFactory(person=person, unit=tree.sibling)
    with pytest.raises(PermissionDenied):  # the sibling's position is not theirs to delete
        services.person_delete(actor=role_users["editor"], person=person)
    meeting = Meeting.objects.create(
        organiser=tree.own,
        kind="briefing",
        title="Giao ban",
        start_date=D(2026, 1, 5),
        end_date=D(2026, 1, 5),
    )
    MeetingPerson.objects.create(meeting=meeting, person=person, role="chair")
    with pytest.raises(DomainError, match="1 meeting"):
        services.person_delete(actor=operator, person=person)
    assert Person.objects.filter(pk=person.pk).exists() and Position.objects.count() == 2
    MeetingPerson.objects.all().delete()
    services.person_delete(actor=operator, person=person)
    assert not Person.objects.exists() and not Position.objects.exists()
