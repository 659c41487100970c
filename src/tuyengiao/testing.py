"""Test fixtures shared by every app's tests and the browser tests (a pytest plugin).

The standard tree gives every relation the access matrix needs, seen from `own`, a 2025 province
that was formed by merging `predecessor` (closed 30/06/2025) into it:

    central (TW)
    ├── own (P1, from 01/07/2025) ── child (D1) ── deeper (C1)
    ├── predecessor (P0, until 30/06/2025)  ──merged into──▶ own
    ├── sibling (P2)
    └── other province (P3) ── other (D3)
"""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass
from typing import Any

import factory
import pytest

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership, User
from tuyengiao.orgunits.choices import Level, ReorganisationKind, UnitKind
from tuyengiao.orgunits.models import LineageLink, OrgUnit, Reorganisation
from tuyengiao.orgunits.services import orgunit_create

PASSWORD = "correct-horse-battery"
START = dt.date(2000, 1, 1)
SWITCH = dt.date(2025, 7, 1)

RELATIONS = ("own", "child", "deeper", "parent", "sibling", "other_province", "predecessor")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER


def make_unit(
    parent: OrgUnit | None,
    code: str,
    *,
    level: str,
    name: str | None = None,
    valid_from: dt.date = START,
    valid_to: dt.date | None = None,
    kind: str = UnitKind.COMMISSION,
    operator: Any = None,
) -> OrgUnit:
    """A unit made through the real service, by an operator."""
    operator = (
        operator
        or User.objects.filter(is_superuser=True).first()
        or UserFactory(username="operator", is_superuser=True, is_staff=True)
    )
    return orgunit_create(
        actor=operator,
        parent=parent,
        code=code,
        name=name or f"Ban {code}",
        kind=kind,
        level=level,
        valid_from=valid_from,
        valid_to=valid_to,
    )


@dataclass
class StandardTree:
    central: OrgUnit
    own: OrgUnit
    child: OrgUnit
    deeper: OrgUnit
    predecessor: OrgUnit
    sibling: OrgUnit
    other_province: OrgUnit
    other: OrgUnit

    def relation(self, name: str) -> OrgUnit:
        return {"parent": self.central, "other_province": self.other}.get(name) or getattr(
            self, name
        )


@pytest.fixture
def operator(db) -> User:
    return UserFactory(username="operator", is_superuser=True, is_staff=True)


@pytest.fixture
def tree(operator) -> StandardTree:
    central = make_unit(None, "TW", level=Level.CENTRAL, name="Ban Tuyên giáo Trung ương")
    predecessor = make_unit(
        central,
        "P0",
        level=Level.PROVINCE,
        name="Ban Tuyên giáo Tỉnh ủy Hà Giang",
        valid_to=SWITCH - dt.timedelta(days=1),
    )
    own = make_unit(
        central,
        "P1",
        level=Level.PROVINCE,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
        valid_from=SWITCH,
    )
    merge = Reorganisation.objects.create(kind=ReorganisationKind.MERGE, effective_date=SWITCH)
    LineageLink.objects.create(
        reorganisation=merge, predecessor=predecessor, successor=own, share=1
    )
    child = make_unit(
        own, "D1", level=Level.DISTRICT, name="Ban Tuyên giáo Huyện ủy Yên Sơn", valid_from=SWITCH
    )
    deeper = make_unit(
        child,
        "C1",
        level=Level.COMMUNE,
        name="Đảng ủy xã Đông Thọ",
        valid_from=SWITCH,
        kind=UnitKind.PARTY_COMMITTEE,
    )
    sibling = make_unit(central, "P2", level=Level.PROVINCE, name="Ban Tuyên giáo Tỉnh ủy Nghệ An")
    other_province = make_unit(
        central, "P3", level=Level.PROVINCE, name="Ban Tuyên giáo Tỉnh ủy Quảng Ninh"
    )
    other = make_unit(
        other_province, "D3", level=Level.DISTRICT, name="Ban Tuyên giáo Thị ủy Đông Triều"
    )
    return StandardTree(central, own, child, deeper, predecessor, sibling, other_province, other)


@pytest.fixture
def role_users(tree) -> dict[str, User]:
    """One user per role, each a member of `tree.own` (healthchecks' alice/bob/charlie)."""
    users = {}
    for role in Role:
        user = UserFactory(username=f"{role.value}_user")
        Membership.objects.create(user=user, unit=tree.own, role=role)
        users[role.value] = user
    return users


_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (
        host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
    ):
        raise RuntimeError(f"tests must not reach the network ({host})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """PBKDF2's real cost is pointless in tests; MD5 keeps the same code paths."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    """No test talks to the outside world (Zulip's block_internet); loopback stays open."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
