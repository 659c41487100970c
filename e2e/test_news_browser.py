"""Unit news in a real browser: an editor of the province writes an article whose body carries a
script (as pasted from elsewhere), adds a photo with its caption, publishes it, and the public
page shows the article with the script gone: no dialog, no JavaScript error.

The screenshots it takes are the ones the user guide embeds (docs/huong-dan/tin-bai.md; keep their
names).
"""

from __future__ import annotations

import struct
import zlib

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tuyengiao.accounts.models import Membership
from tuyengiao.news import services
from tuyengiao.news.models import Article
from tuyengiao.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

BODY = """<p>Phát biểu chỉ đạo Hội nghị, đồng chí Trưởng Ban Tuyên giáo đề nghị tuyên giáo các cấp
tiếp tục đẩy mạnh tuyên truyền đại hội Đảng các cấp, nhất là các đợt thi đua cao điểm chào mừng
đại hội.</p>
<script>alert("xss")</script>
<p>Sáu tháng đầu năm, <strong>Ban Tuyên giáo</strong> đã hoàn thành các nhiệm vụ theo chương
trình công tác đề ra.<img src="x" onerror="alert('onerror')"></p>
<p><a href="javascript:alert('link')">Xem thêm</a></p>"""


def photo_png(width: int = 640, height: int = 360) -> bytes:
    """A plain PNG (a sky-to-field gradient) made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = []
    for y in range(height):
        t = y / height
        colour = bytes((int(60 + 120 * t), int(110 + 80 * t), int(200 - 120 * t)))
        rows.append(b"\x00" + colour * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")


def test_editor_publishes_and_the_public_page_runs_no_script(
    live_server, transactional_db, tree, page, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    editor = UserFactory(username="bientap.tuyenquang", full_name="Nguyễn Thị Thanh Thy")
    Membership.objects.create(user=editor, unit=tree.own, role="editor")
    category = services.category_create(actor=editor, unit=tree.own, name="Tin hoạt động")
    services.category_create(actor=editor, unit=tree.own, name="Nghiên cứu, trao đổi")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    login(page, base, editor.username)
    page.locator("nav.menu a[href='/news/']").click()
    page.locator("[data-testid=article-new]").click()
    form = page.locator("[data-testid=article-form]")
    form.locator("[name=title]").fill(
        "Nâng cao hiệu quả công tác tuyên truyền đại hội Đảng các cấp"
    )
    form.locator("[name=summary]").fill(
        "Ban Tuyên giáo Tỉnh ủy tổ chức Hội nghị giao ban công tác tuyên giáo 6 tháng đầu năm."
    )
    form.locator("[name=body_html]").fill(BODY)
    form.locator("[name=author]").fill("Tin, ảnh: THANH THY")
    form.locator("[name=category]").select_option(str(category.pk))
    shot(page, "tin-bai-soan")
    with page.expect_navigation():
        page.locator("[data-testid=article-save]").click()
    article = Article.objects.get()
    assert "<script" not in article.body_html and "onerror" not in article.body_html

    # A photo with its caption, then publish.
    photos = page.locator("[data-testid=image-form]")
    photos.locator("[name=image]").set_input_files(
        files=[{"name": "hoi-nghi.png", "mimeType": "image/png", "buffer": photo_png()}]
    )
    photos.locator("[name=caption]").fill("Quang cảnh hội nghị giao ban")
    with page.expect_navigation():
        photos.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=photos]")).to_contain_text("Quang cảnh hội nghị giao ban")
    with page.expect_navigation():
        page.locator("[data-testid=article-publish]").click()
    expect(page.locator("[data-testid=public-link]")).to_be_visible()
    shot(page, "tin-bai-chi-tiet")
    article.refresh_from_db()
    assert article.status == "published"

    # The public page: anyone, no login; the article, its photo, caption, byline and date.
    page.context.clear_cookies()
    page.goto(f"{base}/tin/{tree.own.code}/{article.slug}/")
    body = page.locator("[data-testid=article-body]")
    expect(body).to_contain_text("Sáu tháng đầu năm")
    expect(body.locator("script")).to_have_count(0)
    expect(body.locator("[onerror]")).to_have_count(0)
    expect(body.locator("a[href^='javascript']")).to_have_count(0)
    expect(page.locator("figcaption")).to_have_text("Quang cảnh hội nghị giao ban")
    expect(page.locator("[data-testid=byline]")).to_have_text("Tin, ảnh: THANH THY")
    expect(page.locator("[data-testid=published]")).to_have_text(
        timezone.localtime(article.published_at).strftime("%d/%m/%Y")
    )
    assert page.evaluate("document.querySelector('figure img').naturalWidth") == 640
    assert page.locator("nav.menu").count() == 0  # not the internal layout
    shot(page, "tin-bai-cong-khai")

    page.goto(f"{base}/tin/{tree.own.code}/")
    expect(page.locator("[data-testid=news-list]")).to_contain_text(article.title)
    shot(page, "tin-bai-trang-don-vi")
    assert dialogs == [], f"a script ran: {dialogs}"
