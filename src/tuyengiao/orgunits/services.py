"""Writes to the tree of units: create, change, delete, rename, reorganise.

Every function checks rights through access.py, validates before it writes, writes in one
transaction, and records the change in the audit trail. Input errors raise DomainError naming the
field at fault; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.text import fold
from tuyengiao.orgunits.choices import LEVEL_RANK, Level, ReorganisationKind, UnitKind
from tuyengiao.orgunits.models import (
    PATH_SEGMENT_WIDTH,
    LineageLink,
    OrgUnit,
    OrgUnitName,
    Reorganisation,
)

AUDITED_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "valid_from",
    "valid_to",
    "admin_code",
]
_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ONE_DAY = dt.timedelta(days=1)


def _segment(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = _DIGITS[rest] + out
    return out.rjust(PATH_SEGMENT_WIDTH, "0") + "/"


def _next_path(parent: OrgUnit | None) -> str:
    """The path of a new last child of `parent` (or a new root)."""
    siblings = (
        OrgUnit.objects.filter(parent=parent)
        if parent
        else OrgUnit.objects.filter(parent__isnull=True)
    )
    last = siblings.aggregate(m=Max("path"))["m"]
    number = int(last[-PATH_SEGMENT_WIDTH - 1 : -1], 36) + 1 if last else 1
    if number >= 36**PATH_SEGMENT_WIDTH:
        raise DomainError(
            _("This unit has reached the maximum number of child units."), field="parent"
        )
    return (parent.path if parent else "") + _segment(number)


def search_text(*names: str) -> str:
    """What the diacritic-free search matches: the folded names, current and former."""
    return " | ".join(dict.fromkeys(fold(n) for n in names if n))


# Validation


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else _("open")


def validate_unit(unit: OrgUnit) -> None:
    """The rules every unit obeys, whatever wrote it. Raises DomainError naming the field."""
    if unit.level not in Level.values:
        raise DomainError(_("Unknown level '%(level)s'.") % {"level": unit.level}, field="level")
    if unit.kind not in UnitKind.values:
        raise DomainError(_("Unknown kind '%(kind)s'.") % {"kind": unit.kind}, field="kind")
    if not unit.code.strip():
        raise DomainError(_("The code is required."), field="code")
    if not unit.name.strip():
        raise DomainError(_("The name is required."), field="name")
    if unit.valid_to is not None and unit.valid_to < unit.valid_from:
        raise DomainError(_("The end of validity is before its start."), field="valid_to")
    if OrgUnit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        raise DomainError(
            _("The code '%(code)s' is already used by another unit.") % {"code": unit.code},
            field="code",
        )
    parent = unit.parent
    if parent is not None:
        if LEVEL_RANK[Level(unit.level)] <= LEVEL_RANK[Level(parent.level)]:
            raise DomainError(
                _("A %(level)s unit cannot sit under a %(parent_level)s unit.")
                % {"level": Level(unit.level).label, "parent_level": Level(parent.level).label},
                field="level",
            )
        ends_after_parent = parent.valid_to is not None and (
            unit.valid_to is None or unit.valid_to > parent.valid_to
        )
        if unit.valid_from < parent.valid_from or ends_after_parent:
            raise DomainError(
                _(
                    "The parent unit is valid from %(start)s to %(end)s; the unit must lie within that."
                )
                % {"start": _fmt(parent.valid_from), "end": _fmt(parent.valid_to)},
                field="parent",
            )
    if unit.pk is not None:
        outliving = unit.children.filter(Q(valid_from__lt=unit.valid_from))
        if unit.valid_to is not None:
            outliving = outliving | unit.children.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to)
            )
        if outliving.exists():
            raise DomainError(
                _("Child units would outlive this unit (%(name)s); close or reorganise them first.")
                % {"name": outliving.first().name},
                field="valid_to",
            )
    # Two live units under one parent with one name, or with one administrative area code, are
    # one unit entered twice: refuse the overlap in time.
    overlapping = OrgUnit.objects.exclude(pk=unit.pk).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from)
    )
    if unit.valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=unit.valid_to)
    if overlapping.filter(parent=parent, name=unit.name).exists():
        raise DomainError(
            _("Another unit named '%(name)s' under the same parent is valid at the same time.")
            % {"name": unit.name},
            field="valid_from",
        )
    if (
        unit.admin_code
        and overlapping.filter(admin_code=unit.admin_code, level=unit.level).exists()
    ):
        raise DomainError(
            _("Another unit with area code %(code)s is valid at the same time.")
            % {"code": unit.admin_code},
            field="admin_code",
        )


def _save_new(unit: OrgUnit) -> OrgUnit:
    """Allocates the path and inserts; a concurrent insert under the same parent makes us retry."""
    for _attempt in range(3):
        unit.path = _next_path(unit.parent)
        unit.depth = unit.path.count("/")
        try:
            with transaction.atomic():
                unit.save(force_insert=True)
            return unit
        except IntegrityError:
            if OrgUnit.objects.filter(code=unit.code).exists():
                raise DomainError(
                    _("The code '%(code)s' is already used by another unit.") % {"code": unit.code},
                    field="code",
                ) from None
            unit.pk = None
    raise ConflictError(
        _("Another unit was created under the same parent at the same moment; try again.")
    )


# Units


@transaction.atomic
def orgunit_create(
    *,
    actor: Any,
    parent: OrgUnit | None,
    code: str,
    name: str,
    kind: str,
    level: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    short_name: str = "",
    admin_code: str = "",
) -> OrgUnit:
    """Opens a unit under `parent` (admins of the parent's subtree; a root: operators only)."""
    access.require(actor, "manage", parent)
    unit = OrgUnit(
        parent=parent,
        code=code.strip(),
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        level=level,
        valid_from=valid_from,
        valid_to=valid_to,
        admin_code=admin_code.strip(),
        search_name=search_text(name, short_name),
        updated_by=user_or_none(actor),
    )
    validate_unit(unit)
    _save_new(unit)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=unit,
        unit=unit,
        changes=diff({}, snapshot(unit, AUDITED_FIELDS)),
    )
    return unit


EDITABLE_FIELDS = ("code", "name", "short_name", "kind", "valid_from", "valid_to", "admin_code")


@transaction.atomic
def orgunit_update(*, actor: Any, unit: OrgUnit, version: int, **changes: Any) -> OrgUnit:
    """Corrects a unit's record (a typo, a closing date). Renames with history go through
    `orgunit_rename`; the parent never changes (a move is a reorganisation).

    `version` is the one the editor read: if someone saved since, ConflictError names them.
    """
    access.require(actor, "manage", unit)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            _("The field '%(field)s' cannot be changed here.") % {"field": field}, field=field
        )
    current = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_version(current, version)
    before = snapshot(current, AUDITED_FIELDS)
    for field, value in changes.items():
        setattr(current, field, value.strip() if isinstance(value, str) else value)
    former = list(current.former_names.values_list("name", flat=True))
    current.search_name = search_text(current.name, current.short_name, *former)
    validate_unit(current)
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current,
        changes=diff(before, snapshot(current, AUDITED_FIELDS)),
    )
    return current


@transaction.atomic
def orgunit_delete(*, actor: Any, unit: OrgUnit) -> None:
    """Deletes a unit entered by mistake. A unit with children, history or members is closed
    (by a reorganisation or an end date) instead, so that nothing that refers to it is lost."""
    access.require(actor, "manage", unit)
    if unit.children.exists():
        raise DomainError(_("The unit has child units; it cannot be deleted."), field="children")
    if LineageLink.objects.filter(Q(predecessor=unit) | Q(successor=unit)).exists():
        raise DomainError(
            _("The unit is part of a reorganisation; close it instead of deleting it.")
        )
    if unit.memberships.exists():
        raise DomainError(
            _("Users are members of this unit; remove them first."), field="memberships"
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=unit,
        unit=unit,
        changes=snapshot(unit, AUDITED_FIELDS),
    )
    unit.delete()


# Reorganisations


@dataclass(frozen=True, slots=True)
class SuccessorSpec:
    """A unit that a merge, split or move opens on the effective date."""

    code: str
    name: str
    parent: OrgUnit | None
    short_name: str = ""
    kind: str = ""
    admin_code: str = ""
    share: Decimal | None = None
    share_basis: str = ""


def _check_predecessors(predecessors: Sequence[OrgUnit], effective_date: dt.date) -> None:
    if not predecessors:
        raise DomainError(
            _("A reorganisation needs at least one predecessor unit."), field="predecessors"
        )
    if len({u.pk for u in predecessors}) != len(predecessors):
        raise DomainError(_("A unit is listed twice among the predecessors."), field="predecessors")
    day_before = effective_date - _ONE_DAY
    for unit in predecessors:
        if not unit.is_valid_on(day_before):
            raise DomainError(
                _("%(name)s is not valid on %(day)s, the day before the reorganisation.")
                % {"name": unit.name, "day": _fmt(day_before)},
                field="predecessors",
            )
        open_children = unit.children.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=effective_date)
        )
        if open_children.exists():
            raise DomainError(
                _(
                    "%(name)s still has child units after %(day)s (e.g. %(child)s): reorganise them first."
                )
                % {"name": unit.name, "day": _fmt(day_before), "child": open_children.first().name},
                field="predecessors",
            )
    levels = {u.level for u in predecessors}
    if len(levels) > 1:
        raise DomainError(_("The predecessors must all be at one level."), field="predecessors")


@transaction.atomic
def reorganisation_record(
    *,
    actor: Any,
    kind: str,
    effective_date: dt.date,
    predecessors: Sequence[OrgUnit],
    successors: Sequence[SuccessorSpec],
    decision: str = "",
    note: str = "",
) -> Reorganisation:
    """Records a merge (several units into one new), a split (one into several new, with shares
    where known) or a move (one unit re-opened under another parent). Predecessors close the day
    before `effective_date`; successors open on it; links record what went where.
    """
    # Rights first (STYLE §4): every closed unit and every new unit's parent must be the actor's.
    for unit in predecessors:
        access.require(actor, "manage", unit)
    for spec in successors:
        access.require(actor, "manage", spec.parent)
    if kind not in {ReorganisationKind.MERGE, ReorganisationKind.SPLIT, ReorganisationKind.MOVE}:
        raise DomainError(
            _("Unknown reorganisation kind '%(kind)s'.") % {"kind": kind}, field="kind"
        )
    _check_predecessors(predecessors, effective_date)
    if not successors:
        raise DomainError(
            _("A reorganisation needs at least one successor unit."), field="successors"
        )
    if kind == ReorganisationKind.MERGE and (len(predecessors) < 2 or len(successors) != 1):
        raise DomainError(_("A merge joins two or more units into one."), field="predecessors")
    if kind == ReorganisationKind.SPLIT and (len(predecessors) != 1 or len(successors) < 2):
        raise DomainError(_("A split divides one unit into two or more."), field="successors")
    if kind == ReorganisationKind.MOVE:
        if len(predecessors) != 1 or len(successors) != 1:
            raise DomainError(
                _("A move re-opens one unit under another parent."), field="successors"
            )
        if successors[0].parent == predecessors[0].parent:
            raise DomainError(_("A move needs a different parent unit."), field="parent")
    for spec in successors:
        if spec.parent is not None and any(
            spec.parent.pk == p.pk or p.is_ancestor_of(spec.parent) for p in predecessors
        ):
            raise DomainError(
                _("%(name)s cannot sit under a unit that this reorganisation closes (a cycle).")
                % {"name": spec.name},
                field="parent",
            )
    shares = [s.share for s in successors if s.share is not None]
    if kind != ReorganisationKind.SPLIT and shares:
        raise DomainError(_("Shares are recorded for splits only."), field="share")
    if any(s <= 0 or s > 1 for s in shares):
        raise DomainError(_("A share is a fraction above 0 and at most 1."), field="share")
    total = sum(shares, Decimal(0))
    if total > Decimal("1.0001") or (
        len(shares) == len(successors) and abs(total - 1) > Decimal("0.0001")
    ):
        raise DomainError(
            _("The shares of a split add up to %(total)s, not 1.") % {"total": total}, field="share"
        )

    reorganisation = Reorganisation.objects.create(
        kind=kind,
        effective_date=effective_date,
        decision=decision.strip(),
        note=note.strip(),
        created_by=user_or_none(actor),
    )
    day_before = effective_date - _ONE_DAY
    for unit in predecessors:
        before = snapshot(unit, AUDITED_FIELDS)
        OrgUnit.objects.filter(pk=unit.pk).update(valid_to=day_before, version=F("version") + 1)
        unit.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=unit,
            unit=unit,
            changes=diff(before, snapshot(unit, AUDITED_FIELDS)),
        )
    template = predecessors[0]
    for spec in successors:
        successor = orgunit_create(
            actor=actor,
            parent=spec.parent,
            code=spec.code,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind or template.kind,
            level=template.level,
            valid_from=effective_date,
            admin_code=spec.admin_code,
        )
        for unit in predecessors:
            # A merged or moved unit goes whole into its successor; a split's share is as recorded.
            share = spec.share if kind == ReorganisationKind.SPLIT else Decimal(1)
            LineageLink.objects.create(
                reorganisation=reorganisation,
                predecessor=unit,
                successor=successor,
                share=share,
                share_basis=spec.share_basis.strip(),
            )
    return reorganisation


@transaction.atomic
def orgunit_rename(
    *,
    actor: Any,
    unit: OrgUnit,
    name: str,
    effective_date: dt.date,
    short_name: str = "",
    decision: str = "",
) -> Reorganisation:
    """Renames a unit from `effective_date`, keeping the old name for the dates before it.

    The unit stays the same record (its children, members and data stay with it); pages as of an
    earlier date show the old name.
    """
    access.require(actor, "manage", unit)
    name = name.strip()
    if not name:
        raise DomainError(_("The name is required."), field="name")
    if name == unit.name:
        raise DomainError(_("The new name is the same as the current one."), field="name")
    if effective_date <= unit.valid_from or not unit.is_valid_on(effective_date):
        raise DomainError(
            _("The rename date must fall within the unit's validity, after its start."),
            field="effective_date",
        )
    last = unit.former_names.aggregate(m=Max("valid_to"))["m"]
    if last is not None and effective_date <= last + _ONE_DAY:
        raise DomainError(
            _("The unit was already renamed on or after that date."), field="effective_date"
        )
    reorganisation = Reorganisation.objects.create(
        kind=ReorganisationKind.RENAME,
        effective_date=effective_date,
        decision=decision.strip(),
        note=f"{unit.name} → {name}",
        created_by=user_or_none(actor),
    )
    OrgUnitName.objects.create(
        unit=unit,
        name=unit.name,
        short_name=unit.short_name,
        valid_to=effective_date - _ONE_DAY,
        reorganisation=reorganisation,
    )
    LineageLink.objects.create(
        reorganisation=reorganisation, predecessor=unit, successor=unit, share=Decimal(1)
    )
    orgunit_update(
        actor=actor,
        unit=unit,
        version=unit.version,
        name=name,
        short_name=short_name.strip() or unit.short_name,
    )
    return reorganisation
