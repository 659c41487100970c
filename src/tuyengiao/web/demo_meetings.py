"""Demo meetings: the five seed articles' meetings, recorded through the services as a person
would record them from the article, and study sessions of Chỉ thị 05-CT/TW in Nghệ An so that
the directive's page has a coverage table to show.

What comes from the seeds (shared/seeds/expected/*.json): kind, dates, organiser, place, chairs and
speakers with their titles, the cited documents, the units named (the six districts visited, the
online point, the six units of the cluster). Where an article says only "Ban Tuyên giáo Tỉnh ủy",
the province is the one its site or text implies (see each entry). The articles attest an
official's titles on the day of the meeting only, so each Position runs from that day to that day.

Invented for the demo (never shown as a seed's fact): the study sessions of Nghệ An in 2020, their
dates and head counts, and the days each district got in the four-day visit (the article gives
25/2–28/2 for six districts, not the day of each).

Idempotent: documents are found by keeping unit and code, people by name, positions by person,
unit and title, meetings by organiser, title and first day; a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tuyengiao.directives.codes import parse_code
from tuyengiao.directives.models import Directive
from tuyengiao.directives.services import directive_create
from tuyengiao.meetings.choices import MeetingKind, ParticipationRole, PersonRole
from tuyengiao.meetings.models import Meeting
from tuyengiao.meetings.services import (
    ConclusionIn,
    ParticipationIn,
    PersonIn,
    conclusion_to_tasks,
    meeting_create,
)
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.people.models import Person, Position
from tuyengiao.people.services import person_create, position_add

D = dt.date
P = ParticipationRole

# (keeping unit, code as written in the text, title, term)
DIRECTIVES = [
    (
        "TW",
        "Chỉ thị số 05-CT/TW ngày 15/5/2016",
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "XII",
    ),
    (
        "TW",
        "Quy định số 208-QĐ/TW ngày 08/11/2019",
        "Về chức năng, nhiệm vụ, tổ chức bộ máy của trung tâm chính trị cấp huyện",
        "XII",
    ),
    (
        "TW",
        "Kết luận số 01-KL/TW ngày 18/5/2021",
        "Về tiếp tục thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị “Về đẩy mạnh học tập và làm "
        "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”",
        "XIII",
    ),
    (
        "P-22",
        "Nghị quyết số 11-NQ/TU ngày 9/3/2018",
        "Về xây dựng và phát triển văn hóa, con người Quảng Ninh đáp ứng yêu cầu phát triển bền "
        "vững",
        "",
    ),
]


@dataclass(frozen=True)
class SeedPerson:
    name: str
    role: str
    titles: list[tuple[str, str]]  # (title, unit code)


@dataclass(frozen=True)
class SeedMeeting:
    seed: str
    organiser: str
    kind: str
    title: str
    start: dt.date
    end: dt.date | None = None
    place: str = ""
    online: bool = False
    summary: str = ""
    units: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    people: list[SeedPerson] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    conclusions: list[tuple[str, list[str] | None]] = field(default_factory=list)


NGHE_AN_VISITED = [  # seed 001: "Từ ngày 25/2 đến 28/2 … 6 Huyện ủy"; one day each, invented
    ("D-417", D(2020, 2, 25)),  # Kỳ Sơn
    ("D-418", D(2020, 2, 26)),  # Tương Dương
    ("D-422", D(2020, 2, 26)),  # Con Cuông
    ("D-424", D(2020, 2, 27)),  # Anh Sơn
    ("D-423", D(2020, 2, 27)),  # Tân Kỳ
    ("D-428", D(2020, 2, 28)),  # Thanh Chương
]
QUANG_NINH_CLUSTER = ["D-193", "D-196", "D-206", "D-205", "D-195", "D-194"]  # Cụm 1, seed 004

SEED_MEETINGS = [
    SeedMeeting(
        seed="000",
        organiser="P-92",
        kind=MeetingKind.BRIEFING,
        title="Hội nghị giao ban công tác tuyên giáo khối Đảng ủy trực thuộc Thành ủy và sở, "
        "ngành 6 tháng đầu năm 2020",
        start=D(2020, 6, 19),
        summary="Trong 6 tháng, Ban Tuyên giáo các cấp trong thành phố hoàn thành 60/85 nhiệm "
        "vụ, nhóm nhiệm vụ theo chương trình công tác và nhiệm vụ đột xuất.",
        # "khối Đảng ủy trực thuộc Thành ủy": the four committees the demo adds under Cần Thơ.
        units=[
            (code, P.PARTICIPANT, {}) for code in ("CT-DUKCQ", "CT-DUKDN", "CT-DUQS", "CT-DUCA")
        ],
        people=[
            SeedPerson(
                "Trần Việt Trường",
                PersonRole.SPEAKER,  # "phát biểu chỉ đạo"; the text never says he chaired
                [
                    ("Ủy viên Ban Thường vụ Thành ủy", "P-92"),
                    ("Trưởng Ban Tuyên giáo Thành ủy", "P-92"),
                ],
            )
        ],
        documents=["05-CT/TW"],
        conclusions=[
            (
                "Tiếp tục đẩy mạnh tuyên truyền đại hội Đảng các cấp, nhất là các đợt thi đua cao "
                "điểm chào mừng đại hội.",
                None,
            )
        ],
    ),
    SeedMeeting(
        seed="001",
        organiser="P-40",  # Nghệ An: the site's related headlines name it
        kind=MeetingKind.WORKING_VISIT,
        title="Đoàn công tác Ban Tuyên giáo Tỉnh ủy làm việc với 6 huyện ủy: Kỳ Sơn, Tương "
        "Dương, Con Cuông, Anh Sơn, Tân Kỳ, Thanh Chương",
        start=D(2020, 2, 25),
        end=D(2020, 2, 28),
        summary="Đánh giá tình hình hoạt động công tác tuyên giáo, đào tạo, bồi dưỡng cán bộ; chỉ "
        "đạo, đôn đốc triển khai những nhiệm vụ trọng tâm năm 2020.",
        units=[
            (code, P.VISITED, {"visit_start": day, "visit_end": day})
            for code, day in NGHE_AN_VISITED
        ],
        people=[
            SeedPerson(
                "Kha Văn Tám",
                PersonRole.CHAIR,  # "làm trưởng đoàn": the head of the delegation
                [
                    ("Tỉnh ủy viên", "P-40"),
                    ("Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh ủy", "P-40"),
                ],
            )
        ],
        documents=["208-QĐ/TW"],
        conclusions=[
            (
                "Tổ chức triển khai thực hiện có hiệu quả Quy định số 208-QĐ/TW ngày 08/11/2019 "
                "của Ban Bí thư về trung tâm chính trị cấp huyện.",
                [code for code, _day in NGHE_AN_VISITED],  # becomes a task of each district
            ),
            (
                "Chủ động tham mưu cấp ủy tổ chức tốt công tác tuyên truyền Đại hội Đảng các cấp.",
                None,
            ),
        ],
    ),
    SeedMeeting(
        seed="002",
        organiser="TW",
        kind=MeetingKind.INTERIM_REVIEW,
        title="Hội nghị sơ kết công tác tuyên giáo 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng "
        "cuối năm 2021",
        start=D(2021, 7, 16),
        online=True,
        units=[("P-20", P.ONLINE_POINT, {})],  # "Tại điểm cầu Lạng Sơn"
        people=[
            SeedPerson(
                "Nguyễn Trọng Nghĩa",
                PersonRole.CHAIR,
                [("Bí thư Trung ương Đảng", "TW"), ("Trưởng Ban Tuyên giáo Trung ương", "TW")],
            )
        ],
        documents=["05-CT/TW", "01-KL/TW"],
    ),
    SeedMeeting(
        seed="003",
        # The text never names its province. Hà Nam is the demo's reading (the portal's layout
        # and Trần Đức Thuần's title); it is not a fact the article states.
        organiser="P-35",
        kind=MeetingKind.WORKSHOP,
        title="Hội thảo “Nâng cao hiệu quả công tác tuyên giáo xã, phường, thị trấn trên địa bàn "
        "tỉnh trong giai đoạn hiện nay”",
        start=D(2020, 7, 21),
        people=[
            SeedPerson(
                "Trần Đức Thuần",
                PersonRole.SPEAKER,  # attended and gave the closing speech; not the chair
                [
                    ("Ủy viên Ban Thường vụ Tỉnh ủy", "P-35"),
                    ("Trưởng Ban Tuyên giáo Tỉnh ủy", "P-35"),
                ],
            )
        ],
    ),
    SeedMeeting(
        seed="004",
        organiser="P-22",
        kind=MeetingKind.BRIEFING,
        title="Hội nghị giao ban Cụm thi đua Ban Tuyên giáo các thị ủy, thành ủy năm 2020 (Cụm 1)",
        start=D(2020, 11, 24),
        place="TP Hạ Long",
        summary="Đánh giá kết quả thực hiện công tác tuyên giáo năm 2020, triển khai nhiệm vụ công "
        "tác năm 2021.",
        units=[(code, P.PARTICIPANT, {}) for code in QUANG_NINH_CLUSTER],
        people=[
            SeedPerson(
                "Trương Công Ngàn",
                PersonRole.CHAIR,
                [("Phó Trưởng ban Thường trực Ban Tuyên giáo Tỉnh ủy", "P-22")],
            ),
            SeedPerson(
                "Phan Thị Hải Hường",
                PersonRole.SPEAKER,
                # The tree has no unit for the city's political training centre: both titles are
                # kept on the city's commission.
                [
                    ("Trưởng Ban Tuyên giáo Thành ủy Hạ Long", "D-193"),
                    ("Giám đốc Trung tâm chính trị thành phố Hạ Long", "D-193"),
                ],
            ),
        ],
        documents=["11-NQ/TU"],
    ),
]

# Study sessions of 05-CT/TW in Nghệ An, 2020 (invented). Rows: (unit, role, expected, in person,
# online). The province's session connects eight districts; four districts hold their own.
STUDY_TITLE = (
    "Hội nghị chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2020"
)
STUDY_SESSIONS = [
    (
        "P-40",
        STUDY_TITLE,
        D(2020, 5, 14),
        (dt.time(7, 30), dt.time(11, 30)),
        [
            ("P-40", P.PARTICIPANT, 1250, 1210, 0),
            ("D-412", P.ONLINE_POINT, 320, 0, 305),
            ("D-417", P.ONLINE_POINT, 85, 0, 78),
            ("D-418", P.ONLINE_POINT, 90, 0, 84),
            ("D-421", P.ONLINE_POINT, 210, 0, 198),
            ("D-425", P.ONLINE_POINT, 240, 0, 231),
            ("D-426", P.ONLINE_POINT, 180, 0, 166),
            ("D-427", P.ONLINE_POINT, 175, 0, 170),
            ("D-428", P.ONLINE_POINT, 190, 0, 172),
        ],
    ),
    (
        "D-428",
        "Hội nghị học tập chuyên đề năm 2020 về Chỉ thị 05-CT/TW (Huyện ủy Thanh Chương)",
        D(2020, 6, 9),
        (dt.time(14, 0), dt.time(17, 0)),
        [
            ("D-428", P.PARTICIPANT, 160, 152, 0),
            ("X-17713", P.ONLINE_POINT, 45, 0, 41),
            ("X-17716", P.ONLINE_POINT, 38, 0, 38),
        ],
    ),
    (
        "D-431",
        "Hội nghị học tập chuyên đề năm 2020 về Chỉ thị 05-CT/TW (Huyện ủy Hưng Nguyên)",
        D(2020, 6, 23),
        (dt.time(8, 0), dt.time(11, 0)),
        [("D-431", P.PARTICIPANT, 140, 131, 0)],
    ),
    (
        "D-423",
        "Hội nghị học tập chuyên đề năm 2020 về Chỉ thị 05-CT/TW (Huyện ủy Tân Kỳ)",
        D(2020, 8, 20),  # after 30/06/2020: the coverage "as of 30/06/2020" leaves it out
        (dt.time(8, 0), dt.time(11, 30)),
        [("D-423", P.PARTICIPANT, 150, 144, 0)],
    ),
]


def _unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def _directives(operator: Any) -> dict[str, Directive]:
    found = {}
    for unit_code, written, title, term in DIRECTIVES:
        unit = _unit(unit_code)
        code = parse_code(written).code
        directive = Directive.objects.filter(unit=unit, code=code).first()
        if directive is None:
            directive = directive_create(
                actor=operator, unit=unit, code=written, title=title, term=term
            )
        found[directive.code] = directive
    return found


def _person(operator: Any, seed: SeedPerson, day: dt.date) -> Person:
    person = Person.objects.filter(full_name=seed.name).first() or person_create(
        actor=operator, full_name=seed.name
    )
    for title, code in seed.titles:
        unit = _unit(code)
        if not Position.objects.filter(person=person, unit=unit, title=title).exists():
            position_add(
                actor=operator, person=person, unit=unit, title=title, valid_from=day, valid_to=day
            )
    return person


def _record(operator: Any, seed: SeedMeeting, directives: dict[str, Directive]) -> bool:
    organiser = _unit(seed.organiser)
    if Meeting.objects.filter(
        organiser=organiser, title=seed.title, start_date=seed.start
    ).exists():
        return False
    people = [PersonIn(person=_person(operator, p, seed.start), role=p.role) for p in seed.people]
    meeting = meeting_create(
        actor=operator,
        organiser=organiser,
        kind=seed.kind,
        title=seed.title,
        start_date=seed.start,
        end_date=seed.end,
        place=seed.place,
        online=seed.online,
        summary=seed.summary,
        participations=[
            ParticipationIn(unit=_unit(code), role=role, **extra)
            for code, role, extra in seed.units
        ],
        people=people,
        directives=[directives[code] for code in seed.documents],
        conclusions=[ConclusionIn(text=text) for text, _targets in seed.conclusions],
    )
    for conclusion, (_text, targets) in zip(
        meeting.conclusions.all(), seed.conclusions, strict=True
    ):
        if targets:
            conclusion_to_tasks(
                actor=operator,
                conclusion=conclusion,
                units=[_unit(code) for code in targets],
                deadline=D(seed.start.year, 12, 31),
            )
    return True


def _study(operator: Any, directive: Directive) -> int:
    added = 0
    for organiser_code, title, day, (start, end), rows in STUDY_SESSIONS:
        organiser = _unit(organiser_code)
        if Meeting.objects.filter(organiser=organiser, title=title, start_date=day).exists():
            continue
        meeting_create(
            actor=operator,
            organiser=organiser,
            kind=MeetingKind.STUDY_SESSION,
            title=title,
            start_date=day,
            start_time=start,
            end_time=end,
            directives=[directive],
            participations=[
                ParticipationIn(
                    unit=_unit(code),
                    role=role,
                    expected=expected,
                    attended_in_person=in_person or None,
                    attended_online=online or None,
                )
                for code, role, expected, in_person, online in rows
            ],
        )
        added += 1
    return added


@transaction.atomic
def demo_meetings_seed(operator: Any) -> int:
    """Records what is missing of the seed meetings and the study sessions; returns how many
    meetings it added (0 on a second run)."""
    directives = _directives(operator)
    added = sum(_record(operator, seed, directives) for seed in SEED_MEETINGS)
    return added + _study(operator, directives["05-CT/TW"])
