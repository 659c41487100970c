"""The public news sites: anonymous readers, published articles only, any unit alive or closed,
sanitised bodies, a valid RSS feed, and few queries per page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tuyengiao.accounts.models import Membership
from tuyengiao.news import selectors, services
from tuyengiao.news.models import Article
from tuyengiao.news.tests.conftest import png
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db


def _url(article) -> str:
    return f"/tin/{article.unit.code}/{article.slug}/"


def test_anonymous_reads_the_unit_site(client, tree, make_article, category, editor):
    article = make_article(
        "Hội nghị giao ban công tác tuyên giáo",
        category=category,
        summary="Sáng 16/7, Ban Tuyên giáo tổ chức hội nghị.",
        author="Tin, ảnh: Thanh Thy",
    )
    services.image_add(actor=editor, article=article, image=png(), caption="Đại biểu dự hội nghị")
    draft = make_article("Bản nháp chưa đăng", publish=False)

    home = client.get(f"/tin/{tree.own.code}/")
    assert home.status_code == 200
    html = home.content.decode()
    assert article.title in html and draft.title not in html
    assert 'class="menu"' not in html  # not the internal app's layout
    assert "Tin hoạt động" in html

    page = client.get(_url(article))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tin, ảnh: Thanh Thy" in html
    assert "Đại biểu dự hội nghị" in html
    assert timezone.localtime(article.published_at).strftime("%d/%m/%Y") in html
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Ftin%2F" in html
    assert "<script" not in html.split('data-testid="article-body"')[1].split("</div>")[0]

    image = article.images.get()
    response = client.get(f"/tin/{tree.own.code}/anh/{image.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"

    listing = client.get(f"/tin/{tree.own.code}/chuyen-muc/{category.slug}/")
    assert listing.status_code == 200 and article.title in listing.content.decode()


def test_drafts_unknown_and_other_units_answer_404(client, tree, make_article, editor, operator):
    draft = make_article("Bản nháp", publish=False)
    assert client.get(_url(draft)).status_code == 404
    picture = services.image_add(actor=editor, article=draft, image=png())
    assert client.get(f"/tin/{tree.own.code}/anh/{picture.pk}/").status_code == 404
    published = make_article("Tin đã đăng")
    # Another unit's address with this slug: 404, not the article.
    assert client.get(f"/tin/{tree.sibling.code}/{published.slug}/").status_code == 404
    assert client.get(f"/tin/{tree.sibling.code}/anh/{picture.pk}/").status_code == 404
    assert client.get("/tin/KHONG-CO/").status_code == 404
    assert client.get(f"/tin/{tree.own.code}/chuyen-muc/khong-co/").status_code == 404
    assert client.get(f"/tin/{tree.own.code}/?page=9").status_code == 404
    unpublished = services.article_unpublish(
        actor=editor, article=published, version=published.version
    )
    assert client.get(_url(unpublished)).status_code == 404


def test_published_page_shows_the_body_without_what_could_run(client, tree, editor):
    article = services.article_create(
        actor=editor,
        unit=tree.own,
        title="Tin có thẻ script",
        body_html='<p>Nội dung tin.</p><script>alert("x")</script>'
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">bấm</a>',
    )
    services.article_publish(actor=editor, article=article, version=article.version)
    # Even HTML written behind the services' back is cleaned on the way out.
    Article.objects.filter(pk=article.pk).update(
        body_html=Article.objects.get(pk=article.pk).body_html + "<script>alert(2)</script>"
    )
    html = client.get(_url(article)).content.decode()
    body = html.split('data-testid="article-body"')[1].split("</div>")[0]
    assert "Nội dung tin." in body
    for bad in ("<script", "onerror", "javascript:", "alert"):
        assert bad not in body


def test_old_news_of_a_closed_unit_stays_readable(client, tree):
    central_admin = UserFactory(username="central_admin")
    Membership.objects.create(user=central_admin, unit=tree.central, role="admin")
    article = services.article_create(
        actor=central_admin, unit=tree.predecessor, title="Tin năm 2020", body_html="<p>x</p>"
    )
    services.article_publish(
        actor=central_admin,
        article=article,
        version=article.version,
        published_at=timezone.make_aware(dt.datetime(2020, 6, 19, 21, 20)),
    )
    assert client.get(_url(article)).status_code == 200
    assert "19/06/2020" in client.get(f"/tin/{tree.predecessor.code}/").content.decode()


def test_list_is_newest_first_and_paginated(client, tree, make_article, editor):
    for i in range(23):
        article = make_article(f"Tin số {i}", publish=False)
        services.article_publish(
            actor=editor,
            article=article,
            version=article.version,
            published_at=timezone.now() - dt.timedelta(days=23 - i),
        )
    page = selectors.article_list_public(unit=tree.own)
    assert [a.title for a in page.articles[:2]] == ["Tin số 22", "Tin số 21"]
    assert len(page.articles) == 20 and page.has_next and not page.has_previous
    second = client.get(f"/tin/{tree.own.code}/?page=2").content.decode()
    assert "Tin số 0" in second and "Tin số 22" not in second


def test_related_news_are_of_the_same_category(tree, make_article, category, editor):
    other_category = services.category_create(actor=editor, unit=tree.own, name="Nghiên cứu")
    main = make_article("Tin chính", category=category)
    same = [make_article(f"Cùng chuyên mục {i}", category=category) for i in range(6)]
    make_article("Chuyên mục khác", category=other_category)
    related = selectors.related_articles_public(main)
    assert len(related) == 5
    assert {a.pk for a in related} <= {a.pk for a in same}
    assert related[0].pk == same[-1].pk


def test_rss_is_valid_xml_with_items(client, tree, make_article, category):
    make_article("Tin thứ nhất", category=category, summary="Tóm tắt <b>một</b>", author="Mai Chi")
    make_article("Tin thứ hai")
    make_article("Bản nháp", publish=False)
    response = client.get(f"/tin/{tree.own.code}/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("title") == tree.own.name
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Tin thứ hai", "Tin thứ nhất"]
    assert items[1].findtext("link").startswith(f"http://testserver/tin/{tree.own.code}/")
    assert items[1].findtext("category") == "Tin hoạt động"


def test_pages_use_few_queries(
    client, tree, make_article, category, editor, django_assert_max_num_queries
):
    articles = [make_article(f"Tin {i}", category=category) for i in range(25)]
    for article in articles[:3]:
        services.image_add(actor=editor, article=article, image=png(), caption="Ảnh")
    with django_assert_max_num_queries(3):
        assert client.get(f"/tin/{tree.own.code}/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"/tin/{tree.own.code}/chuyen-muc/{category.slug}/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(_url(articles[0])).status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/tin/{tree.own.code}/rss.xml").status_code == 200


def test_a_logged_in_reader_costs_no_more_queries(
    client, tree, make_article, role_users, django_assert_max_num_queries
):
    article = make_article()
    client.force_login(role_users["viewer"])
    # The session and the user are read; the internal menu's context is not.
    with django_assert_max_num_queries(7):
        assert client.get(_url(article)).status_code == 200


def test_factories_make_public_rows(client):
    from tuyengiao.news.tests.factories import ArticleFactory, ArticleImageFactory

    picture = ArticleImageFactory()
    article = picture.article
    assert client.get(f"/tin/{article.unit.code}/{article.slug}/").status_code == 200
    draft = ArticleFactory(unit=article.unit, status="draft")
    assert client.get(f"/tin/{draft.unit.code}/{draft.slug}/").status_code == 404
