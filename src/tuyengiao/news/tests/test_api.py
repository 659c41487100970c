"""The news API: the editor's round trip, versions and If-Match, and refusals (404 outside the
subtree with nothing written, 403 for viewers)."""

from __future__ import annotations

import pytest
from django.test import Client

from tuyengiao.accounts.services import token_create
from tuyengiao.news import services
from tuyengiao.news.models import Article, Category

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _api(user) -> Client:
    _token, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_editor_round_trip(tree, editor):
    api = _api(editor)
    category = api.post(
        "/api/v1/news-categories", {"unit_id": tree.own.pk, "name": "Tin hoạt động"}, JSON
    )
    assert category.status_code == 201, category.content
    assert category.json()["slug"] == "tin-hoat-dong"
    created = api.post(
        "/api/v1/articles",
        {
            "unit_id": tree.own.pk,
            "title": "Sơ kết công tác tuyên giáo 6 tháng đầu năm",
            "body_html": "<p>Nội dung</p><script>alert(1)</script>",
            "category_id": category.json()["id"],
            "author": "MAI CHI",
        },
        JSON,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["body_html"] == "<p>Nội dung</p>" and body["status"] == "draft"
    assert (
        body["public_url"] is None and body["slug"] == "so-ket-cong-tac-tuyen-giao-6-thang-dau-nam"
    )
    pk, version = body["id"], body["version"]

    stale = api.patch(f"/api/v1/articles/{pk}", {"version": version + 1, "title": "X"}, JSON)
    assert stale.status_code == 409
    stale = api.patch(
        f"/api/v1/articles/{pk}", {"title": "X"}, JSON, headers={"If-Match": f'"{version + 1}"'}
    )
    assert stale.status_code == 412
    patched = api.patch(
        f"/api/v1/articles/{pk}",
        {"summary": "Sáng 16/7 ..."},
        JSON,
        headers={"If-Match": f'"{version}"'},
    )
    assert patched.status_code == 200 and patched.json()["version"] == version + 1

    published = api.post(f"/api/v1/articles/{pk}/publish", {"version": version + 1}, JSON)
    assert published.status_code == 200, published.content
    assert published.json()["public_url"] == f"/tin/{tree.own.code}/{body['slug']}/"
    listed = api.get(
        "/api/v1/articles", {"unit": tree.own.pk, "status": "published", "q": "so ket"}
    )
    assert [a["id"] for a in listed.json()["items"]] == [pk]
    assert api.get(f"/api/v1/articles/{pk}").json()["images"] == []
    again = api.post(f"/api/v1/articles/{pk}/publish", {"version": version + 2}, JSON)
    assert again.status_code == 400 and again.json()["extra"]["field"] == "status"
    unpublished = api.post(f"/api/v1/articles/{pk}/unpublish", {"version": version + 2}, JSON)
    assert unpublished.status_code == 200 and unpublished.json()["status"] == "draft"

    cat_pk = category.json()["id"]
    renamed = api.patch(f"/api/v1/news-categories/{cat_pk}", {"order": 2}, JSON)
    assert renamed.status_code == 200 and renamed.json()["order"] == 2
    assert api.get("/api/v1/news-categories", {"unit": tree.own.pk}).json()["count"] == 1
    assert api.delete(f"/api/v1/news-categories/{cat_pk}").status_code == 204
    assert api.delete(f"/api/v1/articles/{pk}").status_code == 204
    assert not Article.objects.exists()


def test_version_is_required(tree, editor, make_article):
    article = make_article()
    response = _api(editor).patch(f"/api/v1/articles/{article.pk}", {"title": "X"}, JSON)
    assert response.status_code == 400 and response.json()["extra"]["field"] == "version"


def test_writes_on_another_subtrees_records_answer_404_and_write_nothing(
    tree, role_users, operator
):
    category = services.category_create(actor=operator, unit=tree.sibling, name="Tin")
    article = services.article_create(
        actor=operator, unit=tree.sibling, title="Tin Nghệ An", body_html="<p>x</p>"
    )
    before = list(Article.objects.values_list("pk", "version", "status", "title"))
    for role, user in role_users.items():
        api = _api(user)
        a, c = article.pk, category.pk
        assert api.get(f"/api/v1/articles/{a}").status_code == 404, role
        assert api.get("/api/v1/articles", {"unit": tree.sibling.pk}).status_code == 404
        assert a not in {x["id"] for x in api.get("/api/v1/articles").json()["items"]}
        assert api.get("/api/v1/news-categories", {"unit": tree.sibling.pk}).status_code == 404
        assert (
            api.patch(f"/api/v1/articles/{a}", {"version": 1, "title": "Không"}, JSON).status_code
            == 404
        )
        assert api.post(f"/api/v1/articles/{a}/publish", {"version": 1}, JSON).status_code == 404
        assert api.post(f"/api/v1/articles/{a}/unpublish", {"version": 1}, JSON).status_code == 404
        assert api.delete(f"/api/v1/articles/{a}").status_code == 404
        created = api.post("/api/v1/articles", {"unit_id": tree.sibling.pk, "title": "Không"}, JSON)
        assert created.status_code == 404
        elsewhere = api.post(
            "/api/v1/articles",
            {"unit_id": tree.own.pk, "title": "Không", "category_id": c},
            JSON,
        )
        assert elsewhere.status_code == 404  # another unit's category is not found
        assert api.patch(f"/api/v1/news-categories/{c}", {"name": "Không"}, JSON).status_code == 404
        assert api.delete(f"/api/v1/news-categories/{c}").status_code == 404
        made = api.post("/api/v1/news-categories", {"unit_id": tree.sibling.pk, "name": "K"}, JSON)
        assert made.status_code == 404
    assert before == list(Article.objects.values_list("pk", "version", "status", "title"))
    assert Category.objects.count() == 1 and Category.objects.get().name == "Tin"


def test_viewers_get_403_and_write_nothing(tree, role_users, make_article, category):
    article = make_article()
    api = _api(role_users["viewer"])
    assert api.get(f"/api/v1/articles/{article.pk}").status_code == 200
    assert (
        api.post("/api/v1/articles", {"unit_id": tree.own.pk, "title": "K"}, JSON).status_code
        == 403
    )
    assert (
        api.patch(
            f"/api/v1/articles/{article.pk}", {"version": article.version, "title": "K"}, JSON
        ).status_code
        == 403
    )
    assert (
        api.post(
            f"/api/v1/articles/{article.pk}/unpublish", {"version": article.version}, JSON
        ).status_code
        == 403
    )
    assert api.delete(f"/api/v1/articles/{article.pk}").status_code == 403
    assert (
        api.post("/api/v1/news-categories", {"unit_id": tree.own.pk, "name": "K"}, JSON).status_code
        == 403
    )
    assert (
        api.patch(f"/api/v1/news-categories/{category.pk}", {"name": "K"}, JSON).status_code == 403
    )
    assert api.delete(f"/api/v1/news-categories/{category.pk}").status_code == 403
    article.refresh_from_db()
    assert article.title != "K" and article.status == "published"
    assert Category.objects.get().name == "Tin hoạt động"


def test_meeting_of_another_subtree_is_refused(tree, editor, operator):
    import datetime as dt

    from tuyengiao.meetings.models import Meeting

    day = dt.date(2026, 7, 16)
    theirs = Meeting.objects.create(
        organiser=tree.sibling, kind="briefing", title="Giao ban", start_date=day, end_date=day
    )
    response = _api(editor).post(
        "/api/v1/articles", {"unit_id": tree.own.pk, "title": "Tin", "meeting_id": theirs.pk}, JSON
    )
    assert response.status_code == 400 and response.json()["extra"]["field"] == "meeting"
    assert not Article.objects.exists()
