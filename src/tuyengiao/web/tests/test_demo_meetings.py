"""The demo records the five seed meetings as the articles report them, and Nghệ An's study
sessions of 05-CT/TW give the directive's page a coverage table; seeding twice adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from tuyengiao.directives.models import Directive
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.models import Meeting, MeetingPerson, Participation
from tuyengiao.meetings.selectors import directive_coverage
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.models import Person, Position
from tuyengiao.programmes.models import Task
from tuyengiao.web.demo import OPERATOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_user_model):
    call_command("load_units", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return django_user_model.objects.get(username=OPERATOR)


def _meeting(code: str, day: dt.date) -> Meeting:
    return Meeting.objects.exclude(kind=MeetingKind.STUDY_SESSION).get(
        organiser__code=code, start_date=day
    )


def test_the_five_seed_meetings_are_recorded_as_the_articles_report(demo):
    briefing = _meeting("P-92", dt.date(2020, 6, 19))
    assert briefing.kind == MeetingKind.BRIEFING
    assert list(briefing.directives.values_list("code", flat=True)) == ["05-CT/TW"]
    speaker = briefing.people.get()
    assert (speaker.person.full_name, speaker.role) == ("Trần Việt Trường", PersonRole.SPEAKER)
    assert set(Position.objects.filter(person=speaker.person).values_list("title", flat=True)) == {
        "Ủy viên Ban Thường vụ Thành ủy",
        "Trưởng Ban Tuyên giáo Thành ủy",
    }

    visit = _meeting("P-40", dt.date(2020, 2, 25))
    assert (visit.kind, visit.end_date) == (MeetingKind.WORKING_VISIT, dt.date(2020, 2, 28))
    visited = visit.participations.filter(role=ParticipationRole.VISITED)
    assert visited.count() == 6
    assert {p.visit_start for p in visited} <= {dt.date(2020, 2, d) for d in range(25, 29)}
    assert visit.people.get().role == PersonRole.CHAIR
    # Its conclusion on 208-QĐ/TW became a task of each visited district, citing the document.
    tasks = Task.objects.filter(conclusions__meeting=visit)
    assert tasks.count() == 6
    assert all(t.directives.filter(code="208-QĐ/TW").exists() for t in tasks)

    review = _meeting("TW", dt.date(2021, 7, 16))
    assert review.kind == MeetingKind.INTERIM_REVIEW and review.online
    assert review.participations.get().unit.code == "P-20"  # the online point in Lạng Sơn
    assert sorted(review.directives.values_list("code", flat=True)) == ["01-KL/TW", "05-CT/TW"]

    workshop = _meeting("P-35", dt.date(2020, 7, 21))
    assert workshop.kind == MeetingKind.WORKSHOP and not workshop.directives.exists()

    cluster = _meeting("P-22", dt.date(2020, 11, 24))
    assert cluster.place == "TP Hạ Long"
    assert cluster.participations.count() == 6
    assert [p.person.full_name for p in cluster.people.order_by("order")] == [
        "Trương Công Ngàn",
        "Phan Thị Hải Hường",
    ]
    assert Directive.objects.get(code="11-NQ/TU").unit.code == "P-22"
    assert Directive.objects.get(code="208-QĐ/TW").issued_on == dt.date(2019, 11, 8)


def test_nghe_an_has_study_coverage_of_05_ct_tw(demo):
    nghe_an = OrgUnit.objects.get(code="P-40")
    directive = Directive.objects.get(code="05-CT/TW")
    june = directive_coverage(
        user=demo, directive=directive, unit=nghe_an, as_of=dt.date(2020, 6, 30)
    )
    assert june.own.held and 0 < june.children_held < len(june.children)
    assert june.not_yet  # some districts have not studied it yet
    december = directive_coverage(
        user=demo, directive=directive, unit=nghe_an, as_of=dt.date(2020, 12, 31)
    )
    assert december.children_held == june.children_held + 1  # Tân Kỳ, in August
    assert 90 < december.subtree.rate < 100


def test_seeding_twice_adds_nothing(demo):
    counts = [
        m.objects.count()
        for m in (Meeting, Participation, MeetingPerson, Person, Position, Directive, Task)
    ]
    call_command("seed_demo", verbosity=0)
    assert [
        m.objects.count()
        for m in (Meeting, Participation, MeetingPerson, Person, Position, Directive, Task)
    ] == counts
