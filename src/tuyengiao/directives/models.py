"""The directive registry: party documents by their code (05-CT/TW, 208-QĐ/TW, 11-NQ/TU)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.core.models import Versioned
from tuyengiao.directives.choices import DirectiveStatus, DocumentType


class Directive(Versioned):
    """A party document as registered by a unit (`unit` keeps the record; its editors change it).

    `code` is the normalised NUMBER-TYPE/ISSUER. Codes are not unique nationally: every provincial
    committee issues its own "11-NQ/TU", and numbering restarts with each term (khóa), so a code is
    unique per keeping unit and term.
    """

    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="directives",
        verbose_name=_("registered by"),
    )
    code = models.CharField(_("code"), max_length=40)
    number = models.PositiveIntegerField(_("number"))
    doc_type = models.CharField(_("type"), max_length=4, choices=DocumentType.choices)
    issuer = models.CharField(_("issuer"), max_length=12)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    term = models.CharField(_("term"), max_length=12, blank=True)  # khóa: "XII", "XIII"
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DirectiveStatus.choices,
        default=DirectiveStatus.IN_FORCE,
    )
    search_name = models.CharField(max_length=600, editable=False)

    unit_path_lookup = "unit__path"

    class Meta:
        ordering = ["-issued_on", "code", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "term"], name="directive_code_unique_per_unit_term"
            )
        ]
        indexes = [models.Index(fields=["code"], name="directive_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("meetings:directive_detail", args=[self.pk])
