"""The roll-up: totals per aggregation kind, per-child rows, completeness and timeliness, and the
comparison across the 2025 merger through lineage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tuyengiao.orgunits.services import orgunit_rename
from tuyengiao.reports.narrative import render_narrative
from tuyengiao.reports.selectors import rollup_values

pytestmark = pytest.mark.django_db


def test_totals_per_aggregation_kind(reported, tree, operator):
    form, codes = reported.form, reported.indicators
    rollup = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))
    totals = rollup.by_code(rollup.totals)
    assert totals["SESSIONS"] == 5  # sum; the draft's 100 is not counted
    assert totals["REPORTERS"] == 15  # last value: each unit's stock, added up
    assert totals["SCORE"] == 85  # average over reporting units
    assert totals["LOWEST"] == 60  # minimum
    assert totals["VALUE"] == 626_000_000_000
    assert totals["PLAN"] == 1  # units answering yes
    assert totals["RATE"] == Decimal(140) * 100 / 150  # ratio of the totals, not mean of ratios
    assert totals["NOTE"] is None
    own = rollup.by_code(rollup.own)
    assert own["SESSIONS"] == 2 and own["RATE"] == 90 and own["NOTE"] == "Tỉnh"
    assert codes["RATE"].pk in rollup.totals


def test_children_completeness_and_timeliness(reported, tree, operator):
    form = reported.form
    rollup = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))
    rows = {b.unit.code: b for b in rollup.branches}
    assert set(rows) == {"P1", "D1"}
    assert rows["P1"].is_self and rows["P1"].figures[reported.indicators["SESSIONS"].pk] == 2
    assert rows["D1"].figures[reported.indicators["SESSIONS"].pk] == 3
    assert (rows["D1"].completeness.expected, rows["D1"].completeness.submitted) == (2, 1)
    c = rollup.completeness
    assert (c.expected, c.submitted, c.on_time, c.late, c.missing) == (3, 2, 1, 1, 1)
    assert [u.code for u in rollup.missing_units] == ["C1"]


def test_comparison_reaches_the_predecessor_through_lineage(reported, tree, operator):
    form = reported.form
    rollup = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))
    assert rollup.last_year_period.code == "2024-H2"
    assert rollup.by_code(rollup.last_year)["SESSIONS"] == 4
    assert rollup.by_code(rollup.last_year)["RATE"] == 50
    assert rollup.previous_period.code == "2025-H1"
    assert rollup.by_code(rollup.previous)["SESSIONS"] == 6
    assert [u.code for u in rollup.compared_units] == ["P0"]


def test_national_rollup_and_subtree_limits(reported, tree, operator):
    form = reported.form
    national = rollup_values(
        user=operator, form=form, unit=tree.central, period=form.period("2025-H2")
    )
    assert national.by_code(national.totals)["SESSIONS"] == 12
    sibling = rollup_values(
        user=operator, form=form, unit=tree.sibling, period=form.period("2025-H2")
    )
    assert sibling.by_code(sibling.totals)["SESSIONS"] == 7


def test_narrative_renders_figures_the_vietnamese_way(reported, tree, operator):
    form = reported.form
    rollup = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))
    types = {i.code: i.value_type for i in rollup.indicators}
    text = render_narrative(
        "{{SESSIONS}} cuộc ({{SESSIONS.own}} của tỉnh), {{RATE}}, {{VALUE}}, {{NOTE}}",
        types=types,
        totals=rollup.by_code(rollup.totals),
        own=rollup.by_code(rollup.own),
    )
    assert text == "5 cuộc (2 của tỉnh), 93,3%, 626 tỉ đồng, …"


def test_viewer_of_another_subtree_cannot_roll_up(reported, tree, role_users):
    from django.core.exceptions import PermissionDenied

    form = reported.form
    with pytest.raises(PermissionDenied):
        rollup_values(
            user=role_users["viewer"], form=form, unit=tree.sibling, period=form.period("2025-H2")
        )


def test_units_not_handed_in_bear_the_names_of_the_period(reported, tree, operator):
    orgunit_rename(
        actor=operator,
        unit=tree.deeper,
        name="Đảng ủy phường Đông Thọ",
        effective_date=dt.date(2026, 3, 1),
    )
    form = reported.form
    rollup = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))
    assert [u.name_on for u in rollup.missing_units] == ["Đảng ủy xã Đông Thọ"]
