"""The one NinjaAPI, mounted at /api/v1/: each app contributes a router; errors have one shape."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from tuyengiao.accounts.services import token_authenticate
from tuyengiao.core.exceptions import ConflictError, DomainError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tg_...`: tokens are made on the "API tokens" page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="tuyengiao API",
    version="1",
    description="Units over time, access, and the work of the Propaganda & Education commissions.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    status = 412 if request.headers.get("If-Match") else 409
    return api.create_response(request, {"message": exc.message, "extra": exc.extra}, status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"message": exc.message, "extra": exc.extra}, status=400)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"message": str(exc) or "forbidden", "extra": {}}, status=403
    )


def _mount() -> None:
    from tuyengiao.accounts.api import router as accounts_router
    from tuyengiao.core.api import router as core_router
    from tuyengiao.orgunits.api import router as orgunits_router

    api.add_router("/", orgunits_router)
    api.add_router("/", accounts_router)
    api.add_router("/", core_router)


_mount()
