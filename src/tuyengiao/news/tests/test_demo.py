"""The demo publishes four seed articles on the sites of the units that ran them, once."""

import pytest
from django.core.management import call_command

from tuyengiao.news.models import Article
from tuyengiao.web.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_demo_news_are_published_and_idempotent(client):
    call_command("load_units", verbosity=0)
    demo_seed()
    articles = list(Article.objects.select_related("unit").order_by("published_at"))
    assert [(a.unit.code, a.published_at.date().isoformat()) for a in articles] == [
        ("P-40", "2020-02-28"),
        ("P-92", "2020-06-19"),
        ("P-22", "2020-11-24"),
        ("P-20", "2021-07-16"),
    ]
    # Each reports a meeting the meetings demo recorded from the same seed.
    assert all(a.meeting_id for a in articles)
    assert articles[-1].meeting.organiser.code == "TW"
    can_tho = next(a for a in articles if a.unit.code == "P-92")
    page = client.get(f"/tin/P-92/{can_tho.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ngày 19-6-2020, Ban Tuyên giáo Thành ủy Cần Thơ" in html and "THANH THY" in html
    assert "Tin hoạt động" in html
    demo_seed()
    assert Article.objects.count() == 4
