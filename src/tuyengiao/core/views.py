"""The audit trail page, for admins of a subtree."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuyengiao.core.selectors import audit_list


@login_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})
