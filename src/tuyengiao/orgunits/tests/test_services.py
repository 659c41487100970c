"""Rules of the tree: what a create, update, rename or reorganisation refuses, and what it writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.orgunits import selectors, services
from tuyengiao.orgunits.models import LineageLink, OrgUnit, Reorganisation
from tuyengiao.orgunits.services import SuccessorSpec
from tuyengiao.testing import SWITCH, make_unit

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english_messages():
    """Rules are asserted on their English wording; the Vietnamese one is checked in test_i18n."""
    with translation.override("en"):
        yield


def _refused(field: str, call, **kwargs) -> DomainError:
    """Runs a write that must be refused naming `field`, and checks nothing was written."""
    units, links, audits = (
        OrgUnit.objects.count(),
        LineageLink.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(DomainError) as info:
        call(**kwargs)
    assert info.value.field == field, info.value.message
    assert (OrgUnit.objects.count(), LineageLink.objects.count(), AuditEntry.objects.count()) == (
        units,
        links,
        audits,
    )
    return info.value


def _create(tree, operator, **overrides):
    data = {
        "actor": operator,
        "parent": tree.sibling,
        "code": "NEW",
        "name": "Ban Tuyên giáo Huyện ủy Mới",
        "kind": "commission",
        "level": "district",
        "valid_from": D(2010, 1, 1),
    }
    return services.orgunit_create(**(data | overrides))


def test_create_writes_path_under_parent_and_audits(tree, operator):
    unit = _create(tree, operator)
    assert unit.path.startswith(tree.sibling.path) and unit.depth == tree.sibling.depth + 1
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action="create")
    assert (
        entry.actor == operator
        and entry.unit == unit
        and entry.changes["name"] == [None, unit.name]
    )


def test_create_refuses_duplicate_code(tree, operator):
    error = _refused("code", _create, tree=tree, operator=operator, code="P1")
    assert "P1" in error.message


def test_create_refuses_unknown_level(tree, operator):
    _refused("level", _create, tree=tree, operator=operator, level="hamlet")


def test_create_refuses_level_not_below_parent(tree, operator):
    _refused("level", _create, tree=tree, operator=operator, level="province")


def test_create_refuses_life_outside_parent(tree, operator):
    # `own` starts on 01/07/2025: a child cannot start before it.
    error = _refused(
        "parent", _create, tree=tree, operator=operator, parent=tree.own, valid_from=D(2020, 1, 1)
    )
    assert "01/07/2025" in error.message
    # `predecessor` ended on 30/06/2025: a child cannot stay open after it.
    _refused(
        "parent", _create, tree=tree, operator=operator, parent=tree.predecessor, valid_to=None
    )


def test_create_refuses_overlapping_validity_of_same_unit(tree, operator):
    _create(tree, operator, valid_to=D(2015, 12, 31))
    _refused(
        "valid_from", _create, tree=tree, operator=operator, code="NEW2", valid_from=D(2015, 6, 1)
    )
    # The same name after the first one closed is a new life, not an overlap.
    assert _create(tree, operator, code="NEW3", valid_from=D(2016, 1, 1)).pk


def test_create_refuses_end_before_start(tree, operator):
    _refused("valid_to", _create, tree=tree, operator=operator, valid_to=D(2009, 1, 1))


def test_update_refuses_stale_version_naming_who_changed_it(tree, operator):
    unit = tree.sibling
    services.orgunit_update(actor=operator, unit=unit, version=unit.version, short_name="Nghệ An")
    with pytest.raises(ConflictError) as info:
        services.orgunit_update(actor=operator, unit=unit, version=unit.version, short_name="NA")
    unit.refresh_from_db()
    local = timezone.localtime(unit.updated_at).strftime("%H:%M %d/%m/%Y")
    assert info.value.message.startswith(f"Changed by {operator} at {local}")
    unit.refresh_from_db()
    assert unit.short_name == "Nghệ An" and unit.version == 2


def test_update_refuses_closing_before_children_end(tree, operator):
    _refused(
        "valid_to",
        services.orgunit_update,
        actor=operator,
        unit=tree.own,
        version=tree.own.version,
        valid_to=D(2025, 12, 31),
    )


def test_update_cannot_change_parent(tree, operator):
    _refused(
        "parent",
        services.orgunit_update,
        actor=operator,
        unit=tree.child,
        version=1,
        parent=tree.sibling,
    )


def _merge(tree, operator, **overrides):
    a = make_unit(tree.sibling, "A", level="district", name="Huyện A")
    b = make_unit(tree.sibling, "B", level="district", name="Huyện B")
    data = {
        "actor": operator,
        "kind": "merge",
        "effective_date": D(2020, 1, 1),
        "predecessors": [a, b],
        "successors": [SuccessorSpec(code="AB", name="Huyện AB", parent=tree.sibling)],
    }
    return services.reorganisation_record(**(data | overrides)), a, b


def test_merge_closes_predecessors_opens_successor_and_links_them(tree, operator):
    reorganisation, a, b = _merge(tree, operator)
    a.refresh_from_db()
    b.refresh_from_db()
    merged = OrgUnit.objects.get(code="AB")
    assert a.valid_to == b.valid_to == D(2019, 12, 31) and merged.valid_from == D(2020, 1, 1)
    assert {(link.predecessor.code, link.share) for link in reorganisation.links.all()} == {
        ("A", Decimal(1)),
        ("B", Decimal(1)),
    }
    assert [m.unit for m in selectors.orgunit_map_onto(unit=a, as_of=D(2024, 1, 1))] == [merged]
    # As the tree was then: both old units on 2019-06-01, only the merged one in 2021.
    then = set(selectors.orgunit_list(user=operator, as_of=D(2019, 6, 1), parent=tree.sibling))
    now = set(selectors.orgunit_list(user=operator, as_of=D(2021, 6, 1), parent=tree.sibling))
    assert then == {a, b} and now == {merged}


def test_reorganisation_without_predecessors_is_refused(tree, operator):
    _refused(
        "predecessors",
        services.reorganisation_record,
        actor=operator,
        kind="merge",
        effective_date=D(2020, 1, 1),
        predecessors=[],
        successors=[SuccessorSpec(code="X", name="X", parent=tree.sibling)],
    )


def test_move_under_own_descendant_is_refused_as_cycle(tree, operator):
    error = _refused(
        "parent",
        services.reorganisation_record,
        actor=operator,
        kind="move",
        effective_date=D(2026, 1, 1),
        predecessors=[tree.deeper],
        successors=[SuccessorSpec(code="X", name="X", parent=tree.deeper)],
    )
    assert "cycle" in error.message


def test_predecessor_with_open_children_is_refused(tree, operator):
    error = _refused(
        "predecessors",
        services.reorganisation_record,
        actor=operator,
        kind="move",
        effective_date=D(2026, 1, 1),
        predecessors=[tree.child],
        successors=[SuccessorSpec(code="X", name="X", parent=tree.sibling)],
    )
    assert tree.deeper.name in error.message


def test_split_records_shares_and_mapping_multiplies_them(tree, operator):
    old = make_unit(tree.sibling, "OLD", level="district", name="Huyện Cũ")
    services.reorganisation_record(
        actor=operator,
        kind="split",
        effective_date=D(2020, 1, 1),
        predecessors=[old],
        successors=[
            SuccessorSpec(
                code="N1",
                name="Huyện Bắc",
                parent=tree.sibling,
                share=Decimal("0.6"),
                share_basis="dân số",
            ),
            SuccessorSpec(
                code="N2",
                name="Huyện Nam",
                parent=tree.sibling,
                share=Decimal("0.4"),
                share_basis="dân số",
            ),
        ],
    )
    mapping = {
        m.unit.code: m.share for m in selectors.orgunit_map_onto(unit=old, as_of=D(2022, 1, 1))
    }
    assert mapping == {"N1": Decimal("0.6"), "N2": Decimal("0.4")}


def test_split_without_shares_maps_as_unknown_not_a_guess(tree, operator):
    old = make_unit(tree.sibling, "OLD", level="district", name="Huyện Cũ")
    services.reorganisation_record(
        actor=operator,
        kind="split",
        effective_date=D(2020, 1, 1),
        predecessors=[old],
        successors=[
            SuccessorSpec(code="N1", name="Huyện Bắc", parent=tree.sibling),
            SuccessorSpec(code="N2", name="Huyện Nam", parent=tree.sibling),
        ],
    )
    assert {m.share for m in selectors.orgunit_map_onto(unit=old, as_of=D(2022, 1, 1))} == {None}


def test_split_shares_must_add_up_to_one(tree, operator):
    old = make_unit(tree.sibling, "OLD", level="district", name="Huyện Cũ")
    error = _refused(
        "share",
        services.reorganisation_record,
        actor=operator,
        kind="split",
        effective_date=D(2020, 1, 1),
        predecessors=[old],
        successors=[
            SuccessorSpec(code="N1", name="N1", parent=tree.sibling, share=Decimal("0.7")),
            SuccessorSpec(code="N2", name="N2", parent=tree.sibling, share=Decimal("0.5")),
        ],
    )
    assert "1.2" in error.message


def test_merge_needs_two_predecessors(tree, operator):
    a = make_unit(tree.sibling, "A", level="district", name="Huyện A")
    _refused(
        "predecessors",
        services.reorganisation_record,
        actor=operator,
        kind="merge",
        effective_date=D(2020, 1, 1),
        predecessors=[a],
        successors=[SuccessorSpec(code="X", name="X", parent=tree.sibling)],
    )


def test_rename_keeps_the_unit_and_its_old_name_for_earlier_dates(tree, operator):
    unit = tree.sibling
    services.orgunit_rename(
        actor=operator,
        unit=unit,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
        effective_date=SWITCH,
    )
    unit.refresh_from_db()
    assert unit.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An"
    assert selectors.orgunit_name_on(unit, D(2020, 6, 30)) == "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    listed = selectors.orgunit_list(user=operator, as_of=D(2020, 6, 30)).get(pk=unit.pk)
    assert listed.name_on == "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    # Both names are found by search.
    assert unit in selectors.orgunit_list(user=operator, query="tuyen giao tinh uy nghe an")
    assert Reorganisation.objects.filter(kind="rename", links__predecessor=unit).exists()


def test_delete_refuses_unit_with_children(tree, operator):
    _refused("children", services.orgunit_delete, actor=operator, unit=tree.child)
