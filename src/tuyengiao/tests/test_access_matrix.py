"""The access matrix: every role × every relation × every action, through access.py, the API and
the pages. Expected answers come from one table written in domain words (docs/permissions.md);
a new role, relation or action added there without a rule here makes the matrix fail.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client

from tuyengiao import access
from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import ApiToken, User
from tuyengiao.accounts.services import token_create
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.testing import RELATIONS, make_unit

INSIDE = {"own", "child", "deeper"}
VISIBLE = INSIDE | {"predecessor"}


def expected(role: str, relation: str, action: str) -> bool:
    """The permission table (see access.py's docstring) for units, as the matrix reads it."""
    if action in {"list", "view"}:
        return relation in VISIBLE
    if (
        action == "edit_data"
    ):  # editing a unit's own records (tasks, reports...): editors of the unit
        return (role in {"editor", "approver"} and relation == "own") or (
            role == "admin" and relation in INSIDE
        )
    if action == "approve":  # approvers sign their own unit's reports and approve direct children's
        return role in {"approver", "admin"} and relation in {"own", "child"}
    if action == "decide":  # approve or return a report: the level above, never the unit itself
        return (role == "approver" and relation == "child") or (
            role == "admin" and relation in {"child", "deeper"}
        )
    # create (a child), edit and delete the unit record, manage its users: admins of the subtree
    return role == "admin" and relation in INSIDE


MATRIX = list(itertools.product([r.value for r in Role], RELATIONS))


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_access_module_and_scope_agree_with_table(tree, role_users, role, relation):
    user, unit = role_users[role], tree.relation(relation)
    for action, access_action in [
        ("view", "view"),
        ("edit_data", "edit"),
        ("approve", "approve"),
        ("decide", "decide"),
        ("manage", "manage"),
    ]:
        want = expected(role, relation, action)
        assert access.allowed(user, access_action, unit.path) is want, (action, want)
        in_scope = (
            access.scope(OrgUnit.objects.all(), user, access_action).filter(pk=unit.pk).exists()
        )
        assert in_scope is want, (action, "scope", want)


def _denied_status(relation: str) -> int:
    """Outside the view scope a refusal must look like absence (404); inside, it is 403."""
    return 403 if relation in VISIBLE else 404


def _api(user: User) -> Client:
    _token, raw = token_create(user=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _valid_day(unit: OrgUnit) -> str:
    return (unit.valid_to or dt.date(2026, 1, 1)).isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_api_matrix(tree, role_users, role, relation):
    user, unit = role_users[role], tree.relation(relation)
    api = _api(user)

    listed = api.get("/api/v1/units", {"q": unit.name, "limit": 100}).json()["items"]
    assert (unit.pk in {u["id"] for u in listed}) is expected(role, relation, "list")

    response = api.get(f"/api/v1/units/{unit.pk}")
    assert response.status_code == (200 if expected(role, relation, "view") else 404)

    allowed = expected(role, relation, "create")
    response = api.post(
        "/api/v1/units",
        {
            "parent_id": unit.pk,
            "code": f"NEW-{relation}",
            "name": f"Đơn vị mới {relation}",
            "kind": "commission",
            "level": "commune",
            "valid_from": _valid_day(unit),
        },
        content_type="application/json",
    )
    if allowed:
        # Permission granted; a commune cannot sit under a commune, so `deeper` is refused by a rule.
        assert response.status_code == (400 if relation == "deeper" else 201), response.content
    else:
        assert response.status_code == _denied_status(relation)
        assert not OrgUnit.objects.filter(code=f"NEW-{relation}").exists()

    response = api.patch(
        f"/api/v1/units/{unit.pk}",
        {"version": unit.version, "short_name": "Sửa"},
        content_type="application/json",
    )
    if expected(role, relation, "edit"):
        assert response.status_code == 200 and response.json()["short_name"] == "Sửa"
    else:
        assert response.status_code == _denied_status(relation)
        unit.refresh_from_db()
        assert unit.short_name != "Sửa"

    response = api.post(
        "/api/v1/users",
        {
            "username": f"new-{role}-{relation}",
            "password": "Mật-khẩu-dài-1234",
            "unit_id": unit.pk,
            "role": "viewer",
        },
        content_type="application/json",
    )
    if expected(role, relation, "manage_users"):
        assert response.status_code == 201
    else:
        assert response.status_code == _denied_status(relation)
        assert not User.objects.filter(username=f"new-{role}-{relation}").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_page_matrix(tree, role_users, role, relation, client):
    user, unit = role_users[role], tree.relation(relation)
    client.force_login(user)

    page = client.get("/units/", {"q": unit.name, "as_of": _valid_day(unit)})
    assert page.status_code == 200
    assert (f'href="/units/{unit.pk}/"' in page.content.decode()) is expected(
        role, relation, "list"
    )

    page = client.get(f"/units/{unit.pk}/")
    assert page.status_code == (200 if expected(role, relation, "view") else 404)

    form = {
        "code": f"PG-{relation}",
        "name": f"Đơn vị trang {relation}",
        "kind": "commission",
        "level": "commune",
        "valid_from": _valid_day(unit),
    }
    page = client.post(f"/units/{unit.pk}/new/", form)
    if expected(role, relation, "create"):
        assert page.status_code == (
            200 if relation == "deeper" else 302
        )  # 200: the form shows the level rule
    else:
        assert page.status_code == _denied_status(relation)
    assert OrgUnit.objects.filter(code=f"PG-{relation}").exists() is (
        expected(role, relation, "create") and relation != "deeper"
    )

    edit = {
        "version": unit.version,
        "code": unit.code,
        "name": unit.name,
        "short_name": "Trang sửa",
        "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat(),
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else "",
    }
    page = client.post(f"/units/{unit.pk}/edit/", edit)
    unit.refresh_from_db()
    if expected(role, relation, "edit"):
        assert page.status_code == 302 and unit.short_name == "Trang sửa"
    else:
        assert page.status_code == _denied_status(relation) and unit.short_name != "Trang sửa"

    # Manage users: the new-user form offers only units the user administers.
    page = client.post(
        "/users/new/",
        {
            "username": f"pg-{role}-{relation}",
            "password": "Mật-khẩu-dài-1234",
            "unit": unit.pk,
            "role": "viewer",
        },
    )
    created = User.objects.filter(username=f"pg-{role}-{relation}").exists()
    assert created is expected(role, relation, "manage_users")
    if not created:
        assert page.status_code in (200, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_delete_matrix(tree, role_users, role, relation, client):
    """Deleting through the API and the page. Access decides first; then a rule keeps units that
    have children, history or members (only `deeper`, a leaf, can really go)."""
    user, unit = role_users[role], tree.relation(relation)
    response = _api(user).delete(f"/api/v1/units/{unit.pk}")
    if expected(role, relation, "delete"):
        assert response.status_code == (204 if relation == "deeper" else 400), response.content
    else:
        assert response.status_code == _denied_status(relation)
    assert OrgUnit.objects.filter(pk=unit.pk).exists() is not (
        expected(role, relation, "delete") and relation == "deeper"
    )

    leaf = make_unit(
        tree.deeper.parent, f"LEAF-{relation}", level="commune", valid_from=tree.deeper.valid_from
    )
    target = leaf if relation == "deeper" else unit
    client.force_login(user)
    page = client.post(f"/units/{target.pk}/delete/")
    if expected(role, relation, "delete"):
        assert page.status_code == 302
        assert OrgUnit.objects.filter(pk=target.pk).exists() is (relation != "deeper")
    else:
        assert page.status_code == _denied_status(relation)
        assert OrgUnit.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_anonymous_sees_nothing(tree, client):
    assert client.get(f"/units/{tree.own.pk}/").status_code == 302  # to the login page
    assert client.get("/api/v1/units").status_code == 401
    assert client.get(f"/api/v1/units/{tree.own.pk}").status_code == 401


@pytest.mark.django_db
def test_revoked_token_is_refused(tree, role_users):
    user = role_users["admin"]
    token, raw = token_create(user=user, name="gone")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).delete()
    assert api.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_operator_sees_everything(tree, operator):
    assert (
        access.scope(OrgUnit.objects.all(), operator, "manage").count() == OrgUnit.objects.count()
    )


# Work programmes: the same table decides who sees and writes a unit's tasks.


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_programme_matrix_through_services_and_selectors(
    tree, role_users, operator, role, relation
):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from tuyengiao.programmes import selectors as programme_selectors
    from tuyengiao.programmes import services as programme_services

    user, unit = role_users[role], tree.relation(relation)
    programme = programme_services.programme_create(actor=operator, unit=unit, year=2025)
    task = programme_services.task_create(actor=operator, programme=programme, title="Nhiệm vụ")

    if expected(role, relation, "view"):
        assert programme_selectors.task_get(user=user, pk=task.pk) == task
        assert programme_selectors.programme_list(user=user).filter(pk=programme.pk).exists()
    else:
        with pytest.raises(Http404):
            programme_selectors.task_get(user=user, pk=task.pk)
        assert not programme_selectors.programme_list(user=user).filter(pk=programme.pk).exists()

    if expected(role, relation, "edit_data"):
        assert programme_services.task_create(actor=user, programme=programme, title="Của tôi").pk
        programme_services.task_progress_add(
            actor=user, task=task, status="done", date=dt.date(2025, 6, 30)
        )
    else:
        with pytest.raises(PermissionDenied):
            programme_services.task_create(actor=user, programme=programme, title="Không được")
        with pytest.raises(PermissionDenied):
            programme_services.task_progress_add(
                actor=user, task=task, status="done", date=dt.date(2025, 6, 30)
            )

    if expected(role, relation, "approve"):
        assert programme_services.programme_approve(
            actor=user, programme=programme, version=programme.version
        )
    else:
        with pytest.raises(PermissionDenied):
            programme_services.programme_approve(
                actor=user, programme=programme, version=programme.version
            )


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_task_api_matrix(tree, role_users, operator, role, relation):
    """Tasks through the API: list, view, create, edit, delete, progress, per role and relation."""
    from tuyengiao.programmes import services as programme_services
    from tuyengiao.programmes.models import Task

    user, unit = role_users[role], tree.relation(relation)
    programme = programme_services.programme_create(actor=operator, unit=unit, year=2025)
    task = programme_services.task_create(actor=operator, programme=programme, title="Nhiệm vụ gốc")
    api = _api(user)
    can_see, can_write = expected(role, relation, "view"), expected(role, relation, "edit_data")
    refused = _denied_status(relation)

    listed = api.get(f"/api/v1/programmes/{programme.pk}/tasks")
    assert listed.status_code == (200 if can_see else 404)
    assert api.get(f"/api/v1/tasks/{task.pk}").status_code == (200 if can_see else 404)

    created = api.post(
        "/api/v1/tasks",
        {"programme_id": programme.pk, "title": "Mới"},
        content_type="application/json",
    )
    assert created.status_code == (201 if can_write else refused), created.content
    assert Task.objects.filter(title="Mới").exists() is can_write

    edited = api.patch(
        f"/api/v1/tasks/{task.pk}",
        {"version": task.version, "title": "Sửa"},
        content_type="application/json",
    )
    assert edited.status_code == (200 if can_write else refused)
    progress = api.post(
        f"/api/v1/tasks/{task.pk}/updates",
        {"status": "done", "date": "2025-06-30"},
        content_type="application/json",
    )
    assert progress.status_code == (201 if can_write else refused), progress.content
    task.refresh_from_db()
    assert (task.title == "Sửa") is can_write and task.updates.exists() is can_write

    deleted = api.delete(f"/api/v1/tasks/{task.pk}")
    assert deleted.status_code == (204 if can_write else refused)
    assert Task.objects.filter(pk=task.pk).exists() is not can_write


# News: a unit's articles follow the same table; the public site shows published ones to anyone.


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_article_api_matrix(tree, role_users, operator, role, relation, client):
    """Articles through the API: list, view, create, edit, publish, delete, per role and relation;
    and the public page, which answers 200 to anyone once the article is published."""
    from tuyengiao.news import services as news_services
    from tuyengiao.news.models import Article

    user, unit = role_users[role], tree.relation(relation)
    article = news_services.article_create(
        actor=operator, unit=unit, title="Tin gốc", body_html="<p>Nội dung</p>"
    )
    api = _api(user)
    can_see, can_write = expected(role, relation, "view"), expected(role, relation, "edit_data")
    refused = _denied_status(relation)

    listed = api.get("/api/v1/articles", {"limit": 100}).json()["items"]
    assert (article.pk in {a["id"] for a in listed}) is can_see
    assert api.get(f"/api/v1/articles/{article.pk}").status_code == (200 if can_see else 404)

    created = api.post(
        "/api/v1/articles",
        {"unit_id": unit.pk, "title": "Tin mới", "body_html": "<p>x</p>"},
        content_type="application/json",
    )
    assert created.status_code == (201 if can_write else refused), created.content
    assert Article.objects.filter(title="Tin mới").exists() is can_write

    edited = api.patch(
        f"/api/v1/articles/{article.pk}",
        {"version": article.version, "title": "Tin sửa"},
        content_type="application/json",
    )
    assert edited.status_code == (200 if can_write else refused)
    article.refresh_from_db()
    assert (article.title == "Tin sửa") is can_write

    # A unit closed before today publishes with a date within its life.
    when = f"{_valid_day(unit)}T09:00:00+07:00" if unit.valid_to else None
    published = api.post(
        f"/api/v1/articles/{article.pk}/publish",
        {"version": article.version, "published_at": when},
        content_type="application/json",
    )
    assert published.status_code == (200 if can_write else refused), published.content
    article.refresh_from_db()
    assert article.is_published is can_write
    if not can_write:
        article = news_services.article_publish(
            actor=operator,
            article=article,
            version=article.version,
            published_at=None if not unit.valid_to else dt.datetime.fromisoformat(when),
        )
    assert client.get(f"/tin/{unit.code}/{article.slug}/").status_code == 200  # public

    deleted = api.delete(f"/api/v1/articles/{article.pk}")
    assert deleted.status_code == (204 if can_write else refused)
    assert Article.objects.filter(pk=article.pk).exists() is not can_write


# Meetings: visible to the organiser's subtree and to the subtrees of the units taking part;
# only the organiser's editors change them.


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_meeting_page_matrix(tree, role_users, operator, role, relation, client):
    from tuyengiao.meetings.choices import ParticipationRole
    from tuyengiao.meetings.models import Meeting
    from tuyengiao.meetings.selectors import meeting_list
    from tuyengiao.meetings.services import ParticipationIn, meeting_create

    user, unit = role_users[role], tree.relation(relation)
    day = unit.valid_to or dt.date(2026, 1, 1)
    organised = meeting_create(
        actor=operator, organiser=unit, kind="briefing", title="Giao ban", start_date=day
    )
    # A meeting of another province that `unit` joined as an online point.
    host = tree.other_province if relation == "sibling" else tree.sibling
    joined = meeting_create(
        actor=operator,
        organiser=host,
        kind="conference",
        title="Hội nghị trực tuyến",
        start_date=day,
        participations=[ParticipationIn(unit=unit, role=ParticipationRole.ONLINE_POINT)],
    )
    can_see, can_write = expected(role, relation, "view"), expected(role, relation, "edit_data")
    refused = _denied_status(relation)

    listed = set(meeting_list(user=user).values_list("pk", flat=True))
    assert (organised.pk in listed) is can_see and (joined.pk in listed) is can_see

    client.force_login(user)
    on_page = {m.pk for m in client.get("/meetings/").context["page"]}
    # The list shows the unit in context (the user's own unit) and what it took part in.
    assert (organised.pk in on_page) is (relation in INSIDE)
    for meeting in (organised, joined):
        assert client.get(f"/meetings/{meeting.pk}/").status_code == (200 if can_see else 404)

    # Taking part never gives the right to change the host's meeting.
    assert client.get(f"/meetings/{joined.pk}/edit/").status_code == (403 if can_see else 404)
    response = client.get(f"/meetings/{organised.pk}/edit/")
    assert response.status_code == (200 if can_write else refused)
    response = client.post(f"/meetings/{organised.pk}/delete/", {"version": organised.version})
    assert response.status_code == (302 if can_write else refused)
    assert Meeting.objects.filter(pk=organised.pk).exists() is not can_write
    response = client.post(f"/meetings/{joined.pk}/delete/", {"version": joined.version})
    assert response.status_code == (403 if can_see else 404)
    assert Meeting.objects.filter(pk=joined.pk).exists()


# Directive registry and people: every signed-in user reads them (public party documents and
# officials' public roles); the editors of the keeping unit write, as for any unit data.


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_directive_and_position_matrix(tree, role_users, operator, role, relation):
    from tuyengiao.directives.models import Directive
    from tuyengiao.directives.tests.factories import DirectiveFactory
    from tuyengiao.people.models import Position
    from tuyengiao.people.tests.factories import PersonFactory, PositionFactory

    user, unit = role_users[role], tree.relation(relation)
    api = _api(user)
    can_write = expected(role, relation, "edit_data")
    directive = DirectiveFactory(unit=unit, code="11-NQ/TU", title="Nghị quyết")
    person = PersonFactory()
    position = PositionFactory(person=person, unit=unit, valid_from=unit.valid_from)

    # Reads: the whole registry and every person, whatever the relation.
    assert api.get(f"/api/v1/directives/{directive.pk}").status_code == 200
    listed = api.get("/api/v1/directives", {"search": "11-NQ/TU"}).json()["items"]
    assert directive.pk in {d["id"] for d in listed}
    assert api.get(f"/api/v1/people/{person.pk}/positions").status_code == 200

    # Writes: a visible record answers 403, a unit outside the subtrees 404 (on create).
    created = api.post(
        "/api/v1/directives",
        {"unit_id": unit.pk, "code": "12-NQ/TU", "title": "Mới"},
        content_type="application/json",
    )
    assert created.status_code == (201 if can_write else _denied_status(relation))
    assert Directive.objects.filter(code="12-NQ/TU").exists() is can_write
    edited = api.patch(
        f"/api/v1/directives/{directive.pk}",
        {"version": 1, "title": "Sửa"},
        content_type="application/json",
    )
    assert edited.status_code == (200 if can_write else 403)
    added = api.post(
        f"/api/v1/people/{person.pk}/positions",
        {"unit_id": unit.pk, "title": "Phó ban", "valid_from": unit.valid_from.isoformat()},
        content_type="application/json",
    )
    assert added.status_code == (201 if can_write else _denied_status(relation))
    ended = api.post(
        f"/api/v1/positions/{position.pk}/end",
        {"version": 1, "on": (unit.valid_to or dt.date(2026, 1, 31)).isoformat()},
        content_type="application/json",
    )
    assert ended.status_code == (200 if can_write else 403), ended.content
    assert Position.objects.filter(person=person).count() == (2 if can_write else 1)
    deleted = api.delete(f"/api/v1/directives/{directive.pk}")
    assert deleted.status_code == (204 if can_write else 403)
    assert Directive.objects.filter(pk=directive.pk).exists() is not can_write


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "relation"), MATRIX)
def test_report_matrix_through_services_and_selectors(tree, role_users, operator, role, relation):
    """A unit's report: read by its subtree's users, filled by its editors, decided by the level
    above; the roll-up of a unit outside the user's view is refused."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from tuyengiao.core.exceptions import DomainError
    from tuyengiao.core.periods import PeriodKind
    from tuyengiao.reports import selectors as report_selectors
    from tuyengiao.reports import services as report_services
    from tuyengiao.reports.choices import Aggregation, SectionKind, ValueType

    user, unit = role_users[role], tree.relation(relation)
    form = report_services.form_create(
        actor=operator,
        owner=tree.central,
        code="M",
        name="Matrix",
        subject="{period}",
        period_kind=PeriodKind.HALF,
        levels=["central", "province", "district", "commune"],
    )
    section = report_services.section_add(
        actor=operator, form=form, title="Figures", kind=SectionKind.FIGURES
    )
    indicator = report_services.indicator_create(
        actor=operator,
        owner=tree.central,
        code="N",
        name="Sessions",
        value_type=ValueType.INTEGER,
        aggregation=Aggregation.SUM,
    )
    report_services.form_indicator_add(
        actor=operator, form=form, section=section, indicator=indicator
    )
    period = "2025-H1" if relation == "predecessor" else "2025-H2"
    report = report_services.submission_open(
        actor=operator, form=form, unit=unit, period_code=period
    )

    if expected(role, relation, "view"):
        assert report_selectors.submission_get(user=user, pk=report.pk) == report
        assert report_selectors.submission_list(user=user).filter(pk=report.pk).exists()
        rollup = report_selectors.rollup_values(
            user=user, form=form, unit=unit, period=form.period(period)
        )
        assert rollup.own_submission == report
    else:
        with pytest.raises(Http404):
            report_selectors.submission_get(user=user, pk=report.pk)
        assert not report_selectors.submission_list(user=user).filter(pk=report.pk).exists()
        with pytest.raises(PermissionDenied):
            report_selectors.rollup_values(
                user=user, form=form, unit=unit, period=form.period(period)
            )

    if expected(role, relation, "edit_data"):
        report = report_services.submission_save(
            actor=user, submission=report, version=report.version, values={"N": "3"}
        )
    else:
        with pytest.raises(PermissionDenied):
            report_services.submission_save(
                actor=user, submission=report, version=report.version, values={"N": "3"}
            )
        report = report_services.submission_save(
            actor=operator, submission=report, version=report.version, values={"N": "3"}
        )
    if unit.parent_id is None:
        with pytest.raises(DomainError):  # the centre reports to nobody
            report_services.submission_submit(
                actor=operator, submission=report, version=report.version
            )
        return
    report = report_services.submission_submit(
        actor=operator, submission=report, version=report.version
    )
    queue = report_selectors.submissions_to_decide(user=user).filter(pk=report.pk).exists()
    assert queue is expected(role, relation, "decide")
    if expected(role, relation, "decide"):
        assert (
            report_services.submission_approve(
                actor=user, submission=report, version=report.version
            ).status
            == "approved"
        )
    else:
        with pytest.raises(PermissionDenied):
            report_services.submission_approve(
                actor=user, submission=report, version=report.version
            )
