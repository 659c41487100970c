"""/api/v1/articles and /api/v1/news-categories: thin wrappers over the selectors and services.

Reads answer 404 for anything outside your units' subtrees; writes a visible record you may not
change answer 403. Articles carry `version`: send the one you read (or `If-Match`), and a save
made meanwhile by someone else is refused with 409 (412 with If-Match). Bodies are sanitised.
The public sites need no API: they are the pages under /tin/<unit code>/.
"""

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.exceptions import DomainError
from tuyengiao.news import selectors, services
from tuyengiao.news.schemas import (
    ArticleFilter,
    ArticleIn,
    ArticleListOut,
    ArticleOut,
    ArticlePatch,
    CategoryIn,
    CategoryOut,
    CategoryPatch,
    PublishIn,
)
from tuyengiao.orgunits import selectors as unit_selectors

router = Router(tags=["news"])


def _version(request: HttpRequest, sent: int | None) -> int:
    """The version the client read: If-Match wins over the body (as in the other APIs)."""
    if_match = request.headers.get("If-Match", "").strip('W/"')
    version = int(if_match) if if_match.isdigit() else sent
    if version is None:
        raise DomainError("version is required (or an If-Match header)", field="version")
    return version


def _unit(request: HttpRequest, pk: int):
    return unit_selectors.orgunit_get(user=request.user, pk=pk)


def _refs(request: HttpRequest, data: dict) -> dict:
    """Turns the ids of a payload into the objects the services take (404 when not visible)."""
    if "category_id" in data:
        pk = data.pop("category_id")
        data["category"] = None if pk is None else selectors.category_get(user=request.user, pk=pk)
    if "meeting_id" in data:
        pk = data.pop("meeting_id")
        data["meeting"] = None
        if pk is not None:
            from tuyengiao.meetings.models import Meeting

            meeting = Meeting.objects.filter(pk=pk).first()
            if meeting is None:
                raise DomainError("Unknown meeting.", field="meeting_id")
            data["meeting"] = meeting  # the service refuses one the user cannot see
    return data


# Articles


@router.get("/articles", response=list[ArticleListOut], operation_id="news_article_list")
@paginate(LimitOffsetPagination)
def article_list(request: HttpRequest, filters: Query[ArticleFilter]):
    """Articles you can see, drafts and published, newest first."""
    unit = _unit(request, filters.unit) if filters.unit is not None else None
    category = (
        selectors.category_get(user=request.user, pk=filters.category)
        if filters.category is not None
        else None
    )
    return selectors.article_list(
        user=request.user,
        unit=unit,
        status=filters.status,
        search=filters.q,
        category=category,
    )


@router.post("/articles", response={201: ArticleOut}, operation_id="news_article_create")
def article_create(request: HttpRequest, payload: ArticleIn):
    """Drafts an article of a unit (its editors). The body is sanitised; the address (slug) is
    made from the title unless given, unique within the unit."""
    data = _refs(request, payload.dict())
    unit = _unit(request, data.pop("unit_id"))
    return Status(201, services.article_create(actor=request.user, unit=unit, **data))


@router.get("/articles/{pk}", response=ArticleOut, operation_id="news_article_get")
def article_get(request: HttpRequest, pk: int):
    """An article you can see, with its sanitised body and photos."""
    return selectors.article_get(user=request.user, pk=pk)


@router.patch("/articles/{pk}", response=ArticleOut, operation_id="news_article_update")
def article_update(request: HttpRequest, pk: int, payload: ArticlePatch):
    """Changes an article. Send the `version` you read (or `If-Match: "<version>"`): a save made
    meanwhile by someone else is refused (409, or 412 with If-Match) with who and when."""
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    version = _version(request, payload.version)
    changes = _refs(request, payload.changes())
    return services.article_update(actor=request.user, article=article, version=version, **changes)


@router.post("/articles/{pk}/publish", response=ArticleOut, operation_id="news_article_publish")
def article_publish(request: HttpRequest, pk: int, payload: PublishIn):
    """Publishes the article on its unit's public site (`published_at`: default its earlier
    publication date, else now; within the unit's life, not in the future)."""
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    return services.article_publish(
        actor=request.user,
        article=article,
        version=_version(request, payload.version),
        published_at=payload.published_at,
    )


@router.post("/articles/{pk}/unpublish", response=ArticleOut, operation_id="news_article_unpublish")
def article_unpublish(request: HttpRequest, pk: int, payload: PublishIn):
    """Takes the article off the public site (back to draft)."""
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    return services.article_unpublish(
        actor=request.user, article=article, version=_version(request, payload.version)
    )


@router.delete("/articles/{pk}", response={204: None}, operation_id="news_article_delete")
def article_delete(request: HttpRequest, pk: int):
    """Deletes an article with its photos."""
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    services.article_delete(actor=request.user, article=article)
    return Status(204, None)


# Categories


@router.get("/news-categories", response=list[CategoryOut], operation_id="news_category_list")
@paginate(LimitOffsetPagination)
def category_list(request: HttpRequest, unit: int | None = None):
    """News categories you can see, of one unit when given, in each site's order."""
    return selectors.category_list(
        user=request.user, unit=_unit(request, unit) if unit is not None else None
    )


@router.post("/news-categories", response={201: CategoryOut}, operation_id="news_category_create")
def category_create(request: HttpRequest, payload: CategoryIn):
    """Adds a category to a unit's news site (its editors)."""
    unit = _unit(request, payload.unit_id)
    category = services.category_create(
        actor=request.user, unit=unit, name=payload.name, slug=payload.slug, order=payload.order
    )
    return Status(201, category)


@router.patch("/news-categories/{pk}", response=CategoryOut, operation_id="news_category_update")
def category_update(request: HttpRequest, pk: int, payload: CategoryPatch):
    """Renames, readdresses or reorders a category."""
    category = selectors.category_get(user=request.user, pk=pk, action="edit")
    return services.category_update(
        actor=request.user, category=category, **payload.dict(exclude_unset=True)
    )


@router.delete("/news-categories/{pk}", response={204: None}, operation_id="news_category_delete")
def category_delete(request: HttpRequest, pk: int):
    """Deletes a category; its articles stay, without a category."""
    category = selectors.category_get(user=request.user, pk=pk, action="edit")
    services.category_delete(actor=request.user, category=category)
    return Status(204, None)
