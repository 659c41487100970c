"""Unit pages: the tree as of a date, search, a unit's history, and the admin forms."""

from __future__ import annotations

import pytest

from tuyengiao.core.models import AuditEntry
from tuyengiao.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, role_users):
    client.force_login(role_users["admin"])
    return client


def test_tree_follows_the_as_of_date_and_keeps_it(admin_client, tree):
    page = admin_client.get("/units/", {"as_of": "2020-01-01"}).content.decode()
    tree_html = page[page.index('data-testid="unit-tree"') :]
    assert tree.predecessor.name in tree_html and f'href="/units/{tree.own.pk}/"' not in tree_html
    # The date stays in the session: the next page without ?as_of= still shows 2020.
    page = admin_client.get("/units/").content.decode()
    assert tree.predecessor.name in page and 'value="2020-01-01"' in page
    page = admin_client.get("/units/", {"as_of": ""}).content.decode()  # back to today
    assert tree.own.name in page and tree.child.name in page


def test_children_fragment_for_htmx(admin_client, tree):
    fragment = admin_client.get(f"/units/{tree.child.pk}/children/", headers={"HX-Request": "true"})
    assert tree.deeper.name in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_search_page_without_diacritics(admin_client, tree):
    page = admin_client.get("/units/", {"q": "dong tho", "as_of": "2026-01-01"}).content.decode()
    assert "Đảng ủy xã Đông Thọ" in page


def test_detail_shows_level_parent_validity_and_history(admin_client, tree):
    page = admin_client.get(f"/units/{tree.own.pk}/").content.decode()
    assert tree.central.name in page and "01/07/2025" in page
    assert tree.predecessor.name in page  # came from
    page = admin_client.get(
        f"/units/{tree.predecessor.pk}/", {"as_of": "2026-01-01"}
    ).content.decode()
    assert "30/06/2025" in page and tree.own.name in page  # went into, and mapped onto today's tree


def test_reorganise_form_records_a_merge(admin_client, tree, operator):
    from tuyengiao.testing import make_unit

    a = make_unit(tree.child, "CA", level="commune", name="Xã A", valid_from=tree.child.valid_from)
    make_unit(tree.child, "CB", level="commune", name="Xã B", valid_from=tree.child.valid_from)
    response = admin_client.post(
        f"/units/{a.pk}/reorganise/",
        {
            "kind": "merge",
            "effective_date": "2026-01-01",
            "other_predecessors": "CB\n",
            "successors": "CAB; Xã A B",
            "decision": "Nghị quyết 1/2026",
        },
    )
    assert response.status_code == 302
    merged = OrgUnit.objects.get(code="CAB")
    assert merged.parent == tree.child and merged.valid_from.isoformat() == "2026-01-01"
    assert AuditEntry.objects.filter(object_id=str(merged.pk), action="create").exists()


def test_reorganise_form_shows_the_rule_that_refused(admin_client, tree):
    response = admin_client.post(
        f"/units/{tree.child.pk}/reorganise/",
        {
            "kind": "move",
            "effective_date": "2026-01-01",
            "successors": "X; Mới",
            "new_parent": "P1",
        },
    )
    assert response.status_code == 200
    assert "Đảng ủy xã Đông Thọ" in response.content.decode()  # the child that blocks it
    assert not OrgUnit.objects.filter(code="X").exists()


def test_audit_page_lists_changes_of_the_admins_subtree_only(admin_client, tree, operator):
    page = admin_client.get("/audit/").content.decode()
    assert tree.child.name in page and tree.sibling.name not in page


def test_language_switch_to_english(admin_client):
    vi = admin_client.get("/units/").content.decode()
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    en = admin_client.get("/units/").content.decode()
    assert 'lang="vi"' in vi and 'lang="en"' in en
    assert "Units" in en and "Đơn vị" in vi


def test_pages_of_a_past_date_show_the_parents_name_of_that_date(admin_client, tree, operator):
    from tuyengiao.orgunits.services import orgunit_rename

    orgunit_rename(
        actor=operator,
        unit=tree.own,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang mới",
        effective_date=tree.own.valid_from.replace(year=2026),
    )
    search = admin_client.get("/units/", {"q": "yen son", "as_of": "2025-08-01"}).content.decode()
    detail = admin_client.get(f"/units/{tree.child.pk}/").content.decode()
    for page in (search, detail):
        assert tree.own.name in page and "Tuyên Quang mới" not in page.split("<main>")[1]
