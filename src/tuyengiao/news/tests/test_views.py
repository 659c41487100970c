"""Internal news pages: the editor's round trip, and access (404 outside the subtree, 403 for
viewers on every write)."""

from __future__ import annotations

import pytest

from tuyengiao.news import services
from tuyengiao.news.models import Article, ArticleImage, Category
from tuyengiao.news.tests.conftest import png

pytestmark = pytest.mark.django_db


def test_editor_writes_publishes_and_adds_photos(client, tree, editor, category):
    client.force_login(editor)
    assert client.get("/news/").status_code == 200
    assert client.get("/news/new/").status_code == 200
    response = client.post(
        "/news/new/",
        {
            "title": "Hội nghị báo cáo viên tháng 7",
            "summary": "Sáng 16/7 ...",
            "body_html": "<p>Nội dung</p><script>alert(1)</script>",
            "author": "Tin, ảnh: Mai Chi",
            "category": category.pk,
            "meeting": "",
            "slug": "",
            "source_url": "",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/news/{article.pk}/"
    assert article.body_html == "<p>Nội dung</p>" and article.category == category
    page = client.get(f"/news/{article.pk}/")
    assert page.status_code == 200 and b"<script>alert" not in page.content

    response = client.post(
        f"/news/{article.pk}/images/", {"image": png(), "caption": "Quang cảnh hội nghị"}
    )
    assert response.status_code == 302
    picture = ArticleImage.objects.get()
    assert client.get(f"/news/{article.pk}/images/{picture.pk}/").status_code == 200
    bad = client.post(f"/news/{article.pk}/images/", {"image": png("x.exe"), "caption": ""})
    assert bad.status_code == 200 and ArticleImage.objects.count() == 1

    response = client.post(f"/news/{article.pk}/publish/", {"version": article.version})
    article.refresh_from_db()
    assert response.status_code == 302 and article.status == "published"
    assert client.get(f"/tin/{tree.own.code}/{article.slug}/").status_code == 200

    edit = client.get(f"/news/{article.pk}/edit/")
    assert edit.status_code == 200
    stale = client.post(
        f"/news/{article.pk}/edit/",
        {"title": "Sửa", "version": article.version - 1, "body_html": "<p>x</p>"},
    )
    assert stale.status_code == 200 and b'class="message error"' in stale.content
    assert Article.objects.get().title == "Hội nghị báo cáo viên tháng 7"  # refused: unchanged
    saved = client.post(
        f"/news/{article.pk}/edit/",
        {"title": "Sửa tiêu đề", "version": article.version, "body_html": "<p>x</p>"},
    )
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.title == "Sửa tiêu đề" and article.slug == "hoi-nghi-bao-cao-vien-thang-7"

    client.post(f"/news/{article.pk}/unpublish/", {"version": article.version})
    article.refresh_from_db()
    assert article.status == "draft"
    client.post(f"/news/{article.pk}/images/{picture.pk}/delete/")
    assert not ArticleImage.objects.exists()
    assert client.post(f"/news/{article.pk}/delete/").status_code == 302
    assert not Article.objects.exists()


def test_categories_page(client, tree, editor):
    client.force_login(editor)
    assert client.get("/news/categories/").status_code == 200
    client.post("/news/categories/", {"name": "Tin hoạt động", "slug": "", "order": 1})
    category = Category.objects.get()
    assert category.slug == "tin-hoat-dong" and category.unit == tree.own
    duplicate = client.post("/news/categories/", {"name": "Tin hoạt động", "slug": "", "order": 2})
    assert duplicate.status_code == 200 and Category.objects.count() == 1
    assert client.get(f"/news/categories/{category.pk}/edit/").status_code == 200
    client.post(
        f"/news/categories/{category.pk}/edit/", {"name": "Hoạt động", "slug": "", "order": 3}
    )
    category.refresh_from_db()
    assert (category.name, category.order) == ("Hoạt động", 3)
    client.post(f"/news/categories/{category.pk}/delete/")
    assert not Category.objects.exists()


def test_meeting_choices_are_the_visible_meetings(client, tree, editor):
    import datetime as dt

    from tuyengiao.meetings.models import Meeting

    day = dt.date(2026, 7, 16)
    mine = Meeting.objects.create(
        organiser=tree.own, kind="briefing", title="Giao ban", start_date=day, end_date=day
    )
    Meeting.objects.create(
        organiser=tree.sibling, kind="briefing", title="Giao ban Nghệ An", start_date=day,
        end_date=day,
    )  # fmt: skip
    client.force_login(editor)
    html = client.get("/news/new/").content.decode()
    assert "Giao ban" in html and "Giao ban Nghệ An" not in html
    client.post("/news/new/", {"title": "Tin giao ban", "meeting": mine.pk, "body_html": "x"})
    assert Article.objects.get().meeting == mine


@pytest.fixture
def articles(tree, operator):
    """One published article with a photo and a category, in `own` and in `sibling`."""
    made = {}
    for relation in ("own", "sibling"):
        unit = tree.relation(relation)
        category = services.category_create(actor=operator, unit=unit, name="Tin hoạt động")
        article = services.article_create(
            actor=operator, unit=unit, title="Tin", body_html="<p>x</p>", category=category
        )
        article = services.article_publish(actor=operator, article=article, version=1)
        picture = services.image_add(actor=operator, article=article, image=png())
        made[relation] = (article, picture, category)
    return made


def _write_requests(article, picture, category):
    a, i, c = article.pk, picture.pk, category.pk
    return [
        ("get", f"/news/{a}/edit/", {}),
        ("post", f"/news/{a}/edit/", {"title": "Không", "version": article.version}),
        ("post", f"/news/{a}/publish/", {"version": article.version}),
        ("post", f"/news/{a}/unpublish/", {"version": article.version}),
        ("post", f"/news/{a}/images/", {"image": png(), "caption": "Không"}),
        ("post", f"/news/{a}/images/{i}/delete/", {}),
        ("post", f"/news/{a}/delete/", {}),
        ("get", f"/news/categories/{c}/edit/", {}),
        ("post", f"/news/categories/{c}/edit/", {"name": "Không", "order": 0}),
        ("post", f"/news/categories/{c}/delete/", {}),
    ]


def _snapshot():
    return (
        list(Article.objects.values_list("pk", "version", "status", "title")),
        list(ArticleImage.objects.values_list("pk", "caption")),
        list(Category.objects.values_list("pk", "name")),
    )


def test_outsiders_get_404_as_if_nothing_existed(client, tree, role_users, articles):
    article, picture, category = articles["sibling"]
    before = _snapshot()
    for role, user in role_users.items():
        client.force_login(user)
        assert client.get(f"/news/{article.pk}/").status_code == 404, role
        assert client.get(f"/news/{article.pk}/images/{picture.pk}/").status_code == 404
        for method, url, data in _write_requests(article, picture, category):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (role, url)
        listed = client.get("/news/").content.decode()
        assert f"/news/{article.pk}/" not in listed
    assert _snapshot() == before


def test_viewers_get_403_on_every_write(client, tree, role_users, articles):
    article, picture, category = articles["own"]
    before = _snapshot()
    client.force_login(role_users["viewer"])
    assert client.get(f"/news/{article.pk}/").status_code == 200
    assert client.get(f"/news/{article.pk}/images/{picture.pk}/").status_code == 200
    assert client.get("/news/").status_code == 200
    assert client.get("/news/categories/").status_code == 200
    for method, url, data in _write_requests(article, picture, category):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    assert client.get("/news/new/").status_code == 403
    assert client.post("/news/new/", {"title": "Không"}).status_code == 403
    assert client.post("/news/categories/", {"name": "Không", "order": 0}).status_code == 403
    assert _snapshot() == before


def test_anonymous_is_sent_to_login(client, articles):
    article, _picture, _category = articles["own"]
    for url in ("/news/", f"/news/{article.pk}/", "/news/new/", "/news/categories/"):
        assert client.get(url).status_code == 302
