"""Internal news pages: the articles of the unit in context, writing and editing an article with
its photos, publishing, linking it to the meeting it reports, and the unit's categories.

Every page reads through `selectors` and writes through `services`; a refusal (DomainError) is
shown on the form that caused it, PermissionDenied answers 403, and anything outside the user's
subtree 404 (from `access.get_for_user` inside the selectors).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.exceptions import DomainError
from tuyengiao.news import selectors, services
from tuyengiao.news.forms import (
    ArticleFilter,
    ArticleForm,
    CategoryForm,
    ImageForm,
    PublishForm,
    VersionForm,
)
from tuyengiao.news.models import Article
from tuyengiao.news.views_public import image_response
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.selectors import orgunit_get
from tuyengiao.web.selectors import context_unit

PAGE_SIZE = 50
MEETING_CHOICES = 300


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _context_unit(request: HttpRequest) -> OrgUnit | None:
    return context_unit(user=request.user, unit_id=request.unit_context_id)


def _editable_context_unit(request: HttpRequest) -> OrgUnit:
    unit = _context_unit(request)
    if unit is None:
        raise Http404("no unit in context")
    return orgunit_get(user=request.user, pk=unit.pk, action="edit")


def _meetings(request: HttpRequest, current: Any = None) -> list[Any]:
    """Meetings the user can see, newest first (and the one already linked)."""
    from tuyengiao.meetings.models import Meeting

    meetings = list(
        access.scope(Meeting.objects.all(), request.user)
        .only("id", "title", "start_date")
        .order_by("-start_date", "-pk")[:MEETING_CHOICES]
    )
    if current is not None and current.pk not in {m.pk for m in meetings}:
        meetings.insert(0, current)
    return meetings


def _article_form(request: HttpRequest, unit: OrgUnit, article: Article | None = None, **kw):
    categories = selectors.category_list(user=request.user, unit=unit)
    meetings = _meetings(request, article.meeting if article else None)
    return ArticleForm(request.POST or None, categories=categories, meetings=meetings, **kw)


# Articles


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    """Articles of the unit in context, drafts and published, newest first."""
    unit = _context_unit(request)
    filters = ArticleFilter(request.GET or None)
    q, status = "", ""
    if filters.is_valid():
        q, status = filters.cleaned_data["q"], filters.cleaned_data["status"]
    articles = selectors.article_list(user=request.user, unit=unit, status=status, search=q)
    context = {
        "unit": unit,
        "filters": filters,
        "page": Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_edit": unit is not None and access.can(request.user, "edit", unit),
        "query": request.GET.urlencode(),
    }
    return render(request, "news/article_list.html", context)


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    """Drafts an article of the unit in context (its editors)."""
    unit = _editable_context_unit(request)
    form = _article_form(request, unit)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            article = services.article_create(actor=request.user, unit=unit, **data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Article drafted."))
            return redirect(article)
    return render(request, "news/article_form.html", {"form": form, "unit": unit})


def _article_page(request: HttpRequest, article: Article, **forms: Any) -> HttpResponse:
    can_edit = access.can(request.user, "edit", article)
    context = {
        "article": article,
        "images": selectors.article_images(article=article),
        "can_edit": can_edit,
        "publish_form": forms.get("publish_form")
        or PublishForm(initial={"version": article.version}),
        "image_form": forms.get("image_form") or ImageForm(),
    }
    return render(request, "news/article_detail.html", context)


@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as it will read (sanitised), its photos, status and actions."""
    return _article_page(request, selectors.article_get(user=request.user, pk=pk))


@login_required
def article_update(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    initial = {
        "title": article.title,
        "summary": article.summary,
        "body_html": article.body_html,
        "author": article.author,
        "category": article.category_id,
        "meeting": article.meeting_id,
        "slug": article.slug,
        "source_url": article.source_url,
        "version": article.version,
    }
    form = _article_form(request, article.unit, article, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            article = services.article_update(
                actor=request.user, article=article, version=version, **data
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect(article)
    return render(
        request, "news/article_form.html", {"form": form, "unit": article.unit, "article": article}
    )


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    form = PublishForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Reload the page and publish again."))
        services.article_publish(
            actor=request.user,
            article=article,
            version=form.cleaned_data["version"],
            published_at=form.cleaned_data["published_at"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Article published."))
    return redirect(article)


@login_required
@require_POST
def article_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Reload the page and try again."))
        services.article_unpublish(
            actor=request.user, article=article, version=form.cleaned_data["version"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Article taken off the public site."))
    return redirect(article)


@login_required
@require_POST
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    services.article_delete(actor=request.user, article=article)
    messages.success(request, _("Article deleted."))
    return redirect("news:article_list")


# Photos


@login_required
@require_POST
def image_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.image_add(
                actor=request.user,
                article=article,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Photo added."))
            return redirect(f"{article.get_absolute_url()}#photos")
    return _article_page(request, article, image_form=form)


@login_required
@require_POST
def image_remove(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    article = selectors.article_get(user=request.user, pk=pk, action="edit")
    picture = get_object_or_404(selectors.article_images(article=article), pk=image_pk)
    services.image_remove(actor=request.user, image=picture)
    messages.success(request, _("Photo removed."))
    return redirect(f"{article.get_absolute_url()}#photos")


@login_required
def image_file(request: HttpRequest, pk: int, image_pk: int) -> FileResponse:
    """A photo of an article the user can see (drafts included)."""
    article = selectors.article_get(user=request.user, pk=pk)
    picture = get_object_or_404(selectors.article_images(article=article), pk=image_pk)
    response = image_response(picture)
    response["Cache-Control"] = "private, max-age=300"
    return response


# Categories


@login_required
def category_list(request: HttpRequest) -> HttpResponse:
    """The categories of the unit in context; its editors add them here."""
    unit = _context_unit(request)
    can_edit = unit is not None and access.can(request.user, "edit", unit)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        unit = _editable_context_unit(request)
        if form.is_valid():
            try:
                services.category_create(actor=request.user, unit=unit, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Category added."))
                return redirect("news:category_list")
    categories = selectors.category_list(user=request.user, unit=unit) if unit else []
    context = {"unit": unit, "categories": categories, "form": form, "can_edit": can_edit}
    return render(request, "news/category_list.html", context)


@login_required
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    category = selectors.category_get(user=request.user, pk=pk, action="edit")
    form = CategoryForm(
        request.POST or None,
        initial={"name": category.name, "slug": category.slug, "order": category.order},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Category saved."))
            return redirect("news:category_list")
    return render(request, "news/category_form.html", {"form": form, "category": category})


@login_required
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    category = selectors.category_get(user=request.user, pk=pk, action="edit")
    services.category_delete(actor=request.user, category=category)
    messages.success(request, _("Category deleted; its articles stay, without a category."))
    return redirect("news:category_list")
