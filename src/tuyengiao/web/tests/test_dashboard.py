"""The home page as the unit's dashboard: the year's tasks, the reports the unit owes and the
completeness of the units below, the reports waiting for the user, the week's meetings and the
latest news, each as the module's own selector counts it, and only within the user's subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.utils import timezone

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.accounts.services import token_create
from tuyengiao.core.periods import PeriodKind
from tuyengiao.meetings.choices import MeetingKind
from tuyengiao.meetings.services import meeting_create
from tuyengiao.news.choices import ArticleStatus
from tuyengiao.news.tests.factories import ArticleFactory
from tuyengiao.programmes import services as programmes
from tuyengiao.reports import services as reports
from tuyengiao.reports.choices import Aggregation, SectionKind, ValueType
from tuyengiao.testing import UserFactory
from tuyengiao.web.selectors import dashboard

pytestmark = pytest.mark.django_db
D = dt.date
AS_OF = D(2026, 1, 25)  # a Sunday: the week is 19-25/01; the 2025-H2 reports were due 10/01


@pytest.fixture
def half_form(tree, operator):
    sessions = reports.indicator_create(
        actor=operator,
        owner=tree.central,
        code="SESSIONS",
        name="Study sessions",
        measure="cuộc",
        value_type=ValueType.INTEGER,
        aggregation=Aggregation.SUM,
    )
    form = reports.form_create(
        actor=operator,
        owner=tree.central,
        code="HALF",
        name="Half-year review",
        subject="Sơ kết {period}",
        period_kind=PeriodKind.HALF,
        levels=["province", "district", "commune"],
        deadline_days=10,
    )
    section = reports.section_add(
        actor=operator, form=form, title="Figures", kind=SectionKind.FIGURES
    )
    reports.form_indicator_add(actor=operator, form=form, section=section, indicator=sessions)
    return form


def _hand_in(operator, form, unit, day):
    report = reports.submission_open(actor=operator, form=form, unit=unit, period_code="2025-H2")
    report = reports.submission_save(
        actor=operator, submission=report, version=report.version, values={"SESSIONS": 2}
    )
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return reports.submission_submit(
        actor=operator, submission=report, version=report.version, at=at
    )


@pytest.fixture
def busy(tree, operator, half_form):
    """Own (P1) handed in on time, its district late, its commune not at all; a district of
    another province handed in too (never counted for P1). Tasks of 2026, meetings of two weeks, news."""
    _hand_in(operator, half_form, tree.own, D(2026, 1, 5))
    _hand_in(operator, half_form, tree.child, D(2026, 1, 20))
    _hand_in(operator, half_form, tree.other, D(2026, 1, 6))
    programme = programmes.programme_create(actor=operator, unit=tree.own, year=2026)
    done = programmes.task_create(
        actor=operator, programme=programme, title="Học tập nghị quyết", deadline=D(2026, 3, 1)
    )
    programmes.task_create(
        actor=operator, programme=programme, title="Giao ban", deadline=D(2026, 1, 15)
    )
    programmes.task_progress_add(actor=operator, task=done, status="done", date=D(2026, 1, 10))
    for title, day in [("Giao ban tuần", D(2026, 1, 21)), ("Hội nghị tuần sau", D(2026, 1, 27))]:
        meeting_create(
            actor=operator,
            organiser=tree.own,
            kind=MeetingKind.BRIEFING,
            title=title,
            start_date=day,
        )
    ArticleFactory(unit=tree.own, title="Tin của tỉnh")
    ArticleFactory(unit=tree.own, title="Bản nháp", status=ArticleStatus.DRAFT)
    ArticleFactory(unit=tree.other, title="Tin tỉnh khác")
    return half_form


def test_it_gathers_the_modules_of_the_unit_on_the_day(tree, busy, role_users):
    board = dashboard(user=role_users["viewer"], unit=tree.own, as_of=AS_OF)

    assert board.tasks.subtree.done_ratio == "1/2" and board.tasks.subtree.overdue == 1
    [own] = board.own_reports
    assert own.period.code == "2025-H2" and own.deadline == D(2026, 1, 10)
    assert own.submission.number_text and not own.overdue
    [progress] = board.progress
    c = progress.completeness
    # P1, D1 and C1 report; C1 has not; D1 was late. Đông Triều (another province) is not counted.
    assert (c.expected, c.submitted, c.on_time, c.late) == (3, 2, 1, 1)
    assert [e.meeting.title for e in board.meetings] == ["Giao ban tuần"]
    assert [a.title for a in board.news] == ["Tin của tỉnh"]
    assert board.to_decide == 0  # a viewer decides nothing


def test_the_commune_that_has_not_handed_in_is_overdue_after_the_deadline(tree, busy, operator):
    editor = UserFactory(username="editor_c1")
    Membership.objects.create(user=editor, unit=tree.deeper, role=Role.EDITOR)

    before = dashboard(user=editor, unit=tree.deeper, as_of=D(2026, 1, 10))
    after = dashboard(user=editor, unit=tree.deeper, as_of=AS_OF)

    assert [(d.submission, d.overdue) for d in before.own_reports] == [(None, False)]
    assert [(d.submission, d.overdue) for d in after.own_reports] == [(None, True)]


def test_the_level_above_sees_the_reports_waiting_for_its_decision(tree, busy):
    approver = UserFactory(username="approver_tw")
    Membership.objects.create(user=approver, unit=tree.central, role=Role.APPROVER)

    board = dashboard(user=approver, unit=tree.central, as_of=AS_OF)

    # P1's report; those of the districts D1 and Đông Triều are for their provinces to decide.
    assert board.to_decide == 1
    c = board.progress[0].completeness
    # P1, D1, C1, Nghệ An, Quảng Ninh, Đông Triều (Hà Giang closed before the period ended).
    assert (c.expected, c.submitted, c.late) == (6, 3, 1)


def test_it_refuses_a_unit_outside_the_users_subtree(tree, busy, role_users):
    with pytest.raises((PermissionDenied, Http404)):
        dashboard(user=role_users["viewer"], unit=tree.other, as_of=AS_OF)


def test_the_home_page_shows_the_dashboard_of_the_unit_in_context(
    client, tree, busy, role_users, django_assert_max_num_queries
):
    client.force_login(role_users["viewer"])
    with django_assert_max_num_queries(30):
        page = client.get("/", {"as_of": AS_OF.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="dash-done-ratio">1/2<' in html
    assert 'data-testid="dash-progress-ratio">2/3<' in html
    assert "Giao ban tuần" in html and "Hội nghị tuần sau" not in html
    assert "Tin của tỉnh" in html and "Bản nháp" not in html and "Tin tỉnh khác" not in html
    assert 'data-testid="dash-to-decide"' not in html


def test_the_api_gives_the_dashboard_and_hides_other_subtrees(tree, busy, role_users):
    viewer = role_users["viewer"]
    _token, raw = token_create(user=viewer, name="dashboard")
    api = Client(headers={"Authorization": f"Bearer {raw}"})

    body = api.get("/api/v1/dashboard", {"unit": tree.own.pk, "as_of": AS_OF}).json()
    hidden = api.get("/api/v1/dashboard", {"unit": tree.other.pk, "as_of": AS_OF})

    assert body["tasks_subtree"]["done_ratio"] == "1/2" and body["tasks_year"] == 2026
    [own] = body["own_reports"]
    assert own["period"] == {"code": "2025-H2", "label": "6 tháng cuối năm 2025"}
    assert own["submission"]["status"] == "submitted" and own["overdue"] is False
    [progress] = body["progress"]
    assert (progress["completeness"]["submitted"], progress["completeness"]["expected"]) == (2, 3)
    assert [m["title"] for m in body["meetings"]] == ["Giao ban tuần"]
    assert [a["title"] for a in body["news"]] == ["Tin của tỉnh"]
    assert hidden.status_code == 404


def test_an_operator_without_a_unit_sees_the_national_overview(client, tree, busy, operator):
    client.force_login(operator)
    html = client.get("/", {"as_of": AS_OF.isoformat()}).content.decode()
    # Every unit reporting the form nationwide: P1, D1, C1, Nghệ An, Quảng Ninh, Đông Triều.
    assert 'data-testid="dash-progress-ratio">3/6<' in html
    assert "Ban Tuyên giáo Trung ương" in html
