"""Work programmes in a real browser, over the small standard tree (province ── district ── commune).

One flow across two levels: the province's administrator drafts the year's programme with a task
group and tasks and hands a task down to the district; the district's editor finds it in the inbox
and reports it done; the province's roll-up moves from 0/3 to 1/3. The screenshots it takes are the ones the user guide embeds
(docs/huong-dan/chuong-trinh-cong-tac.md; keep their names).
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tuyengiao.accounts.models import Membership
from tuyengiao.core.dates import today
from tuyengiao.programmes.models import Programme, Task, TaskUpdate
from tuyengiao.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def vietnamese(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


@pytest.fixture
def province_admin(tree):
    user = UserFactory(username="quantri.tuyenquang", full_name="Trần Văn Minh")
    Membership.objects.create(user=user, unit=tree.own, role="admin")
    return user


@pytest.fixture
def district_editor(tree):
    user = UserFactory(username="bientap.yenson", full_name="Nguyễn Thị Lan")
    Membership.objects.create(user=user, unit=tree.child, role="editor")
    return user


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


def add_task(
    page: Page, title: str, *, number: str, category: str, source: str = "", **choices: str
) -> None:
    form = page.locator("[data-testid=task-form]")
    form.locator("[name=title]").fill(title)
    form.locator("[name=number]").fill(number)
    form.locator("[name=source]").fill(source)
    form.locator("[name=category]").select_option(category)
    for name, value in choices.items():
        form.locator(f"[name={name}]").select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=task-outline]")).to_contain_text(title)


def test_admin_drafts_hands_down_reports_and_sees_the_rollup_change(
    live_server,
    transactional_db,
    tree,
    province_admin,
    district_editor,
    page,
    shot,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    year = today().year
    login(page, base, province_admin.username)

    # Draft the year's programme from the menu.
    page.locator("nav.menu a[href='/programmes/']").click()
    page.locator("[data-testid=programme-new]").click()
    form = page.locator("[data-testid=programme-form]")
    expect(form.locator("[name=year]")).to_have_value(str(year))
    form.locator("[name=title]").fill(f"Chương trình công tác năm {year}")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=programme-title]")).to_have_text(
        f"Chương trình công tác năm {year}"
    )
    programme = Programme.objects.get(unit=tree.own, year=year)

    # A task group, two tasks inside it (one ad hoc), with a deadline month and a date.
    add_task(page, "Tuyên truyền các ngày lễ lớn", number="1", category="propaganda")
    group = Task.objects.get(programme=programme, number="1")
    add_task(
        page,
        "Tuyên truyền kỷ niệm Ngày thành lập Đảng",
        number="1.1",
        category="propaganda",
        parent=str(group.pk),
        deadline_month="12",
        source="Hướng dẫn 125-HD/BTGTW",
    )
    add_task(
        page,
        "Tổ chức hội nghị báo cáo viên tháng đột xuất",
        number="1.2",
        category="training",
        parent=str(group.pk),
        origin="ad_hoc",
    )
    outline = page.locator("[data-testid=task-outline]")
    expect(outline.locator("tr[data-depth='1']")).to_have_count(2)
    task = Task.objects.get(programme=programme, number="1.1")
    assert task.parent == group and task.deadline_month == 12

    # The roll-up before anything is handed down or done: two tasks, none done.
    page.locator("[data-testid=rollup-link]").click()
    expect(page.locator("[data-testid=done-ratio]")).to_have_text("0/2")

    # Hand task 1.1 down: switching the mode redraws the form (htmx) with a preview.
    page.goto(f"{base}{task.get_absolute_url()}")
    # With JavaScript the form is redrawn at once, showing only the inputs of the chosen mode.
    expect(page.locator("[data-testid=handdown-form].enhanced")).to_be_visible()
    handdown = page.locator("[data-testid=handdown-form]")
    expect(handdown.locator("[name=picked]")).to_be_hidden()
    handdown.locator("input[name=mode][value=pick]").check()
    expect(page.locator("[data-testid=handdown-form].mode-pick")).to_be_visible()
    handdown = page.locator("[data-testid=handdown-form]")
    expect(handdown.locator("[name=level]")).to_be_hidden()
    handdown.locator(f"input[name=picked][value='{tree.child.pk}']").check()
    preview = page.locator("[data-testid=handdown-preview]")
    expect(preview).to_contain_text(tree.child.name)
    handdown.scroll_into_view_if_needed()
    shot(page, "task-handdown")
    with page.expect_navigation():
        page.locator("[data-testid=handdown-form] button[type=submit]").click()
    expect(page.locator("[data-testid=handed-down]")).to_contain_text(tree.child.name)
    copy = Task.objects.get(assigned_from=task)
    assert copy.programme.unit == tree.child and copy.origin == "assigned"

    # The programme page shows the outline, the hand-down, the badges; the admin approves it.
    page.goto(f"{base}{programme.get_absolute_url()}")
    expect(page.locator("[data-testid=handed-down-count]")).to_have_count(1)
    page.locator("[data-testid=approve]").click()
    expect(page.locator("[data-testid=programme-status]")).to_have_text(vietnamese("Approved"))
    shot(page, "programme")

    # The roll-up counts the district's copy: 0/3.
    page.locator("[data-testid=rollup-link]").click()
    expect(page.locator("[data-testid=done-ratio]")).to_have_text("0/3")

    # The district's editor finds the copy in the inbox of tasks from above (the province's own
    # hand-downs are not "from above" for the province admin).
    page.context.clear_cookies()
    login(page, base, district_editor.username)
    page.locator("nav.menu a[href='/programmes/inbox/']").click()
    inbox = page.locator("[data-testid=inbox]")
    expect(inbox).to_contain_text("Tuyên truyền kỷ niệm Ngày thành lập Đảng")
    expect(inbox).to_contain_text(tree.child.name)
    shot(page, "inbox")

    # Record the district's progress: done, with a note and a file.
    inbox.locator(f"a[href='{copy.get_absolute_url()}']").click()
    expect(page.locator("[data-testid=from-above]")).to_contain_text(tree.own.name)
    progress = page.locator("[data-testid=progress-form]")
    expect(progress.locator("[name=date]")).to_have_value(today().isoformat())
    progress.locator("[name=status]").select_option("done")
    progress.locator("[name=note]").fill("Đã treo băng rôn, khẩu hiệu; tổ chức 12 buổi nói chuyện.")
    progress.locator("[name=attachment]").set_input_files(
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    with page.expect_navigation():
        progress.locator("button[type=submit]").click()
    timeline = page.locator("[data-testid=timeline]")
    expect(timeline).to_contain_text("Đã treo băng rôn")
    expect(timeline.locator("a", has_text=re.compile(".+"))).to_have_count(1)  # the file
    expect(page.locator("[data-testid=task-status] .status-done")).to_be_visible()
    assert TaskUpdate.objects.get(task=copy).status == "done"
    shot(page, "task")

    # Back to the province: its roll-up moves to 1/3, and the district appears in the table.
    page.context.clear_cookies()
    login(page, base, province_admin.username)
    page.goto(f"{base}/programmes/rollup/?period={year}")
    expect(page.locator("[data-testid=done-ratio]")).to_have_text("1/3")
    expect(page.locator("[data-testid=children-rollup]")).to_contain_text("1/1")
    expect(page.locator("[data-testid=rollup-chart] rect.bar")).to_have_count(1)
    shot(page, "rollup")
