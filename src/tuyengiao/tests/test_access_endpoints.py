"""Every page and API operation is covered by an access test, and the ones outside the matrix
refuse another subtree's objects as if they did not exist (404).

`COVERAGE` names, for each URL name and API operation id, the test that checks its access. The
registry test reads Django's URL resolver and the NinjaAPI's routers: an endpoint added without an
entry here fails it (NetBox generates its view tests from the registry for the same reason).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver

from tuyengiao.accounts.models import Membership
from tuyengiao.accounts.services import token_create
from tuyengiao.api import api
from tuyengiao.testing import UserFactory

MATRIX = "test_access_matrix"
HERE = "test_access_endpoints"
COVERAGE = {
    # pages
    "home": "accounts/tests/test_users.py::test_home_counts_the_units_of_the_users_tree",
    "orgunits:unit_tree": MATRIX,
    "orgunits:unit_detail": MATRIX,
    "orgunits:unit_create": MATRIX,
    "orgunits:unit_edit": MATRIX,
    "orgunits:unit_delete": MATRIX,
    "orgunits:unit_children": HERE,
    "orgunits:unit_reorganise": HERE,
    "accounts:user_list": HERE,
    "accounts:user_create": MATRIX,
    "accounts:user_detail": HERE,
    "accounts:membership_delete": HERE,
    "accounts:token_list": "accounts/tests/test_users.py::test_token_page_shows_the_token_once_and_it_works",
    "accounts:token_delete": HERE,
    "core:audit_list": "orgunits/tests/test_views.py::test_audit_page_lists_changes_of_the_admins_subtree_only",
    # API operations
    "orgunits_unit_list": MATRIX,
    "orgunits_unit_get": MATRIX,
    "orgunits_unit_create": MATRIX,
    "orgunits_unit_update": MATRIX,
    "orgunits_unit_delete": MATRIX,
    "orgunits_unit_lineage": HERE,
    "orgunits_reorganisation_list": HERE,
    "orgunits_reorganisation_create": HERE,
    "accounts_me_get": "accounts/tests/test_users.py (and test_api.py::test_me_lists_memberships)",
    "accounts_user_list": "accounts/tests/test_users.py::test_admin_sees_only_the_memberships_inside_their_subtree",
    "accounts_user_create": MATRIX,
    "accounts_membership_list": HERE,
    "accounts_membership_create": HERE,
    "accounts_membership_delete": HERE,
    "core_audit_list": HERE,
    # work programmes: pages
    **{
        f"programmes:{name}": "programmes/tests/test_views.py::test_outsiders_get_404_as_if_nothing_existed"
        " and ::test_viewers_get_403_on_every_write"
        for name in (
            "programme_list",
            "programme_create",
            "programme_detail",
            "programme_approve",
            "task_create",
            "task_detail",
            "task_progress_add",
            "task_update",
            "task_deadline_propagate",
            "task_hand_down",
            "taskupdate_attachment",
            "task_inbox",
            "task_rollup",
        )
    },
    **{
        f"programmes:{name}": "programmes/tests/test_xlsx.py::test_import_page_refuses_viewers_and_hides_other_subtrees"
        for name in ("programme_export", "programme_import", "programme_import_template")
    },
    # work programmes: API
    **{
        name: "programmes/tests/test_api.py::test_writes_on_another_subtrees_records_answer_404_and_write_nothing"
        for name in (
            "programmes_programme_approve",
            "programmes_task_update",
            "programmes_task_delete",
            "programmes_task_hand_down",
            "programmes_task_propagate_deadline",
            "programmes_progress_add",
        )
    },
    **{
        name: "programmes/tests/test_api.py::test_task_get_hides_other_subtrees"
        for name in ("programmes_task_get", "programmes_task_list", "programmes_progress_list")
    },
    **{
        name: "programmes/tests/test_api.py::test_programme_refusals"
        for name in (
            "programmes_programme_list",
            "programmes_programme_create",
            "programmes_programme_get",
        )
    },
    # meetings: pages
    **{f"meetings:{name}": MATRIX for name in ("meeting_list", "meeting_detail", "meeting_edit")},
    "meetings:meeting_delete": MATRIX,
    "meetings:meeting_create": "meetings/tests/test_views.py::test_a_viewer_cannot_open_the_form",
    **{
        f"meetings:{name}": "meetings/tests/test_views.py::test_viewers_cannot_add_conclusions_or_make_tasks"
        " and ::test_conclusion_pages_hide_other_subtrees"
        for name in ("conclusion_add", "conclusion_delete", "conclusion_tasks")
    },
    # meetings: calendar, iCal feed, the directive's page
    **{
        f"meetings:{name}": "meetings/tests/test_views_calendar.py"
        "::test_a_unit_outside_the_users_subtrees_cannot_be_put_in_context"
        for name in ("calendar_week", "calendar_month")
    },
    "meetings:calendar_feed": "meetings/tests/test_ical.py::test_feed_holds_only_the_meetings_of_the_users_own_units"
    " and ::test_unknown_token_is_404",
    "meetings:calendar_feed_settings": "meetings/tests/test_ical.py"
    "::test_feed_settings_need_a_login_and_show_only_ones_own_address",
    "meetings:directive_detail": "meetings/tests/test_views_directives.py"
    "::test_a_viewer_of_another_province_sees_only_their_subtree",
    # news: article import
    **{
        name: "news/tests/test_import_views.py::test_viewers_cannot_upload_and_outsiders_see_nothing"
        for name in ("news:import_list", "news:import_review", "news:import_discard")
    },
    **{
        f"news_import_{name}": "news/tests/test_import_api.py::test_outsiders_get_404_viewers_403"
        for name in ("create", "list", "get", "proposal", "confirm", "discard")
    },
    # meetings: API
    **{
        f"meetings_{name}": "meetings/tests/test_api.py::test_outsiders_get_404_and_viewers_403_on_every_operation"
        for name in (
            "meeting_list",
            "meeting_get",
            "meeting_create",
            "meeting_update",
            "meeting_delete",
            "conclusion_create",
            "conclusion_delete",
            "conclusion_tasks",
            "calendar_get",
            "coverage_get",
            "citations_get",
        )
    },
    "programmes_task_create": "programmes/tests/test_api.py::test_task_create_refusals",
    "programmes_programme_import": "programmes/tests/test_api.py::test_import_and_export_through_the_api",
    "programmes_programme_export": "programmes/tests/test_api.py::test_import_and_export_through_the_api",
    "programmes_task_rollup": "programmes/tests/test_api.py::test_rollup_numbers_own_subtree_children",
    "web_dashboard_get": "web/tests/test_dashboard.py::test_the_api_gives_the_dashboard_and_hides_other_subtrees",
    "programmes_task_inbox": "programmes/tests/test_api.py::test_inbox_lists_tasks_from_above",
    # news: internal pages
    **{
        f"news:{name}": "news/tests/test_views.py::test_outsiders_get_404_as_if_nothing_existed"
        " and ::test_viewers_get_403_on_every_write"
        for name in (
            "article_list",
            "article_create",
            "article_detail",
            "article_update",
            "article_publish",
            "article_unpublish",
            "article_delete",
            "image_add",
            "image_file",
            "image_remove",
            "category_list",
            "category_update",
            "category_delete",
        )
    },
    # news: the public sites (no login; published articles only)
    **{
        f"news_public:{name}": "news/tests/test_public.py::test_drafts_unknown_and_other_units_answer_404"
        for name in ("unit_home", "category", "article", "image", "rss")
    },
    # news: API
    **{
        name: MATRIX
        for name in (
            "news_article_list",
            "news_article_create",
            "news_article_get",
            "news_article_update",
            "news_article_publish",
            "news_article_delete",
        )
    },
    **{
        name: "news/tests/test_api.py::test_writes_on_another_subtrees_records_answer_404_and_write_nothing"
        " and ::test_viewers_get_403_and_write_nothing"
        for name in (
            "news_article_unpublish",
            "news_category_list",
            "news_category_create",
            "news_category_update",
            "news_category_delete",
        )
    },
    # directive registry and people: readable by every signed-in user; writes by the editors of
    # the keeping unit (403 for a visible record, 404 for a unit outside the user's subtrees)
    **{
        f"directives:{name}": "directives/tests/test_views.py::test_access_to_the_write_pages"
        for name in ("directive_list", "directive_create", "directive_edit", "directive_delete")
    },
    **{
        f"directives_directive_{verb}": MATRIX + " (test_directive_and_position_matrix)"
        " and directives/tests/test_api.py::test_access"
        for verb in ("list", "get", "create", "update", "delete")
    },
    "directives_directive_parse": "directives/tests/test_api.py::test_parse (a pure reading, no data)",
    **{
        f"people:{name}": "people/tests/test_views.py::test_access_to_the_write_pages"
        for name in (
            "person_list",
            "person_detail",
            "person_create",
            "person_edit",
            "person_delete",
            "position_add",
            "position_end",
        )
    },
    **{
        name: MATRIX + " (test_directive_and_position_matrix)"
        " and people/tests/test_api.py::test_access"
        for name in (
            "people_person_list",
            "people_person_get",
            "people_person_create",
            "people_person_update",
            "people_person_delete",
            "people_position_list",
            "people_position_add",
            "people_position_update",
            "people_position_end",
        )
    },
    # periodic reports: API. Definitions are read by every signed-in user and changed by the
    # owner's admins (403 otherwise); reports answer 404 outside the subtree, 403 to viewers.
    **{
        f"reports_{name}": "reports/tests/test_api.py"
        "::test_catalogue_is_read_by_all_and_changed_by_the_owners_admins"
        for name in (
            "indicator_list",
            "indicator_create",
            "indicator_get",
            "indicator_update",
            "form_list",
            "form_create",
            "form_get",
            "form_update",
            "section_add",
            "form_indicator_add",
            "form_rule_add",
        )
    },
    **{
        f"reports_{name}": "reports/tests/test_api.py"
        "::test_outsiders_get_404_and_viewers_403_on_every_operation"
        for name in (
            "submission_open",
            "submission_get",
            "submission_update",
            "submission_submit",
            "submission_approve",
            "submission_return",
            "submission_reopen",
            "value_list",
            "value_save",
            "value_rollup",
        )
    },
    "reports_submission_list": "reports/tests/test_api.py::test_open_get_and_list_submissions",
    "reports_submission_to_decide": "reports/tests/test_api.py::test_submit_decide_lock_and_reopen"
    " and ::test_outsiders_get_404_and_viewers_403_on_every_operation",
    # periodic reports: pages
    **{
        f"reports:{name}": "reports/tests/test_views.py::test_outsiders_get_404_as_if_nothing_existed"
        " and ::test_viewers_and_the_unit_itself_cannot_write_or_decide"
        for name in (
            "submission_open",
            "submission_detail",
            "submission_approve",
            "submission_return",
            "submission_reopen",
            "submission_preview",
            "rollup",
        )
    },
    **{
        f"reports:{name}": "reports/tests/test_views.py::test_viewers_and_the_unit_itself_cannot_write_or_decide"
        " (the catalogue is read by every signed-in user, changed by the owner's admins)"
        for name in (
            "index",
            "indicator_list",
            "form_list",
            "form_detail",
            "form_update",
            "section_add",
            "form_indicator_add",
            "form_rule_add",
        )
    },
    "reports:indicator_edit": "reports/tests/test_views.py"
    "::test_an_admin_edits_an_indicator_and_a_stale_edit_is_refused",
    # periodic reports: files (DOCX/XLSX out, XLSX in)
    "reports:submission_docx": "reports/tests/test_exports.py"
    "::test_viewers_of_the_unit_download_the_docx_others_get_404",
    "reports:submission_xlsx": "reports/tests/test_exports.py"
    "::test_viewers_of_the_unit_download_the_docx_others_get_404",
    "reports:rollup_xlsx": "reports/tests/test_exports.py"
    "::test_rollup_xlsx_page_takes_the_rollup_parameters",
    "reports:form_import": "reports/tests/test_import.py::test_an_editor_imports_only_the_units_they_edit"
    " and ::test_import_page_shows_the_result_and_the_refusals (rows outside the user's subtrees"
    " are unknown units; rows the user may not edit are refused)",
    **{
        f"reports_{name}": "reports/tests/test_exports.py::test_api_downloads_answer_404_outside_the_subtree"
        for name in ("submission_docx", "submission_xlsx", "rollup_xlsx")
    },
    "reports_form_import": "reports/tests/test_import.py::test_import_api_answers_201_or_400_with_every_error"
    " (rows outside the user's subtrees are unknown units)",
}
# Framework pages that hold no unit data.
FRAMEWORK = {"login", "logout", "set_language", "api-root", "openapi-json", "openapi-view"}


def _our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if p.namespace in {"admin", "api"}:
                    continue  # the operator's Django admin; the API is checked by operation id
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


def _operation_ids() -> set[str]:
    schema = api.get_openapi_schema()
    return {op["operationId"] for path in schema["paths"].values() for op in path.values()}


def test_every_endpoint_has_an_access_test():
    endpoints = (_our_url_names() - FRAMEWORK) | _operation_ids()
    assert endpoints - set(COVERAGE) == set(), (
        "add these endpoints to an access test and to COVERAGE"
    )
    assert set(COVERAGE) - endpoints == set(), "COVERAGE names endpoints that no longer exist"


@pytest.fixture
def admin(tree, role_users):
    return role_users["admin"]


@pytest.fixture
def outsider_membership(tree):
    """A user and membership in another province (sibling), which `own`'s admin must not see."""
    stranger = UserFactory(username="nguoi.tinh.khac")
    return Membership.objects.create(user=stranger, unit=tree.sibling, role="viewer")


@pytest.mark.django_db
def test_pages_outside_the_matrix_hide_other_subtrees(
    client, tree, admin, role_users, outsider_membership
):
    client.force_login(admin)
    assert client.get(f"/units/{tree.sibling.pk}/children/").status_code == 404
    assert client.get(f"/units/{tree.child.pk}/children/").status_code == 200
    assert client.get(f"/units/{tree.sibling.pk}/reorganise/").status_code == 404
    assert client.get(f"/users/?unit={tree.sibling.pk}").status_code == 404
    assert client.get(f"/users/{outsider_membership.user_id}/").status_code == 404
    assert client.post(f"/users/memberships/{outsider_membership.pk}/delete/").status_code == 404
    assert Membership.objects.filter(pk=outsider_membership.pk).exists()
    # Visible but not theirs to change: a viewer gets 403 on the reorganise form.
    client.force_login(role_users["viewer"])
    assert client.get(f"/units/{tree.own.pk}/reorganise/").status_code == 403
    assert (
        client.get(f"/units/{tree.own.pk}/reorganise/", headers={"HX-Request": "true"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_tokens_belong_to_their_owner(client, role_users):
    token, _raw = token_create(user=role_users["admin"], name="admin's")
    client.force_login(role_users["viewer"])
    assert client.post(f"/users/tokens/{token.pk}/delete/").status_code == 404
    assert token.__class__.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_api_operations_outside_the_matrix_hide_other_subtrees(
    tree, admin, role_users, outsider_membership
):
    _token, raw = token_create(user=admin, name="t")
    api_client = Client(headers={"Authorization": f"Bearer {raw}"})
    other = tree.sibling.pk
    assert api_client.get(f"/api/v1/units/{other}/lineage").status_code == 404
    assert api_client.get(f"/api/v1/units/{tree.predecessor.pk}/lineage").status_code == 200
    assert api_client.get("/api/v1/reorganisations", {"unit": other}).status_code == 404
    listed = api_client.get("/api/v1/reorganisations").json()["items"]
    assert listed and all(
        {link["predecessor"]["code"] for link in r["links"]} & {"P0", "P1", "D1", "C1"}
        for r in listed
    )
    response = api_client.post(
        "/api/v1/reorganisations",
        {
            "kind": "rename",
            "effective_date": "2026-01-01",
            "predecessor_ids": [other],
            "new_name": "X",
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    assert api_client.get("/api/v1/memberships", {"unit": other}).status_code == 404
    assert outsider_membership.pk not in {
        m["id"] for m in api_client.get("/api/v1/memberships").json()["items"]
    }
    response = api_client.post(
        "/api/v1/memberships",
        {"user_id": outsider_membership.user_id, "unit_id": tree.own.pk, "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 404  # a user of another subtree is not found
    response = api_client.post(
        "/api/v1/memberships",
        {"user_id": role_users["viewer"].pk, "unit_id": other, "role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert api_client.delete(f"/api/v1/memberships/{outsider_membership.pk}").status_code == 404
    assert api_client.get("/api/v1/audit", {"unit": other}).status_code == 404
    audit = api_client.get("/api/v1/audit", {"limit": 1000}).json()["items"]
    assert audit and tree.sibling.pk not in {e["unit_id"] for e in audit}

    # Inside their subtree the same operations work.
    response = api_client.post(
        "/api/v1/memberships",
        {"user_id": role_users["viewer"].pk, "unit_id": tree.child.pk, "role": "editor"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert api_client.delete(f"/api/v1/memberships/{response.json()['id']}").status_code == 204

    # A viewer sees the membership list of nothing: memberships are for admins.
    _token, raw = token_create(user=role_users["viewer"], name="v")
    viewer_api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert viewer_api.get("/api/v1/memberships").json()["items"] == []
    response = viewer_api.post(
        "/api/v1/memberships",
        {"user_id": role_users["viewer"].pk, "unit_id": tree.own.pk, "role": "admin"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert not Membership.objects.filter(user=role_users["viewer"], role="admin").exists()
