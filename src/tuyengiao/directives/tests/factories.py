"""Factories of the directive registry (factory_boy). The code's parts follow the code: pass
`code="11-NQ/TU"` and number, type and issuer are derived from it."""

from __future__ import annotations

import datetime as dt

import factory

from tuyengiao.directives.codes import parse_code, search_text
from tuyengiao.directives.models import Directive
from tuyengiao.orgunits.choices import Level
from tuyengiao.testing import make_unit


def _root_unit(n: int):
    return make_unit(None, f"DIRU{n}", level=Level.CENTRAL, name=f"Ban Tuyên giáo {n}")


class DirectiveFactory(factory.django.DjangoModelFactory):
    """A directive kept by `unit` (default: a new root unit). Give `unit=tree.central` for a
    central code."""

    class Meta:
        model = Directive

    unit = factory.Sequence(_root_unit)
    code = factory.Sequence(lambda n: f"{n + 1:02d}-CT/TW")
    number = factory.LazyAttribute(lambda o: parse_code(o.code).number)
    doc_type = factory.LazyAttribute(lambda o: parse_code(o.code).doc_type)
    issuer = factory.LazyAttribute(lambda o: parse_code(o.code).issuer)
    issued_on = dt.date(2021, 3, 1)
    title = factory.Sequence(lambda n: f"Về tăng cường công tác tuyên truyền {n}")
    term = "XIII"
    search_name = factory.LazyAttribute(
        lambda o: search_text(code=o.code, doc_type=o.doc_type, title=o.title)
    )
