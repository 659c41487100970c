"""Registry rules: the code is read by the service, refusals write nothing, duplicates per unit
and term, central documents kept centrally, versions, deletion of cited documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.directives import services
from tuyengiao.directives.models import Directive
from tuyengiao.directives.tests.factories import DirectiveFactory

pytestmark = pytest.mark.django_db


def test_create_reads_the_code_as_typed(tree, role_users):
    directive = services.directive_create(
        actor=role_users["editor"],
        unit=tree.own,
        code="Nghị quyết số 11-NQ/TU ngày 9/3/2018",
        title="Về phát triển văn hóa",
        term="khóa XV",
    )
    assert (directive.code, directive.number, directive.doc_type, directive.issuer) == (
        "11-NQ/TU",
        11,
        "NQ",
        "TU",
    )
    assert directive.issued_on == dt.date(2018, 3, 9)
    assert directive.term == "XV"
    assert "nghi quyet" in directive.search_name and "van hoa" in directive.search_name
    entry = AuditEntry.objects.get(
        object_type__model="directive", object_id=str(directive.pk), action="create"
    )
    assert entry.unit == tree.own and entry.changes["code"] == [None, "11-NQ/TU"]


@pytest.mark.parametrize(
    ("code", "title", "term", "field"),
    [
        ("05/CT-TW", "Tiêu đề", "", "code"),
        ("11/NQ-TU", "Tiêu đề", "", "code"),
        ("Chỉ thị 05", "Tiêu đề", "", "code"),
        ("11-NQ/TU", "   ", "", "title"),
        ("11-NQ/TU", "Tiêu đề", "mười lăm", "term"),
        ("11-NQ/TU ngày 1/1/2999", "Tiêu đề", "", "issued_on"),
    ],
)
def test_refusals_write_nothing(tree, role_users, code, title, term, field):
    with pytest.raises(DomainError) as caught:
        services.directive_create(
            actor=role_users["editor"], unit=tree.own, code=code, title=title, term=term
        )
    assert caught.value.field == field
    assert not Directive.objects.exists()
    assert not AuditEntry.objects.filter(object_type__model="directive").exists()


def test_an_inverted_code_carries_its_suggestion(tree, role_users):
    with pytest.raises(DomainError) as caught:
        services.directive_create(
            actor=role_users["editor"], unit=tree.own, code="11/NQ-TU", title="Nghị quyết"
        )
    assert caught.value.extra["suggestion"] == "11-NQ/TU"
    assert "11-NQ/TU" in caught.value.message


def test_duplicate_per_unit_and_term_is_refused(tree, role_users, operator):
    editor = role_users["editor"]
    services.directive_create(actor=editor, unit=tree.own, code="11-NQ/TU", title="A", term="XV")
    with pytest.raises(DomainError, match="11-NQ/TU") as caught:
        services.directive_create(
            actor=editor, unit=tree.own, code="Nghị quyết số 11-NQ/TU", title="B", term="XV"
        )
    assert caught.value.field == "code"
    # Another term, or another province, may use the same number.
    services.directive_create(actor=editor, unit=tree.own, code="11-NQ/TU", title="C", term="XVI")
    services.directive_create(
        actor=operator, unit=tree.sibling, code="11-NQ/TU", title="D", term="XV"
    )
    assert Directive.objects.filter(code="11-NQ/TU").count() == 3


def test_central_documents_are_kept_by_the_central_unit(tree, role_users, operator):
    with pytest.raises(DomainError, match="central"):
        services.directive_create(
            actor=role_users["editor"], unit=tree.own, code="05-CT/TW", title="Học tập Bác"
        )
    assert (
        services.directive_create(
            actor=operator, unit=tree.central, code="Chỉ thị 05-CT/TW", title="Học tập Bác"
        ).code
        == "05-CT/TW"
    )


def test_only_editors_of_the_unit_write(tree, role_users):
    for role in ("viewer",):
        with pytest.raises(PermissionDenied):
            services.directive_create(
                actor=role_users[role], unit=tree.own, code="11-NQ/TU", title="A"
            )
    with pytest.raises(PermissionDenied):  # an editor of `own` does not write for a sibling
        services.directive_create(
            actor=role_users["editor"], unit=tree.sibling, code="11-NQ/TU", title="A"
        )
    with pytest.raises(PermissionDenied):  # nor for its child (editors write their own unit)
        services.directive_create(
            actor=role_users["editor"], unit=tree.child, code="11-NQ/HU", title="A"
        )
    assert not Directive.objects.exists()
    assert services.directive_create(
        actor=role_users["admin"], unit=tree.child, code="11-NQ/HU", title="A"
    )


def test_update_reparses_and_checks_the_version(tree, role_users):
    editor = role_users["editor"]
    directive = services.directive_create(
        actor=editor, unit=tree.own, code="11-NQ/TU", title="A", term="XV"
    )
    saved = services.directive_update(
        actor=editor, directive=directive, version=directive.version, code="Kế hoạch 12-KH/TU"
    )
    assert (saved.code, saved.doc_type, saved.number, saved.version) == ("12-KH/TU", "KH", 12, 2)
    assert "ke hoach" in saved.search_name
    with pytest.raises(ConflictError):
        services.directive_update(
            actor=editor, directive=directive, version=directive.version, title="Cũ"
        )
    with pytest.raises(DomainError) as caught:
        services.directive_update(actor=editor, directive=saved, version=2, code="12/KH-TU")
    assert caught.value.extra["suggestion"] == "12-KH/TU"
    with pytest.raises(DomainError):
        services.directive_update(actor=editor, directive=saved, version=2, unit=tree.child)
    saved.refresh_from_db()
    assert (saved.code, saved.title, saved.version) == ("12-KH/TU", "A", 2)


def test_update_refuses_a_duplicate(tree, role_users):
    editor = role_users["editor"]
    services.directive_create(actor=editor, unit=tree.own, code="11-NQ/TU", title="A")
    other = services.directive_create(actor=editor, unit=tree.own, code="12-NQ/TU", title="B")
    with pytest.raises(DomainError, match="already"):
        services.directive_update(actor=editor, directive=other, version=1, code="11-NQ/TU")


def test_delete_is_refused_while_cited(tree, role_users, operator):
    from tuyengiao.programmes import services as programme_services

    editor = role_users["editor"]
    directive = services.directive_create(actor=editor, unit=tree.own, code="11-NQ/TU", title="A")
    programme = programme_services.programme_create(actor=operator, unit=tree.own, year=2026)
    task = programme_services.task_create(actor=operator, programme=programme, title="Quán triệt")
    task.directives.add(directive)
    with pytest.raises(DomainError, match="1 task"):
        services.directive_delete(actor=editor, directive=directive)
    assert Directive.objects.filter(pk=directive.pk).exists()
    task.directives.clear()
    pk = directive.pk
    services.directive_delete(actor=editor, directive=directive)
    assert not Directive.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(
        object_type__model="directive", object_id=str(pk), action="delete"
    ).exists()


def test_delete_needs_the_units_editor(tree, role_users):
    directive = DirectiveFactory(unit=tree.sibling, code="11-NQ/TU")
    with pytest.raises(PermissionDenied):
        services.directive_delete(actor=role_users["admin"], directive=directive)
    assert Directive.objects.filter(pk=directive.pk).exists()
