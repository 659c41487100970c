"""Unit news sites: each unit publishes articles (tin bài) in its own categories (chuyên mục).

Articles are read by anyone once published, through the explicit public selectors; drafts and
everything else follow the unit's access scope like any other record of the unit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.news.choices import ArticleStatus, ImportStatus


class Category(models.Model):
    """A section of a unit's news site ("Tin hoạt động", "Nghiên cứu, trao đổi"), in `order`."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.CASCADE, related_name="news_categories"
    )
    name = models.CharField(_("name"), max_length=120)
    # The unique (unit, slug) constraint is the index; no second one on slug alone.
    slug = models.SlugField(_("address"), max_length=140, db_index=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["unit_id", "order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="news_category_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_public_url(self) -> str:
        return reverse("news_public:category", args=[self.unit.code, self.slug])


class Article(Versioned):
    """A news article of a unit. `body_html` is sanitised by the services on every save and again
    when rendered (`body_safe`), so HTML that reached the table some other way never runs.

    Published articles stay public after their unit closes: old news stays readable.
    `source_url` and `source_hash` name where an imported article came from (the importer
    recognises a re-import by the hash).
    """

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("publishing unit"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=200, db_index=False)
    summary = models.TextField(_("summary"), blank=True)
    body_html = models.TextField(_("body"), blank=True)
    author = models.CharField(_("byline"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("meeting reported"),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    search_name = models.TextField(editable=False, default="")

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="news_article_unique_slug"),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="news_article_published_has_date",
            ),
        ]
        indexes = [
            # The public pages: a unit's (or a category's) published articles, newest first.
            models.Index(
                fields=["unit", "status", "published_at", "id"], name="news_article_public_idx"
            ),
            models.Index(
                fields=["category", "status", "published_at", "id"],
                name="news_article_category_idx",
            ),
            models.Index(fields=["source_hash"], name="news_article_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("news_public:article", args=[self.unit.code, self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def body_safe(self) -> SafeString:
        """The body for templates: the one field marked safe, and only after sanitising again."""
        from tuyengiao.news.sanitize import sanitize_html

        return mark_safe(sanitize_html(self.body_html))


class ArticleImage(models.Model):
    """A photo of an article with its caption, in `order` (the first is the lead photo).

    Files are checked by extension and content (JPEG, PNG, GIF, WebP) before they are stored, and
    served through views that check the article (public when it is published).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("image"), upload_to="news/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    unit_path_lookup = "article__unit__path"

    class Meta:
        ordering = ["article_id", "order", "pk"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self) -> str:
        return self.caption or self.image.name

    def get_public_url(self) -> str:
        return reverse("news_public:image", args=[self.article.unit.code, self.pk])


class ArticleImport(Versioned):
    """An article file read into a record for review: the cleaned text and what the extractor
    proposed (`record`: the `tuyengiao extract --json` object plus the text spans and the end
    date), until a person confirms it into a Meeting and an Article, or discards it.

    `text_hash` is the SHA-256 of the cleaned body: importing the same text again into the same
    unit finds this row instead of adding another (idempotent re-import).
    """

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.CASCADE,
        related_name="article_imports",
        verbose_name=_("importing unit"),
    )
    file_name = models.CharField(_("file"), max_length=255)
    text_hash = models.CharField(max_length=64, editable=False)
    record = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_imports",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported article")
        verbose_name_plural = _("imported articles")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "text_hash"], name="articleimport_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return self.record.get("title") or self.file_name

    def get_absolute_url(self) -> str:
        return reverse("news:import_review", args=[self.pk])
