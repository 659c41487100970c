"""htmx helpers shared by the apps' views."""

from django.http import HttpRequest


def is_partial(request: HttpRequest) -> bool:
    """True when htmx asked for a fragment (a boosted navigation still wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
