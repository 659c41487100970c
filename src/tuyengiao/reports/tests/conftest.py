"""Fixtures of the reports tests: a small form over the standard tree, built through the services."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone, translation

from tuyengiao.core.periods import PeriodKind
from tuyengiao.reports import services
from tuyengiao.reports.choices import Aggregation, SectionKind, ValueType
from tuyengiao.reports.models import Form, Indicator, Section


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass
class SmallForm:
    form: Form
    figures: Section
    narrative: Section
    indicators: dict[str, Indicator]


@pytest.fixture
def small_form(tree, operator) -> SmallForm:
    """A half-year form of the central unit, reported by every level: sessions (sum, required),
    expected and attended (attended ≤ expected), their ratio, reporters (last), a score (average),
    value in VND (money), a plan adopted (yes/no) and a note (text)."""
    specs = [
        ("SESSIONS", "Study sessions", "cuộc", ValueType.INTEGER, Aggregation.SUM),
        ("EXPECTED", "Expected participants", "người", ValueType.INTEGER, Aggregation.SUM),
        ("ATTENDED", "Participants", "người", ValueType.INTEGER, Aggregation.SUM),
        ("REPORTERS", "Reporters", "người", ValueType.INTEGER, Aggregation.LAST),
        ("SCORE", "Self-assessed score", "điểm", ValueType.DECIMAL, Aggregation.AVERAGE),
        ("LOWEST", "Lowest score", "điểm", ValueType.DECIMAL, Aggregation.MIN),
        ("VALUE", "Value of works", "đồng", ValueType.MONEY, Aggregation.SUM),
        ("PLAN", "Plan adopted", "đơn vị", ValueType.BOOLEAN, Aggregation.SUM),
        ("NOTE", "Note", "", ValueType.TEXT, Aggregation.NONE),
    ]
    indicators = {
        code: services.indicator_create(
            actor=operator,
            owner=tree.central,
            code=code,
            name=name,
            measure=measure,
            value_type=value_type,
            aggregation=aggregation,
        )
        for code, name, measure, value_type, aggregation in specs
    }
    indicators["RATE"] = services.indicator_create(
        actor=operator,
        owner=tree.central,
        code="RATE",
        name="Attendance rate",
        measure="%",
        value_type=ValueType.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator=indicators["ATTENDED"],
        denominator=indicators["EXPECTED"],
    )
    form = services.form_create(
        actor=operator,
        owner=tree.central,
        code="HALF",
        name="Half-year review",
        subject="Sơ kết công tác tuyên giáo {period}",
        period_kind=PeriodKind.HALF,
        levels=["province", "district", "commune"],
        deadline_days=10,
    )
    figures = services.section_add(
        actor=operator, form=form, title="Figures", kind=SectionKind.FIGURES
    )
    for code in [
        "SESSIONS",
        "EXPECTED",
        "ATTENDED",
        "RATE",
        "REPORTERS",
        "SCORE",
        "LOWEST",
        "VALUE",
        "PLAN",
        "NOTE",
    ]:
        services.form_indicator_add(
            actor=operator,
            form=form,
            section=figures,
            indicator=indicators[code],
            required=code == "SESSIONS",
        )
    services.form_rule_add(
        actor=operator,
        form=form,
        left=indicators["ATTENDED"],
        operator="lte",
        right=indicators["EXPECTED"],
    )
    narrative = services.section_add(
        actor=operator,
        form=form,
        title="Results",
        kind=SectionKind.NARRATIVE,
        template="Held {{SESSIONS}} sessions, {{RATE}} attended, worth {{VALUE}}.",
    )
    return SmallForm(form=form, figures=figures, narrative=narrative, indicators=indicators)


def hand_in(operator, form, unit, period_code, values, *, submit_on: dt.date | None):
    """A report opened and filled through the services; submitted on `submit_on` when given."""
    report = services.submission_open(actor=operator, form=form, unit=unit, period_code=period_code)
    report = services.submission_save(
        actor=operator, submission=report, version=report.version, values=values
    )
    if submit_on is not None:
        at = timezone.make_aware(dt.datetime.combine(submit_on, dt.time(10)))
        report = services.submission_submit(
            actor=operator, submission=report, version=report.version, at=at
        )
    return report


@pytest.fixture
def reported(small_form, tree, operator):
    """2025-H2 over P1 (on time), D1 (late), C1 (a draft) and P2; P1's predecessor P0 in 2024-H2
    and 2025-H1."""
    form = small_form.form
    on_time, late = dt.date(2026, 1, 5), dt.date(2026, 1, 20)
    hand_in(
        operator,
        form,
        tree.own,
        "2025-H2",
        {
            "SESSIONS": 2,
            "EXPECTED": 100,
            "ATTENDED": 90,
            "REPORTERS": 10,
            "SCORE": "80",
            "LOWEST": "70",
            "VALUE": "600 tỉ",
            "PLAN": "có",
            "NOTE": "Tỉnh",
        },
        submit_on=on_time,
    )
    hand_in(
        operator,
        form,
        tree.child,
        "2025-H2",
        {
            "SESSIONS": 3,
            "EXPECTED": 50,
            "ATTENDED": 50,
            "REPORTERS": 5,
            "SCORE": "90",
            "LOWEST": "60",
            "VALUE": "26 tỉ",
            "PLAN": "không",
        },
        submit_on=late,
    )
    # A draft is not handed in: it counts neither in the totals nor as submitted.
    hand_in(operator, form, tree.deeper, "2025-H2", {"SESSIONS": 100}, submit_on=None)
    # Another province's figures stay out of P1's roll-up.
    hand_in(operator, form, tree.sibling, "2025-H2", {"SESSIONS": 7}, submit_on=on_time)
    # Before the merger, P1's predecessor reported on its own.
    hand_in(
        operator,
        form,
        tree.predecessor,
        "2024-H2",
        {"SESSIONS": 4, "EXPECTED": 10, "ATTENDED": 5},
        submit_on=dt.date(2025, 1, 3),
    )
    hand_in(
        operator, form, tree.predecessor, "2025-H1", {"SESSIONS": 6}, submit_on=dt.date(2025, 7, 3)
    )
    return small_form


def run_at_once(work: Callable[[object], object], items: Iterable[object]) -> list[BaseException]:
    """Runs `work` on each item in its own thread and database connection, all released at the
    same moment; returns what they raised (a thread must not die silently)."""
    items = list(items)
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def run(item: object) -> None:
        try:
            barrier.wait()
            work(item)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors
