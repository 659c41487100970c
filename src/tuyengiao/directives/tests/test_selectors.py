"""Registry reads: open to every signed-in user, folded search, and resolving a typed code to the
record of the unit or its nearest ancestor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tuyengiao.directives import selectors
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tree):
    return {
        "ct05": DirectiveFactory(
            unit=tree.central, code="05-CT/TW", title="Về đẩy mạnh học tập và làm theo Bác"
        ),
        "nq35": DirectiveFactory(unit=tree.central, code="35-NQ/TW", title="Bảo vệ nền tảng"),
        "nq11_own": DirectiveFactory(unit=tree.own, code="11-NQ/TU", title="Văn hóa tỉnh"),
        "nq11_sib": DirectiveFactory(unit=tree.sibling, code="11-NQ/TU", title="Nghệ An"),
        "nq11_child": DirectiveFactory(
            unit=tree.child, code="11-NQ/TU", title="Huyện", issuer="HU"
        ),
    }


def test_every_signed_in_user_reads_the_whole_registry(registry, role_users):
    stranger = UserFactory()  # no membership at all
    assert selectors.directive_list(user=stranger).count() == 5
    assert selectors.directive_get(user=stranger, pk=registry["nq11_sib"].pk)
    assert selectors.directive_list(user=AnonymousUser()).count() == 0
    with pytest.raises(Http404):
        selectors.directive_get(user=AnonymousUser(), pk=registry["ct05"].pk)


def test_search_is_folded_and_by_code(registry, role_users):
    user = role_users["viewer"]

    def found(query):
        return {d.code for d in selectors.directive_list(user=user, search=query)}

    assert found("chi thi") == {"05-CT/TW"}
    assert found("CHỈ THỊ 05") == {"05-CT/TW"}
    assert found("hoc tap lam theo bac") == {"05-CT/TW"}
    assert found("nghi quyet") == {"35-NQ/TW", "11-NQ/TU"}
    assert found("Chỉ thị số 5-CT/TW") == {"05-CT/TW"}
    assert found("nen tang") == {"35-NQ/TW"}
    assert found("khong co") == set()
    assert {d.code for d in selectors.directive_list(user=user, doc_type="CT")} == {"05-CT/TW"}
    assert selectors.directive_list(user=user, issuer="tu").count() == 2


def test_resolve_takes_the_nearest_keeping_unit(registry, tree, role_users):
    user = role_users["viewer"]
    resolve = selectors.directive_resolve
    assert resolve(user=user, code="Nghị quyết số 11-NQ/TU", unit=tree.own) == registry["nq11_own"]
    assert resolve(user=user, code="11-NQ/TU", unit=tree.deeper) == registry["nq11_child"]
    assert resolve(user=user, code="11-NQ/TU", unit=tree.sibling) == registry["nq11_sib"]
    assert resolve(user=user, code="11-NQ/TU", unit=tree.other) is None  # P3 has none
    # Central documents: kept by the central unit, found from anywhere below it.
    assert resolve(user=user, code="Chỉ thị 05-CT/TW", unit=tree.deeper) == registry["ct05"]
    assert resolve(user=user, code="05/CT-TW", unit=tree.own) is None  # malformed: no guess
    assert resolve(user=AnonymousUser(), code="05-CT/TW", unit=tree.own) is None


def test_resolve_picks_the_term_in_force_on_a_day(tree, role_users):
    old = DirectiveFactory(
        unit=tree.own, code="11-NQ/TU", term="XIV", issued_on=dt.date(2018, 3, 9)
    )
    new = DirectiveFactory(unit=tree.own, code="11-NQ/TU", term="XV", issued_on=dt.date(2022, 5, 1))
    user = role_users["viewer"]
    assert selectors.directive_resolve(user=user, code="11-NQ/TU", unit=tree.own) == new
    assert (
        selectors.directive_resolve(
            user=user, code="11-NQ/TU", unit=tree.own, on=dt.date(2020, 1, 1)
        )
        == old
    )
