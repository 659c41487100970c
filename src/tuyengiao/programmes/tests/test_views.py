"""Work-programme pages: who sees them (200/404/403), what the forms write (through the services),
the refusals they show, the conflict message, the deadline offer, hand-down by mode, the roll-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tuyengiao.accounts.models import Membership
from tuyengiao.core.models import AuditEntry
from tuyengiao.programmes import services, views
from tuyengiao.programmes.models import Programme, Task, TaskUpdate
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = 2026
AS_OF = "2026-06-30"


def vi(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


@pytest.fixture
def plan(tree, operator):
    """The 2026 programme of `own`: a group with two tasks, and a task handed down to D1."""
    p = services.programme_create(actor=operator, unit=tree.own, year=YEAR, title="CTCT 2026")
    group = services.task_create(actor=operator, programme=p, title="Tuyên truyền", number="1")
    a = services.task_create(
        actor=operator, programme=p, title="Tuyên truyền Đại hội", number="1.1", parent=group
    )
    b = services.task_create(
        actor=operator,
        programme=p,
        title="Hội nghị báo cáo viên",
        number="1.2",
        parent=group,
        deadline=D(YEAR, 3, 31),
    )
    handed = services.task_create(
        actor=operator, programme=p, title="Sơ kết Chỉ thị 05", number="2", deadline_month=5
    )
    [copy] = services.task_hand_down(
        actor=operator, task=handed, recipients=[tree.child], on=D(YEAR, 2, 1)
    )
    return {"programme": p, "group": group, "a": a, "b": b, "handed": handed, "copy": copy}


def login(client, user):
    client.force_login(user)
    client.get("/", {"as_of": AS_OF})  # the as-of date lives in the session
    return client


@pytest.fixture
def outsider(tree):
    user = UserFactory(username="nguoi.ngoai")
    Membership.objects.create(user=user, unit=tree.sibling, role="admin")
    return user


# Who sees what


def test_every_page_renders_for_a_viewer_of_the_unit(client, tree, role_users, plan):
    login(client, role_users["viewer"])
    p, copy = plan["programme"], plan["copy"]
    pages = [
        "/programmes/",
        f"/programmes/{p.pk}/",
        f"/programmes/tasks/{plan['b'].pk}/",
        f"/programmes/tasks/{copy.pk}/",
        "/programmes/inbox/",
        "/programmes/rollup/",
        f"/programmes/rollup/{tree.child.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/programmes/{p.pk}/").content.decode()
    assert "Hội nghị báo cáo viên" in page and 'data-testid="task-form"' not in page  # no writes


def test_outsiders_get_404_as_if_nothing_existed(
    client, outsider, plan, operator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, outsider)
    p, b = plan["programme"], plan["b"]
    update = services.task_progress_add(
        actor=operator,
        task=b,
        status="done",
        date=D(YEAR, 3, 1),
        attachment=SimpleUploadedFile("bien-ban.pdf", b"%PDF"),
    )
    for url in [
        f"/programmes/{p.pk}/",
        f"/programmes/tasks/{b.pk}/",
        f"/programmes/rollup/{p.unit.pk}/",
        f"/programmes/tasks/{b.pk}/hand-down/",
        f"/programmes/tasks/{b.pk}/updates/{update.pk}/attachment/",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/programmes/{p.pk}/tasks/new/",
        f"/programmes/{p.pk}/approve/",
        f"/programmes/tasks/{b.pk}/progress/",
        f"/programmes/tasks/{b.pk}/edit/",
        f"/programmes/tasks/{b.pk}/propagate/",
        f"/programmes/tasks/{b.pk}/hand-down/",
    ]:
        assert client.post(url, {"title": "x", "version": 1}).status_code == 404, url
    page = client.get("/programmes/", {"year": YEAR}).content.decode()
    assert "CTCT 2026" not in page
    assert client.get("/programmes/inbox/").content.decode().count("Sơ kết Chỉ thị 05") == 0


def test_viewers_get_403_on_every_write(client, role_users, plan):
    login(client, role_users["viewer"])
    p, b = plan["programme"], plan["b"]
    assert client.get("/programmes/new/").status_code == 403
    for url in [
        f"/programmes/{p.pk}/tasks/new/",
        f"/programmes/{p.pk}/approve/",
        f"/programmes/tasks/{b.pk}/progress/",
        f"/programmes/tasks/{b.pk}/edit/",
        f"/programmes/tasks/{b.pk}/propagate/",
        f"/programmes/tasks/{b.pk}/hand-down/",
    ]:
        assert client.post(url, {"title": "x", "version": 1}).status_code == 403, url
    assert not TaskUpdate.objects.exists() and Task.objects.count() == 5


def test_an_editor_of_the_province_cannot_write_in_the_district(client, role_users, plan):
    """Editors edit their own unit; the district's copy is for the district (or an admin above)."""
    login(client, role_users["editor"])
    copy = plan["copy"]
    assert client.get(f"/programmes/tasks/{copy.pk}/").status_code == 200
    response = client.post(
        f"/programmes/tasks/{copy.pk}/progress/", {"status": "done", "date": "2026-03-01"}
    )
    assert response.status_code == 403


# Programmes


def test_an_editor_drafts_the_programme_of_the_unit_in_context(client, tree, role_users):
    login(client, role_users["editor"])
    listing = client.get("/programmes/", {"year": YEAR}).content.decode()
    assert 'data-testid="programme-new"' in listing
    response = client.post("/programmes/new/", {"year": YEAR, "title": "Chương trình năm 2026"})
    programme = Programme.objects.get(unit=tree.own, year=YEAR)
    assert response.status_code == 302 and response["Location"] == f"/programmes/{programme.pk}/"
    assert (
        programme.title == "Chương trình năm 2026" and programme.updated_by == role_users["editor"]
    )
    # A second one for the same year is refused on the form.
    again = client.post("/programmes/new/", {"year": YEAR, "title": ""})
    assert again.status_code == 200 and 'class="errorlist' in again.content.decode()
    assert Programme.objects.filter(unit=tree.own).count() == 1


def test_the_list_shows_the_subtree_of_the_unit_for_the_year(
    client, tree, role_users, plan, operator
):
    services.programme_create(actor=operator, unit=tree.sibling, year=YEAR, title="Nghệ An 2026")
    services.programme_create(actor=operator, unit=tree.own, year=YEAR + 1, title="CTCT 2027")
    login(client, role_users["admin"])
    page = client.get("/programmes/", {"year": YEAR}).content.decode()
    assert "CTCT 2026" in page and tree.child.name in page  # D1's programme, from the hand-down
    assert "Nghệ An 2026" not in page and "CTCT 2027" not in page
    assert "CTCT 2027" in client.get("/programmes/", {"year": YEAR + 1}).content.decode()


def test_programme_page_shows_the_outline(client, role_users, plan, django_assert_max_num_queries):
    login(client, role_users["editor"])
    p = plan["programme"]
    with django_assert_max_num_queries(14):
        page = client.get(f"/programmes/{p.pk}/").content.decode()
    outline = page[page.index('data-testid="task-outline"') : page.index("</table>")]
    order = [
        outline.index(t) for t in ("Tuyên truyền", "Tuyên truyền Đại hội", "Sơ kết Chỉ thị 05")
    ]
    assert order == sorted(order)
    assert 'data-depth="1"' in outline  # 1.1 and 1.2 inside group 1
    assert 'data-testid="overdue"' in outline  # 1.2 was due 31/03 and is not done on 30/06
    assert 'data-testid="handed-down-count"' in outline
    assert 'data-testid="task-form"' in page
    assert 'data-testid="approve"' not in page  # an editor does not approve


def test_programme_page_queries_do_not_grow_with_tasks(client, tree, role_users, plan, operator):
    login(client, role_users["editor"])
    p = plan["programme"]
    with CaptureQueriesContext(connection) as before:
        client.get(f"/programmes/{p.pk}/")
    for n in range(10):
        t = services.task_create(
            actor=operator,
            programme=p,
            title=f"Nhiệm vụ {n}",
            number=f"3.{n}",
            supporting_units=[tree.child],
        )
        services.task_progress_add(actor=operator, task=t, status="in_progress", date=D(YEAR, 2, 1))
    with CaptureQueriesContext(connection) as after:
        client.get(f"/programmes/{p.pk}/")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_add_task_form_writes_through_the_service(client, tree, role_users, plan):
    login(client, role_users["editor"])
    p, group = plan["programme"], plan["group"]
    response = client.post(
        f"/programmes/{p.pk}/tasks/new/",
        {
            "title": "Thi tìm hiểu lịch sử Đảng bộ",
            "number": "1.3",
            "parent": group.pk,
            "category": "party_history",
            "origin": "ad_hoc",
            "lead_unit": tree.child.pk,
            "supporting_units": [tree.own.pk],
            "deadline_month": "9",
            "source": "Kế hoạch 12-KH/TU",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Thi tìm hiểu lịch sử Đảng bộ")
    assert (task.parent, task.lead_unit, task.origin) == (group, tree.child, "ad_hoc")
    assert task.due_date == D(YEAR, 9, 30) and list(task.supporting_units.all()) == [tree.own]
    assert AuditEntry.objects.filter(object_id=str(task.pk), action="create").exists()


def test_the_add_task_form_shows_refusals_and_writes_nothing(client, tree, role_users, plan):
    login(client, role_users["editor"])
    p = plan["programme"]
    before = Task.objects.count()
    outside = client.post(
        f"/programmes/{p.pk}/tasks/new/",
        {"title": "Sai năm", "category": "other", "origin": "planned", "lead_unit": tree.own.pk,
         "deadline": "2027-01-15"},
    )  # fmt: skip
    assert outside.status_code == 200 and "15/01/2027" in outside.content.decode()
    both = client.post(
        f"/programmes/{p.pk}/tasks/new/",
        {"title": "Hai hạn", "category": "other", "origin": "planned", "lead_unit": tree.own.pk,
         "deadline": "2026-04-01", "deadline_month": "4"},
    )  # fmt: skip
    assert both.status_code == 200 and 'class="errorlist nonfield' in both.content.decode()
    stranger = client.post(
        f"/programmes/{p.pk}/tasks/new/",
        {"title": "Đơn vị lạ", "category": "other", "origin": "planned",
         "lead_unit": tree.sibling.pk},
    )  # fmt: skip
    assert stranger.status_code == 200  # not among the choices
    assert Task.objects.count() == before


def test_an_approver_approves_and_a_stale_page_is_told(client, role_users, plan):
    login(client, role_users["approver"])
    p = plan["programme"]
    assert 'data-testid="approve"' in client.get(f"/programmes/{p.pk}/").content.decode()
    response = client.post(f"/programmes/{p.pk}/approve/", {"version": p.version}, follow=True)
    p.refresh_from_db()
    assert p.status == "approved" and p.approved_by == role_users["approver"]
    assert 'class="message success"' in response.content.decode()
    again = client.post(f"/programmes/{p.pk}/approve/", {"version": 1}, follow=True)
    assert 'class="message error"' in again.content.decode()


# A task: progress, edit and conflicts


def test_progress_form_records_with_a_file_and_shows_refusals(
    client, role_users, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(client, role_users["editor"])
    b = plan["b"]
    page = client.get(f"/programmes/tasks/{b.pk}/").content.decode()
    assert 'value="2026-06-30"' in page  # the date defaults to the as-of date
    response = client.post(
        f"/programmes/tasks/{b.pk}/progress/",
        {
            "status": "done",
            "date": "2026-03-20",
            "note": "Đã tổ chức hội nghị",
            "attachment": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=b)
    assert (update.status, update.date, update.created_by) == (
        "done",
        D(2026, 3, 20),
        role_users["editor"],
    )
    page = client.get(f"/programmes/tasks/{b.pk}/").content.decode()
    assert "Đã tổ chức hội nghị" in page and "20/03/2026" in page
    download = client.get(f"/programmes/tasks/{b.pk}/updates/{update.pk}/attachment/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    # An update dated before the last one is refused, shown on the form, and not written.
    refused = client.post(
        f"/programmes/tasks/{b.pk}/progress/", {"status": "in_progress", "date": "2026-03-01"}
    )
    assert refused.status_code == 200 and "20/03/2026" in refused.content.decode()
    assert TaskUpdate.objects.filter(task=b).count() == 1


def test_a_cancelled_task_takes_no_more_progress(client, role_users, plan):
    login(client, role_users["editor"])
    a = plan["a"]
    client.post(
        f"/programmes/tasks/{a.pk}/progress/", {"status": "cancelled", "date": "2026-02-01"}
    )
    refused = client.post(
        f"/programmes/tasks/{a.pk}/progress/", {"status": "done", "date": "2026-03-01"}
    )
    assert refused.status_code == 200
    assert vi("The task was cancelled; it takes no more updates.") in refused.content.decode()
    assert [u.status for u in TaskUpdate.objects.filter(task=a)] == ["cancelled"]


def _edit_data(task, **changes):
    data = {
        "number": task.number,
        "title": task.title,
        "parent": task.parent_id or "",
        "category": task.category,
        "lead_unit": task.lead_unit_id,
        "deadline": task.deadline.isoformat() if task.deadline else "",
        "deadline_month": task.deadline_month or "",
        "source": task.source,
        "version": task.version,
    }
    return data | changes


def test_the_edit_form_saves_through_the_service(client, role_users, plan):
    login(client, role_users["editor"])
    b = plan["b"]
    response = client.post(
        f"/programmes/tasks/{b.pk}/edit/", _edit_data(b, title="Hội nghị báo cáo viên quý I")
    )
    assert response.status_code == 302 and "propagate" not in response["Location"]
    b.refresh_from_db()
    assert b.title == "Hội nghị báo cáo viên quý I" and b.version == 2


def test_a_cycle_of_groups_is_refused_on_the_edit_form(client, role_users, plan):
    login(client, role_users["editor"])
    group, a = plan["group"], plan["a"]
    response = client.post(f"/programmes/tasks/{group.pk}/edit/", _edit_data(group, parent=a.pk))
    assert response.status_code == 200
    assert vi("A task cannot sit inside itself (a cycle of groups).") in response.content.decode()
    group.refresh_from_db()
    assert group.parent is None and group.version == 1


def test_a_second_save_is_refused_with_who_and_when_and_keeps_the_input(client, role_users, plan):
    b = plan["b"]
    other = role_users["approver"]
    other.full_name = "Nguyễn Thị Lan"
    other.save()
    login(client, role_users["editor"])
    stale = _edit_data(b, title="Tiêu đề của tôi")  # read at version 1
    services.task_update(actor=other, task=b, version=1, title="Tiêu đề của chị Lan")
    response = client.post(f"/programmes/tasks/{b.pk}/edit/", stale)
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="edit-errors"' in page
    assert "Nguyễn Thị Lan" in page
    prefix = vi("Changed by %(user)s at %(time)s; reload to see their change.").split("%")[0]
    assert prefix in page
    assert "Tiêu đề của tôi" in page  # the input is kept for the person to copy
    b.refresh_from_db()
    assert b.title == "Tiêu đề của chị Lan"


def test_a_new_deadline_is_offered_to_the_handed_down_copies(
    client, tree, role_users, plan, operator
):
    handed = plan["handed"]
    second = services.task_hand_down(actor=operator, task=handed, recipients=[tree.deeper])[0]
    login(client, role_users["admin"])
    response = client.post(
        f"/programmes/tasks/{handed.pk}/edit/",
        _edit_data(handed, deadline_month="", deadline="2026-07-15"),
    )
    assert response.status_code == 302 and "?propagate=1" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    offer = page[page.index('data-testid="propagate-form"') :]
    offer = offer[: offer.index("</form>")]
    assert offer.count('type="checkbox"') == 2 and "checked" not in offer  # none ticked
    # Nothing changed yet: the copies keep 31/05.
    assert set(Task.objects.filter(assigned_from=handed).values_list("due_date", flat=True)) == {
        D(YEAR, 5, 31)
    }
    response = client.post(
        f"/programmes/tasks/{handed.pk}/propagate/", {"targets": [plan["copy"].pk]}
    )
    assert response.status_code == 302
    plan["copy"].refresh_from_db()
    second.refresh_from_db()
    assert plan["copy"].due_date == D(YEAR, 7, 15) and plan["copy"].deadline == D(YEAR, 7, 15)
    assert second.due_date == D(YEAR, 5, 31)
    # The one left out is still offered, as a reminder.
    assert "?propagate=1" in client.get(f"/programmes/tasks/{handed.pk}/").content.decode()


def test_propagation_refuses_a_task_that_is_not_a_copy(client, role_users, plan):
    login(client, role_users["admin"])
    response = client.post(
        f"/programmes/tasks/{plan['handed'].pk}/propagate/", {"targets": [plan["a"].pk]}
    )
    assert response.status_code == 200 and plan["a"].due_date == D(YEAR, 12, 31)


# Handing down


def test_hand_down_to_all_children(client, tree, role_users, plan):
    login(client, role_users["editor"])
    a = plan["a"]
    response = client.post(f"/programmes/tasks/{a.pk}/hand-down/", {"mode": "children"})
    assert response.status_code == 302
    [copy] = Task.objects.filter(assigned_from=a)
    assert copy.programme.unit == tree.child and copy.origin == "assigned"
    page = client.get(f"/programmes/tasks/{a.pk}/").content.decode()
    handed = page[page.index('data-testid="handed-down"') :]
    assert tree.child.name in handed[: handed.index("</table>")]


def test_hand_down_to_a_level_in_the_subtree(client, tree, role_users, plan):
    login(client, role_users["editor"])
    a = plan["a"]
    client.post(f"/programmes/tasks/{a.pk}/hand-down/", {"mode": "level", "level": "commune"})
    assert [t.programme.unit for t in Task.objects.filter(assigned_from=a)] == [tree.deeper]


def test_hand_down_to_the_units_picked(client, tree, role_users, plan):
    login(client, role_users["editor"])
    b = plan["b"]
    missing = client.post(f"/programmes/tasks/{b.pk}/hand-down/", {"mode": "pick"})
    assert missing.status_code == 200 and not Task.objects.filter(assigned_from=b).exists()
    outside = client.post(
        f"/programmes/tasks/{b.pk}/hand-down/", {"mode": "pick", "picked": [tree.sibling.pk]}
    )
    assert outside.status_code == 200 and not Task.objects.filter(assigned_from=b).exists()
    client.post(f"/programmes/tasks/{b.pk}/hand-down/", {"mode": "pick", "picked": [tree.child.pk]})
    assert [t.programme.unit for t in Task.objects.filter(assigned_from=b)] == [tree.child]


def test_the_mode_switch_redraws_the_form_with_a_preview(client, tree, role_users, plan):
    login(client, role_users["editor"])
    a = plan["a"]
    url = f"/programmes/tasks/{a.pk}/hand-down/"
    fragment = client.get(
        url, {"mode": "level", "level": "commune"}, headers={"HX-Request": "true"}
    )
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert "mode-level" in html and tree.deeper.name in html
    assert (
        'class="errorlist'
        not in client.get(url, {"mode": "pick"}, headers={"HX-Request": "true"}).content.decode()
    )  # still choosing: no error yet
    # Fetched on load with nothing chosen yet: all children, previewed.
    first = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "mode-children" in first and tree.child.name in first
    # Without htmx the address leads back to the task page's form.
    assert client.get(url, {"mode": "children"})["Location"].endswith("#handdown")
    assert not Task.objects.filter(assigned_from=a).exists()


def test_the_inbox_lists_tasks_from_above(client, tree, role_users, plan):
    district_editor = UserFactory(username="bientap.yenson")
    Membership.objects.create(user=district_editor, unit=tree.child, role="editor")
    login(client, district_editor)
    page = client.get("/programmes/inbox/").content.decode()
    inbox = page[page.index('data-testid="inbox"') :]
    assert "Sơ kết Chỉ thị 05" in inbox and f'href="/programmes/tasks/{plan["copy"].pk}/"' in inbox
    # The copy shows where it came from, with a link the district can follow only if it may see it.
    task_page = client.get(f"/programmes/tasks/{plan['copy'].pk}/").content.decode()
    assert 'data-testid="from-above"' in task_page
    assert f'href="/programmes/tasks/{plan["handed"].pk}/"' not in task_page
    # The district's editor records progress on its copy.
    response = client.post(
        f"/programmes/tasks/{plan['copy'].pk}/progress/", {"status": "done", "date": "2026-04-01"}
    )
    assert response.status_code == 302
    login(client, role_users["viewer"])  # a viewer of the province edits nothing: empty inbox
    assert "Sơ kết Chỉ thị 05" not in client.get("/programmes/inbox/").content.decode()


# Roll-up


def test_the_rollup_shows_the_figure_and_the_lagging_units_first(
    client, tree, role_users, plan, operator
):
    services.task_progress_add(actor=operator, task=plan["b"], status="done", date=D(2026, 3, 1))
    login(client, role_users["viewer"])
    page = client.get("/programmes/rollup/", {"period": "2026-H1"}).content.decode()
    # Due by 30/06: 1.2 (done) and 2 (May, not done), plus D1's copy (May): 1 of 3.
    assert 'data-testid="done-ratio">1/3<' in page
    assert "<svg" in page and tree.child.name in page
    page = client.get("/programmes/rollup/", {"period": "2026"}).content.decode()
    assert 'data-testid="done-ratio">1/4<' in page  # 1.1 is due at the year's end
    # Drill down to the district; a mistyped period keeps the default and says why.
    child = client.get(f"/programmes/rollup/{tree.child.pk}/", {"period": "2026-H3"})
    assert child.status_code == 200 and 'class="message error"' in child.content.decode()


def test_the_rollup_takes_a_quarter_and_names_it(client, tree, role_users, plan):
    login(client, role_users["viewer"])
    page = client.get("/programmes/rollup/", {"period": "2026-Q2"}).content.decode()
    assert '<option value="2026-Q2" selected>Quý II năm 2026</option>' in page
    assert 'class="message error"' not in page


def test_children_are_sorted_lagging_first():
    from tuyengiao.orgunits.models import OrgUnit
    from tuyengiao.programmes.selectors import TaskCounts

    a, b, c = (OrgUnit(path=p, name=p) for p in ("0001/", "0002/", "0003/"))
    rows = [(a, TaskCounts(total=4, done=4)), (b, TaskCounts()), (c, TaskCounts(total=4, done=1))]
    assert [u.path for u, _ in sorted(rows, key=views._lagging_first)] == [
        "0003/",
        "0001/",
        "0002/",
    ]
