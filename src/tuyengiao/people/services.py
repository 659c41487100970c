"""Writes to people and positions: public officials in their official roles only.

A person is a name; what the organisation publishes about them is their positions (title, unit,
from, to). Nothing private is kept: no birth date, address, phone, family or party record.

Who writes:
- a position: the editors of its unit (the unit publishes the role);
- a person's name: anyone who edits a unit where the person holds or held a position; a person
  with no position yet: any user who edits some unit (they are about to add one);
- deleting a person (which deletes their positions): only someone who edits every unit of those
  positions, and never while meetings name the person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.text import fold
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.models import Person, Position

PERSON_FIELDS = ["full_name"]
POSITION_FIELDS = ["person", "title", "unit", "valid_from", "valid_to"]
EDITABLE_POSITION_FIELDS = {"title", "valid_from", "valid_to"}


def _edits_some_unit(actor: Any) -> bool:
    return access.scope(OrgUnit.objects.all(), actor, "edit").exists()


def person_units(person: Person) -> list[OrgUnit]:
    """The units where the person holds or held a position."""
    return list(OrgUnit.objects.filter(positions__person=person).distinct())


def can_edit_person(user: Any, person: Person) -> bool:
    """Whether `user` may change the person's name (see the module docstring)."""
    units = person_units(person)
    if not units:
        return _edits_some_unit(user)
    return any(access.allowed(user, "edit", u.path) for u in units)


def _audit_unit(person: Person) -> OrgUnit | None:
    """The unit a person's audit rows are filed under: the unit of their latest position."""
    position = person.positions.select_related("unit").order_by("-valid_from", "-pk").first()
    return position.unit if position else None


def _clean_name(full_name: str) -> str:
    name = " ".join((full_name or "").split())
    if not name:
        raise DomainError(_("The full name is required."), field="full_name")
    limit = Person._meta.get_field("full_name").max_length
    if len(name) > limit:
        raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field="full_name")
    if any(ch.isdigit() for ch in name):
        raise DomainError(_("A name has no digits."), field="full_name")
    return name


# People


@transaction.atomic
def person_create(*, actor: Any, full_name: str) -> Person:
    """Adds an official by name (users who edit some unit); their roles are added as positions.
    Two officials may share a name: this does not refuse a namesake, the pages show the existing
    ones with their positions first."""
    if not _edits_some_unit(actor):
        raise PermissionDenied("not allowed to add people")
    name = _clean_name(full_name)
    person = Person.objects.create(
        full_name=name, search_name=fold(name), updated_by=user_or_none(actor)
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        unit=None,
        changes={"full_name": [None, name]},
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, version: int, full_name: str) -> Person:
    """Corrects a person's name. A stale `version` is refused with who changed it and when."""
    if not can_edit_person(actor, person):
        raise PermissionDenied("not allowed to edit this person")
    current = Person.objects.select_for_update().get(pk=person.pk)
    check_version(current, version)
    before = snapshot(current, PERSON_FIELDS)
    name = _clean_name(full_name)
    Person.objects.filter(pk=current.pk).update(
        full_name=name,
        search_name=fold(name),
        version=F("version") + 1,
        updated_by=user_or_none(actor),
    )
    current.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=_audit_unit(current),
        changes=diff(before, snapshot(current, PERSON_FIELDS)),
    )
    return current


@transaction.atomic
def person_delete(*, actor: Any, person: Person) -> None:
    """Deletes a person entered by mistake, with their positions. Refused while a meeting names
    them (chair, speaker, attendee), and unless the actor edits every unit of their positions."""
    units = person_units(person)
    if units:
        if not all(access.allowed(actor, "edit", u.path) for u in units):
            raise PermissionDenied("not allowed to delete this person's positions")
    elif not _edits_some_unit(actor):
        raise PermissionDenied("not allowed to delete people")
    meetings = person.meeting_roles.count()
    if meetings:
        raise DomainError(
            _("%(name)s appears at %(count)s meeting(s) and cannot be deleted.")
            % {"name": person.full_name, "count": meetings},
            field="full_name",
            extra={"meetings": meetings},
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=person,
        unit=_audit_unit(person),
        changes={
            "full_name": person.full_name,
            "positions": [str(p) for p in person.positions.select_related("unit")],
        },
    )
    person.delete()


# Positions


def _validate_position(position: Position) -> None:
    position.title = " ".join((position.title or "").split())
    if not position.title:
        raise DomainError(_("The title is required."), field="title")
    limit = Position._meta.get_field("title").max_length
    if len(position.title) > limit:
        raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field="title")
    if position.valid_from is None:
        raise DomainError(_("The start date is required."), field="valid_from")
    if position.valid_to is not None and position.valid_to < position.valid_from:
        raise DomainError(_("The end date is before the start date."), field="valid_to")
    unit = position.unit
    if position.valid_from < unit.valid_from or (
        unit.valid_to is not None and position.valid_from > unit.valid_to
    ):
        raise DomainError(
            _("%(unit)s did not exist on %(day)s.")
            % {"unit": unit.name, "day": position.valid_from.strftime("%d/%m/%Y")},
            field="valid_from",
        )
    if unit.valid_to is not None and (
        position.valid_to is None or position.valid_to > unit.valid_to
    ):
        raise DomainError(
            _("%(unit)s closed on %(day)s: the position ends by then.")
            % {"unit": unit.name, "day": unit.valid_to.strftime("%d/%m/%Y")},
            field="valid_to",
        )


@transaction.atomic
def position_add(
    *,
    actor: Any,
    person: Person,
    unit: OrgUnit,
    title: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> Position:
    """Records a title the person holds (or held) in `unit` (editors of the unit). The unit must
    exist throughout: from `valid_from` and, when it has closed, until `valid_to` at the latest.
    "Ủy viên Ban Thường vụ" and "Trưởng Ban Tuyên giáo" held at once are two positions."""
    access.require(actor, "edit", unit)
    position = Position(
        person=person,
        unit=unit,
        title=title,
        valid_from=valid_from,
        valid_to=valid_to,
        updated_by=user_or_none(actor),
    )
    _validate_position(position)
    same = Position.objects.filter(person=person, unit=unit, title__iexact=position.title)
    overlapping = same.filter(valid_from__lte=position.valid_to or dt.date.max).exclude(
        valid_to__lt=position.valid_from
    )
    if overlapping.exists():
        raise DomainError(
            _("%(name)s already holds this title in this unit during these dates.")
            % {"name": person.full_name},
            field="title",
        )
    position.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=position,
        unit=unit,
        changes=diff({}, snapshot(position, POSITION_FIELDS)),
    )
    return position


@transaction.atomic
def position_update(*, actor: Any, position: Position, version: int, **changes: Any) -> Position:
    """Corrects a position's title or dates (editors of its unit); a stale `version` is refused."""
    access.require(actor, "edit", position.unit)
    unknown = set(changes) - EDITABLE_POSITION_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            _("The field '%(field)s' cannot be changed here.") % {"field": field}, field=field
        )
    current = (
        Position.objects.select_for_update(of=("self",))
        .select_related("unit", "person")
        .get(pk=position.pk)
    )
    check_version(current, version)
    before = snapshot(current, POSITION_FIELDS)
    for field, value in changes.items():
        setattr(current, field, value)
    _validate_position(current)
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes=diff(before, snapshot(current, POSITION_FIELDS)),
    )
    return current


def position_end(*, actor: Any, position: Position, version: int, on: dt.date) -> Position:
    """Ends a position on `on` (its last day), as when an official moves to another post."""
    if position.valid_to is not None:
        raise DomainError(
            _("The position already ended on %(day)s.")
            % {"day": position.valid_to.strftime("%d/%m/%Y")},
            field="valid_to",
        )
    return position_update(actor=actor, position=position, version=version, valid_to=on)
