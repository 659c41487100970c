"""Input of the article import pages: the upload, and the review form that confirms a record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.meetings.choices import MeetingKind, PersonRole
from tuyengiao.news.forms import ObjectChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}))
        # An empty file is reported by the importer with its name, like any other bad file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = (
            [single(d, initial) for d in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(n)s files at a time; use `tuyengiao import-articles` for more.")
                % {"n": MAX_FILES}
            )
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Article files"), help_text=_("Plain text (.txt) or saved web pages (.html).")
    )


class ReviewForm(forms.Form):
    """The proposed meeting as the reviewer corrects it. People are rows of the formset below."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=400)
    start_date = forms.DateField(label=_("Start date"), widget=DATE, required=False)
    end_date = forms.DateField(label=_("End date"), widget=DATE, required=False)
    organiser = ObjectChoiceField(label=_("Organiser"), required=True)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    directive_codes = forms.CharField(
        label=_("Directives cited"),
        required=False,
        help_text=_("Codes separated by commas, e.g. 05-CT/TW, 208-QĐ/TW."),
    )
    keep_figures = forms.BooleanField(
        label=_("Copy the figures into the meeting summary"), required=False, initial=True
    )

    def __init__(self, *args: Any, organisers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].set_objects(organisers, label=lambda u: u.name, blank="")

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("directive_codes") or ""
        return [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]


class PersonRowForm(forms.Form):
    include = forms.BooleanField(label=_("Record"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    titles = forms.CharField(label=_("Titles that day"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)


PersonFormSet = forms.formset_factory(PersonRowForm, extra=1, max_num=40)
