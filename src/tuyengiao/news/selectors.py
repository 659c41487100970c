"""Reads of unit news: the internal side (scoped like every record of a unit) and the public side.

The public selectors are explicit and separate: they read published articles only, of any unit,
alive or closed (old news stays readable), and never loosen `access.scope`. They read the
columns a page shows and walk the (unit, status, published_at, id) index newest first; a page of
the list is fetched as page size + 1 rows, so no COUNT over a unit's whole archive is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tuyengiao import access
from tuyengiao.core.text import search_terms
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.models import Article, ArticleImage, ArticleImport, Category
from tuyengiao.orgunits.models import OrgUnit

PUBLIC_PAGE_SIZE = 20
# What a list of articles shows; the body is read on the article's own page only.
LIST_FIELDS = (
    "id",
    "unit_id",
    "category_id",
    "title",
    "slug",
    "summary",
    "author",
    "published_at",
)


# Internal side


def article_list(
    *,
    user: Any,
    unit: OrgUnit | None = None,
    status: str | None = None,
    search: str = "",
    category: Category | None = None,
) -> QuerySet[Article]:
    """Articles the user can see, of one unit when given, newest first (drafts, never published,
    first); `search` matches title, summary and byline without diacritics."""
    qs = access.scope(Article.objects.all(), user).select_related("unit", "category")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(category=category)
    for term in search_terms(search):
        qs = qs.filter(search_name__contains=term)
    return qs.defer("body_html", "search_name").order_by("-published_at", "-updated_at", "-pk")


def article_get(*, user: Any, pk: int, action: access.Action = "view") -> Article:
    """One article the user can see (404 otherwise), checked for `action`."""
    return access.get_for_user(
        Article.objects.select_related("unit", "category", "meeting", "updated_by"),
        user,
        action,
        pk=pk,
    )


def article_images(*, article: Article) -> QuerySet[ArticleImage]:
    """The article's photos in order (the article was checked by its selector)."""
    return article.images.order_by("order", "pk")


def category_list(*, user: Any, unit: OrgUnit | None = None) -> QuerySet[Category]:
    """Categories the user can see, of one unit when given, in the site's order."""
    qs = access.scope(Category.objects.all(), user).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("unit__path", "order", "name")


def category_get(*, user: Any, pk: int, action: access.Action = "view") -> Category:
    return access.get_for_user(Category.objects.select_related("unit"), user, action, pk=pk)


# Public side (no login)


@dataclass
class PublicPage:
    """One page of a public list: its articles, and whether newer or older ones exist."""

    articles: list[Article]
    number: int
    has_previous: bool
    has_next: bool

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _published() -> QuerySet[Article]:
    return Article.objects.filter(status=ArticleStatus.PUBLISHED)


def unit_get_public(*, code: str) -> OrgUnit:
    """The unit whose site this is, by its code, alive or closed; 404 for an unknown code."""
    found = (
        OrgUnit.objects.only("id", "code", "name", "short_name", "path").filter(code=code).first()
    )
    if found is None:
        raise Http404("no such unit")
    return found


def category_list_public(*, unit: OrgUnit) -> list[Category]:
    """The unit's categories, for its site's menu."""
    return list(
        Category.objects.filter(unit=unit)
        .only("id", "unit_id", "name", "slug", "order")
        .order_by("order", "name")
    )


def category_get_public(*, unit: OrgUnit, slug: str) -> Category:
    category = (
        Category.objects.filter(unit=unit, slug=slug).only("id", "unit_id", "name", "slug").first()
    )
    if category is None:
        raise Http404("no such category")
    return category


def article_list_public(
    *, unit: OrgUnit, category: Category | None = None, page: int = 1
) -> PublicPage:
    """A page of the unit's (or one category's) published articles, newest first."""
    page = max(1, min(int(page or 1), 10_000))
    qs = _published().filter(unit=unit)
    if category is not None:
        qs = qs.filter(category=category)
    offset = (page - 1) * PUBLIC_PAGE_SIZE
    rows = list(
        qs.only(*LIST_FIELDS).order_by("-published_at", "-id")[
            offset : offset + PUBLIC_PAGE_SIZE + 1
        ]
    )
    for article in rows:
        article.unit = unit  # the page knows its unit: no query per row for URLs
    return PublicPage(
        articles=rows[:PUBLIC_PAGE_SIZE],
        number=page,
        has_previous=page > 1,
        has_next=len(rows) > PUBLIC_PAGE_SIZE,
    )


def article_get_public(*, unit: OrgUnit, slug: str) -> Article:
    """The unit's published article at `slug`, with its category and photos; 404 for a draft,
    an unknown address, or another unit's article."""
    try:
        article = (
            _published()
            .select_related("category")
            .defer("search_name", "source_hash", "updated_by", "updated_at", "source_url")
            .get(unit=unit, slug=slug)
        )
    except Article.DoesNotExist as exc:
        raise Http404("no such article") from exc
    article.unit = unit
    return article


def article_images_public(*, article: Article) -> list[ArticleImage]:
    """The photos of a published article, in order."""
    return list(
        article.images.only("id", "article_id", "image", "caption", "order").order_by("order", "pk")
    )


def related_articles_public(article: Article, limit: int = 5) -> list[Article]:
    """ "Tin cùng chuyên mục": the newest other published articles of the same category (of the
    same unit when the article has no category)."""
    qs = _published().exclude(pk=article.pk)
    qs = (
        qs.filter(category_id=article.category_id)
        if article.category_id
        else qs.filter(unit_id=article.unit_id)
    )
    rows = list(qs.only(*LIST_FIELDS).order_by("-published_at", "-id")[:limit])
    for row in rows:
        row.unit = article.unit
    return rows


def article_feed_public(*, unit: OrgUnit, limit: int = 30) -> list[Article]:
    """The newest published articles of the unit, for its RSS feed."""
    rows = list(
        _published()
        .filter(unit=unit)
        .select_related("category")
        .only(*LIST_FIELDS, "category__name", "category__slug", "category__unit_id")
        .order_by("-published_at", "-id")[:limit]
    )
    for row in rows:
        row.unit = unit
    return rows


# Imported articles waiting for review


def article_import_list(
    *, user: Any, unit: OrgUnit | None = None, status: str | None = "pending"
) -> QuerySet[ArticleImport]:
    """Imported articles the user can see (of `unit` when given), newest first."""
    qs = access.scope(ArticleImport.objects.all(), user).select_related("unit", "meeting")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if status:
        qs = qs.filter(status=status)
    return qs


def article_import_get(*, user: Any, pk: int, action: access.Action = "view") -> ArticleImport:
    """One imported article; 404 outside the user's subtrees, 403 for writes they may not make."""
    return access.get_for_user(
        ArticleImport.objects.select_related("unit", "meeting", "article"), user, action, pk=pk
    )
