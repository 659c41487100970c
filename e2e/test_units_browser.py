"""The units pages in a real browser, over the real administrative units and the demo users.

Each test loads the ~14k units once (`demo_db`) and walks a whole flow; the screenshots it takes
on the way are the ones docs/ embeds (keep their names).
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tuyengiao.core.dates import today
from tuyengiao.orgunits.choices import Level
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.web.demo import DEMO_PASSWORD, OPERATOR

pytestmark = pytest.mark.browser

BEFORE_2025 = "2020-06-30"
NGHE_AN = "P-40"
TUYEN_QUANG_2025 = "P25-08"
HA_GIANG = "P-02"


def pk_of(code: str) -> int:
    return OrgUnit.objects.get(code=code).pk


def login(page: Page, base: str, username: str, shot=None) -> None:
    """Logs in through the form and lands on the Overview page."""
    page.goto(f"{base}/")  # login_required sends an anonymous visitor to the form
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    if shot:
        shot(page, "login")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator(".topbar .who")).not_to_be_empty()


def set_as_of(page: Page, day: str) -> None:
    """Changes the as-of date with the top bar (the date stays in the session)."""
    page.locator("[data-testid=as-of]").fill(day)
    with page.expect_navigation():
        page.locator("header form.context button[type=submit]").click()
    expect(page.locator("[data-testid=as-of]")).to_have_value(day)


def search(page: Page, query: str) -> None:
    page.locator("[data-testid=unit-search]").fill(query)
    with page.expect_navigation():
        page.locator("form.search button[type=submit]").click()
    expect(page.locator("[data-testid=search-results]")).to_be_visible()


def vietnamese(msgid: str) -> str:
    with translation.override("vi"):
        return translation.gettext(msgid)


def test_admin_logs_in_browses_the_tree_by_date_and_searches(demo_db, page, shot):
    base = demo_db
    login(page, base, "quantri.nghean", shot)

    # The Overview page, in Vietnamese by default.
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    menu = page.locator("nav.menu")
    overview = vietnamese("Overview")
    if overview != "Overview":  # the catalogue is compiled: the menu speaks Vietnamese
        expect(menu).to_contain_text(overview)
        expect(menu).to_contain_text(vietnamese("Units"))
    expect(menu.locator("a")).to_have_count(14)  # an admin sees Users and Audit trail too
    expect(page.locator("main h1")).to_contain_text(overview)
    expect(page.locator("main h1")).to_contain_text("Nghệ An")
    # The dashboard of her province today: the year's tasks, the reports, the week, the news.
    for card in ("dash-tasks", "dash-reports", "dash-meetings", "dash-news"):
        expect(page.locator(f"[data-testid={card}]")).to_be_visible()
    shot(page, "overview")

    # The tree as of 30/06/2020: Nghệ An's districts.
    page.locator("nav.menu a[href='/units/']").click()
    set_as_of(page, BEFORE_2025)
    tree = page.locator("[data-testid=unit-tree]")
    expect(tree).to_contain_text("Ban Tuyên giáo Tỉnh ủy Nghệ An")
    expect(tree).to_contain_text("Ban Tuyên giáo Huyện ủy Kỳ Sơn")
    expect(tree).to_contain_text("Ban Tuyên giáo Huyện ủy Tương Dương")
    districts = OrgUnit.objects.filter(parent__code=NGHE_AN, level=Level.DISTRICT).count()
    expect(tree.locator(":scope > ul > li > ul > li")).to_have_count(districts)
    # "+" fetches a district's communes with htmx.
    ky_son = OrgUnit.objects.get(parent__code=NGHE_AN, name="Ban Tuyên giáo Huyện ủy Kỳ Sơn")
    first_commune = ky_son.children.order_by("path").first()
    tree.locator(f"a[href='/units/{ky_son.pk}/']").locator(
        "xpath=following-sibling::button[contains(@class, 'expand')][1]"
    ).click()
    expect(tree).to_contain_text(first_commune.name)
    communes_of_ky_son = tree.locator(f"a[href='/units/{ky_son.pk}/'] ~ ul > li")
    expect(communes_of_ky_son).to_have_count(ky_son.children.count())
    expect(communes_of_ky_son.locator("button.expand")).to_have_count(0)  # nothing below a commune
    shot(page, "units-tree-2020")

    # Search without diacritics, as of 2020.
    search(page, "ky son")
    results = page.locator("[data-testid=search-results]")
    expect(results).to_contain_text("Ban Tuyên giáo Huyện ủy Kỳ Sơn")
    expect(results).not_to_contain_text("Hòa Bình")  # Kỳ Sơn of Hòa Bình is not hers to see
    shot(page, "unit-search")

    # Today: no districts any more, the 2025 communes straight under the province.
    set_as_of(page, today().isoformat())
    page.goto(f"{base}/units/")
    expect(tree).to_contain_text("Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An")
    expect(tree).not_to_contain_text("Huyện ủy")
    communes = (
        OrgUnit.objects.filter(parent__code=NGHE_AN, level=Level.COMMUNE).valid_on(today()).count()
    )
    assert communes > 100
    expect(tree.locator(":scope > ul > li > ul > li")).to_have_count(communes)
    expect(tree).to_contain_text("Đảng ủy xã Mường Xén")
    shot(page, "units-tree-today")

    # The users of her province.
    page.locator("nav.menu a[href='/users/']").click()
    users = page.locator("[data-testid=user-list]")
    expect(users).to_contain_text("quantri.nghean")
    expect(users).to_contain_text("pheduyet.nghean")
    expect(users).not_to_contain_text("xem.quangninh")
    shot(page, "users")

    # English with the top-bar button; the page stays the same.
    with page.expect_navigation():
        page.locator("[data-testid=lang-en]").click()
    expect(page).to_have_url(f"{base}/users/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(menu).to_contain_text("Overview")
    expect(menu).to_contain_text("Units")
    expect(page.locator("main h1")).to_have_text("Users")
    expect(page.locator("[data-testid=lang-vi]")).to_have_text("Tiếng Việt")
    menu.locator("a[href='/']").click()
    expect(page.locator("main h1")).to_contain_text("Overview")
    shot(page, "overview-en")


def test_admin_creates_a_child_unit_and_renames_it(demo_db, page, shot):
    base = demo_db
    login(page, base, "quantri.nghean")
    page.goto(f"{base}/units/{pk_of(NGHE_AN)}/")
    expect(page.locator("[data-testid=unit-name]")).to_have_text(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An"
    )
    # A province that came through 2025 whole keeps its record, with the old name in history.
    expect(page.locator("[data-testid=history]")).to_contain_text("Ban Tuyên giáo Tỉnh ủy Nghệ An")

    page.locator(f"a[href='/units/{pk_of(NGHE_AN)}/new/']").click()
    form = page.locator("main form")
    form.locator("[name=code]").fill("NA-TTCT")
    form.locator("[name=name]").fill("Trung tâm Chính trị tỉnh Nghệ An")
    form.locator("[name=short_name]").fill("TTCT Nghệ An")
    form.locator("[name=kind]").select_option("training_centre")
    form.locator("[name=level]").select_option("district")
    form.locator("[name=valid_from]").fill("2025-07-01")
    shot(page, "unit-create")
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=unit-name]")).to_have_text("Trung tâm Chính trị tỉnh Nghệ An")
    expect(page.locator("p.message")).to_be_visible()
    expect(page.locator("[data-testid=unit-validity]")).to_contain_text("01/07/2025")
    created = OrgUnit.objects.get(code="NA-TTCT")
    assert created.parent.code == NGHE_AN

    # A rename from 01/01/2026, through the reorganise form.
    page.locator(f"a[href='/units/{created.pk}/reorganise/']").click()
    form = page.locator("[data-testid=reorganise-form]")
    form.locator("[name=kind]").select_option("rename")
    form.locator("[name=effective_date]").fill("2026-01-01")
    form.locator("[name=new_name]").fill("Trường Chính trị tỉnh Nghệ An")
    form.locator("[name=decision]").fill("Quyết định số 15-QĐ/TU")
    shot(page, "unit-reorganise")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(f"{base}/units/{created.pk}/")
    expect(page.locator("[data-testid=unit-name]")).to_have_text("Trường Chính trị tỉnh Nghệ An")
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("Trung tâm Chính trị tỉnh Nghệ An")
    expect(history).to_contain_text("31/12/2025")
    shot(page, "unit-renamed")

    # Before the rename the page shows the old name, and the current one below it.
    set_as_of(page, "2025-12-01")
    expect(page.locator("[data-testid=unit-name]")).to_have_text("Trung tâm Chính trị tỉnh Nghệ An")
    expect(page.locator("main")).to_contain_text("Trường Chính trị tỉnh Nghệ An")


def test_operator_sees_merged_provinces_history_and_searches(demo_db, page, shot):
    base = demo_db
    login(page, base, OPERATOR)

    # The whole tree: 34 provinces today, 63 before the 2025 reform.
    page.goto(f"{base}/units/")
    provinces = page.locator("[data-testid=unit-tree] > ul > li > ul > li")
    expect(provinces).to_have_count(34)

    search(page, "dong trieu")
    results = page.locator("[data-testid=search-results]")
    expect(results).to_contain_text("Đông Triều")
    expect(results.locator("tbody tr").first).to_contain_text("Đông Triều")
    shot(page, "unit-search-operator")

    # The 2025 Tuyên Quang came from Hà Giang and the old Tuyên Quang.
    page.goto(f"{base}/units/{pk_of(TUYEN_QUANG_2025)}/")
    expect(page.locator("[data-testid=unit-name]")).to_have_text(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang"
    )
    expect(page.locator("[data-testid=history] h3")).to_have_text([vietnamese("Came from")])
    came_from = page.locator("[data-testid=history] ul").first
    expect(came_from).to_contain_text("Ban Tuyên giáo Tỉnh ủy Hà Giang")
    expect(came_from).to_contain_text("Ban Tuyên giáo Tỉnh ủy Tuyên Quang")
    expect(came_from.locator("li")).to_have_count(2)
    expect(came_from).to_contain_text("01/07/2025")
    shot(page, "unit-history-merged-province")

    # Old Hà Giang today: closed, mapped onto the new Tuyên Quang.
    page.locator("[data-testid=history] a", has_text="Hà Giang").click()
    expect(page).to_have_url(f"{base}/units/{pk_of(HA_GIANG)}/")
    expect(page.locator("[data-testid=not-valid]")).to_be_visible()
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang")

    # As of 2020 it was in existence, and "went into" the new Tuyên Quang.
    set_as_of(page, BEFORE_2025)
    expect(page.locator("[data-testid=not-valid]")).to_have_count(0)
    expect(page.locator("[data-testid=unit-name]")).to_have_text("Ban Tuyên giáo Tỉnh ủy Hà Giang")
    expect(history.locator("h3")).to_have_text([vietnamese("Went into")])
    went_into = history.locator(
        "li", has=page.locator(f"a[href='/units/{pk_of(TUYEN_QUANG_2025)}/']")
    )
    expect(went_into.first).to_contain_text("01/07/2025")
    expect(page.locator("[data-testid=children] tr").first).to_contain_text("Hà Giang")
    shot(page, "unit-history-closed-province")

    page.goto(f"{base}/units/")
    expect(provinces).to_have_count(63)
    shot(page, "units-tree-operator-2020")


def test_viewer_cannot_open_another_province(demo_db, page):
    base = demo_db
    login(page, base, "xem.quangninh")
    response = page.goto(f"{base}/units/{pk_of('P-22')}/")
    assert response.status == 200
    expect(page.locator("[data-testid=unit-name]")).to_contain_text("Quảng Ninh")
    # A viewer has no admin actions and no Users menu.
    expect(page.locator("main .actions")).to_have_count(0)
    expect(page.locator("nav.menu a[href='/users/']")).to_have_count(0)

    response = page.goto(f"{base}/units/{pk_of(NGHE_AN)}/")
    assert response.status == 404
    response = page.goto(f"{base}/units/{pk_of(NGHE_AN)}/reorganise/")
    assert response.status == 404

    page.goto(f"{base}/units/")
    search(page, "nghe an")
    expect(page.locator("[data-testid=search-results]")).not_to_contain_text("Tỉnh ủy Nghệ An")
