"""Registry pages: list with search and type filter, register through the form (with the code's
suggestion on a near miss), edit with versions, delete refused while cited; access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tuyengiao.accounts.models import Membership
from tuyengiao.directives.models import Directive
from tuyengiao.directives.tests.factories import DirectiveFactory
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, tree, role_users):
    client.force_login(role_users["editor"])
    client.get("/", {"unit": tree.own.pk})  # the unit in context
    return client


def test_list_search_and_filter(tree, role_users, client):
    ct = DirectiveFactory(unit=tree.central, code="05-CT/TW", title="Học tập và làm theo Bác")
    nq = DirectiveFactory(unit=tree.sibling, code="11-NQ/TU", title="Văn hóa Nghệ An")
    client.force_login(UserFactory())  # no membership: the registry is still readable
    page = client.get(reverse("directives:directive_list"))
    assert page.status_code == 200
    html = page.content.decode()
    row_ct, row_nq = f'<tr id="directive-{ct.pk}"', f'<tr id="directive-{nq.pk}"'
    assert row_ct in html and row_nq in html and 'data-testid="directive-new"' not in html
    html = client.get(reverse("directives:directive_list"), {"q": "chi thi"}).content.decode()
    assert row_ct in html and row_nq not in html
    html = client.get(reverse("directives:directive_list"), {"type": "NQ"}).content.decode()
    assert row_ct not in html and row_nq in html


def test_list_paginates(tree, role_users, client):
    for n in range(55):
        DirectiveFactory(unit=tree.own, code=f"{n + 1}-KH/TU")
    client.force_login(role_users["viewer"])
    first = client.get(reverse("directives:directive_list")).content.decode()
    second = client.get(reverse("directives:directive_list"), {"page": 2}).content.decode()
    assert first.count('<tr id="directive-') == 50
    assert second.count('<tr id="directive-') == 5


def test_create_through_the_form(editor_client, tree):
    url = reverse("directives:directive_create")
    assert editor_client.get(url).status_code == 200
    page = editor_client.post(
        url, {"code": "Chỉ thị số 17/CT-TU", "title": "Về tuyên truyền", "status": "in_force"}
    )
    assert page.status_code == 200 and not Directive.objects.exists()
    assert 'data-code="17-CT/TU"' in page.content.decode()
    page = editor_client.post(
        url,
        {
            "code": "Chỉ thị số 17-CT/TU",
            "title": "Về tuyên truyền",
            "status": "in_force",
            "term": "XV",
        },
    )
    assert page.status_code == 302
    directive = Directive.objects.get()
    assert (directive.unit, directive.code, directive.term) == (tree.own, "17-CT/TU", "XV")
    listed = editor_client.get(reverse("directives:directive_list")).content.decode()
    assert f'href="{directive.get_absolute_url()}"' in listed


def test_edit_and_stale_version(editor_client, tree):
    directive = DirectiveFactory(unit=tree.own, code="11-NQ/TU", title="A", term="XV")
    url = reverse("directives:directive_edit", args=[directive.pk])
    assert editor_client.get(url).status_code == 200
    form = {"code": "11-NQ/TU", "title": "B", "term": "XV", "status": "replaced", "version": 1}
    assert editor_client.post(url, form).status_code == 302
    directive.refresh_from_db()
    assert (directive.title, directive.status, directive.version) == ("B", "replaced", 2)
    page = editor_client.post(url, {**form, "title": "C"})  # version 1 again: someone saved
    assert page.status_code == 200
    directive.refresh_from_db()
    assert directive.title == "B"


def test_delete_refused_while_cited_then_allowed(editor_client, tree, operator):
    from tuyengiao.programmes import services as programme_services

    directive = DirectiveFactory(unit=tree.own, code="11-NQ/TU")
    programme = programme_services.programme_create(actor=operator, unit=tree.own, year=2026)
    task = programme_services.task_create(actor=operator, programme=programme, title="Quán triệt")
    task.directives.add(directive)
    url = reverse("directives:directive_delete", args=[directive.pk])
    assert editor_client.get(url).status_code == 200
    page = editor_client.post(url)
    assert page.status_code == 400 and 'data-testid="delete-refused"' in page.content.decode()
    assert Directive.objects.filter(pk=directive.pk).exists()
    task.directives.clear()
    assert editor_client.post(url).status_code == 302
    assert not Directive.objects.filter(pk=directive.pk).exists()


def test_access_to_the_write_pages(tree, role_users, client):
    """Viewers and editors of another subtree: 403 on the write pages of `own`'s records (the
    records are readable by all, so not 404), and nothing is written."""
    directive = DirectiveFactory(unit=tree.own, code="11-NQ/TU", title="A")
    outsider = UserFactory()
    Membership.objects.create(user=outsider, unit=tree.sibling, role="editor")
    edit = reverse("directives:directive_edit", args=[directive.pk])
    delete = reverse("directives:directive_delete", args=[directive.pk])
    for user in (role_users["viewer"], outsider):
        client.force_login(user)
        assert client.get(edit).status_code == 403
        form = {"code": "11-NQ/TU", "title": "Z", "status": "in_force", "version": 1}
        assert client.post(edit, form).status_code == 403
        assert client.post(delete).status_code == 403
    directive.refresh_from_db()
    assert directive.title == "A"
    # Creating: the viewer's context unit is `own` (403); the outsider creates in their own
    # unit only, so `own` is not even offered: 404 when they force it into context.
    client.force_login(role_users["viewer"])
    create = reverse("directives:directive_create")
    assert (
        client.post(create, {"code": "12-NQ/TU", "title": "X", "status": "in_force"}).status_code
        == 403
    )
    client.force_login(outsider)
    client.get("/", {"unit": tree.own.pk})  # not visible to them: the context stays theirs
    client.post(create, {"code": "12-NQ/TU", "title": "X", "status": "in_force"})
    assert not Directive.objects.filter(unit=tree.own, code="12-NQ/TU").exists()
    assert client.get(reverse("directives:directive_list")).status_code == 200
    client.logout()
    assert client.get(reverse("directives:directive_list")).status_code == 302
