"""Importing published articles: upload files, review what was read, confirm into a Meeting.

The unit in context imports (its editors); each file's outcome is listed after the upload. The
review page shows the article text with the passages each field was read from marked, beside the
proposed meeting, which the reviewer corrects and confirms.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuyengiao import access
from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.news import selectors
from tuyengiao.news.forms_import import PersonFormSet, ReviewForm, UploadForm
from tuyengiao.news.importing import (
    PersonChoice,
    article_import_confirm,
    article_import_discard,
    article_import_files,
    highlighted_body,
    import_proposal,
)
from tuyengiao.news.models import ArticleImport
from tuyengiao.news.views import _context_unit, _editable_context_unit
from tuyengiao.orgunits.models import OrgUnit, valid_on_q


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """The unit's imported articles waiting for review, and the upload form."""
    unit = _context_unit(request)
    form = UploadForm()
    outcomes = None
    if request.method == "POST":
        unit = _editable_context_unit(request)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            outcomes = article_import_files(
                actor=request.user,
                unit=unit,
                files=((f.name, f.read()) for f in form.cleaned_data["files"]),
            )
    pending = selectors.article_import_list(user=request.user, unit=unit)[:200]
    return render(
        request,
        "news/import_list.html",
        {
            "unit": unit,
            "form": form,
            "outcomes": outcomes,
            "pending": pending,
            "can_edit": unit is not None and access.can(request.user, "edit", unit),
        },
    )


def _organisers(record: ArticleImport, guess: OrgUnit, day) -> list[OrgUnit]:
    """The importing unit, the units directly below it (on the meeting's day) and the guess."""
    units = OrgUnit.objects.filter(parent=record.unit)
    if day is not None:
        units = units.filter(valid_on_q(day))
    choices = [record.unit, *units.order_by("name")[:300]]
    if guess.pk not in {u.pk for u in choices}:
        choices.insert(1, guess)
    return choices


@login_required
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The article beside its proposed meeting; POST confirms it."""
    record = selectors.article_import_get(user=request.user, pk=pk)
    proposal = import_proposal(user=request.user, record=record)
    initial = {
        "version": record.version,
        "kind": proposal.kind,
        "title": proposal.title,
        "start_date": proposal.start_date,
        "end_date": proposal.end_date,
        "organiser": proposal.organiser.pk,
        "place": proposal.place,
        "directive_codes": ", ".join(proposal.directive_codes + proposal.unregistered_codes),
        "keep_figures": True,
    }
    people_initial = [
        {"include": True, "name": p.name, "titles": p.titles, "role": p.role}
        for p in proposal.people
    ]
    organisers = _organisers(record, proposal.organiser, proposal.start_date)
    if request.method == "POST":
        record = selectors.article_import_get(user=request.user, pk=pk, action="edit")
        form = ReviewForm(request.POST, organisers=organisers)
        people = PersonFormSet(request.POST, prefix="people")
        if form.is_valid() and people.is_valid():
            data = form.cleaned_data
            chosen = [
                PersonChoice(name=row["name"], titles=row.get("titles", ""), role=row["role"])
                for row in people.cleaned_data
                if row.get("include") and (row.get("name") or "").strip()
            ]
            try:
                meeting = article_import_confirm(
                    actor=request.user,
                    record=record,
                    version=data["version"],
                    kind=data["kind"],
                    title=data["title"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    organiser=data["organiser"],
                    place=data["place"],
                    people=chosen,
                    directive_codes=form.codes(),
                    keep_figures=data["keep_figures"],
                )
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("The meeting was recorded from the article."))
                return redirect(meeting.get_absolute_url())
    else:
        form = ReviewForm(initial=initial, organisers=organisers)
        people = PersonFormSet(initial=people_initial, prefix="people")
    return render(
        request,
        "news/import_review.html",
        {
            "record": record,
            "proposal": proposal,
            "pieces": highlighted_body(record),
            "form": form,
            "people": people,
            "confidence": record.record.get("confidence", {}),
            "can_edit": access.can(request.user, "edit", record.unit),
        },
    )


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.article_import_get(user=request.user, pk=pk, action="edit")
    try:
        article_import_discard(
            actor=request.user, record=record, version=int(request.POST.get("version", 0))
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(record.get_absolute_url())
    messages.success(request, _("The imported article was set aside."))
    return redirect("news:import_list")
