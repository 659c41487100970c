"""Rules of recording meetings: dates, units valid on the day, chairs in their positions, head
counts, study sessions citing directives, conclusions becoming tasks, concurrent edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.directives.models import Directive
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.models import Meeting, Participation
from tuyengiao.meetings.services import (
    ConclusionIn,
    ParticipationIn,
    PersonIn,
    conclusion_add,
    conclusion_to_tasks,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from tuyengiao.people.models import Person, Position
from tuyengiao.programmes.choices import TaskOrigin

DAY = dt.date(2026, 3, 9)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def editor(role_users):
    return role_users["editor"]


@pytest.fixture
def chair(tree):
    person = Person.objects.create(full_name="Trần Việt Trường", search_name="tran viet truong")
    Position.objects.create(
        person=person, title="Ủy viên Ban Thường vụ", unit=tree.own, valid_from=dt.date(2025, 7, 1)
    )
    Position.objects.create(
        person=person,
        title="Trưởng Ban Tuyên giáo Tỉnh ủy",
        unit=tree.own,
        valid_from=dt.date(2025, 7, 1),
    )
    return person


@pytest.fixture
def directive(tree):
    return Directive.objects.create(
        unit=tree.central,
        code="05-CT/TW",
        number=5,
        doc_type="CT",
        issuer="TW",
        title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        term="XII",
        search_name="chi thi 05",
    )


def _briefing(editor, tree, **kw):
    args = dict(
        actor=editor,
        organiser=tree.own,
        kind=MeetingKind.BRIEFING,
        title="Giao ban công tác tuyên giáo tháng 3",
        start_date=DAY,
    )
    args.update(kw)
    return meeting_create(**args)


def test_it_records_a_meeting_with_units_people_and_conclusions(editor, tree, chair, directive):
    meeting = _briefing(
        editor,
        tree,
        participations=[
            ParticipationIn(unit=tree.child, role=ParticipationRole.ONLINE_POINT),
        ],
        people=[PersonIn(person=chair, role=PersonRole.CHAIR)],
        directives=[directive],
        conclusions=[ConclusionIn(text="Tăng cường tuyên truyền", addressed_to=tree.child)],
    )
    assert meeting.online is True  # an online point makes it an online meeting
    assert meeting.end_date == DAY
    chair_row = meeting.people.get()
    assert chair_row.position.title == "Ủy viên Ban Thường vụ"  # the first held that day
    assert list(meeting.directives.values_list("code", flat=True)) == ["05-CT/TW"]
    assert meeting.conclusions.get().addressed_to == tree.child
    entry = AuditEntry.objects.get(
        object_id=str(meeting.pk), action="create", object_type__model="meeting"
    )
    assert entry.changes["units"][1] == [f"{tree.child} (online_point)"]


def test_it_refuses_an_end_before_the_start_and_writes_nothing(editor, tree):
    with pytest.raises(DomainError) as err:
        _briefing(editor, tree, end_date=DAY - dt.timedelta(days=1))
    assert err.value.field == "end_date"
    assert "before it starts" in err.value.message
    assert not Meeting.objects.exists()


def test_it_refuses_a_chair_who_holds_no_position(editor, tree):
    nobody = Person.objects.create(full_name="Nguyễn Văn A", search_name="nguyen van a")
    with pytest.raises(DomainError) as err:
        _briefing(editor, tree, people=[PersonIn(person=nobody, role=PersonRole.CHAIR)])
    assert err.value.field == "people"
    assert "held no position" in err.value.message
    assert not Meeting.objects.exists()


def test_it_refuses_a_position_not_held_on_the_day(editor, tree, chair):
    old = Position.objects.create(
        person=chair,
        title="Phó Trưởng ban",
        unit=tree.own,
        valid_from=dt.date(2025, 7, 1),
        valid_to=dt.date(2025, 12, 31),
    )
    with pytest.raises(DomainError, match="did not hold the position"):
        _briefing(editor, tree, people=[PersonIn(person=chair, position=old)])


def test_it_refuses_an_online_point_that_was_not_a_unit_that_day(editor, tree):
    # The predecessor province closed on 30/06/2025.
    with pytest.raises(DomainError) as err:
        _briefing(
            editor,
            tree,
            participations=[
                ParticipationIn(unit=tree.predecessor, role=ParticipationRole.ONLINE_POINT)
            ],
        )
    assert "online point" in err.value.message
    assert not Meeting.objects.exists()


def test_it_refuses_attendance_above_expected(editor, tree, directive):
    with pytest.raises(DomainError) as err:
        _briefing(
            editor,
            tree,
            kind=MeetingKind.STUDY_SESSION,
            directives=[directive],
            participations=[
                ParticipationIn(
                    unit=tree.child, expected=100, attended_in_person=90, attended_online=20
                )
            ],
        )
    assert "110 attended, more than the 100 expected" in err.value.message
    assert not Participation.objects.exists()


def test_a_study_session_must_cite_a_directive(editor, tree):
    with pytest.raises(DomainError) as err:
        _briefing(editor, tree, kind=MeetingKind.STUDY_SESSION)
    assert err.value.field == "directives"


def test_a_study_session_lists_its_organiser_as_attending(editor, tree, directive):
    meeting = _briefing(editor, tree, kind=MeetingKind.STUDY_SESSION, directives=[directive])
    assert list(meeting.participations.values_list("unit_id", "role")) == [
        (tree.own.pk, ParticipationRole.PARTICIPANT)
    ]


def test_a_working_visit_keeps_its_days_per_visited_unit(editor, tree):
    meeting = _briefing(
        editor,
        tree,
        kind=MeetingKind.WORKING_VISIT,
        end_date=DAY + dt.timedelta(days=3),
        participations=[
            ParticipationIn(unit=tree.child, role=ParticipationRole.VISITED, visit_start=DAY),
            ParticipationIn(
                unit=tree.deeper,
                role=ParticipationRole.VISITED,
                visit_start=DAY + dt.timedelta(days=2),
                visit_end=DAY + dt.timedelta(days=3),
            ),
        ],
    )
    visits = dict(meeting.participations.values_list("unit_id", "visit_start"))
    assert visits == {tree.child.pk: DAY, tree.deeper.pk: DAY + dt.timedelta(days=2)}
    with pytest.raises(DomainError, match="outside the meeting's dates"):
        meeting_update(
            actor=editor,
            meeting=meeting,
            version=meeting.version,
            end_date=DAY + dt.timedelta(days=1),
        )


def test_only_the_organisers_editors_record_its_meetings(role_users, tree):
    with pytest.raises(PermissionDenied):
        _briefing(role_users["viewer"], tree)
    with pytest.raises(PermissionDenied):
        _briefing(role_users["editor"], tree, organiser=tree.sibling)


def test_a_second_concurrent_save_is_refused_not_lost(editor, tree):
    meeting = _briefing(editor, tree)
    meeting_update(actor=editor, meeting=meeting, version=1, place="Hội trường A")
    with pytest.raises(ConflictError):
        meeting_update(actor=editor, meeting=meeting, version=1, place="Hội trường B")
    meeting.refresh_from_db()
    assert meeting.place == "Hội trường A"
    assert meeting.version == 2


def test_update_replaces_the_lists_it_is_given(editor, tree, chair):
    meeting = _briefing(editor, tree, participations=[ParticipationIn(unit=tree.child)])
    meeting = meeting_update(
        actor=editor,
        meeting=meeting,
        version=meeting.version,
        participations=[ParticipationIn(unit=tree.deeper, role=ParticipationRole.INVITED)],
        people=[PersonIn(person=chair, role=PersonRole.SPEAKER)],
    )
    assert list(meeting.participations.values_list("unit_id", flat=True)) == [tree.deeper.pk]
    assert meeting.people.get().role == PersonRole.SPEAKER


def test_a_conclusion_becomes_linked_tasks_in_the_units_programmes(editor, tree, directive):
    meeting = _briefing(editor, tree, directives=[directive])
    conclusion = conclusion_add(
        actor=editor, meeting=meeting, text="Tổ chức tọa đàm về 05-CT/TW", addressed_to=tree.child
    )
    tasks = conclusion_to_tasks(actor=editor, conclusion=conclusion)
    assert [t.programme.unit for t in tasks] == [tree.child]
    task = tasks[0]
    assert task.origin == TaskOrigin.ASSIGNED
    assert task.programme.year == 2026
    assert list(task.conclusions.all()) == [conclusion]  # linked both ways
    assert list(task.directives.all()) == [directive]
    assert "Giao ban" in task.source
    own_task = conclusion_to_tasks(actor=editor, conclusion=conclusion, units=[tree.own])[0]
    assert own_task.origin == TaskOrigin.AD_HOC
    assert conclusion.tasks.count() == 2


def test_a_conclusion_cannot_become_a_task_outside_the_subtree(editor, tree):
    meeting = _briefing(editor, tree)
    conclusion = conclusion_add(actor=editor, meeting=meeting, text="Việc")
    with pytest.raises(DomainError, match="not below"):
        conclusion_to_tasks(actor=editor, conclusion=conclusion, units=[tree.sibling])
    assert not conclusion.tasks.exists()


def test_delete_keeps_the_tasks_made_from_its_conclusions(editor, tree):
    meeting = _briefing(editor, tree)
    conclusion = conclusion_add(actor=editor, meeting=meeting, text="Việc")
    task = conclusion_to_tasks(actor=editor, conclusion=conclusion)[0]
    meeting.refresh_from_db()
    meeting_delete(actor=editor, meeting=meeting, version=meeting.version)
    assert not Meeting.objects.exists()
    task.refresh_from_db()
    assert not task.conclusions.exists()
