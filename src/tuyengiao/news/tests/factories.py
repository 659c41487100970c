"""Factories of the news app (factory_boy), for tests that need rows without the services' rules
(the importer's tests, the benchmarks' shapes). Bodies are given already sanitised."""

from __future__ import annotations

import factory
from django.utils import timezone

from tuyengiao.core.text import fold
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.models import Article, ArticleImage, Category
from tuyengiao.orgunits.choices import Level
from tuyengiao.testing import make_unit


def _root_unit(n: int):
    return make_unit(None, f"NEWSU{n}", level=Level.PROVINCE, name=f"Ban Tuyên giáo Tỉnh ủy {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    unit = factory.Sequence(_root_unit)
    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.LazyAttribute(lambda o: fold(o.name).replace(" ", "-"))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article of `unit` (default: a new root unit); `status="draft"` for a draft."""

    class Meta:
        model = Article

    unit = factory.Sequence(_root_unit)
    title = factory.Sequence(lambda n: f"Hội nghị giao ban công tác tuyên giáo số {n}")
    slug = factory.LazyAttribute(lambda o: fold(o.title).replace(" ", "-"))
    summary = "Ban Tuyên giáo tổ chức hội nghị giao ban."
    body_html = "<p>Nội dung tin.</p>"
    author = "Tin, ảnh: Thanh Thy"
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ArticleStatus.PUBLISHED else None
    )
    search_name = factory.LazyAttribute(lambda o: fold(f"{o.title} {o.summary} {o.author}"))


class ArticleImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleImage

    article = factory.SubFactory(ArticleFactory)
    image = "news/test/anh.png"
    caption = "Quang cảnh hội nghị"
