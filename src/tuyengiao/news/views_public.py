"""The public news site of each unit (no login, no internal menu): latest news, a category, an
article with its photos, its RSS feed, and the photos themselves.

The pages are rendered without the internal app's context processors (they would read the
logged-in user's units on every page view) and read through the explicit public selectors:
published articles only, of any unit alive or closed.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.http import require_GET

from tuyengiao.news import selectors
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.models import Article, ArticleImage
from tuyengiao.orgunits.models import OrgUnit

# Plain links: no third-party script is loaded by the page.
SHARE_FACEBOOK = "https://www.facebook.com/sharer/sharer.php?u="
SHARE_ZALO = "https://sp.zalo.me/share_inline?url="


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 10_000 else 1


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context = {"request": request, **context}
    return HttpResponse(render_to_string(template, context))


@require_GET
def unit_home(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's latest news, newest first, 20 a page."""
    unit = selectors.unit_get_public(code=code)
    page = selectors.article_list_public(unit=unit, page=_page_number(request))
    if not page.articles and page.number > 1:
        raise Http404("no such page")
    context = {
        "unit": unit,
        "categories": selectors.category_list_public(unit=unit),
        "page": page,
    }
    return _render(request, "news/public_list.html", context)


@require_GET
def category(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """One category of the unit's site."""
    unit = selectors.unit_get_public(code=code)
    categories = selectors.category_list_public(unit=unit)
    current = next((c for c in categories if c.slug == slug), None)
    if current is None:
        raise Http404("no such category")
    page = selectors.article_list_public(unit=unit, category=current, page=_page_number(request))
    if not page.articles and page.number > 1:
        raise Http404("no such page")
    context = {"unit": unit, "categories": categories, "category": current, "page": page}
    return _render(request, "news/public_list.html", context)


@require_GET
def article(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """A published article with its photos and captions, byline, date, related news and share
    links. Drafts, unknown addresses and other units' articles answer 404."""
    unit = selectors.unit_get_public(code=code)
    item = selectors.article_get_public(unit=unit, slug=slug)
    images = selectors.article_images_public(article=item)
    url = request.build_absolute_uri(item.get_public_url())
    context = {
        "unit": unit,
        "categories": selectors.category_list_public(unit=unit),
        "article": item,
        "lead": images[0] if images else None,
        "images": images[1:],
        "related": selectors.related_articles_public(item),
        "share_url": url,
        "share_facebook": SHARE_FACEBOOK + quote(url, safe=""),
        "share_zalo": SHARE_ZALO + quote(url, safe=""),
    }
    return _render(request, "news/public_article.html", context)


@require_GET
def image(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A photo of a published article (a draft's photos are served to its editors only)."""
    picture = (
        ArticleImage.objects.filter(
            pk=pk, article__unit__code=code, article__status=ArticleStatus.PUBLISHED
        )
        .only("id", "image")
        .first()
    )
    if picture is None or not picture.image:
        raise Http404("no such image")
    return image_response(picture)


def image_response(picture: ArticleImage) -> FileResponse:
    try:
        handle = picture.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404("image file missing") from exc
    content_type = mimetypes.guess_type(picture.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


class UnitFeed(Feed):
    """The unit's RSS 2.0 feed: its 30 newest published articles."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, code: str) -> OrgUnit:
        return selectors.unit_get_public(code=code)

    def title(self, unit: OrgUnit) -> str:
        return unit.name

    def link(self, unit: OrgUnit) -> str:
        from django.urls import reverse

        return reverse("news_public:unit_home", args=[unit.code])

    def description(self, unit: OrgUnit) -> str:
        return unit.name

    def items(self, unit: OrgUnit) -> list[Article]:
        return selectors.article_feed_public(unit=unit)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return item.get_public_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_author_name(self, item: Article) -> str | None:
        return item.author or None

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name] if item.category_id else []


feed = UnitFeed()
