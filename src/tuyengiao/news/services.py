"""Writes to unit news sites: articles (draft → published), their photos, and categories.

Editors of the unit write (access.require "edit" on the article's unit). Every function checks
rights first, validates before it writes, writes in one transaction with its audit row, and
refuses with DomainError naming the field. Article HTML is sanitised here, on every save.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao import access
from tuyengiao.core.audit import audit_record, diff, snapshot, user_or_none
from tuyengiao.core.concurrency import check_version, save_new_version
from tuyengiao.core.exceptions import DomainError
from tuyengiao.core.models import AuditAction
from tuyengiao.core.text import fold
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.models import Article, ArticleImage, Category
from tuyengiao.news.sanitize import html_to_text, sanitize_html
from tuyengiao.orgunits.models import OrgUnit

ARTICLE_FIELDS = [
    "title",
    "slug",
    "summary",
    "body_html",
    "author",
    "category",
    "meeting",
    "status",
    "published_at",
    "source_url",
]
EDITABLE_ARTICLE_FIELDS = {
    "title",
    "slug",
    "summary",
    "body_html",
    "author",
    "category",
    "meeting",
    "source_url",
}
SLUG_LENGTH = 180
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# Extension → the first bytes every such file starts with (WebP: RIFF....WEBP, checked below).
IMAGE_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def slug_for(text: str) -> str:
    """An address made of the folded words: "Hội nghị giao ban" → "hoi-nghi-giao-ban"."""
    slug = fold(text).replace(" ", "-")[:SLUG_LENGTH].strip("-")
    return slug or "tin"


def _unique_slug(model: type, unit: OrgUnit, wanted: str, exclude_pk: int | None = None) -> str:
    """`wanted`, or `wanted-2`, `-3`... when the unit already uses it (one query)."""
    taken = set(
        model.objects.filter(unit=unit, slug__startswith=wanted)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _check_length(obj: Any, fields: tuple[str, ...]) -> None:
    for field in fields:
        limit = type(obj)._meta.get_field(field).max_length
        if limit and len(getattr(obj, field) or "") > limit:
            raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field=field)


def _search_name(article: Article) -> str:
    return fold(" ".join([article.title, article.summary, article.author]))


def _validate_article(article: Article, *, actor: Any) -> None:
    article.title = article.title.strip()
    article.summary = article.summary.strip()
    article.author = article.author.strip()
    article.source_url = article.source_url.strip()
    if not article.title:
        raise DomainError(_("The title is required."), field="title")
    _check_length(article, ("title", "slug", "author", "source_url"))
    if article.source_url and not article.source_url.startswith(("http://", "https://")):
        raise DomainError(_("The source must be an http(s) address."), field="source_url")
    if article.category_id is not None and article.category.unit_id != article.unit_id:
        raise DomainError(_("The category belongs to another unit."), field="category")
    if article.meeting_id is not None:
        from tuyengiao.meetings.models import Meeting

        visible = access.scope(Meeting.objects.filter(pk=article.meeting_id), actor).exists()
        if not visible:
            raise DomainError(_("Unknown meeting."), field="meeting")
    if article.published_at is not None:
        _check_published_at(article.unit, article.published_at)


def _check_published_at(unit: OrgUnit, published_at: dt.datetime) -> None:
    """A unit publishes within its life: not before it existed, not after it closed."""
    day = timezone.localdate(published_at)
    if not unit.is_valid_on(day):
        raise DomainError(
            _("%(unit)s did not exist on %(day)s; give a publication date within its life.")
            % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")},
            field="published_at",
        )
    if published_at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError(_("The publication date is in the future."), field="published_at")


def _clean_slug(value: str) -> str:
    slug = slug_for(value)
    if slug != value.strip():
        raise DomainError(
            _("An address holds lower-case letters without accents, digits and dashes."),
            field="slug",
        )
    return slug


# Articles


@transaction.atomic
def article_create(
    *,
    actor: Any,
    unit: OrgUnit,
    title: str,
    body_html: str = "",
    summary: str = "",
    author: str = "",
    category: Category | None = None,
    meeting: Any = None,
    slug: str = "",
    source_url: str = "",
    source_hash: str = "",
) -> Article:
    """Drafts an article of `unit` (its editors). The body is sanitised; the address (slug) comes
    from the title unless given, made unique within the unit."""
    access.require(actor, "edit", unit)
    article = Article(
        unit=unit,
        title=title,
        summary=summary,
        body_html=sanitize_html(body_html),
        author=author,
        category=category,
        meeting=meeting,
        source_url=source_url,
        source_hash=source_hash,
        updated_by=user_or_none(actor),
    )
    _validate_article(article, actor=actor)
    wanted = _clean_slug(slug) if slug.strip() else slug_for(article.title)
    article.slug = _unique_slug(Article, unit, wanted)
    article.search_name = _search_name(article)
    article.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=article,
        unit=unit,
        changes=diff({}, snapshot(article, ARTICLE_FIELDS)),
    )
    return article


def _locked(article: Article, version: int | None) -> Article:
    current = (
        # Lock the article row only: the joined category and editor are on the nullable side
        # of an outer join, which PostgreSQL refuses to lock.
        Article.objects.select_for_update(of=("self",))
        .select_related("unit", "category", "updated_by")
        .get(pk=article.pk)
    )
    if version is not None:
        check_version(current, version)
    return current


def _save(actor: Any, current: Article, before: dict[str, Any]) -> Article:
    current.search_name = _search_name(current)
    save_new_version(current, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        unit=current.unit,
        changes=diff(before, snapshot(current, ARTICLE_FIELDS)),
    )
    return current


@transaction.atomic
def article_update(*, actor: Any, article: Article, version: int, **changes: Any) -> Article:
    """Changes an article, draft or published. A stale `version` is refused with who changed it
    and when. A published article's address stays unless a new one is given (links keep working)."""
    access.require(actor, "edit", article.unit)
    unknown = set(changes) - EDITABLE_ARTICLE_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            _("The field '%(field)s' cannot be changed here.") % {"field": field}, field=field
        )
    current = _locked(article, version)
    before = snapshot(current, ARTICLE_FIELDS)
    slug = changes.pop("slug", None)
    for field, value in changes.items():
        if field == "body_html":
            value = sanitize_html(value or "")
        if value is None and field not in {"category", "meeting"}:
            value = ""
        setattr(current, field, value)
    _validate_article(current, actor=actor)
    if slug is not None and slug.strip() and slug.strip() != current.slug:
        wanted = _clean_slug(slug)
        if Article.objects.filter(unit=current.unit, slug=wanted).exclude(pk=current.pk).exists():
            raise DomainError(_("Another article of the unit has this address."), field="slug")
        current.slug = wanted
    return _save(actor, current, before)


@transaction.atomic
def article_publish(
    *, actor: Any, article: Article, version: int, published_at: dt.datetime | None = None
) -> Article:
    """Publishes the article on the unit's public site. It needs a title and a body; the date is
    the one given (an older article entered late), else its earlier publication date, else now,
    and must fall within the unit's life."""
    access.require(actor, "edit", article.unit)
    current = _locked(article, version)
    before = snapshot(current, ARTICLE_FIELDS)
    if current.status == ArticleStatus.PUBLISHED and published_at is None:
        raise DomainError(_("The article is already published."), field="status")
    if not html_to_text(current.body_html):
        raise DomainError(_("An article without a body cannot be published."), field="body_html")
    when = published_at or current.published_at or timezone.now()
    _check_published_at(current.unit, when)
    current.status = ArticleStatus.PUBLISHED
    current.published_at = when
    return _save(actor, current, before)


@transaction.atomic
def article_unpublish(*, actor: Any, article: Article, version: int) -> Article:
    """Takes the article off the public site (back to draft); its publication date is kept for
    when it is published again."""
    access.require(actor, "edit", article.unit)
    current = _locked(article, version)
    if current.status != ArticleStatus.PUBLISHED:
        raise DomainError(_("The article is not published."), field="status")
    before = snapshot(current, ARTICLE_FIELDS)
    current.status = ArticleStatus.DRAFT
    return _save(actor, current, before)


@transaction.atomic
def article_delete(*, actor: Any, article: Article) -> None:
    """Deletes an article with its photos (files included, once the transaction commits)."""
    access.require(actor, "edit", article.unit)
    names = [img.image.name for img in article.images.all()]
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=article,
        unit=article.unit,
        changes=snapshot(article, ARTICLE_FIELDS),
    )
    storage = ArticleImage._meta.get_field("image").storage
    article.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


# Photos


def _check_image(upload: Any) -> None:
    name = getattr(upload, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in IMAGE_SIGNATURES:
        raise DomainError(
            _("Only JPEG, PNG, GIF or WebP images can be added (not '%(name)s').") % {"name": name},
            field="image",
        )
    size = getattr(upload, "size", None) or 0
    if size > MAX_IMAGE_BYTES:
        raise DomainError(_("The image is larger than 10 MB."), field="image")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ok = any(head.startswith(sig) for sig in IMAGE_SIGNATURES[suffix])
    if suffix == ".webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        raise DomainError(
            _("'%(name)s' is not the image its name says.") % {"name": name}, field="image"
        )


@transaction.atomic
def image_add(
    *, actor: Any, article: Article, image: Any, caption: str = "", order: int | None = None
) -> ArticleImage:
    """Adds a photo with its caption to the article (last unless `order` is given)."""
    access.require(actor, "edit", article.unit)
    _check_image(image)
    caption = caption.strip()
    if len(caption) > 500:
        raise DomainError(_("At most %(limit)s characters.") % {"limit": 500}, field="caption")
    if order is None:
        last = article.images.order_by("-order").values_list("order", flat=True).first()
        order = 0 if last is None else last + 1
    picture = ArticleImage(article=article, caption=caption, order=order)
    picture.image.save(PurePath(image.name).name.lower(), image, save=False)
    try:
        picture.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=picture,
            unit=article.unit,
            changes={"article": [None, str(article)], "caption": [None, caption]},
        )
    except Exception:
        picture.image.storage.delete(picture.image.name)  # no orphan file for a refused row
        raise
    return picture


@transaction.atomic
def image_remove(*, actor: Any, image: ArticleImage) -> None:
    """Removes a photo from its article (and its file, once the transaction commits)."""
    article = image.article
    access.require(actor, "edit", article.unit)
    name, storage = image.image.name, image.image.storage
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=image,
        unit=article.unit,
        changes={"article": str(article), "caption": image.caption},
    )
    image.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)


# Categories


@transaction.atomic
def category_create(
    *, actor: Any, unit: OrgUnit, name: str, slug: str = "", order: int = 0
) -> Category:
    """Adds a section to the unit's news site; its address comes from the name unless given."""
    access.require(actor, "edit", unit)
    category = Category(unit=unit, name=name.strip(), order=order)
    if not category.name:
        raise DomainError(_("The name is required."), field="name")
    _check_length(category, ("name",))
    wanted = _clean_slug(slug) if slug.strip() else slug_for(category.name)
    if Category.objects.filter(unit=unit, slug=wanted).exists():
        raise DomainError(_("The unit already has a category at this address."), field="slug")
    category.slug = wanted
    category.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=category,
        unit=unit,
        changes={"name": [None, category.name], "slug": [None, category.slug]},
    )
    return category


@transaction.atomic
def category_update(
    *,
    actor: Any,
    category: Category,
    name: str | None = None,
    slug: str | None = None,
    order: int | None = None,
) -> Category:
    """Renames, readdresses or reorders a category."""
    access.require(actor, "edit", category.unit)
    before = snapshot(category, ["name", "slug", "order"])
    if name is not None:
        category.name = name.strip()
        if not category.name:
            raise DomainError(_("The name is required."), field="name")
        _check_length(category, ("name",))
    if slug is not None and slug.strip() and slug.strip() != category.slug:
        wanted = _clean_slug(slug)
        taken = Category.objects.filter(unit=category.unit, slug=wanted).exclude(pk=category.pk)
        if taken.exists():
            raise DomainError(_("The unit already has a category at this address."), field="slug")
        category.slug = wanted
    if order is not None:
        category.order = order
    category.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=category,
        unit=category.unit,
        changes=diff(before, snapshot(category, ["name", "slug", "order"])),
    )
    return category


@transaction.atomic
def category_delete(*, actor: Any, category: Category) -> None:
    """Deletes a category; its articles stay, without a category."""
    access.require(actor, "edit", category.unit)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=category,
        unit=category.unit,
        changes=snapshot(category, ["name", "slug"]),
    )
    category.delete()
