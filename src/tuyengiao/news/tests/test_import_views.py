"""The import pages: upload with per-file outcomes, review with marked passages, confirm."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tuyengiao.accounts.models import Membership
from tuyengiao.meetings.models import Meeting
from tuyengiao.news.importing import article_import_files
from tuyengiao.news.models import ArticleImport
from tuyengiao.news.tests.test_extract import seeds_dir
from tuyengiao.testing import UserFactory

SEED = "000_4164da14a6ec1b0a.txt"


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


def test_upload_lists_each_files_outcome(editor, tree):
    client = _client(editor)
    seed = SimpleUploadedFile(SEED, (seeds_dir() / SEED).read_bytes(), content_type="text/plain")
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = client.post(
        reverse("news:import_list") + f"?unit={tree.own.pk}", {"files": [seed, empty]}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="outcome-imported"' in html
    assert 'class="outcome-refused"' in html
    assert ArticleImport.objects.count() == 1


def test_viewers_cannot_upload_and_outsiders_see_nothing(role_users, tree, editor):
    record = article_import_files(
        actor=editor, unit=tree.own, files=[(SEED, (seeds_dir() / SEED).read_bytes())]
    )[0].record
    viewer = _client(role_users["viewer"])
    refused = viewer.post(
        reverse("news:import_list") + f"?unit={tree.own.pk}",
        {"files": [SimpleUploadedFile("a.txt", b"abc")]},
    )
    assert refused.status_code == 403
    assert viewer.get(reverse("news:import_review", args=[record.pk])).status_code == 200
    assert (
        viewer.post(reverse("news:import_discard", args=[record.pk]), {"version": 1}).status_code
        == 403
    )
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.other_province, role="admin")
    other = _client(outsider)
    for name in ("news:import_review", "news:import_discard"):
        method = other.get if name == "news:import_review" else other.post
        assert method(reverse(name, args=[record.pk])).status_code == 404


def test_review_marks_passages_and_confirm_records_the_meeting(editor, tree):
    record = article_import_files(
        actor=editor, unit=tree.own, files=[(SEED, (seeds_dir() / SEED).read_bytes())]
    )[0].record
    client = _client(editor)
    page = client.get(reverse("news:import_review", args=[record.pk]))
    html = page.content.decode()
    assert '<mark class="f-documents"' in html
    assert "60/85" in html
    assert 'data-testid="unregistered"' in html  # 05-CT/TW is not registered in this test
    form = page.context["form"]
    data = {
        "version": record.version,
        "kind": "briefing",
        "title": form.initial["title"],
        "start_date": dt.date(2026, 6, 19).isoformat(),
        "end_date": "",
        "organiser": tree.own.pk,
        "place": "",
        "directive_codes": "",
        "keep_figures": "on",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "1",
        "people-0-include": "on",
        "people-0-name": "Trần Việt Trường",
        "people-0-titles": "Trưởng Ban Tuyên giáo Thành ủy",
        "people-0-role": "speaker",
        "people-1-name": "",
        "people-1-role": "attendee",
    }
    refused = client.post(
        reverse("news:import_review", args=[record.pk]), {**data, "directive_codes": "05/CT-TW"}
    )
    assert refused.status_code == 200
    assert "05-CT/TW" in refused.content.decode()  # the suggestion is shown
    assert not Meeting.objects.exists()
    done = client.post(reverse("news:import_review", args=[record.pk]), data)
    meeting = Meeting.objects.get()
    assert done.status_code == 302
    assert done["Location"] == meeting.get_absolute_url()
    assert meeting.people.get().position.title == "Trưởng Ban Tuyên giáo Thành ủy"
