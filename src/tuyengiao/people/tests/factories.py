"""Factories of people and their positions (factory_boy)."""

from __future__ import annotations

import datetime as dt

import factory

from tuyengiao.core.text import fold
from tuyengiao.orgunits.choices import Level
from tuyengiao.people.models import Person, Position
from tuyengiao.testing import make_unit


class PersonFactory(factory.django.DjangoModelFactory):
    """An official; `search_name` follows `full_name`."""

    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thứ {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))


class PositionFactory(factory.django.DjangoModelFactory):
    """A position held from `valid_from` (default 01/01/2021), still held unless `valid_to`.
    Pass `unit=` (default: a new root unit valid since 2000)."""

    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    title = "Trưởng Ban Tuyên giáo"
    unit = factory.Sequence(
        lambda n: make_unit(None, f"POSU{n}", level=Level.CENTRAL, name=f"Ban {n}")
    )
    valid_from = dt.date(2021, 1, 1)
    valid_to = None
