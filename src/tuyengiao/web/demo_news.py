"""Demo news: four of the seed articles (real public news of 2020-2021), published on the sites
of the units that ran them, in a "Tin hoạt động" category of each.

The texts are the seeds' bodies as the extractor cleans them (menus, share buttons and photo
captions removed), kept in news/data/demo_articles.json so that the demo needs nothing outside
the repository. Seed 003 is left out: its text never names its province. Where the meetings demo
recorded the meeting an article reports (its organiser, same first day), the article links to
it: seed 002 ran on Lạng Sơn's site but reports the central commission's meeting.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import Any

from django.db import transaction

from tuyengiao.news import services
from tuyengiao.news.models import Article, Category
from tuyengiao.orgunits.models import OrgUnit

DATA = Path(__file__).resolve().parent.parent / "news" / "data" / "demo_articles.json"
CATEGORY = "Tin hoạt động"


def _body(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _meeting_for(organiser_code: str, event_date: str | None) -> Any:
    if not event_date:
        return None
    from tuyengiao.meetings.models import Meeting

    return Meeting.objects.filter(
        organiser__code=organiser_code, start_date=dt.date.fromisoformat(event_date)
    ).first()


@transaction.atomic
def demo_news_seed(operator: Any) -> int:
    """Publishes the demo articles that are missing (idempotent: recognised by unit and title).
    Returns how many were added."""
    added = 0
    for item in json.loads(DATA.read_text(encoding="utf-8")):
        unit = OrgUnit.objects.filter(code=item["unit"]).first()
        if unit is None or Article.objects.filter(unit=unit, title=item["title"]).exists():
            continue
        category = Category.objects.filter(unit=unit, name=CATEGORY).first()
        if category is None:
            category = services.category_create(actor=operator, unit=unit, name=CATEGORY)
        paragraphs = item["paragraphs"]
        article = services.article_create(
            actor=operator,
            unit=unit,
            title=item["title"],
            summary=paragraphs[0],
            body_html=_body(paragraphs[1:]),
            author=item["author"],
            category=category,
            meeting=_meeting_for(
                item.get("meeting_organiser", item["unit"]), item.get("event_date")
            ),
        )
        services.article_publish(
            actor=operator,
            article=article,
            version=article.version,
            published_at=dt.datetime.fromisoformat(item["published_at"]),
        )
        added += 1
    return added
