"""The article-import API: upload, proposal, confirm; who may do what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tuyengiao.accounts.models import Membership
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.models import Meeting
from tuyengiao.news.tests.test_extract import seeds_dir
from tuyengiao.testing import UserFactory

SEED = "001_7b4006af6d2009e8.txt"


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


def _upload(client, unit, *files):
    return client.post(f"/api/v1/article-imports?unit={unit.pk}", {"files": list(files)})


def _seed():
    return SimpleUploadedFile(SEED, (seeds_dir() / SEED).read_bytes(), content_type="text/plain")


def test_upload_proposal_and_confirm(editor, tree):
    client = _client(editor)
    response = _upload(client, tree.own, _seed(), SimpleUploadedFile("x.bin", b"\x00\x01" * 50))
    assert response.status_code == 201, response.content
    outcomes = response.json()
    assert [o["outcome"] for o in outcomes] == ["imported", "refused"]
    pk = outcomes[0]["import_id"]
    again = _upload(client, tree.own, _seed()).json()
    assert again[0]["outcome"] == "duplicate" and again[0]["import_id"] == pk
    proposal = client.get(f"/api/v1/article-imports/{pk}/proposal").json()
    assert proposal["start_date"] is not None
    for code in proposal["unregistered_codes"]:
        number, rest = code.split("-", 1)
        doc_type, issuer = rest.split("/")
        Directive.objects.create(
            unit=tree.central,
            code=code,
            number=int(number),
            doc_type=doc_type,
            issuer=issuer,
            title=code,
            search_name=code,
        )
    payload = {
        "version": 1,
        "kind": proposal["kind"],
        "title": proposal["title"],
        "start_date": "2026-07-16",
        "organiser_id": tree.own.pk,
        "place": proposal["place"],
        "people": [],
        "directive_codes": proposal["directive_codes"] + proposal["unregistered_codes"],
    }
    confirmed = client.post(
        f"/api/v1/article-imports/{pk}/confirm", payload, content_type="application/json"
    )
    assert confirmed.status_code == 201, confirmed.content
    meeting = Meeting.objects.get(pk=confirmed.json()["meeting_id"])
    assert sorted(meeting.directives.values_list("code", flat=True)) == sorted(
        payload["directive_codes"]
    )
    stale = client.post(
        f"/api/v1/article-imports/{pk}/confirm", payload, content_type="application/json"
    )
    assert stale.status_code == 409


def test_outsiders_get_404_viewers_403(editor, role_users, tree):
    pk = _upload(_client(editor), tree.own, _seed()).json()[0]["import_id"]
    viewer = _client(role_users["viewer"])
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.other_province, role="admin")
    other = _client(outsider)
    assert _upload(viewer, tree.own, _seed()).status_code == 403
    assert _upload(other, tree.own, _seed()).status_code == 404
    for url in (f"/api/v1/article-imports/{pk}", f"/api/v1/article-imports/{pk}/proposal"):
        assert viewer.get(url).status_code == 200
        assert other.get(url).status_code == 404
    assert other.get("/api/v1/article-imports").json() == []
    confirm = {
        "version": 1,
        "kind": "briefing",
        "title": "x",
        "start_date": "2026-07-16",
        "organiser_id": tree.own.pk,
    }
    for client, status in ((viewer, 403), (other, 404)):
        assert (
            client.post(
                f"/api/v1/article-imports/{pk}/confirm", confirm, content_type="application/json"
            ).status_code
            == status
        )
        assert (
            client.post(
                f"/api/v1/article-imports/{pk}/discard",
                {"version": 1},
                content_type="application/json",
            ).status_code
            == status
        )
