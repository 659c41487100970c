"""Rules of unit news: sanitising, addresses, publishing, versions, photos, categories, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.meetings.models import Meeting
from tuyengiao.news import selectors, services
from tuyengiao.news.models import Article, ArticleImage, Category
from tuyengiao.news.sanitize import sanitize_html
from tuyengiao.news.tests.conftest import png

pytestmark = pytest.mark.django_db


def _nothing_written(call, field: str, **kwargs) -> DomainError:
    counts = (
        Article.objects.count(),
        ArticleImage.objects.count(),
        Category.objects.count(),
        AuditEntry.objects.count(),
        list(Article.objects.values_list("version", "status", "title")),
    )
    with pytest.raises(DomainError) as info:
        call(**kwargs)
    assert info.value.field == field, info.value.message
    assert counts == (
        Article.objects.count(),
        ArticleImage.objects.count(),
        Category.objects.count(),
        AuditEntry.objects.count(),
        list(Article.objects.values_list("version", "status", "title")),
    )
    return info.value


# Sanitising


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ("<p>Tin<script>alert('x')</script></p>", "script"),
        ('<img src="/tin/P1/anh/1/" onerror="alert(1)">', "onerror"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ('<a href="javascript:alert(1)">bấm</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">bấm</a>', "javascript"),
        ('<a href="jav&#x09;ascript:alert(1)">bấm</a>', "ascript"),
        ('<p style="background:url(x)">đoạn</p>', "style"),
        ("<style>p{color:red}</style><p>đoạn</p>", "color"),
        ('<iframe src="https://example.com/embed">x</iframe><p>đoạn</p>', "iframe"),
        ('<img src="https://tracker.example.com/pixel.gif">', "tracker"),
        ('<img src="//tracker.example.com/pixel.gif">', "tracker"),
        ("<svg><script>alert(1)</script></svg>", "alert"),
        ('<form action="/x"><input name="a"></form>', "input"),
        ('<object data="x.swf"></object>', "object"),
    ],
)
def test_sanitiser_removes_what_could_run(dirty, gone):
    clean = sanitize_html(dirty)
    assert gone.lower() not in clean.lower()
    assert "<script" not in clean and "on" + "error" not in clean


def test_sanitiser_keeps_the_allowed_shapes():
    html = (
        "<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em><br>dòng</p>"
        "<ul><li>một</li></ul><blockquote>trích</blockquote>"
        '<figure><img src="/tin/P1/anh/3/" alt="Hội nghị"><figcaption>Ảnh</figcaption></figure>'
        '<table><tr><th colspan="2">A</th></tr><tr><td>1</td><td>2</td></tr></table>'
        '<a href="https://btgtu.nghean.vn/tin">nguồn</a>'
    )
    clean = sanitize_html(html)
    for kept in (
        "<h2>Tiêu đề</h2>",
        "<strong>Đậm</strong>",
        "<br>",
        "<blockquote>",
        '<img src="/tin/P1/anh/3/" alt="Hội nghị">',
        "<figcaption>Ảnh</figcaption>",
        '<th colspan="2">',
        'href="https://btgtu.nghean.vn/tin" rel="noopener noreferrer"',
    ):
        assert kept in clean


def test_create_sanitises_the_body_and_render_sanitises_again(tree, editor):
    article = services.article_create(
        actor=editor,
        unit=tree.own,
        title="Tin có mã độc",
        body_html='<p onclick="x()">Nội dung</p><script>alert(1)</script>',
    )
    assert article.body_html == "<p>Nội dung</p>"
    # HTML written behind the services' back is still cleaned when rendered.
    Article.objects.filter(pk=article.pk).update(body_html="<p>a</p><script>alert(2)</script>")
    article.refresh_from_db()
    assert str(article.body_safe) == "<p>a</p>"


def test_update_sanitises_the_body(make_article, editor):
    article = make_article()
    article = services.article_update(
        actor=editor,
        article=article,
        version=article.version,
        body_html='<p>Mới</p><img src="x" onerror="alert(1)">',
    )
    assert article.body_html == "<p>Mới</p>"


# Addresses


def test_slug_is_folded_from_the_title_and_unique_within_the_unit(tree, operator, make_article):
    first = make_article("Đảng ủy xã Đông Thọ: Hội nghị giao ban")
    assert first.slug == "dang-uy-xa-dong-tho-hoi-nghi-giao-ban"
    second = make_article("Đảng ủy xã Đông Thọ — hội nghị giao ban!")
    assert second.slug == "dang-uy-xa-dong-tho-hoi-nghi-giao-ban-2"
    elsewhere = services.article_create(
        actor=operator, unit=tree.child, title="Đảng ủy xã Đông Thọ: Hội nghị giao ban"
    )
    assert elsewhere.slug == first.slug  # another unit's site: the same address is free


def test_a_given_slug_must_be_an_address(tree, editor):
    _nothing_written(
        services.article_create,
        "slug",
        actor=editor,
        unit=tree.own,
        title="Tin",
        slug="Có dấu và khoảng trắng",
    )


def test_changing_the_slug_to_a_taken_one_is_refused(make_article, editor):
    make_article("Tin một")
    two = make_article("Tin hai")
    _nothing_written(
        services.article_update,
        "slug",
        actor=editor,
        article=two,
        version=two.version,
        slug="tin-mot",
    )


# Publishing


def test_publish_sets_the_date_and_unpublish_keeps_it(tree, editor):
    draft = services.article_create(actor=editor, unit=tree.own, title="Tin", body_html="<p>x</p>")
    assert draft.status == "draft" and draft.published_at is None
    published = services.article_publish(actor=editor, article=draft, version=draft.version)
    assert published.status == "published" and published.published_at is not None
    when = published.published_at
    back = services.article_unpublish(actor=editor, article=published, version=published.version)
    assert back.status == "draft" and back.published_at == when
    again = services.article_publish(actor=editor, article=back, version=back.version)
    assert again.published_at == when and again.version == draft.version + 3


def test_publishing_needs_a_body(tree, editor):
    draft = services.article_create(
        actor=editor, unit=tree.own, title="Tin trống", body_html="<script>x</script>"
    )
    _nothing_written(
        services.article_publish, "body_html", actor=editor, article=draft, version=draft.version
    )


def test_publishing_twice_and_unpublishing_a_draft_are_refused(make_article, editor):
    article = make_article()
    _nothing_written(
        services.article_publish, "status", actor=editor, article=article, version=article.version
    )
    draft = make_article("Nháp", publish=False)
    _nothing_written(
        services.article_unpublish, "status", actor=editor, article=draft, version=draft.version
    )


def test_publication_date_falls_within_the_units_life(tree, role_users):
    # The predecessor province closed on 30/06/2025: its admin (an ancestor's admin) may enter its
    # old news with their dates, but nothing dated after it closed.
    admin = role_users["admin"]
    from tuyengiao.accounts.models import Membership
    from tuyengiao.testing import UserFactory

    central_admin = UserFactory(username="central_admin")
    Membership.objects.create(user=central_admin, unit=tree.central, role="admin")
    old = services.article_create(
        actor=central_admin, unit=tree.predecessor, title="Tin cũ", body_html="<p>x</p>"
    )
    _nothing_written(
        services.article_publish,
        "published_at",
        actor=central_admin,
        article=old,
        version=old.version,
    )
    when = timezone.make_aware(dt.datetime(2020, 6, 19, 21, 20))
    published = services.article_publish(
        actor=central_admin, article=old, version=old.version, published_at=when
    )
    assert published.published_at == when
    assert admin  # own's admin is not an ancestor of the predecessor
    with pytest.raises(PermissionDenied):
        services.article_create(actor=admin, unit=tree.predecessor, title="Không được")


def test_future_publication_is_refused(make_article, editor):
    draft = make_article(publish=False)
    _nothing_written(
        services.article_publish,
        "published_at",
        actor=editor,
        article=draft,
        version=draft.version,
        published_at=timezone.now() + dt.timedelta(days=2),
    )


# Versions


def test_a_stale_version_is_refused_and_names_who_saved(make_article, editor, role_users):
    article = make_article()
    read_version = article.version
    services.article_update(
        actor=role_users["admin"], article=article, version=read_version, title="Sửa trước"
    )
    with pytest.raises(ConflictError) as info:
        services.article_update(actor=editor, article=article, version=read_version, title="Sau")
    assert str(role_users["admin"]) in info.value.message
    assert Article.objects.get(pk=article.pk).title == "Sửa trước"
    with pytest.raises(ConflictError):
        services.article_publish(actor=editor, article=article, version=read_version)
    with pytest.raises(ConflictError):
        services.article_unpublish(actor=editor, article=article, version=read_version)


def test_unknown_fields_are_refused(make_article, editor):
    article = make_article()
    _nothing_written(
        services.article_update,
        "status",
        actor=editor,
        article=article,
        version=article.version,
        status="draft",
    )


# Refusals and rights


def test_refusals_write_nothing(tree, editor, category):
    _nothing_written(services.article_create, "title", actor=editor, unit=tree.own, title="  ")
    _nothing_written(
        services.article_create,
        "title",
        actor=editor,
        unit=tree.own,
        title="x" * 301,
    )
    other = Category.objects.create(unit=tree.child, name="Khác", slug="khac")
    _nothing_written(
        services.article_create,
        "category",
        actor=editor,
        unit=tree.own,
        title="Tin",
        category=other,
    )
    _nothing_written(
        services.article_create,
        "source_url",
        actor=editor,
        unit=tree.own,
        title="Tin",
        source_url="javascript:alert(1)",
    )


def test_viewers_and_other_units_cannot_write(tree, role_users, make_article):
    article = make_article()
    for role in ("viewer",):
        user = role_users[role]
        with pytest.raises(PermissionDenied):
            services.article_create(actor=user, unit=tree.own, title="Không")
        with pytest.raises(PermissionDenied):
            services.article_update(actor=user, article=article, version=1, title="Không")
        with pytest.raises(PermissionDenied):
            services.article_delete(actor=user, article=article)
    # An editor writes in their own unit only, not in the child's.
    with pytest.raises(PermissionDenied):
        services.article_create(actor=role_users["editor"], unit=tree.child, title="Không")
    assert Article.objects.filter(title="Không").count() == 0


def test_meeting_link_must_be_visible(tree, editor, operator):
    mine = Meeting.objects.create(
        organiser=tree.own,
        kind="briefing",
        title="Giao ban",
        start_date=dt.date(2026, 7, 16),
        end_date=dt.date(2026, 7, 16),
    )
    theirs = Meeting.objects.create(
        organiser=tree.sibling,
        kind="briefing",
        title="Giao ban Nghệ An",
        start_date=dt.date(2026, 7, 16),
        end_date=dt.date(2026, 7, 16),
    )
    article = services.article_create(actor=editor, unit=tree.own, title="Tin", meeting=mine)
    assert list(mine.articles.all()) == [article]
    _nothing_written(
        services.article_create,
        "meeting",
        actor=editor,
        unit=tree.own,
        title="Tin",
        meeting=theirs,
    )


def test_delete_removes_the_article_its_photos_and_files(make_article, editor, settings):
    article = make_article()
    picture = services.image_add(actor=editor, article=article, image=png(), caption="Ảnh")
    path = picture.image.path
    import os

    assert os.path.exists(path)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.article_delete(actor=editor, article=article)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not os.path.exists(path)


# Photos


def test_images_are_checked_by_extension_and_content(make_article, editor):
    article = make_article()
    first = services.image_add(actor=editor, article=article, image=png(), caption=" Đại biểu ")
    second = services.image_add(actor=editor, article=article, image=png("b.PNG"))
    assert (first.order, second.order, first.caption) == (0, 1, "Đại biểu")
    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    _nothing_written(services.image_add, "image", actor=editor, article=article, image=fake)
    html = SimpleUploadedFile("anh.html", b"<html>", content_type="text/html")
    _nothing_written(services.image_add, "image", actor=editor, article=article, image=html)
    svg = SimpleUploadedFile("anh.svg", b"<svg onload=alert(1)>", content_type="image/svg+xml")
    _nothing_written(services.image_add, "image", actor=editor, article=article, image=svg)
    assert [i.pk for i in selectors.article_images(article=article)] == [first.pk, second.pk]


def test_image_remove(make_article, editor, role_users):
    article = make_article()
    picture = services.image_add(actor=editor, article=article, image=png())
    with pytest.raises(PermissionDenied):
        services.image_remove(actor=role_users["viewer"], image=picture)
    services.image_remove(actor=editor, image=picture)
    assert not ArticleImage.objects.exists()


# Categories


def test_categories(tree, editor, make_article, category):
    assert category.slug == "tin-hoat-dong"
    _nothing_written(
        services.category_create, "slug", actor=editor, unit=tree.own, name="Tin hoạt động"
    )
    _nothing_written(services.category_create, "name", actor=editor, unit=tree.own, name=" ")
    article = make_article(category=category)
    renamed = services.category_update(actor=editor, category=category, name="Hoạt động", order=3)
    assert (renamed.name, renamed.slug, renamed.order) == ("Hoạt động", "tin-hoat-dong", 3)
    services.category_delete(actor=editor, category=category)
    article.refresh_from_db()
    assert article.category_id is None  # the article stays, without a category


def test_audit_rows_are_written(tree, editor, make_article):
    article = make_article()
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(article.pk), object_type__model="article"
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]
