"""/api/v1/audit: the audit trail, for admins of a subtree."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from tuyengiao.core.selectors import audit_list
from tuyengiao.orgunits.selectors import orgunit_get

router = Router(tags=["audit"])


class AuditOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    changes: dict

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_object_type(obj) -> str:
        return f"{obj.object_type.app_label}.{obj.object_type.model}"


@router.get("/audit", response=list[AuditOut], operation_id="core_audit_list")
@paginate(LimitOffsetPagination)
def audit(request: HttpRequest, unit: int | None = None):
    """Who changed what, in the subtrees you administer."""
    return audit_list(
        user=request.user, unit=orgunit_get(user=request.user, pk=unit) if unit else None
    )
