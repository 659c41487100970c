"""The completion roll-up: own programme, subtree and per child, as of a day, in one query."""

import datetime as dt

import pytest

from tuyengiao.core.periods import Period
from tuyengiao.programmes import selectors, services

pytestmark = pytest.mark.django_db
D = dt.date


def test_rollup_counts_leaf_tasks_by_status_on_the_day(
    tree, operator, django_assert_max_num_queries
):
    p = services.programme_create(actor=operator, unit=tree.own, year=2026)
    g = services.task_create(actor=operator, programme=p, title="Nhóm", number="1")
    t1 = services.task_create(
        actor=operator, programme=p, title="A", parent=g, number="1.1", deadline_month=3
    )
    t2 = services.task_create(
        actor=operator, programme=p, title="B", number="2", deadline=D(2026, 5, 1)
    )
    services.task_create(
        actor=operator, programme=p, title="C", origin="ad_hoc", entered_on=D(2026, 2, 1)
    )
    services.task_progress_add(actor=operator, task=t1, status="done", date=D(2026, 2, 1))
    services.task_progress_add(actor=operator, task=t2, status="in_progress", date=D(2026, 2, 1))
    copies = services.task_hand_down(
        actor=operator, task=t2, recipients=[tree.child, tree.deeper], on=D(2026, 3, 1)
    )
    services.task_progress_add(actor=operator, task=copies[0], status="done", date=D(2026, 4, 1))
    with django_assert_max_num_queries(3):
        r = selectors.task_rollup(
            user=operator, unit=tree.own, as_of=D(2026, 6, 30), period=Period.of_half(2026, 1)
        )
    assert r.own.total == 2 and r.own.done == 1 and r.own.overdue == 1
    assert r.subtree.total == 4 and r.subtree.done == 2
    r2 = selectors.task_rollup(
        user=operator, unit=tree.own, as_of=D(2026, 12, 31), period=Period(2026)
    )
    assert r2.own.total == 3 and r2.own.ad_hoc == 1
    assert [(c.code, x.total, x.done) for c, x in r.children] == [
        ("D1", 2, 1)
    ]  # D1 and C1 below it
    assert r.subtree.done_ratio == "2/4"
    # Before the copy below was done, the subtree had one task done.
    earlier = selectors.task_rollup(
        user=operator, unit=tree.own, as_of=D(2026, 3, 31), period=Period.of_half(2026, 1)
    )
    assert earlier.subtree.done_ratio == "1/4"
    tasks = selectors.task_list(user=operator, programme=p, as_of=D(2026, 6, 30))
    assert [(t.number, t.depth, t.status_on, t.overdue, t.handed_down_count) for t in tasks] == [
        ("", 0, "not_started", False, 0),
        ("1", 0, "not_started", False, 0),
        ("1.1", 1, "done", False, 0),
        ("2", 0, "in_progress", True, 2),
    ]
