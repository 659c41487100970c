"""Meetings in a real browser, over the real units and the demo users.

Cần Thơ's editor records seed article 000 by hand: "Hội nghị giao ban công tác tuyên giáo khối Đảng
ủy trực thuộc Thành ủy và sở, ngành 6 tháng đầu năm 2020" (19/06/2020), with the four party
committees of the "khối", Trần Việt Trường speaking in his positions of that day, Chỉ thị 05-CT/TW
cited and one conclusion; then sees it on the meeting page and the list, and turns the conclusion
into a task of the city's 2020 programme. The screenshots are the ones the user guide embeds
(docs/huong-dan/hoi-nghi.md; keep their names).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.meetings.models import Meeting
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.tests.factories import PersonFactory, PositionFactory
from tuyengiao.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

TITLE = (
    "Hội nghị giao ban công tác tuyên giáo khối Đảng ủy trực thuộc Thành ủy và sở, ngành "
    "6 tháng đầu năm 2020"
)
COMMITTEES = ["CT-DUKCQ", "CT-DUKDN", "CT-DUQS", "CT-DUCA"]


@pytest.fixture
def seed_000_registry(demo_db):
    """What the registry and the people pages hold (the demo may already have them), and no
    meeting of seed 000 yet."""
    from tuyengiao.directives.models import Directive
    from tuyengiao.people.models import Person

    can_tho = OrgUnit.objects.get(code="P-92")
    if not Directive.objects.filter(code="05-CT/TW", unit__code="TW").exists():
        DirectiveFactory(
            unit=OrgUnit.objects.get(code="TW"),
            code="05-CT/TW",
            issued_on=dt.date(2016, 5, 15),
            title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            term="XII",
        )
    person = Person.objects.filter(full_name="Trần Việt Trường").first()
    if person is None:
        person = PersonFactory(full_name="Trần Việt Trường")
        for title in ("Ủy viên Ban Thường vụ Thành ủy", "Trưởng Ban Tuyên giáo Thành ủy"):
            PositionFactory(
                person=person, unit=can_tho, title=title, valid_from=dt.date(2015, 10, 1)
            )
    # The demo records seed 000 itself; here a person records it by hand instead.
    Meeting.objects.filter(title=TITLE).delete()
    return person


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


def test_an_editor_records_seed_000_by_hand_and_makes_its_conclusion_a_task(
    demo_db, seed_000_registry, page, shot
):
    base = demo_db
    login(page, base, "bientap.cantho")
    page.locator("nav.menu a[href='/meetings/']").click()
    page.locator("[data-testid=meeting-new]").click()

    form = page.locator("[data-testid=meeting-form]")
    form.locator("[name=kind]").select_option("briefing")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=start_date]").fill("2020-06-19")
    form.locator("[name=start_time]").fill("08:00")
    form.locator("[name=place]").fill("Hội trường Thành ủy Cần Thơ")
    form.locator("[name=directives]").fill("Chỉ thị 05-CT/TW")
    form.locator("[name=summary]").fill(
        "6 tháng đầu năm 2020, các cấp ủy hoàn thành 60/85 nhiệm vụ; 469 công trình, phần việc "
        "chào mừng đại hội Đảng các cấp với tổng kinh phí 626 tỉ đồng."
    )
    # Four committees, three blank rows: "More rows" adds rows without saving or JavaScript,
    # and keeps what was typed.
    form.locator("[name=units-0-unit]").fill(COMMITTEES[0])
    with page.expect_navigation():
        page.locator("[data-testid=more-units]").click()
    form = page.locator("[data-testid=meeting-form]")
    expect(form.locator("[name=units-0-unit]")).to_have_value(COMMITTEES[0])
    expect(form.locator("[name=title]")).to_have_value(TITLE)
    for i, code in enumerate(COMMITTEES[1:], start=1):
        form.locator(f"[name=units-{i}-unit]").fill(code)
    form.locator("[name=people-0-person]").select_option(label="Trần Việt Trường")
    form.locator("[name=people-0-role]").select_option("speaker")
    form.locator("[name=conclusions-0-text]").fill(
        "Tiếp tục tuyên truyền đại hội Đảng bộ các cấp, gắn với học tập và làm theo Bác."
    )
    shot(page, "hoi-nghi-nhap")
    with page.expect_navigation():
        page.locator("[data-testid=meeting-save]").click()

    meeting = Meeting.objects.get(title=TITLE)
    expect(page).to_have_url(f"{base}/meetings/{meeting.pk}/")
    expect(page.locator("[data-testid=meeting-title]")).to_have_text(TITLE)
    expect(page.locator("[data-testid=meeting-dates]")).to_contain_text("19/06/2020")
    expect(page.locator("[data-testid=meeting-directives]")).to_contain_text("05-CT/TW")
    expect(page.locator("[data-testid=meeting-people]")).to_contain_text(
        "Trần Việt Trường, Ủy viên Ban Thường vụ Thành ủy"
    )
    units = page.locator("[data-testid=meeting-units]")
    for code in COMMITTEES:
        expect(units.locator(f"tr[data-unit='{code}']")).to_have_count(1)
    assert set(meeting.participations.values_list("unit__code", flat=True)) == set(COMMITTEES)
    shot(page, "hoi-nghi-chi-tiet")

    # The conclusion becomes a task of the city's 2020 programme, linked both ways.
    conclusion = page.locator("[data-testid=conclusion]")
    conclusion.locator("summary").click()
    tasks_form = conclusion.locator("[data-testid=make-tasks-form]")
    expect(tasks_form.locator("input[name=units]:checked")).to_have_count(1)
    tasks_form.locator("[name=deadline]").fill("2020-09-30")
    with page.expect_navigation():
        tasks_form.locator("button[type=submit]").click()
    linked = page.locator("[data-testid=conclusion-tasks] a")
    expect(linked).to_have_count(1)
    task = meeting.conclusions.get().tasks.get()
    assert task.programme.unit.code == "P-92" and task.programme.year == 2020
    page.locator("[data-testid=conclusion]").scroll_into_view_if_needed()
    shot(page, "hoi-nghi-ket-luan")

    # The list finds it by the directive it cited.
    page.goto(f"{base}/meetings/?directive=05-CT/TW")
    listed = page.locator("[data-testid=meeting-list]")
    expect(listed.locator(f"tr[data-meeting='{meeting.pk}']")).to_contain_text("19/06/2020")
    shot(page, "hoi-nghi-danh-sach")
