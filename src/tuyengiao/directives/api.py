"""/api/v1/directives: the registry of party documents, readable by every signed-in user.

Writes belong to the editors of the keeping unit (403 otherwise; 404 for a unit outside your
subtrees). Send the `version` you read (or `If-Match`) on PATCH: a save made meanwhile is refused
with 409 (412 with If-Match). `/directives/parse?code=…` answers the normalised code, or 400 with
`extra.suggestion` for a near miss such as "05/CT-TW".
"""

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.concurrency import version_sent
from tuyengiao.directives import selectors, services
from tuyengiao.directives.schemas import (
    DirectiveFilter,
    DirectiveIn,
    DirectiveOut,
    DirectivePatch,
    ParsedCodeOut,
)
from tuyengiao.orgunits import selectors as unit_selectors

router = Router(tags=["directives"])


@router.get("/directives", response=list[DirectiveOut], operation_id="directives_directive_list")
@paginate(LimitOffsetPagination)
def directive_list(request: HttpRequest, filters: Query[DirectiveFilter]):
    """Registered documents, newest first: search diacritic-free or by code, filter by type,
    issuer and keeping unit."""
    unit = (
        None
        if filters.unit is None
        else unit_selectors.orgunit_get(user=request.user, pk=filters.unit)
    )
    return selectors.directive_list(
        user=request.user,
        search=filters.search,
        doc_type=filters.doc_type,
        issuer=filters.issuer,
        unit=unit,
    )


@router.get("/directives/parse", response=ParsedCodeOut, operation_id="directives_directive_parse")
def directive_parse(request: HttpRequest, code: str):
    """Reads a code as people write it ("Chỉ thị số 05-CT/TW", "Nghị quyết số 11-NQ/TU ngày
    9/3/2018") and answers its normalised parts; 400 with `extra.suggestion` for a near miss."""
    return services.parse_or_refuse(code)


@router.post(
    "/directives", response={201: DirectiveOut}, operation_id="directives_directive_create"
)
def directive_create(request: HttpRequest, payload: DirectiveIn):
    """Registers a document kept by `unit_id` (its editors). The code may be typed as people
    write it; number, type and issuer are read from it. A code the unit already registered for
    the term is refused (400), as is a malformed one (with `extra.suggestion` when it is a near
    miss)."""
    data = payload.dict()
    unit = unit_selectors.orgunit_get(user=request.user, pk=data.pop("unit_id"))
    return Status(201, services.directive_create(actor=request.user, unit=unit, **data))


@router.get("/directives/{pk}", response=DirectiveOut, operation_id="directives_directive_get")
def directive_get(request: HttpRequest, pk: int):
    """One registered document."""
    return selectors.directive_get(user=request.user, pk=pk)


@router.patch("/directives/{pk}", response=DirectiveOut, operation_id="directives_directive_update")
def directive_update(request: HttpRequest, pk: int, payload: DirectivePatch):
    """Changes a document (editors of the keeping unit). Send the `version` you read (or
    `If-Match`): a save made meanwhile is refused (409, or 412 with If-Match)."""
    directive = selectors.directive_get(user=request.user, pk=pk, action="edit")
    version = version_sent(request, payload.version)
    return services.directive_update(
        actor=request.user, directive=directive, version=version, **payload.changes()
    )


@router.delete("/directives/{pk}", response={204: None}, operation_id="directives_directive_delete")
def directive_delete(request: HttpRequest, pk: int):
    """Deletes a document registered by mistake; refused (400) while meetings or tasks cite it."""
    directive = selectors.directive_get(user=request.user, pk=pk, action="edit")
    services.directive_delete(actor=request.user, directive=directive)
    return Status(204, None)
