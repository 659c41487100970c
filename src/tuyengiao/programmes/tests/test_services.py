"""Rules of work programmes: what is refused (nothing written), hand-down, progress, concurrency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.programmes import selectors, services
from tuyengiao.programmes.models import Programme, Task, TaskUpdate

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def programme(tree, operator) -> Programme:
    return services.programme_create(actor=operator, unit=tree.own, year=2026)


@pytest.fixture
def task(programme, operator) -> Task:
    return services.task_create(
        actor=operator,
        programme=programme,
        title="Tuyên truyền",
        number="1",
        deadline=D(2026, 6, 30),
    )


def _nothing_written(call, field: str, **kwargs) -> DomainError:
    counts = (
        Programme.objects.count(),
        Task.objects.count(),
        TaskUpdate.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(DomainError) as info:
        call(**kwargs)
    assert info.value.field == field, info.value.message
    assert counts == (
        Programme.objects.count(),
        Task.objects.count(),
        TaskUpdate.objects.count(),
        AuditEntry.objects.count(),
    )
    return info.value


def test_deadline_outside_the_programme_year_is_refused(programme, operator):
    error = _nothing_written(
        services.task_create,
        "deadline",
        actor=operator,
        programme=programme,
        title="X",
        deadline=D(2027, 1, 15),
    )
    assert "15/01/2027" in error.message and "2026" in error.message


def test_due_date_is_derived_from_deadline_month_or_year_end(programme, operator):
    by_month = services.task_create(
        actor=operator, programme=programme, title="A", deadline_month=2
    )
    open_ended = services.task_create(actor=operator, programme=programme, title="B")
    assert by_month.due_date == D(2026, 2, 28) and open_ended.due_date == D(2026, 12, 31)


def test_a_group_cannot_contain_itself(programme, operator, task):
    child = services.task_create(actor=operator, programme=programme, title="Con", parent=task)
    grandchild = services.task_create(
        actor=operator, programme=programme, title="Cháu", parent=child
    )
    _nothing_written(
        services.task_update,
        "parent",
        actor=operator,
        task=task,
        version=task.version,
        parent=grandchild,
    )


def test_unit_not_existing_that_year_has_no_programme(tree, operator):
    _nothing_written(services.programme_create, "year", actor=operator, unit=tree.own, year=2020)


def test_one_programme_per_unit_and_year(programme, operator, tree):
    _nothing_written(services.programme_create, "year", actor=operator, unit=tree.own, year=2026)


def test_hand_down_creates_linked_tasks_in_each_recipients_programme(task, operator, tree):
    copies = services.task_hand_down(
        actor=operator, task=task, recipients=[tree.child, tree.deeper], on=D(2026, 3, 1)
    )
    assert {c.programme.unit for c in copies} == {tree.child, tree.deeper}
    assert all(
        c.assigned_from == task and c.origin == "assigned" and c.due_date == task.due_date
        for c in copies
    )
    # A second hand-down to the same unit is skipped, not duplicated.
    assert services.task_hand_down(actor=operator, task=task, recipients=[tree.child]) == []
    assert task.handed_down.count() == 2


def test_hand_down_outside_the_subtree_is_refused_and_writes_nothing(task, operator, tree):
    error = _nothing_written(
        services.task_hand_down,
        "recipients",
        actor=operator,
        task=task,
        recipients=[tree.child, tree.sibling],
    )
    assert tree.sibling.name in error.message
    _nothing_written(
        services.task_hand_down, "recipients", actor=operator, task=task, recipients=[tree.own]
    )


def test_deadline_change_leaves_handed_down_tasks_until_the_user_picks_them(task, operator, tree):
    first, second = services.task_hand_down(
        actor=operator, task=task, recipients=[tree.child, tree.deeper]
    )
    task = services.task_update(
        actor=operator, task=task, version=task.version, deadline=D(2026, 9, 30)
    )
    first.refresh_from_db()
    assert first.deadline == D(2026, 6, 30)  # not silently changed
    assert services.task_deadline_propagate(actor=operator, task=task, targets=[first]) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.deadline, first.due_date, second.deadline) == (
        D(2026, 9, 30),
        D(2026, 9, 30),
        D(2026, 6, 30),
    )


def test_propagation_only_reaches_copies_of_this_task(task, programme, operator, tree):
    other = services.task_create(actor=operator, programme=programme, title="Khác")
    (copy,) = services.task_hand_down(actor=operator, task=other, recipients=[tree.child])
    _nothing_written(
        services.task_deadline_propagate, "targets", actor=operator, task=task, targets=[copy]
    )


def test_progress_on_a_cancelled_task_is_refused(task, operator):
    services.task_progress_add(actor=operator, task=task, status="cancelled", date=D(2026, 2, 1))
    _nothing_written(
        services.task_progress_add,
        "status",
        actor=operator,
        task=task,
        status="done",
        date=D(2026, 3, 1),
    )


@pytest.mark.parametrize(
    ("day", "field"),
    [(D(2099, 1, 1), "date"), (D(2025, 12, 31), "date")],
)
def test_progress_dates_must_be_real(task, operator, day, field):
    _nothing_written(
        services.task_progress_add, field, actor=operator, task=task, status="done", date=day
    )


def test_progress_cannot_be_backdated_before_the_latest_update(task, operator):
    services.task_progress_add(actor=operator, task=task, status="in_progress", date=D(2026, 4, 1))
    _nothing_written(
        services.task_progress_add,
        "date",
        actor=operator,
        task=task,
        status="done",
        date=D(2026, 3, 1),
    )


def test_status_on_a_day_and_overdue_are_derived(task, operator, programme):
    services.task_progress_add(actor=operator, task=task, status="in_progress", date=D(2026, 2, 1))
    services.task_progress_add(actor=operator, task=task, status="done", date=D(2026, 8, 1))
    rows = {
        t.pk: t
        for t in selectors.task_list(user=operator, programme=programme, as_of=D(2026, 7, 15))
    }
    assert (rows[task.pk].status_on, rows[task.pk].overdue) == ("in_progress", True)
    rows = {
        t.pk: t
        for t in selectors.task_list(user=operator, programme=programme, as_of=D(2026, 8, 2))
    }
    assert (rows[task.pk].status_on, rows[task.pk].overdue) == ("done", False)
    assert services.task_status_on(task, D(2026, 1, 1)) == "not_started"


def test_second_save_of_the_same_version_is_refused_naming_who(task, operator):
    services.task_update(
        actor=operator, task=task, version=task.version, title="Bản của người thứ nhất"
    )
    with pytest.raises(ConflictError) as info:
        services.task_update(
            actor=operator, task=task, version=task.version, title="Bản của người thứ hai"
        )
    assert info.value.message.startswith(f"Changed by {operator} at")
    task.refresh_from_db()
    assert task.title == "Bản của người thứ nhất"


def test_approval_is_for_approvers_and_needs_tasks(programme, tree, role_users, operator):
    with pytest.raises(PermissionDenied):
        services.programme_approve(
            actor=role_users["editor"], programme=programme, version=programme.version
        )
    _nothing_written(
        services.programme_approve,
        "tasks",
        actor=role_users["approver"],
        programme=programme,
        version=programme.version,
    )
    services.task_create(actor=operator, programme=programme, title="A")
    approved = services.programme_approve(
        actor=role_users["approver"], programme=programme, version=programme.version
    )
    assert approved.status == "approved" and approved.approved_by == role_users["approver"]


def test_editors_write_their_own_unit_only(tree, role_users, operator):
    child_programme = services.programme_create(actor=operator, unit=tree.child, year=2026)
    with pytest.raises(PermissionDenied):
        services.task_create(
            actor=role_users["editor"], programme=child_programme, title="Không được"
        )
    own = services.programme_create(actor=role_users["editor"], unit=tree.own, year=2026)
    assert services.task_create(actor=role_users["editor"], programme=own, title="Được").pk
    # The admin of the subtree may write below.
    assert services.task_create(
        actor=role_users["admin"], programme=child_programme, title="Quản trị"
    ).pk


def test_ad_hoc_task_counts_from_the_day_it_was_entered(programme, operator, tree):
    services.task_create(
        actor=operator,
        programme=programme,
        title="Đột xuất",
        origin="ad_hoc",
        entered_on=D(2026, 5, 1),
        deadline=D(2026, 5, 31),
    )
    before = selectors.task_rollup(
        user=operator, unit=tree.own, as_of=D(2026, 4, 30), period=selectors.Period.of_half(2026, 1)
    )
    after = selectors.task_rollup(
        user=operator, unit=tree.own, as_of=D(2026, 5, 2), period=selectors.Period.of_half(2026, 1)
    )
    assert (before.own.ad_hoc, after.own.ad_hoc) == (0, 1)


def test_lead_unit_must_be_one_the_actor_can_see(programme, tree, role_users, operator):
    editor = role_users["editor"]
    _nothing_written(
        services.task_create,
        "lead_unit",
        actor=editor,
        programme=programme,
        title="X",
        lead_unit=tree.sibling,
    )
    task = services.task_create(actor=editor, programme=programme, title="Y", lead_unit=tree.child)
    _nothing_written(
        services.task_update,
        "lead_unit",
        actor=editor,
        task=task,
        version=task.version,
        lead_unit=tree.other,
    )


def test_inbox_holds_tasks_from_above_not_ones_the_user_handed_down(
    task, tree, operator, role_users
):
    from tuyengiao.accounts.models import Membership

    services.task_hand_down(actor=operator, task=task, recipients=[tree.child])
    district_editor = role_users["viewer"]
    Membership.objects.create(user=district_editor, unit=tree.child, role="editor")
    from tuyengiao import access

    access.forget(district_editor)
    assert [
        t.assigned_from
        for t in selectors.tasks_from_above(user=district_editor, as_of=D(2026, 7, 1))
    ] == [task]
    # The province's admin edits both ends: the copy is their own hand-down, not from above.
    assert list(selectors.tasks_from_above(user=role_users["admin"], as_of=D(2026, 7, 1))) == []
    (copy,) = selectors.task_handed_down_list(user=operator, task=task, as_of=D(2026, 7, 1))
    assert (copy.programme.unit, copy.status_on, copy.overdue) == (tree.child, "not_started", True)


def test_second_half_counts_the_tasks_due_in_it(programme, operator, tree):
    services.task_create(
        actor=operator, programme=programme, title="Đầu năm", deadline=D(2026, 3, 1)
    )
    services.task_create(
        actor=operator, programme=programme, title="Cuối năm", deadline=D(2026, 9, 1)
    )
    count = {
        code: selectors.task_rollup(
            user=operator, unit=tree.own, as_of=D(2026, 12, 31), period=selectors.Period.parse(code)
        ).own.total
        for code in ("2026-H1", "2026-H2", "2026")
    }
    assert count == {"2026-H1": 1, "2026-H2": 1, "2026": 2}


def test_hand_down_on_a_day_outside_the_year_is_refused(task, operator, tree):
    _nothing_written(
        services.task_hand_down,
        "on",
        actor=operator,
        task=task,
        recipients=[tree.child],
        on=D(2027, 5, 1),
    )


def test_a_too_long_title_is_refused_not_a_database_error(programme, operator):
    error = _nothing_written(
        services.task_create, "title", actor=operator, programme=programme, title="x" * 501
    )
    assert "500" in error.message
