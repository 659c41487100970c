"""Demo data: the seed articles' units beyond the administrative lists, and one user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership, User
from tuyengiao.orgunits.choices import Level, UnitKind
from tuyengiao.orgunits.loading import SNAPSHOT_START
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.services import orgunit_create
from tuyengiao.web.demo_meetings import demo_meetings_seed
from tuyengiao.web.demo_news import demo_news_seed
from tuyengiao.web.demo_programmes import demo_programmes_seed
from tuyengiao.web.demo_reports import demo_reports_seed

DEMO_PASSWORD = "tuyengiao-demo"
OPERATOR = "admin"

# Seed 000: "khối Đảng ủy trực thuộc Thành ủy" of Cần Thơ (until the 2025 reform).
CAN_THO_COMMITTEES = [
    ("CT-DUKCQ", "Đảng ủy Khối Cơ quan thành phố Cần Thơ", "Đảng ủy Khối Cơ quan"),
    ("CT-DUKDN", "Đảng ủy Khối Doanh nghiệp thành phố Cần Thơ", "Đảng ủy Khối Doanh nghiệp"),
    ("CT-DUQS", "Đảng ủy Quân sự thành phố Cần Thơ", "Đảng ủy Quân sự"),
    ("CT-DUCA", "Đảng ủy Công an thành phố Cần Thơ", "Đảng ủy Công an"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit_code: str
    role: Role


DEMO_USERS = [
    DemoUser("quantri.nghean", "Quản trị Nghệ An", "P-40", Role.ADMIN),
    DemoUser("pheduyet.nghean", "Lãnh đạo Ban Nghệ An", "P-40", Role.APPROVER),
    DemoUser("bientap.vinh", "Chuyên viên Thành ủy Vinh", "D-412", Role.EDITOR),
    DemoUser("bientap.cantho", "Chuyên viên Cần Thơ", "P-92", Role.EDITOR),
    DemoUser("xem.quangninh", "Cán bộ Quảng Ninh", "P-22", Role.VIEWER),
]


@transaction.atomic
def demo_seed() -> list[tuple[str, str]]:
    """Creates what is missing (idempotent); returns (username, description) of the logins."""
    operator, created = User.objects.get_or_create(
        username=OPERATOR,
        defaults={"is_superuser": True, "is_staff": True, "full_name": "Vận hành hệ thống"},
    )
    if created:
        operator.set_password(DEMO_PASSWORD)
        operator.save()
    can_tho = OrgUnit.objects.get(code="P-92")
    last_day = can_tho.valid_to or dt.date(2025, 6, 30)
    for code, name, short in CAN_THO_COMMITTEES:
        if not OrgUnit.objects.filter(code=code).exists():
            orgunit_create(
                actor=operator,
                parent=can_tho,
                code=code,
                name=name,
                short_name=short,
                kind=UnitKind.PARTY_COMMITTEE,
                level=Level.DISTRICT,
                valid_from=SNAPSHOT_START,
                valid_to=last_day,
            )
    demo_programmes_seed(operator)
    demo_meetings_seed(operator)  # before the news: articles link to their meetings
    demo_news_seed(operator)
    demo_reports_seed(operator)
    logins = [(OPERATOR, "operator (superuser)")]
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username, defaults={"full_name": demo.full_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = OrgUnit.objects.get(code=demo.unit_code)
        Membership.objects.get_or_create(user=user, unit=unit, defaults={"role": demo.role})
        logins.append((demo.username, f"{demo.role.label} · {unit.name}"))
    return logins
