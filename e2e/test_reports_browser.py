"""Periodic reports in a real browser, over the real units and the demo data.

Nghệ An's administrator defines a new indicator and a small form that uses it; Thành ủy Vinh's
editor opens the 6-month review for the first half of 2020 ("6 tháng đầu năm 2020"), fills the
figures grid with the keyboard in Vietnamese notation, is told beside the field that attendance
exceeds the expected number, corrects it, saves the draft, writes the narrative and submits (the
report gets its number); the province's approver approves it from the queue; the province's
roll-up counts it (18 of 21 units handed in) and shows the new totals; the report downloads as
DOCX; the approver's overview shows the same 18/21. The screenshots are the ones the user guide embeds (docs/huong-dan/bao-cao.md; keep their
names).
"""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import Page, expect

from tuyengiao.reports.models import Form, Indicator, Submission
from tuyengiao.web.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

AS_OF = "2020-06-30"
# What Thành ủy Vinh types, in grid order (the two ratios are computed and have no input).
FIGURES = [
    ("NV_TONG", "34"),
    ("NV_XONG", "30"),
    ("HT_CUOC", "18"),
    ("HT_DUKIEN", "1.850"),
    ("HT_THAMDU", "1.920"),  # more than expected: refused beside the field
    ("BCV_SO", "26"),
    ("BCV_HN", "3"),
    ("HB_SO", "2"),
    ("TIN_SO", "126"),
    ("DT_LOP", "4"),
    ("DT_HOCVIEN", "312"),
    ("CT_SO", "21"),
    ("CT_GIATRI", "45.000.000.000"),
]
SHORTCOMINGS = (
    "Việc nắm bắt dư luận xã hội ở một số phường còn chậm; đội ngũ báo cáo viên cơ sở chưa "
    "được bồi dưỡng thường xuyên."
)


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


def set_as_of(page: Page, day: str) -> None:
    page.locator("[data-testid=as-of]").fill(day)
    with page.expect_navigation():
        page.locator("header form.context button[type=submit]").click()


def click_and_wait(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def grid_row(page: Page, code: str):
    return page.locator(f"[data-testid=figures] tr[data-code='{code}']")


def test_define_fill_submit_approve_roll_up_and_export(demo_db, page, shot):
    base = demo_db

    # 1. The province's administrator defines an indicator and a small form that uses it.
    login(page, base, "quantri.nghean")
    click_and_wait(page, page.locator("nav.menu a[href='/reports/']"))
    click_and_wait(page, page.locator("[data-testid=indicator-list-link]"))
    page.locator("#new-indicator summary").click()
    form = page.locator("[data-testid=indicator-form]")
    form.locator("[name=code]").fill("BCV_TAPHUAN")
    form.locator("[name=name]").fill("Số lượt báo cáo viên được tập huấn")
    form.locator("[name=measure]").fill("lượt người")
    form.locator("[name=value_type]").select_option("integer")
    form.locator("[name=aggregation]").select_option("sum")
    click_and_wait(page, form.locator("[data-testid=indicator-save]"))
    expect(page.locator("[data-testid=indicator-list] tr[data-code='BCV_TAPHUAN']")).to_have_count(
        1
    )
    assert Indicator.objects.get(code="BCV_TAPHUAN").owner.code == "P-40"

    page.goto(f"{base}/reports/forms/")
    page.locator("#new-form summary").click()
    form = page.locator("[data-testid=report-form-form]")
    form.locator("[name=code]").fill("BC-BCV")
    form.locator("[name=name]").fill("Báo cáo nhanh về đội ngũ báo cáo viên")
    form.locator("[name=subject]").fill("Báo cáo nhanh về đội ngũ báo cáo viên {period}")
    form.locator("[name=period_kind]").select_option("half")
    form.locator("[name=start_day]").fill("15")
    form.locator("[name=deadline_days]").fill("10")
    form.locator("[name=levels][value=district]").check()
    click_and_wait(page, form.locator("[data-testid=report-form-save]"))
    expect(page.locator("[data-testid=form-title]")).to_have_text(
        "Báo cáo nhanh về đội ngũ báo cáo viên"
    )
    sections = page.locator("[data-testid=section-form]")
    sections.locator("[name=title]").fill("Số liệu")
    sections.locator("[name=kind]").select_option("figures")
    click_and_wait(page, sections.locator("[data-testid=section-add]"))
    for code, required in (("BCV_SO", True), ("BCV_TAPHUAN", True)):
        items = page.locator("[data-testid=item-form]")
        items.locator("[name=indicator]").select_option(str(Indicator.objects.get(code=code).pk))
        if required:
            items.locator("[name=required]").check()
        click_and_wait(page, items.locator("[data-testid=item-add]"))
    sections = page.locator("[data-testid=section-form]")
    sections.locator("[name=title]").fill("Nhận xét")
    sections.locator("[name=kind]").select_option("narrative")
    sections.locator("[name=template]").fill(
        "Trong kỳ đã tập huấn {{BCV_TAPHUAN}} lượt báo cáo viên trên tổng số {{BCV_SO}} báo cáo viên."
    )
    click_and_wait(page, sections.locator("[data-testid=section-add]"))
    new_form = Form.objects.get(code="BC-BCV")
    assert [i.indicator.code for i in new_form.items.order_by("order")] == [
        "BCV_SO",
        "BCV_TAPHUAN",
    ]
    expect(page.locator("[data-testid=section]")).to_have_count(2)
    page.locator("[data-testid=section]").first.scroll_into_view_if_needed()
    shot(page, "bao-cao-bieu-mau")

    # 2. Thành ủy Vinh's editor opens the 6-month review for the first half of 2020.
    page.context.clear_cookies()
    login(page, base, "bientap.vinh")
    set_as_of(page, AS_OF)
    click_and_wait(page, page.locator("nav.menu a[href='/reports/']"))
    review = page.locator(".report-form[data-form='BC-6T']")
    expect(review.locator("tr[data-period='2020-H1']")).to_contain_text("6 tháng đầu năm 2020")
    expect(page.locator(".report-form[data-form='BC-BCV']")).to_have_count(1)  # the new form
    shot(page, "bao-cao-tong-quan")
    opener = review.locator("[data-testid=open-form]")
    opener.locator("[name=period]").fill("6 tháng đầu năm 2020")
    click_and_wait(page, opener.locator("button[type=submit]"))
    report = Submission.objects.get(form__code="BC-6T", unit__code="D-412", period_code="2020-H1")
    expect(page).to_have_url(f"{base}/reports/submissions/{report.pk}/")

    # The grid with the keyboard: type, Tab to the next figure (ratios are skipped).
    page.locator("[name=v_NV_TONG]").focus()
    for code, value in FIGURES:
        expect(page.locator(f"[name=v_{code}]")).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.locator("[name=v_KH_DAIHOI]").select_option("1")
    page.locator("[name=v_DG_DIEM]").fill("92,5")
    click_and_wait(page, page.locator("[data-testid=save]"))
    attended = grid_row(page, "HT_THAMDU")
    expect(attended.locator("[data-testid=field-error]")).to_contain_text("1920")
    expect(attended.locator("input")).to_have_value("1.920")  # nothing typed is lost
    expect(grid_row(page, "TIN_SO").locator("input")).to_have_value("126")
    assert not report.values.exists()
    attended.scroll_into_view_if_needed()
    shot(page, "bao-cao-loi")

    attended.locator("input").fill("1.792")
    click_and_wait(page, page.locator("[data-testid=save]"))
    expect(page.locator("[data-testid=field-error]")).to_have_count(0)
    expect(grid_row(page, "HT_TYLE")).to_contain_text("96,9%")  # 1792 / 1850
    assert report.values.get(indicator__code="CT_GIATRI").number == 45 * 10**9

    # The narrative: the results section starts from the form's text with live figures.
    narratives = page.locator("[data-testid=narrative]")
    results, shortcomings = narratives.nth(0), narratives.nth(1)
    expect(results.locator("[data-testid=narrative-preview]")).to_contain_text(
        "hoàn thành 30/34 nhiệm vụ (88,2%)"
    )
    shortcomings.locator("textarea").fill(SHORTCOMINGS + " Đã tổ chức {{HT_CUOC}} cuộc học tập.")
    shortcomings.locator("[data-testid=preview-button]").click()
    expect(shortcomings.locator("[data-testid=narrative-preview]")).to_contain_text(
        "Đã tổ chức 18 cuộc học tập."
    )
    details = page.locator("[data-testid=details]")
    details.locator("[name=place]").fill("Vinh")
    details.locator("[name=signer_position]").fill("Trưởng ban")
    details.locator("[name=signer_name]").fill("Nguyễn Văn Hùng")
    details.locator("[name=recipients]").fill(
        "- Ban Tuyên giáo Tỉnh ủy (b/c),\n- Thường trực Thành ủy (b/c),\n- Lưu VP."
    )
    shot(page, "bao-cao-nhap-lieu")
    click_and_wait(page, page.locator("[data-testid=submit]"))
    report.refresh_from_db()
    assert report.status == "submitted"
    assert re.fullmatch(r"\d{2}-BC/BTG(DV)?HU", report.number_text)
    expect(page.locator("[data-testid=number]")).to_contain_text(report.number_text)
    expect(page.locator("[data-testid=entry-form]")).to_have_count(0)

    # 3. The province's approver approves it from the queue.
    page.context.clear_cookies()
    login(page, base, "pheduyet.nghean")
    set_as_of(page, AS_OF)
    click_and_wait(page, page.locator("nav.menu a[href='/reports/']"))
    queue = page.locator("[data-testid=queue]")
    expect(queue.locator(f"tr[data-submission='{report.pk}']")).to_contain_text("Vinh")
    shot(page, "bao-cao-cho-phe-duyet")
    click_and_wait(page, queue.locator(f"tr[data-submission='{report.pk}'] a"))
    expect(page.locator("[data-testid=decisions]")).to_be_visible()
    click_and_wait(page, page.locator("[data-testid=approve]"))
    expect(page.locator("[data-testid=locked]")).to_be_visible()
    report.refresh_from_db()
    assert report.status == "approved"

    # 4. The province's roll-up counts it.
    click_and_wait(page, page.locator("nav.menu a[href='/reports/']"))
    click_and_wait(page, page.locator("[data-testid=rollup-link]"))
    chooser = page.locator("[data-testid=rollup-form]")
    chooser.locator("[name=form]").select_option(label="Báo cáo sơ kết 6 tháng công tác tuyên giáo")
    chooser.locator("[name=period]").fill("6 tháng đầu năm 2020")
    click_and_wait(page, chooser.locator("button[type=submit]"))
    expect(page.locator("[data-testid=period]")).to_contain_text("6 tháng đầu năm 2020")
    expect(page.locator("[data-testid=completeness-ratio]")).to_have_text("18/21")
    branches = page.locator("[data-testid=branches]")
    expect(branches.locator("tr[data-unit='D-412']")).to_contain_text("30")
    missing = page.locator("[data-testid=missing]")
    expect(missing.locator("li[data-unit='D-412']")).to_have_count(0)
    expect(missing.locator("li[data-unit='D-417']")).to_have_count(1)
    shot(page, "bao-cao-tong-hop")

    # 5. The report downloads as DOCX, with its number, type name and figures.
    page.goto(f"{base}{report.get_absolute_url()}")
    with page.expect_download() as download:
        page.locator("[data-testid=export-docx]").click()
    assert download.value.suggested_filename.endswith(".docx")
    document = docx.Document(download.value.path())
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert f"Số {report.number_text}" in text and "BÁO CÁO" in text
    assert "1.792" in text  # the corrected attendance, in the figures table

    # 6. The approver's overview: the reports waiting, and how the units below have handed in.
    click_and_wait(page, page.locator("nav.menu a[href='/']"))
    progress = page.locator("[data-testid=dash-progress][data-form='BC-6T']")
    expect(progress).to_contain_text("6 tháng đầu năm 2020")
    expect(progress.locator("[data-testid=dash-progress-ratio]")).to_have_text("18/21")
    expect(page.locator("[data-testid=dash-done-ratio]")).to_have_text(re.compile(r"^\d+/\d+$"))
    shot(page, "tong-quan")
