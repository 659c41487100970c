"""The directive's page, at /directives/<pk>/: the registry record, what cites it (meetings, study
sessions, tasks) and the coverage of its study sessions over the unit in context, as of the
as-of date of the top bar.

It lives in the meetings app because everything it shows beyond the record is meetings' data
(directives must not import meetings: no cycles between domain apps); the registry's own pages
(list, new, edit, delete) are the directives app's.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tuyengiao import access
from tuyengiao.directives.selectors import directive_get
from tuyengiao.meetings import selectors
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_get, orgunit_name_on, orgunit_roots
from tuyengiao.web.selectors import context_unit


def _coverage_unit(request: HttpRequest) -> OrgUnit | None:
    """The subtree the coverage is counted over: `?within=` (a drill-down into a child, 404
    outside the user's subtrees), else the unit in context, else an operator's root."""
    raw = request.GET.get("within", "")
    if raw.isdigit():
        return orgunit_get(user=request.user, pk=int(raw))
    unit = context_unit(user=request.user, unit_id=request.unit_context_id)
    if unit is None:
        roots = orgunit_roots(user=request.user, as_of=request.as_of)
        unit = roots[0] if roots else None
    return unit


@login_required
@require_GET
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = directive_get(user=request.user, pk=pk)
    unit = _coverage_unit(request)
    coverage = (
        selectors.directive_coverage(
            user=request.user, directive=directive, unit=unit, as_of=request.as_of
        )
        if unit is not None
        else None
    )
    if unit is not None:
        unit.name_on = orgunit_name_on(unit, request.as_of)  # its name on the as-of date
    parent = unit.parent if unit is not None and unit.parent_id else None
    context = {
        "directive": directive,
        "citations": selectors.directive_citations(user=request.user, directive=directive),
        "coverage": coverage,
        "unit": unit,
        "up": parent if parent is not None and access.can(request.user, "view", parent) else None,
        "can_edit": access.can(request.user, "edit", directive),
    }
    return render(request, "meetings/directive_detail.html", context)
