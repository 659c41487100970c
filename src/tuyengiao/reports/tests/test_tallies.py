"""Branch tallies: kept true by every change of a report's status, read where a roll-up covers
whole branches, and giving the same answer as the figures themselves for every unit."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports import services, tallies
from tuyengiao.reports.models import BranchTally, Submission
from tuyengiao.reports.selectors import rollup_values
from tuyengiao.reports.tests.conftest import hand_in, run_at_once
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
PERIODS = ("2025-H2", "2025-H1", "2024-H2")


def _rows() -> set[tuple]:
    return set(
        BranchTally.objects.values_list(
            "form_id", "period_code", "branch", "indicator_id", "total", "count", "low", "high"
        )
    )


def _answer(rollup) -> tuple:
    """Everything a roll-up says, in plain values."""
    return (
        rollup.totals,
        [(b.unit.code, b.figures, b.completeness) for b in rollup.branches],
        rollup.completeness,
        [u.code for u in rollup.missing_units],
        rollup.own,
        rollup.previous,
        rollup.last_year,
    )


def _same_with_and_without_tallies(user, form, units) -> None:
    for unit in units:
        for code in PERIODS:
            period = form.period(code)
            with override_settings(REPORT_TALLIES=True):
                kept = _answer(rollup_values(user=user, form=form, unit=unit, period=period))
            with override_settings(REPORT_TALLIES=False):
                raw = _answer(rollup_values(user=user, form=form, unit=unit, period=period))
            assert kept == raw, (unit.code, code)


def _kept_equals_rebuilt() -> None:
    kept = _rows()
    tallies.rebuild()
    assert kept == _rows()


def test_every_status_change_keeps_the_tallies_true(reported, tree, operator):
    form = reported.form
    _kept_equals_rebuilt()
    p1 = Submission.objects.get(form=form, unit=tree.own, period_code="2025-H2")
    p1 = services.submission_approve(actor=operator, submission=p1, version=p1.version)
    _kept_equals_rebuilt()
    p1 = services.submission_reopen(
        actor=operator, submission=p1, version=p1.version, reason="Sửa số liệu"
    )
    assert (
        not BranchTally.objects.filter(branch=tree.own.path, period_code="2025-H2")
        .filter(count=2)
        .exists()
    )  # only D1's figures are left in P1's branch
    _kept_equals_rebuilt()
    p1 = services.submission_save(
        actor=operator, submission=p1, version=p1.version, values={"SESSIONS": 9, "LOWEST": "50"}
    )
    p1 = services.submission_submit(actor=operator, submission=p1, version=p1.version)
    _kept_equals_rebuilt()
    d1 = Submission.objects.get(form=form, unit=tree.child, period_code="2025-H2")
    services.submission_return(
        actor=operator, submission=d1, version=d1.version, reason="Thiếu số liệu"
    )
    _kept_equals_rebuilt()
    national = rollup_values(
        user=operator, form=form, unit=tree.central, period=form.period("2025-H2")
    )
    assert national.by_code(national.totals)["SESSIONS"] == 9 + 7  # P1 again, P2; D1 returned
    assert national.by_code(national.totals)["LOWEST"] == 50  # a minimum that went down


def test_roll_ups_read_the_same_with_or_without_tallies_for_every_unit(reported, tree, operator):
    units = list(OrgUnit.objects.order_by("path"))
    _same_with_and_without_tallies(operator, reported.form, units)


def test_a_province_viewer_compares_over_its_predecessor_the_same_way(reported, tree, role_users):
    # The viewer of P1 reads P0 (closed, merged into P1) through lineage, never P2.
    _same_with_and_without_tallies(role_users["viewer"], reported.form, [tree.own, tree.child])


def test_the_national_roll_up_and_the_comparisons_read_the_tallies(reported, tree, operator):
    form = reported.form
    sessions = reported.indicators["SESSIONS"]
    BranchTally.objects.filter(branch=tree.sibling.path, indicator=sessions).update(total=70)
    BranchTally.objects.filter(branch=tree.predecessor.path, indicator=sessions).update(total=40)

    national = rollup_values(
        user=operator, form=form, unit=tree.central, period=form.period("2025-H2")
    )
    province = rollup_values(user=operator, form=form, unit=tree.own, period=form.period("2025-H2"))

    assert national.by_code(national.totals)["SESSIONS"] == 5 + 70
    assert province.by_code(province.last_year)["SESSIONS"] == 40  # P0's 2024-H2, from tallies
    assert province.by_code(province.totals)["SESSIONS"] == 5  # a province's own: the figures
    call_command("rebuild_tallies", verbosity=0)
    national = rollup_values(
        user=operator, form=form, unit=tree.central, period=form.period("2025-H2")
    )
    assert national.by_code(national.totals)["SESSIONS"] == 12


def test_a_user_who_cannot_see_a_whole_branch_is_answered_from_the_figures(
    reported, tree, operator
):
    """A district's viewer sees its own subtree only: its comparison never reads the tallies of
    the province's branch, which hold figures outside the district."""
    viewer = UserFactory(username="viewer_d1")
    Membership.objects.create(user=viewer, unit=tree.child, role=Role.VIEWER)
    assert not tallies.covers([tree.child.path], None)  # a district is not a branch
    _same_with_and_without_tallies(viewer, reported.form, [tree.child])


def test_covers_only_whole_branches():
    root, province, district = "0001/", "0001/0002/", "0001/0002/0003/"
    assert tallies.covers([root], tallies.BRANCH_WIDTH)
    assert tallies.covers([root], None) and tallies.covers([province, "0001/0007/"], None)
    assert not tallies.covers([province], len(province) + 5)  # a province's children
    assert not tallies.covers([district], None) and not tallies.covers([], None)
    with override_settings(REPORT_TALLIES=False):
        assert not tallies.covers([root], None)


@pytest.mark.django_db(transaction=True)
def test_reports_of_one_province_handed_in_at_once_are_all_tallied(
    small_form, tree, operator, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions with row locks; SQLite serialises writers")
    form = small_form.form
    # Widen the window between a refresh's start and its reading of the figures, so that without
    # the branch lock each submit would tally before seeing the others (and their inserts clash).
    grouped = tallies._grouped

    def slow_grouped(*args, **kwargs):
        time.sleep(0.3)
        return grouped(*args, **kwargs)

    monkeypatch.setattr(tallies, "_grouped", slow_grouped)
    units = [tree.own, tree.child, tree.deeper]
    drafts = [
        hand_in(operator, form, unit, "2025-H2", {"SESSIONS": n + 1}, submit_on=None)
        for n, unit in enumerate(units)
    ]
    errors = run_at_once(
        lambda report: services.submission_submit(
            actor=operator,
            submission=report,
            version=report.version,
            at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
        ),
        drafts,
    )
    assert errors == []
    [row] = BranchTally.objects.filter(
        branch=tree.own.path, indicator=small_form.indicators["SESSIONS"]
    )
    assert (row.total, row.count, row.low, row.high) == (6, 3, 1, 3)
