"""Reads of the tree: as of a date, subtree in one query, diacritic-free search, lineage."""

from __future__ import annotations

import datetime as dt

import pytest

from tuyengiao.orgunits import selectors
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.testing import SWITCH

pytestmark = pytest.mark.django_db


def test_tree_as_of_a_date_holds_only_units_alive_then(tree, operator):
    before = set(selectors.orgunit_list(user=operator, as_of=dt.date(2020, 1, 1)))
    after = set(selectors.orgunit_list(user=operator, as_of=SWITCH))
    assert tree.predecessor in before and tree.own not in before
    assert tree.own in after and tree.predecessor not in after
    # The last day of a unit still counts; the day after does not.
    assert tree.predecessor in selectors.orgunit_list(
        user=operator, as_of=SWITCH - dt.timedelta(days=1)
    )


def test_subtree_is_one_query(tree, operator, django_assert_num_queries):
    with django_assert_num_queries(1):
        units = list(selectors.orgunit_list(user=operator, as_of=SWITCH, subtree_of=tree.own))
    assert units == [tree.own, tree.child, tree.deeper]


def test_scoped_subtree_reads_memberships_once_then_one_query(
    tree, role_users, django_assert_num_queries
):
    user = role_users["viewer"]
    list(selectors.orgunit_list(user=user))  # memberships and lineage read once per request
    with django_assert_num_queries(1):
        units = list(selectors.orgunit_list(user=user, subtree_of=tree.own))
    assert units == [tree.own, tree.child, tree.deeper]


@pytest.mark.parametrize(
    ("query", "expected_code"),
    [
        ("dong trieu", "D3"),
        ("Đông Triều", "D3"),
        ("DONG THO", "C1"),
        ("tuyen giao nghe an", "P2"),
        ("ha giang", "P0"),
        ("Yên  Sơn", "D1"),
    ],
)
def test_search_ignores_diacritics_case_and_word_order(tree, operator, query, expected_code):
    assert [u.code for u in selectors.orgunit_list(user=operator, query=query)] == [expected_code]


def test_search_does_not_confuse_d_and_dj(tree, operator):
    # "Đông" folds to "dong", never to "djong" or "ong".
    assert not selectors.orgunit_list(user=operator, query="ong trieu d3x").exists()
    assert selectors.orgunit_list(user=operator, query="ong trieu").exists()


def test_lineage_lists_where_a_unit_came_from_and_went(tree):
    into = selectors.orgunit_lineage(unit=tree.predecessor)
    came = selectors.orgunit_lineage(unit=tree.own)
    assert [link.successor for link in into.went_into] == [tree.own]
    assert [link.predecessor for link in came.came_from] == [tree.predecessor]


def test_closed_unit_maps_onto_its_successor(tree):
    mapping = selectors.orgunit_map_onto(unit=tree.predecessor, as_of=dt.date(2026, 1, 1))
    assert [(m.unit, m.share) for m in mapping] == [(tree.own, 1)]
    # A unit that is still alive maps onto itself; before its successor existed, onto nothing new.
    assert [
        m.unit for m in selectors.orgunit_map_onto(unit=tree.own, as_of=dt.date(2026, 1, 1))
    ] == [tree.own]
    assert selectors.orgunit_map_onto(unit=tree.own, as_of=dt.date(2020, 1, 1)) == []


def test_ancestors_come_from_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.orgunit_ancestors(tree.deeper, as_of=SWITCH) == [
            tree.central,
            tree.own,
            tree.child,
        ]


def test_roots_for_a_member_are_their_units_and_predecessors(tree, role_users):
    roots = selectors.orgunit_roots(user=role_users["viewer"], as_of=dt.date(2020, 1, 1))
    assert roots == [tree.predecessor]
    roots = selectors.orgunit_roots(user=role_users["viewer"], as_of=dt.date(2026, 1, 1))
    assert roots == [tree.own]
    assert OrgUnit.objects.count() == 8
