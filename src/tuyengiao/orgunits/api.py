"""/api/v1/units and /api/v1/reorganisations: thin wrappers over the selectors and services."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao import access
from tuyengiao.core.concurrency import version_sent
from tuyengiao.core.dates import today
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits import selectors, services
from tuyengiao.orgunits.choices import ReorganisationKind
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.schemas import (
    LineageOut,
    OrgUnitFilter,
    OrgUnitIn,
    OrgUnitOut,
    OrgUnitPatch,
    ReorganisationIn,
    ReorganisationOut,
)

router = Router(tags=["units"])


def _visible(
    request: HttpRequest, pk: int | None, action: access.Action = "view"
) -> OrgUnit | None:
    return None if pk is None else selectors.orgunit_get(user=request.user, pk=pk, action=action)


@router.get("/units", response=list[OrgUnitOut], operation_id="orgunits_unit_list")
@paginate(LimitOffsetPagination)
def unit_list(request: HttpRequest, filters: Query[OrgUnitFilter]):
    """Units you can see, optionally as of a date, by level, parent, subtree, and name."""
    return selectors.orgunit_list(
        user=request.user,
        as_of=filters.as_of,
        level=filters.level,
        parent=_visible(request, filters.parent),
        subtree_of=_visible(request, filters.subtree_of),
        query=filters.q,
    )


@router.get("/units/{pk}", response=OrgUnitOut, operation_id="orgunits_unit_get")
def unit_get(request: HttpRequest, pk: int, as_of: dt.date | None = None):
    unit = selectors.orgunit_get(user=request.user, pk=pk)
    if as_of is not None:
        unit.name_on = selectors.orgunit_name_on(unit, as_of)
    return unit


@router.post("/units", response={201: OrgUnitOut}, operation_id="orgunits_unit_create")
def unit_create(request: HttpRequest, payload: OrgUnitIn):
    """Creates a unit under `parent_id` (admins of that subtree)."""
    parent = _visible(request, payload.parent_id)
    data = payload.dict(exclude={"parent_id"})
    return Status(201, services.orgunit_create(actor=request.user, parent=parent, **data))


@router.patch("/units/{pk}", response=OrgUnitOut, operation_id="orgunits_unit_update")
def unit_update(request: HttpRequest, pk: int, payload: OrgUnitPatch):
    """Corrects a unit. Send the `version` you read (or `If-Match: "<version>"`)."""
    unit = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    version = version_sent(request, payload.version)
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    return services.orgunit_update(actor=request.user, unit=unit, version=version, **changes)


@router.delete("/units/{pk}", response={204: None}, operation_id="orgunits_unit_delete")
def unit_delete(request: HttpRequest, pk: int):
    unit = selectors.orgunit_get(user=request.user, pk=pk, action="manage")
    services.orgunit_delete(actor=request.user, unit=unit)
    return Status(204, None)


@router.get("/units/{pk}/lineage", response=LineageOut, operation_id="orgunits_unit_lineage")
def unit_lineage(request: HttpRequest, pk: int, as_of: dt.date | None = None):
    """Reorganisations the unit came from and went into, its former names, and where it maps
    onto the tree of `as_of` (default today), with shares."""
    unit = selectors.orgunit_get(user=request.user, pk=pk)
    lineage = selectors.orgunit_lineage(unit=unit)
    return {
        "unit": unit,
        "came_from": lineage.came_from,
        "went_into": lineage.went_into,
        "renames": lineage.renames,
        "former_names": [
            {"name": n.name, "valid_to": n.valid_to.isoformat()} for n in unit.former_names.all()
        ],
        "mapped_onto_today": selectors.orgunit_map_onto(unit=unit, as_of=as_of or today()),
    }


@router.get(
    "/reorganisations",
    response=list[ReorganisationOut],
    operation_id="orgunits_reorganisation_list",
)
@paginate(LimitOffsetPagination)
def reorganisation_list(request: HttpRequest, unit: int | None = None):
    return selectors.reorganisation_list(user=request.user, unit=_visible(request, unit))


@router.post(
    "/reorganisations",
    response={201: ReorganisationOut},
    operation_id="orgunits_reorganisation_create",
)
def reorganisation_create(request: HttpRequest, payload: ReorganisationIn):
    """Records a merge, split, move or rename with its effective date."""
    predecessors = [
        selectors.orgunit_get(user=request.user, pk=pk) for pk in payload.predecessor_ids
    ]
    if payload.kind == ReorganisationKind.RENAME:
        if len(predecessors) != 1:
            raise DomainError("A rename names exactly one unit.", field="predecessor_ids")
        reorganisation = services.orgunit_rename(
            actor=request.user,
            unit=predecessors[0],
            name=payload.new_name,
            effective_date=payload.effective_date,
            decision=payload.decision,
        )
    else:
        successors = [
            services.SuccessorSpec(
                code=s.code,
                name=s.name,
                parent=_visible(request, s.parent_id),
                short_name=s.short_name,
                kind=s.kind or "",
                admin_code=s.admin_code,
                share=s.share,
                share_basis=s.share_basis,
            )
            for s in payload.successors
        ]
        reorganisation = services.reorganisation_record(
            actor=request.user,
            kind=payload.kind,
            effective_date=payload.effective_date,
            predecessors=predecessors,
            successors=successors,
            decision=payload.decision,
            note=payload.note,
        )
    created = get_object_or_404(
        selectors.reorganisation_list(user=request.user), pk=reorganisation.pk
    )
    return Status(201, created)
