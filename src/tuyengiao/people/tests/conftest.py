"""Service and API messages are asserted in English (the source language); the pages'
Vietnamese is checked by the page tests and the catalogue test."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield
