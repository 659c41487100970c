"""Shapes of the news pages' input. Rules live in services; these only parse.

Categories and meetings offered come from selectors through the view; a choice cleans to the
object, so the view hands objects straight to the service.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.news.choices import ArticleStatus


class ObjectChoiceField(forms.TypedChoiceField):
    """A select over objects the view already read: submits the pk, cleans to the object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)
        self.objects: dict[int, Any] = {}

    def set_objects(self, objects: Iterable[Any], label=str, blank: str = "—") -> None:
        self.objects = {o.pk: o for o in objects}
        self.choices = [("", blank)] + [(o.pk, label(o)) for o in self.objects.values()]

    def clean(self, value: Any) -> Any:
        pk = super().clean(value)
        return self.objects.get(pk) if pk not in (None, "") else None


def meeting_label(meeting: Any) -> str:
    return f"{meeting.start_date:%d/%m/%Y} · {meeting.title}"


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary (sapo)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body_html = forms.CharField(
        label=_("Body (HTML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "html-body"}),
        help_text=_(
            "Paragraphs <p>, bold <strong>, italics <em>, lists, quotes, headings <h2>-<h4>, "
            "links, tables. Scripts, styles and embedded frames are removed when saved."
        ),
    )
    author = forms.CharField(
        label=_("Byline"),
        max_length=200,
        required=False,
        help_text=_("As printed under the article, e.g. “Tin, ảnh: Thanh Thy”."),
    )
    category = ObjectChoiceField(label=_("Category"))
    meeting = ObjectChoiceField(label=_("Meeting it reports"))
    slug = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Made from the title when empty."),
    )
    source_url = forms.CharField(label=_("Source address"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, categories=(), meetings=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].set_objects(categories)
        self.fields["meeting"].set_objects(meetings, label=meeting_label)


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    published_at = forms.DateTimeField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        help_text=_("Empty: now (or its earlier publication date)."),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=500, required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.CharField(
        label=_("Address"), max_length=140, required=False, help_text=_("Made from the name.")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)


class ArticleFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *ArticleStatus.choices]
    )
