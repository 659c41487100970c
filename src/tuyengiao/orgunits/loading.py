"""Builds the commission network over the real administrative units (`tuyengiao load-units`).

Input: the validated AdminData (vietnam-provinces 2026.9.0, see scripts/ADMIN_UNITS.md). Output:
- the central commission (renamed "Ban Tuyên giáo và Dân vận Trung ương" on the 2025 switch);
- every pre-2025 province, district and commune, valid until the day before the switch; a province
  that the 2025 reform left whole (one predecessor, one successor) stays one unit across the
  switch and is renamed, so its own records and members carry on;
- every 2025 province and commune from the switch on, with the old -> new links as
  reorganisations: one per 2025 unit, a merge where several units went into it, a split piece
  where a part of one did, a move where one commune went whole under the new province.

Idempotent: units are keyed by code, reorganisations by `source_key`; a second run writes nothing.
Everything is checked before the first write (the data reader refuses data it does not know) and
written in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max

from tuyengiao.core.models import AuditAction, AuditEntry
from tuyengiao.orgunits.admin_data import AdminData, AdminUnit
from tuyengiao.orgunits.choices import Level, ReorganisationKind, UnitKind
from tuyengiao.orgunits.models import LineageLink, OrgUnit, OrgUnitName, Reorganisation
from tuyengiao.orgunits.services import _segment, search_text

# The package gives no start dates: the pre-2025 snapshot is loaded as valid from this day on.
SNAPSHOT_START = dt.date(2000, 1, 1)
CENTRAL_CODE = "TW"
SOURCE = "vietnam-provinces"

_COMMITTEE = {  # division type -> the party committee's name
    "province": "Tỉnh ủy",
    "municipality": "Thành ủy",
    "rural_district": "Huyện ủy",
    "urban_district": "Quận ủy",
    "town": "Thị ủy",
    "district_city": "Thành ủy",
}
_COMMUNE_WORD = {
    "commune": "xã",
    "ward": "phường",
    "township": "thị trấn",
    "special_zone": "đặc khu",
}


def commission_name(unit: AdminUnit, *, merged_2025: bool) -> str:
    """ "Ban Tuyên giáo Tỉnh ủy Nghệ An"; from 2025 "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An"."""
    prefix = "Ban Tuyên giáo và Dân vận" if merged_2025 else "Ban Tuyên giáo"
    return f"{prefix} {_COMMITTEE[unit.type]} {unit.short_name}"


def commune_committee_name(unit: AdminUnit) -> str:
    """ "Đảng ủy xã Mường Xén", "Đảng ủy phường 14", "Đảng ủy đặc khu Côn Đảo"."""
    word = _COMMUNE_WORD[unit.type]
    short = unit.short_name
    if short.lower().startswith(word + " "):  # "Phường 14" keeps its number only
        short = short[len(word) + 1 :]
    return f"Đảng ủy {word} {short}"


@dataclass
class Wanted:
    """A unit as the data says it should be."""

    code: str
    name: str
    short_name: str
    kind: str
    level: str
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    admin_code: str
    former_names: list[tuple[str, dt.date]] = field(default_factory=list)


@dataclass
class WantedReorganisation:
    key: str
    kind: str
    effective_date: dt.date
    links: list[tuple[str, str, Decimal | None]]  # predecessor code, successor code, share
    note: str


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reorganisations_created: int = 0
    links: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} units created, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.reorganisations_created} reorganisations created ({self.links} links)"
        )


def plan(data: AdminData) -> tuple[list[Wanted], list[WantedReorganisation]]:
    """What the tree should hold, computed from the data alone (no database)."""
    switch = data.effective_date
    last_day = switch - dt.timedelta(days=1)
    note = f"{SOURCE} {data.source_version}"
    units: list[Wanted] = [
        Wanted(
            CENTRAL_CODE,
            "Ban Tuyên giáo và Dân vận Trung ương",
            "Trung ương",
            UnitKind.COMMISSION,
            Level.CENTRAL,
            None,
            SNAPSHOT_START,
            None,
            "",
            former_names=[("Ban Tuyên giáo Trung ương", last_day)],
        ),
    ]
    reorgs: list[WantedReorganisation] = []

    province_code: dict[str, str] = {}  # pre-2025 admin code -> unit code, and "25:" + new code
    for new in data.y2025_provinces:
        olds = data.old_provinces_for_new(new.code)
        # Each old province has exactly one successor (the reader checks it), so one predecessor
        # means the province came through the reform whole.
        whole = len(olds) == 1
        if whole:
            old = olds[0]
            code = f"P-{old.code}"
            units.append(
                Wanted(
                    code,
                    commission_name(new, merged_2025=True),
                    new.short_name,
                    UnitKind.COMMISSION,
                    Level.PROVINCE,
                    CENTRAL_CODE,
                    SNAPSHOT_START,
                    None,
                    new.code,
                    former_names=[(commission_name(old, merged_2025=False), last_day)],
                )
            )
            province_code[old.code] = code
            province_code["25:" + new.code] = code
        else:
            code = f"P25-{new.code}"
            units.append(
                Wanted(
                    code,
                    commission_name(new, merged_2025=True),
                    new.short_name,
                    UnitKind.COMMISSION,
                    Level.PROVINCE,
                    CENTRAL_CODE,
                    switch,
                    None,
                    new.code,
                )
            )
            province_code["25:" + new.code] = code
            for old in olds:
                province_code[old.code] = f"P-{old.code}"
                units.append(
                    Wanted(
                        f"P-{old.code}",
                        commission_name(old, merged_2025=False),
                        old.short_name,
                        UnitKind.COMMISSION,
                        Level.PROVINCE,
                        CENTRAL_CODE,
                        SNAPSHOT_START,
                        last_day,
                        old.code,
                    )
                )
            reorgs.append(
                WantedReorganisation(
                    f"{SOURCE}:province:{new.code}",
                    ReorganisationKind.MERGE,
                    switch,
                    [(f"P-{o.code}", code, Decimal(1)) for o in olds],
                    note,
                )
            )
    for old in data.pre2025_provinces:
        if old.code not in province_code:  # a province the mapping does not mention: keep it closed
            province_code[old.code] = f"P-{old.code}"
            units.append(
                Wanted(
                    f"P-{old.code}",
                    commission_name(old, merged_2025=False),
                    old.short_name,
                    UnitKind.COMMISSION,
                    Level.PROVINCE,
                    CENTRAL_CODE,
                    SNAPSHOT_START,
                    last_day,
                    old.code,
                )
            )

    for district in data.pre2025_districts:
        units.append(
            Wanted(
                f"D-{district.code}",
                commission_name(district, merged_2025=False),
                district.short_name,
                UnitKind.COMMISSION,
                Level.DISTRICT,
                province_code[district.parent],
                SNAPSHOT_START,
                last_day,
                district.code,
            )
        )
    for ward in data.pre2025_wards:
        units.append(
            Wanted(
                f"X-{ward.code}",
                commune_committee_name(ward),
                ward.short_name,
                UnitKind.PARTY_COMMITTEE,
                Level.COMMUNE,
                f"D-{ward.parent}",
                SNAPSHOT_START,
                last_day,
                ward.code,
            )
        )
    for ward in data.y2025_wards:
        units.append(
            Wanted(
                f"X25-{ward.code}",
                commune_committee_name(ward),
                ward.short_name,
                UnitKind.PARTY_COMMITTEE,
                Level.COMMUNE,
                province_code["25:" + ward.parent],
                switch,
                None,
                ward.code,
            )
        )

    successors_of: dict[str, list[str]] = defaultdict(list)
    partial: dict[tuple[str, str], bool] = {}
    for link in data.ward_mapping:
        successors_of[link.old].append(link.new)
        partial[(link.old, link.new)] = link.partial
    for ward in data.y2025_wards:
        olds = [o.code for o in data.old_wards_for_new(ward.code)]
        if not olds:
            continue
        links = []
        for old in olds:
            # A whole old commune has one successor and no "partly merged" flag; otherwise the
            # package does not say how much went where, so the share stays unknown.
            whole = len(successors_of[old]) == 1 and not partial[(old, ward.code)]
            links.append((f"X-{old}", f"X25-{ward.code}", Decimal(1) if whole else None))
        if len(olds) > 1:
            kind = ReorganisationKind.MERGE
        elif len(successors_of[olds[0]]) > 1:
            kind = ReorganisationKind.SPLIT
        else:
            kind = ReorganisationKind.MOVE
        reorgs.append(WantedReorganisation(f"{SOURCE}:ward:{ward.code}", kind, switch, links, note))
    return units, reorgs


def _differs(unit: OrgUnit, want: Wanted, parent_id: int | None) -> bool:
    return (
        unit.name,
        unit.short_name,
        unit.kind,
        unit.level,
        unit.parent_id,
        unit.valid_from,
        unit.valid_to,
        unit.admin_code,
    ) != (
        want.name,
        want.short_name,
        want.kind,
        want.level,
        parent_id,
        want.valid_from,
        want.valid_to,
        want.admin_code,
    )


@transaction.atomic
def admin_units_load(
    data: AdminData, *, actor: Any = None, progress: Callable[[str], None] | None = None
) -> LoadStats:
    """Creates or corrects the units and reorganisations of `plan(data)`; never deletes."""
    say = progress or (lambda _msg: None)
    wanted, wanted_reorgs = plan(data)
    stats = LoadStats()
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=[w.code for w in wanted])}
    next_number: dict[int | None, int] = {}
    for parent_id, last in OrgUnit.objects.values_list("parent_id").annotate(m=Max("path")):
        next_number[parent_id] = int(last[-5:-1], 36) + 1
    audit_rows: list[AuditEntry] = []
    unit_type = ContentType.objects.get_for_model(OrgUnit)
    actor_id = getattr(actor, "pk", None)

    by_level: dict[str, list[Wanted]] = defaultdict(list)
    for want in wanted:
        by_level[want.level].append(want)
    for level in (Level.CENTRAL, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create: list[OrgUnit] = []
        for want in by_level[level]:
            parent = existing[want.parent_code] if want.parent_code else None
            parent_id = parent.pk if parent else None
            former = [n for n, _ in want.former_names]
            unit = existing.get(want.code)
            if unit is None:
                number = next_number.get(parent_id, 1)
                next_number[parent_id] = number + 1
                path = (parent.path if parent else "") + _segment(number)
                unit = OrgUnit(
                    code=want.code,
                    name=want.name,
                    short_name=want.short_name,
                    kind=want.kind,
                    level=want.level,
                    parent=parent,
                    path=path,
                    depth=path.count("/"),
                    valid_from=want.valid_from,
                    valid_to=want.valid_to,
                    admin_code=want.admin_code,
                    search_name=search_text(want.name, want.short_name, *former),
                )
                to_create.append(unit)
            elif _differs(unit, want, parent_id):
                if unit.parent_id != parent_id:
                    raise ValueError(
                        f"{want.code}: the data moves it to another parent; record a reorganisation"
                    )
                for attr in ("name", "short_name", "kind", "valid_from", "valid_to", "admin_code"):
                    setattr(unit, attr, getattr(want, attr))
                unit.search_name = search_text(want.name, want.short_name, *former)
                unit.save()
                stats.updated += 1
                audit_rows.append(
                    AuditEntry(
                        actor_id=actor_id,
                        action=AuditAction.UPDATE,
                        object_type=unit_type,
                        object_id=str(unit.pk),
                        object_repr=unit.name[:300],
                        unit=unit,
                        unit_path=unit.path,
                        changes={"source": SOURCE},
                    )
                )
            else:
                stats.unchanged += 1
        for batch in _batches(to_create, 2000):
            OrgUnit.objects.bulk_create(batch)
        for unit in to_create:
            existing[unit.code] = unit
            audit_rows.append(
                AuditEntry(
                    actor_id=actor_id,
                    action=AuditAction.CREATE,
                    object_type=unit_type,
                    object_id=str(unit.pk),
                    object_repr=unit.name[:300],
                    unit=unit,
                    unit_path=unit.path,
                    changes={"source": [None, SOURCE]},
                )
            )
        stats.created += len(to_create)
        say(f"{Level(level).label}: {len(to_create)} created")

    names = set(OrgUnitName.objects.values_list("unit_id", "valid_to"))
    OrgUnitName.objects.bulk_create(
        [
            OrgUnitName(unit=existing[w.code], name=name, valid_to=valid_to)
            for w in wanted
            for name, valid_to in w.former_names
            if (existing[w.code].pk, valid_to) not in names
        ]
    )

    known = set(
        Reorganisation.objects.filter(source_key__startswith=f"{SOURCE}:").values_list(
            "source_key", flat=True
        )
    )
    new_reorgs = [r for r in wanted_reorgs if r.key not in known]
    created = Reorganisation.objects.bulk_create(
        [
            Reorganisation(
                kind=r.kind, effective_date=r.effective_date, note=r.note, source_key=r.key
            )
            for r in new_reorgs
        ]
    )
    links = [
        LineageLink(
            reorganisation=reorg, predecessor=existing[pred], successor=existing[succ], share=share
        )
        for reorg, r in zip(created, new_reorgs, strict=True)
        for pred, succ, share in r.links
    ]
    for batch in _batches(links, 5000):
        LineageLink.objects.bulk_create(batch)
    stats.reorganisations_created = len(created)
    stats.links = len(links)
    for batch in _batches(audit_rows, 5000):
        AuditEntry.objects.bulk_create(batch)
    return stats


def _batches(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
