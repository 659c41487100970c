"""Shapes of the news API."""

import datetime as dt

from ninja import Field, Schema

from tuyengiao.core.exceptions import DomainError
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.orgunits.schemas import UnitRef


class CategoryRef(Schema):
    id: int
    name: str
    slug: str


class CategoryOut(CategoryRef):
    unit: UnitRef
    order: int


class CategoryIn(Schema):
    unit_id: int
    name: str = Field(max_length=120)
    slug: str = Field("", max_length=140, description="Default: made from the name")
    order: int = Field(0, ge=0, le=999)


class CategoryPatch(Schema):
    name: str | None = Field(None, max_length=120)
    slug: str | None = Field(None, max_length=140)
    order: int | None = Field(None, ge=0, le=999)


class ImageOut(Schema):
    id: int
    caption: str
    order: int
    url: str = Field(description="Public address once the article is published")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_public_url()


class ArticleListOut(Schema):
    id: int
    unit: UnitRef
    category: CategoryRef | None
    title: str
    slug: str
    summary: str
    author: str = Field(description="The byline as printed")
    status: ArticleStatus
    published_at: dt.datetime | None
    meeting_id: int | None = Field(description="The meeting the article reports")
    public_url: str | None = Field(description="Address on the unit's public site, when published")
    version: int

    @staticmethod
    def resolve_public_url(obj) -> str | None:
        return obj.get_public_url() if obj.is_published else None


class ArticleOut(ArticleListOut):
    body_html: str = Field(description="Sanitised HTML")
    source_url: str
    images: list[ImageOut]
    updated_at: dt.datetime

    @staticmethod
    def resolve_images(obj) -> list:
        return list(obj.images.select_related("article__unit").order_by("order", "pk"))


class ArticleFilter(Schema):
    unit: int | None = Field(None, description="Only this unit's articles")
    status: ArticleStatus | None = None
    category: int | None = None
    q: str = Field("", description="Words of the title, summary or byline; accents optional")


class ArticleIn(Schema):
    unit_id: int
    title: str = Field(max_length=300)
    summary: str = ""
    body_html: str = Field("", description="HTML; sanitised on save (scripts, styles removed)")
    author: str = Field("", max_length=200)
    category_id: int | None = None
    meeting_id: int | None = None
    slug: str = Field("", max_length=200, description="Default: made from the title")
    source_url: str = Field("", max_length=500)


class ArticlePatch(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    title: str | None = Field(None, max_length=300)
    summary: str | None = None
    body_html: str | None = None
    author: str | None = Field(None, max_length=200)
    category_id: int | None = Field(None, description="null: no category")
    meeting_id: int | None = Field(None, description="null: no meeting")
    slug: str | None = Field(None, max_length=200)
    source_url: str | None = Field(None, max_length=500)

    def changes(self) -> dict:
        sent = self.dict(exclude_unset=True, exclude={"version"})
        for name in ("title", "summary", "body_html", "author", "slug", "source_url"):
            if name in sent and sent[name] is None:
                raise DomainError(f"{name} cannot be null", field=name)
        return sent


class PublishIn(Schema):
    version: int | None = Field(None, description="The version you read (or send If-Match)")
    published_at: dt.datetime | None = Field(
        None, description="Default: its earlier publication date, else now"
    )
