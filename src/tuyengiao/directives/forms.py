"""Shapes of the registry pages' input. The code is kept as typed: the service reads it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.directives.choices import DirectiveStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DirectiveForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=120,
        help_text=_("As written: 05-CT/TW, “Quy định số 208-QĐ/TW ngày 08/11/2019”."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, required=False)
    term = forms.CharField(
        label=_("Term"), max_length=20, required=False, help_text=_("Khóa: XIII, or 2020-2025.")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=DirectiveStatus.choices, initial=DirectiveStatus.IN_FORCE
    )


class DirectiveEditForm(DirectiveForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
