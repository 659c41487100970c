"""The meeting pages: the list scoped to the unit in context, the detail page's scope, the one-page
form with its formsets (rows added without JavaScript), refusals shown beside their input with
nothing written, concurrent edits, and conclusions made into tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from tuyengiao.accounts.models import Membership
from tuyengiao.core.models import AuditEntry
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.models import Meeting, Participation
from tuyengiao.meetings.services import (
    ConclusionIn,
    ParticipationIn,
    meeting_create,
    meeting_update,
)
from tuyengiao.people.tests.factories import PositionFactory
from tuyengiao.programmes.models import Task
from tuyengiao.testing import UserFactory

DAY = dt.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Pages follow the language cookie; messages are asserted in the English source text.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


@pytest.fixture
def chair(tree):
    return PositionFactory(
        person__full_name="Trần Việt Trường",
        title="Trưởng Ban Tuyên giáo Tỉnh ủy",
        unit=tree.own,
        valid_from=dt.date(2025, 7, 1),
    ).person


@pytest.fixture
def directive(tree):
    return DirectiveFactory(unit=tree.central, code="05-CT/TW")


def _meeting(actor, organiser, **kw: Any) -> Meeting:
    args: dict[str, Any] = dict(
        actor=actor,
        organiser=organiser,
        kind=MeetingKind.BRIEFING,
        title=f"Giao ban {organiser.code}",
        start_date=DAY,
    )
    args.update(kw)
    return meeting_create(**args)


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }


def _form(**main: Any) -> dict[str, str]:
    data = {
        "kind": "briefing",
        "title": "Hội nghị giao ban công tác tuyên giáo",
        "start_date": DAY.isoformat(),
        "end_date": "",
        "start_time": "08:00",
        "end_time": "",
        "place": "Hội trường Tỉnh ủy",
        "directives": "",
        "agenda": "",
        "summary": "",
        **_management("units", 3),
        **_management("people", 3),
        **_management("conclusions", 3),
        # What a browser posts for the blank rows: each select's first option.
        **{f"units-{i}-role": "participant" for i in range(3)},
        **{f"people-{i}-role": "chair" for i in range(3)},
    }
    data.update({k: str(v) for k, v in main.items()})
    return data


# List


def test_the_list_shows_the_units_meetings_and_those_it_took_part_in(
    client, tree, operator, role_users
):
    own = _meeting(operator, tree.own, title="Giao ban tỉnh")
    below = _meeting(operator, tree.child, title="Giao ban huyện")
    sibling = _meeting(operator, tree.sibling, title="Giao ban Nghệ An")
    central_online = _meeting(
        operator,
        tree.central,
        title="Sơ kết toàn quốc",
        kind=MeetingKind.INTERIM_REVIEW,
        participations=[ParticipationIn(unit=tree.own, role=ParticipationRole.ONLINE_POINT)],
    )
    other = _meeting(operator, tree.other_province, title="Giao ban Quảng Ninh")
    client.force_login(role_users["viewer"])
    page = client.get("/meetings/")
    assert page.status_code == 200
    listed = {m.pk for m in page.context["page"]}
    assert listed == {own.pk, below.pk, central_online.pk}
    assert sibling.pk not in listed and other.pk not in listed
    html = page.content.decode()
    assert "09/03/2026" in html and f'href="/meetings/{own.pk}/"' in html


def test_the_list_filters_by_kind_dates_words_and_directive(
    client, tree, operator, role_users, directive
):
    cited = _meeting(operator, tree.own, title="Hội nghị học tập Chỉ thị", directives=[directive])
    _meeting(operator, tree.own, title="Giao ban tháng Tư", start_date=DAY + dt.timedelta(days=30))
    client.force_login(role_users["viewer"])

    def listed(**params: str) -> set[str]:
        page = client.get("/meetings/", params)
        assert page.status_code == 200
        return {m.title for m in page.context["page"]}

    assert listed(q="hoc tap chi thi") == {cited.title}
    assert listed(directive="Chỉ thị số 05-CT/TW") == {cited.title}
    assert listed(date_from="2026-04-01") == {"Giao ban tháng Tư"}
    assert listed(date_to="31/03/2026") == {cited.title}
    assert listed(kind="workshop") == set()
    page = client.get("/meetings/", {"directive": "05/CT-TW"})
    assert "05-CT/TW" in page.content.decode()  # the suggested repair, not a silent guess
    assert not list(page.context["page"])


# Detail


def test_the_detail_page_is_hidden_outside_the_scope_and_open_to_a_visited_unit(
    client, tree, operator
):
    visit = _meeting(
        operator,
        tree.sibling,
        kind=MeetingKind.WORKING_VISIT,
        title="Đoàn công tác làm việc",
        end_date=DAY + dt.timedelta(days=3),
        participations=[
            ParticipationIn(unit=tree.other, role=ParticipationRole.VISITED, visit_start=DAY)
        ],
        conclusions=[
            ConclusionIn(text="Kết luận cho Đông Triều", addressed_to=tree.other),
            ConclusionIn(text="Kết luận riêng của tỉnh", addressed_to=tree.sibling),
            ConclusionIn(text="Kết luận chung"),
        ],
    )
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.own, role="viewer")
    client.force_login(outsider)
    assert client.get(f"/meetings/{visit.pk}/").status_code == 404

    visited = UserFactory()
    Membership.objects.create(user=visited, unit=tree.other, role="viewer")
    client.force_login(visited)
    page = client.get(f"/meetings/{visit.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kết luận cho Đông Triều" in html and "Kết luận chung" in html
    assert "Kết luận riêng của tỉnh" not in html  # conclusions_for decides
    assert "09/03/2026" in html
    assert 'data-testid="meeting-edit"' not in html and "make-tasks-form" not in html


def test_the_detail_page_groups_units_and_gives_a_study_sessions_attendance_rate(
    client, tree, editor, directive
):
    session = _meeting(
        editor,
        tree.own,
        kind=MeetingKind.STUDY_SESSION,
        title="Học tập Chỉ thị 05",
        directives=[directive],
        participations=[
            ParticipationIn(unit=tree.own, expected=50, attended_in_person=45),
            ParticipationIn(
                unit=tree.child, expected=50, attended_in_person=30, attended_online=15
            ),
        ],
    )
    client.force_login(editor)
    page = client.get(f"/meetings/{session.pk}/")
    html = page.content.decode()
    (group,) = page.context["groups"]
    assert (group["expected"], group["attended"], group["rate"]) == (100, 90, 90.0)
    assert 'data-testid="attendance-rate">90' in html
    assert "05-CT/TW" in html


# The form


def test_an_editor_records_a_meeting_with_units_people_directives_and_conclusions(
    client, tree, editor, chair, directive
):
    client.force_login(editor)
    assert client.get("/meetings/new/").status_code == 200
    data = _form(directives="Chỉ thị 05-CT/TW")
    data.update(
        {
            "units-0-unit": "D1",
            "units-0-role": "participant",
            "units-1-unit": "dong tho",  # a commune by its name, without diacritics
            "units-1-role": "online_point",
            "units-2-role": "participant",  # a blank row is left out
            "people-0-person": str(chair.pk),
            "people-0-role": "chair",
            "conclusions-0-text": "Tăng cường tuyên truyền đại hội",
            "conclusions-0-addressed_to": "D1 — Ban Tuyên giáo Huyện ủy Yên Sơn",
        }
    )
    response = client.post("/meetings/new/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.organiser == tree.own and meeting.online is True
    assert set(meeting.participations.values_list("unit__code", "role")) == {
        ("D1", "participant"),
        ("C1", "online_point"),
    }
    chair_row = meeting.people.get()
    assert chair_row.person == chair and chair_row.role == PersonRole.CHAIR
    assert chair_row.position.title == "Trưởng Ban Tuyên giáo Tỉnh ủy"
    assert list(meeting.directives.all()) == [directive]
    assert meeting.conclusions.get().addressed_to == tree.child
    page = client.get(response["Location"]).content.decode()
    assert "Trần Việt Trường" in page and "Đảng ủy xã Đông Thọ" in page


def test_more_rows_redraws_the_form_with_the_input_and_saves_nothing(client, tree, editor):
    client.force_login(editor)
    data = _form(title="")
    data.update({"units-0-unit": "D1", "more": "units"})
    page = client.post("/meetings/new/", data)
    assert page.status_code == 200 and not Meeting.objects.exists()
    assert len(page.context["units"].forms) == 6
    html = page.content.decode()
    assert 'value="D1"' in html
    assert "This field is required" not in html  # no errors while the person is still typing


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"end_date": "2026-03-01"}, "end_date"),
        ({"units-0-unit": "P0", "units-0-role": "online_point"}, "units"),
        ({"units-0-unit": "ban", "units-0-role": "participant"}, "unit-row"),
        ({"directives": "05/CT-TW"}, "directives"),
        ({"directives": "99-CT/TW"}, "directives"),
    ],
)
def test_a_refusal_is_shown_beside_its_input_and_nothing_is_written(
    client, tree, editor, directive, change, where
):
    client.force_login(editor)
    page = client.post("/meetings/new/", {**_form(), **change})
    assert page.status_code == 200
    assert not Meeting.objects.exists() and not Participation.objects.exists()
    if where == "units":
        assert "online point" in str(page.context["units"].non_form_errors())
    elif where == "unit-row":
        assert "Several units match" in str(page.context["units"].forms[0].errors["unit"])
    else:
        assert page.context["form"].errors[where]
    if change.get("directives") == "05/CT-TW":
        assert "05-CT/TW" in str(page.context["form"].errors["directives"])


def test_a_chair_without_a_position_is_refused_in_the_people_section(client, tree, editor):
    nobody = PositionFactory(unit=tree.child, valid_from=dt.date(2027, 1, 1)).person
    client.force_login(editor)
    data = {**_form(), "people-0-person": str(nobody.pk), "people-0-role": "chair"}
    page = client.post("/meetings/new/", data)
    assert page.status_code == 200 and not Meeting.objects.exists()
    assert "held no position" in str(page.context["people"].non_form_errors())


def test_a_viewer_cannot_open_the_form(client, role_users):
    client.force_login(role_users["viewer"])
    assert client.get("/meetings/new/").status_code == 403


def _edit_data(meeting: Meeting, **changes: Any) -> dict[str, str]:
    rows = list(meeting.participations.all())
    data = _form(title=meeting.title, version=meeting.version)
    data.update(_management("units", len(rows) + 3, len(rows)))
    data.update({f"units-{i}-role": "participant" for i in range(len(rows) + 3)})
    for i, p in enumerate(rows):
        data.update({f"units-{i}-unit": p.unit.code, f"units-{i}-role": p.role})
    data.pop("conclusions-TOTAL_FORMS")
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_editing_keeps_the_recorded_rows_and_removes_the_ticked_ones(client, tree, editor):
    meeting = _meeting(
        editor,
        tree.own,
        participations=[ParticipationIn(unit=tree.child), ParticipationIn(unit=tree.deeper)],
    )
    client.force_login(editor)
    page = client.get(f"/meetings/{meeting.pk}/edit/")
    assert page.status_code == 200 and f'value="{meeting.version}"' in page.content.decode()
    data = _edit_data(meeting, title="Giao ban đã sửa")
    deeper_row = next(k for k, v in data.items() if v == "C1").split("-")[1]
    data[f"units-{deeper_row}-DELETE"] = "on"
    response = client.post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Giao ban đã sửa"
    assert list(meeting.participations.values_list("unit__code", flat=True)) == ["D1"]


def test_a_concurrent_edit_is_refused_and_the_input_stays(client, tree, editor, operator):
    meeting = _meeting(editor, tree.own)
    data = _edit_data(meeting, title="Tiêu đề của tôi")
    meeting_update(actor=operator, meeting=meeting, version=meeting.version, place="Nơi khác")
    client.force_login(editor)
    page = client.post(f"/meetings/{meeting.pk}/edit/", data)
    assert page.status_code == 200
    assert "reload" in str(page.context["form"].non_field_errors())
    assert 'value="Tiêu đề của tôi"' in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.title != "Tiêu đề của tôi" and meeting.place == "Nơi khác"


def test_editors_of_one_unit_cannot_edit_or_delete_anothers_meeting(client, tree, operator, editor):
    sibling = _meeting(operator, tree.sibling)
    took_part = _meeting(operator, tree.sibling, participations=[ParticipationIn(unit=tree.own)])
    client.force_login(editor)
    assert client.get(f"/meetings/{sibling.pk}/edit/").status_code == 404
    assert client.get(f"/meetings/{took_part.pk}/").status_code == 200
    assert client.get(f"/meetings/{took_part.pk}/edit/").status_code == 403
    assert client.post(f"/meetings/{took_part.pk}/delete/", {"version": 1}).status_code == 403
    assert Meeting.objects.filter(pk=took_part.pk).exists()


def test_delete_asks_then_deletes(client, tree, editor):
    meeting = _meeting(editor, tree.own)
    client.force_login(editor)
    assert client.get(f"/meetings/{meeting.pk}/delete/").status_code == 200
    stale = client.post(f"/meetings/{meeting.pk}/delete/", {"version": meeting.version - 1})
    assert stale.status_code == 200 and Meeting.objects.filter(pk=meeting.pk).exists()
    response = client.post(f"/meetings/{meeting.pk}/delete/", {"version": meeting.version})
    assert response.status_code == 302 and not Meeting.objects.filter(pk=meeting.pk).exists()


# Conclusions


def test_conclusions_are_added_made_into_tasks_and_removed(client, tree, editor):
    meeting = _meeting(editor, tree.own)
    client.force_login(editor)
    response = client.post(
        f"/meetings/{meeting.pk}/conclusions/",
        {"text": "Đẩy mạnh tuyên truyền", "addressed_to": "yen son"},
    )
    assert response.status_code == 302
    conclusion = meeting.conclusions.get()
    assert conclusion.addressed_to == tree.child

    page = client.get(f"/meetings/{meeting.pk}/")
    form = page.context["conclusions"][0]["task_form"]
    assert form.initial["units"] == [tree.child.pk]  # defaults to the addressed unit
    assert {u.pk for u in form.fields["units"].objects.values()} == {tree.own.pk, tree.child.pk}

    url = f"/meetings/{meeting.pk}/conclusions/{conclusion.pk}/tasks/"
    refused = client.post(url, {"units": [tree.child.pk], "deadline": "2027-01-31"})
    assert refused.status_code == 200 and not Task.objects.exists()
    assert refused.context["conclusions"][0]["task_form"].errors["deadline"]

    response = client.post(url, {"units": [tree.own.pk, tree.child.pk], "deadline": "2026-06-30"})
    assert response.status_code == 302
    tasks = Task.objects.filter(conclusions=conclusion)
    assert {t.programme.unit_id for t in tasks} == {tree.own.pk, tree.child.pk}
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert all(t.get_absolute_url() in page for t in tasks)

    response = client.post(f"/meetings/{meeting.pk}/conclusions/{conclusion.pk}/delete/")
    assert response.status_code == 302 and not meeting.conclusions.exists()
    assert Task.objects.count() == 2  # the tasks stay in their programmes


def test_viewers_cannot_add_conclusions_or_make_tasks(client, tree, editor, role_users):
    meeting = _meeting(editor, tree.own, conclusions=[ConclusionIn(text="Kết luận")])
    conclusion = meeting.conclusions.get()
    client.force_login(role_users["viewer"])
    assert client.post(f"/meetings/{meeting.pk}/conclusions/", {"text": "X"}).status_code == 403
    url = f"/meetings/{meeting.pk}/conclusions/{conclusion.pk}/tasks/"
    assert client.post(url, {"units": [tree.own.pk]}).status_code == 403
    assert (
        client.post(f"/meetings/{meeting.pk}/conclusions/{conclusion.pk}/delete/").status_code
        == 403
    )
    assert meeting.conclusions.count() == 1 and not Task.objects.exists()


def test_admins_see_the_meetings_history(client, tree, editor, role_users):
    meeting = _meeting(editor, tree.own)
    client.force_login(role_users["admin"])
    page = client.get(f"/meetings/{meeting.pk}/")
    assert list(page.context["history"]) == list(
        AuditEntry.objects.filter(object_id=str(meeting.pk), object_type__model="meeting")
    )
    client.force_login(editor)
    assert client.get(f"/meetings/{meeting.pk}/").context["history"] == []


def test_conclusion_pages_hide_other_subtrees(client, tree, operator, editor):
    meeting = _meeting(operator, tree.sibling, conclusions=[ConclusionIn(text="Kết luận")])
    conclusion = meeting.conclusions.get()
    client.force_login(editor)
    base = f"/meetings/{meeting.pk}/conclusions/"
    assert client.post(base, {"text": "X"}).status_code == 404
    assert client.post(f"{base}{conclusion.pk}/tasks/", {"units": [1]}).status_code == 404
    assert client.post(f"{base}{conclusion.pk}/delete/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/delete/").status_code == 404
    assert meeting.conclusions.count() == 1
