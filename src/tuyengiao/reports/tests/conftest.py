"""Fixtures of the reports tests: a small form over the standard tree, built through the services."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

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
