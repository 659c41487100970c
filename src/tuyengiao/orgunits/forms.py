"""Shapes of the unit pages' input. Rules live in services; these only parse."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.choices import Level, ReorganisationKind, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgUnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)
    admin_code = forms.CharField(label=_("Administrative area code"), max_length=20, required=False)


class OrgUnitEditForm(OrgUnitForm):
    level = None
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReorganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReorganisationKind.choices)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE)
    other_predecessors = forms.CharField(
        label=_("Other units merged (codes, one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    successors = forms.CharField(
        label=_("New units, one per line: code; name; share (optional, e.g. 0.6)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    share_basis = forms.CharField(label=_("Shares measure"), required=False, max_length=100)
    new_parent = forms.CharField(
        label=_("Parent unit of the new units (code; default: the same parent)"), required=False
    )
    new_name = forms.CharField(label=_("New name (rename)"), required=False, max_length=255)
    decision = forms.CharField(label=_("Decision"), required=False, max_length=255)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean_other_predecessors(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["other_predecessors"].splitlines()
            if line.strip()
        ]

    def clean_successors(self) -> list[tuple[str, str, Decimal | None]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["successors"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(n)s: write code; name; share") % {"n": number}
                )
            share = None
            if len(parts) > 2 and parts[2]:
                try:
                    share = Decimal(parts[2].replace(",", "."))
                except InvalidOperation:
                    raise forms.ValidationError(
                        _("Line %(n)s: '%(v)s' is not a number") % {"n": number, "v": parts[2]}
                    ) from None
            rows.append((parts[0], parts[1], share))
        return rows
