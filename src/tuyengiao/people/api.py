"""/api/v1/people and /api/v1/positions: officials in their public roles.

Readable by every signed-in user. A position is written by the editors of its unit; a person's
name by the editors of a unit where they hold a position (see services.py). PATCH takes the
`version` you read (or `If-Match`): a save made meanwhile answers 409 (412 with If-Match).
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.concurrency import version_sent
from tuyengiao.core.exceptions import DomainError
from tuyengiao.orgunits import selectors as unit_selectors
from tuyengiao.people import selectors, services
from tuyengiao.people.schemas import (
    PersonDetailOut,
    PersonFilter,
    PersonIn,
    PersonOut,
    PersonPatch,
    PositionEndIn,
    PositionIn,
    PositionOut,
    PositionPatch,
)

router = Router(tags=["people"])


# People


@router.get("/people", response=list[PersonDetailOut], operation_id="people_person_list")
@paginate(LimitOffsetPagination)
def person_list(request: HttpRequest, filters: Query[PersonFilter]):
    """People by name (diacritic-free search), each with their positions, latest first."""
    return selectors.person_list(user=request.user, search=filters.search)


@router.post("/people", response={201: PersonOut}, operation_id="people_person_create")
def person_create(request: HttpRequest, payload: PersonIn):
    """Adds an official by name (users who edit some unit); add their roles as positions."""
    return Status(201, services.person_create(actor=request.user, full_name=payload.full_name))


@router.get("/people/{pk}", response=PersonDetailOut, operation_id="people_person_get")
def person_get(request: HttpRequest, pk: int):
    """A person with their positions, latest first."""
    return selectors.person_get(user=request.user, pk=pk)


@router.patch("/people/{pk}", response=PersonOut, operation_id="people_person_update")
def person_update(request: HttpRequest, pk: int, payload: PersonPatch):
    """Corrects a name. Send the `version` you read (or `If-Match`)."""
    person = selectors.person_get(user=request.user, pk=pk)
    return services.person_update(
        actor=request.user,
        person=person,
        version=version_sent(request, payload.version),
        full_name=payload.full_name,
    )


@router.delete("/people/{pk}", response={204: None}, operation_id="people_person_delete")
def person_delete(request: HttpRequest, pk: int):
    """Deletes a person entered by mistake, with their positions; refused (400) while a meeting
    names them."""
    person = selectors.person_get(user=request.user, pk=pk)
    services.person_delete(actor=request.user, person=person)
    return Status(204, None)


# Positions


@router.get(
    "/people/{pk}/positions", response=list[PositionOut], operation_id="people_position_list"
)
def position_list(request: HttpRequest, pk: int, on: dt.date | None = None):
    """The person's positions, latest first; with `on`, only those held that day."""
    person = selectors.person_get(user=request.user, pk=pk)
    if on is not None:
        return selectors.positions_held(person=person, on=on)
    return selectors.position_list(person=person)


@router.post(
    "/people/{pk}/positions", response={201: PositionOut}, operation_id="people_position_add"
)
def position_add(request: HttpRequest, pk: int, payload: PositionIn):
    """Records a title the person holds in `unit_id` (editors of the unit), from `valid_from`
    (to `valid_to`, null while still held). The unit must exist during those dates."""
    person = selectors.person_get(user=request.user, pk=pk)
    data = payload.dict()
    unit = unit_selectors.orgunit_get(user=request.user, pk=data.pop("unit_id"))
    return Status(201, services.position_add(actor=request.user, person=person, unit=unit, **data))


@router.patch("/positions/{pk}", response=PositionOut, operation_id="people_position_update")
def position_update(request: HttpRequest, pk: int, payload: PositionPatch):
    """Corrects a position's title or dates (editors of its unit)."""
    position = selectors.position_get(user=request.user, pk=pk, action="edit")
    changes = payload.dict(exclude_unset=True, exclude={"version"})
    for name in ("title", "valid_from"):
        if name in changes and changes[name] is None:
            raise DomainError(f"{name} cannot be null", field=name)
    return services.position_update(
        actor=request.user,
        position=position,
        version=version_sent(request, payload.version),
        **changes,
    )


@router.post("/positions/{pk}/end", response=PositionOut, operation_id="people_position_end")
def position_end(request: HttpRequest, pk: int, payload: PositionEndIn):
    """Ends a position on `on`, its last day (editors of its unit)."""
    position = selectors.position_get(user=request.user, pk=pk, action="edit")
    return services.position_end(
        actor=request.user,
        position=position,
        version=version_sent(request, payload.version),
        on=payload.on,
    )
