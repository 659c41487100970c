"""The one NinjaAPI, mounted at /api/v1/: each app contributes a router; errors have one shape."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
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


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Input of the wrong shape (422), in the same shape as every other error: the first field
    at fault in `extra.field`, all of ninja's findings in `extra.errors`."""
    errors = list(exc.errors)
    location = [str(part) for part in (errors[0].get("loc", ()) if errors else ())]
    field = location[-1] if location else None
    message = f"{field}: {errors[0].get('msg', 'invalid')}" if errors and field else "invalid input"
    return api.create_response(
        request, {"message": message, "extra": {"field": field, "errors": errors}}, status=422
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer whether the record does not exist or belongs to another subtree.
    return api.create_response(request, {"message": "not found", "extra": {}}, status=404)


def _mount() -> None:
    from tuyengiao.accounts.api import router as accounts_router
    from tuyengiao.core.api import router as core_router
    from tuyengiao.directives.api import router as directives_router
    from tuyengiao.meetings.api import router as meetings_router
    from tuyengiao.news.api import router as news_router
    from tuyengiao.news.api_import import router as news_import_router
    from tuyengiao.orgunits.api import router as orgunits_router
    from tuyengiao.people.api import router as people_router
    from tuyengiao.programmes.api import router as programmes_router
    from tuyengiao.reports.api import router as reports_router
    from tuyengiao.reports.api_files import router as reports_files_router
    from tuyengiao.web.api import router as web_router

    api.add_router("/", orgunits_router)
    api.add_router("/", accounts_router)
    api.add_router("/", core_router)
    api.add_router("/", programmes_router)
    api.add_router("/", directives_router)
    api.add_router("/", people_router)
    api.add_router("/", meetings_router)
    api.add_router("/", news_router)
    api.add_router("/", news_import_router)
    api.add_router("/", reports_router)
    api.add_router("/", reports_files_router)
    api.add_router("/", web_router)


_mount()
