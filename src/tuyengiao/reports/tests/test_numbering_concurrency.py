"""Concurrent submissions of one issuing body get distinct numbers with no gaps (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from tuyengiao.reports import services
from tuyengiao.reports.models import Submission
from tuyengiao.reports.tests.conftest import run_at_once

PERIODS = [f"{year}-H{half}" for year in (2022, 2023, 2024, 2025) for half in (1, 2)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_get_gapless_distinct_numbers(small_form, tree, operator):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions with row locks; SQLite serialises writers")
    drafts = []
    for code in PERIODS:
        report = services.submission_open(
            actor=operator, form=small_form.form, unit=tree.sibling, period_code=code
        )
        drafts.append(
            services.submission_save(
                actor=operator, submission=report, version=report.version, values={"SESSIONS": 1}
            )
        )
    errors = run_at_once(
        lambda report: services.submission_submit(
            actor=operator, submission=report, version=report.version
        ),
        drafts,
    )
    assert errors == []
    numbers = sorted(Submission.objects.filter(unit=tree.sibling).values_list("number", flat=True))
    assert numbers == list(range(1, len(PERIODS) + 1))
