"""Choices of the directive registry (GLOSSARY.md "Documents")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """The type part of a party document code: NUMBER-TYPE/ISSUER."""

    NQ = "NQ", _("Resolution")  # Nghị quyết
    CT = "CT", _("Directive")  # Chỉ thị
    QD = "QĐ", _("Decision / regulation")  # Quyết định / Quy định
    QDI = "QĐi", _("Regulation")  # Quy định of the Central Committee: "08-QĐi/TW"
    KL = "KL", _("Conclusion")  # Kết luận
    TB = "TB", _("Notice")  # Thông báo (kết luận)
    HD = "HD", _("Guidance")  # Hướng dẫn
    KH = "KH", _("Plan")  # Kế hoạch
    CTR = "CTr", _("Programme")  # Chương trình
    QC = "QC", _("Rules")  # Quy chế
    BC = "BC", _("Report")  # Báo cáo


class DirectiveStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")
