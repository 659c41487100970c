"""Fixtures of the news tests: an editor of `own`, articles made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tuyengiao.news import services

# The smallest valid images: the services check the first bytes against the extension.
PNG = b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
    "0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d"
    "0000000049454e44ae426082"
)


def png(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


@pytest.fixture
def category(tree, editor):
    return services.category_create(actor=editor, unit=tree.own, name="Tin hoạt động")


@pytest.fixture
def make_article(tree, editor):
    def make(title="Hội nghị giao ban công tác tuyên giáo", *, unit=None, publish=True, **kw):
        kw.setdefault("body_html", "<p>Sáng 16/7, Ban Tuyên giáo tổ chức hội nghị.</p>")
        article = services.article_create(actor=editor, unit=unit or tree.own, title=title, **kw)
        if publish:
            article = services.article_publish(
                actor=editor, article=article, version=article.version
            )
        return article

    return make


D = dt.date
