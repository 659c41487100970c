"""Demo periodic reports: a tuyên giáo form set (6-month and annual reviews), party terms, and
Nghệ An's district reports for 2019–2020, recorded through the services.

The figures are made up but plausible and fixed (a seeded generator), so the roll-up, the
completeness table and the comparisons read the same on every machine. Thành ủy Vinh's report for
the first half of 2020 is left for the demo editor to fill in.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from tuyengiao.accounts.models import User
from tuyengiao.core.periods import PeriodKind
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.choices import Aggregation, IndicatorSource, SectionKind, ValueType
from tuyengiao.reports.models import Form, Indicator, PartyTerm, Submission
from tuyengiao.reports.services import (
    form_create,
    form_indicator_add,
    form_rule_add,
    indicator_create,
    section_add,
    section_update,
    submission_approve,
    submission_open,
    submission_save,
    submission_submit,
)


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    measure: str
    value_type: ValueType
    aggregation: Aggregation = Aggregation.SUM
    ratio_of: tuple[str, str] | None = None
    source: IndicatorSource = IndicatorSource.ENTERED
    required: bool = False


INDICATORS = [
    DemoIndicator(
        "NV_TONG",
        "Số nhiệm vụ trong kỳ",
        "nhiệm vụ",
        ValueType.INTEGER,
        source=IndicatorSource.TASKS_TOTAL,
        required=True,
    ),
    DemoIndicator(
        "NV_XONG",
        "Số nhiệm vụ đã hoàn thành",
        "nhiệm vụ",
        ValueType.INTEGER,
        source=IndicatorSource.TASKS_DONE,
        required=True,
    ),
    DemoIndicator(
        "NV_TYLE",
        "Tỷ lệ hoàn thành nhiệm vụ",
        "%",
        ValueType.PERCENT,
        Aggregation.RATIO,
        ratio_of=("NV_XONG", "NV_TONG"),
    ),
    DemoIndicator(
        "HT_CUOC",
        "Số cuộc học tập, quán triệt nghị quyết, chỉ thị",
        "cuộc",
        ValueType.INTEGER,
        required=True,
    ),
    DemoIndicator(
        "HT_DUKIEN",
        "Số người phải tham gia học tập, quán triệt",
        "người",
        ValueType.INTEGER,
        required=True,
    ),
    DemoIndicator(
        "HT_THAMDU",
        "Số người đã tham gia học tập, quán triệt",
        "người",
        ValueType.INTEGER,
        required=True,
    ),
    DemoIndicator(
        "HT_TYLE",
        "Tỷ lệ tham gia học tập, quán triệt",
        "%",
        ValueType.PERCENT,
        Aggregation.RATIO,
        ratio_of=("HT_THAMDU", "HT_DUKIEN"),
    ),
    DemoIndicator("BCV_SO", "Số báo cáo viên", "người", ValueType.INTEGER, Aggregation.LAST),
    DemoIndicator("BCV_HN", "Số hội nghị báo cáo viên", "cuộc", ValueType.INTEGER),
    DemoIndicator(
        "HB_SO", "Số cuộc họp báo, cung cấp thông tin cho báo chí", "cuộc", ValueType.INTEGER
    ),
    DemoIndicator("TIN_SO", "Số tin, bài tuyên truyền đã đăng tải", "tin, bài", ValueType.INTEGER),
    DemoIndicator("DT_LOP", "Số lớp bồi dưỡng, tập huấn", "lớp", ValueType.INTEGER),
    DemoIndicator(
        "DT_HOCVIEN", "Số lượt học viên bồi dưỡng, tập huấn", "lượt người", ValueType.INTEGER
    ),
    DemoIndicator(
        "CT_SO", "Số công trình, phần việc chào mừng đại hội", "công trình", ValueType.INTEGER
    ),
    DemoIndicator("CT_GIATRI", "Tổng giá trị công trình, phần việc", "đồng", ValueType.MONEY),
    DemoIndicator(
        "KH_DAIHOI",
        "Đã ban hành kế hoạch tuyên truyền đại hội Đảng các cấp",
        "đơn vị",
        ValueType.BOOLEAN,
    ),
    DemoIndicator(
        "DG_DIEM",
        "Điểm tự đánh giá kết quả công tác (thang 100)",
        "điểm",
        ValueType.DECIMAL,
        Aggregation.AVERAGE,
    ),
]
RULES = [("HT_THAMDU", "lte", "HT_DUKIEN"), ("NV_XONG", "lte", "NV_TONG")]

RESULTS_TEMPLATE = (
    "Trong kỳ, các cấp đã hoàn thành {{NV_XONG}}/{{NV_TONG}} nhiệm vụ ({{NV_TYLE}}); tổ chức "
    "{{HT_CUOC}} cuộc học tập, quán triệt nghị quyết, chỉ thị với {{HT_THAMDU}} lượt người tham gia, "
    "đạt {{HT_TYLE}}; {{BCV_HN}} hội nghị báo cáo viên; {{TIN_SO}} tin, bài tuyên truyền. "
    "Đã thực hiện {{CT_SO}} công trình, phần việc chào mừng đại hội với tổng giá trị {{CT_GIATRI}}."
)
FORMS = [
    (
        "BC-6T",
        "Báo cáo sơ kết 6 tháng công tác tuyên giáo",
        PeriodKind.HALF,
        "Sơ kết công tác tuyên giáo {period}, phương hướng, nhiệm vụ 6 tháng tiếp theo",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG TIẾP THEO",
    ),
    (
        "BC-NAM",
        "Báo cáo tổng kết công tác tuyên giáo năm",
        PeriodKind.YEAR,
        "Tổng kết công tác tuyên giáo {period}, phương hướng, nhiệm vụ năm tiếp theo",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TIẾP THEO",
    ),
]
TERMS = [
    ("2015–2020", dt.date(2015, 10, 1)),
    ("2020–2025", dt.date(2020, 10, 1)),
    ("2025–2030", dt.date(2025, 10, 1)),
]

NGHE_AN = "P-40"
LEFT_FOR_THE_DEMO = "D-412"  # Thành ủy Vinh, 2020-H1: the editor fills it in
NOT_HANDED_IN = {"D-417", "D-418"}  # Kỳ Sơn, Tương Dương: 2020-H1 missing


def demo_reports_catalogue(operator: User) -> dict[str, Form]:
    """The nationwide form set, owned by the central commission (idempotent)."""
    central = OrgUnit.objects.get(code="TW")
    for label, starts_on in TERMS:
        PartyTerm.objects.get_or_create(unit=None, label=label, defaults={"starts_on": starts_on})
    indicators: dict[str, Indicator] = {i.code: i for i in Indicator.objects.all()}
    for spec in INDICATORS:
        if spec.code in indicators:
            continue
        extra = {}
        if spec.ratio_of:
            extra = {
                "numerator": indicators[spec.ratio_of[0]],
                "denominator": indicators[spec.ratio_of[1]],
            }
        indicators[spec.code] = indicator_create(
            actor=operator,
            owner=central,
            code=spec.code,
            name=spec.name,
            measure=spec.measure,
            value_type=spec.value_type,
            aggregation=spec.aggregation,
            source=spec.source,
            **extra,
        )
    forms = {}
    for code, name, kind, subject, ahead in FORMS:
        form = Form.objects.filter(code=code).first()
        if form is None:
            form = form_create(
                actor=operator,
                owner=central,
                code=code,
                name=name,
                subject=subject,
                period_kind=kind,
                start_day=15,
                deadline_days=10,
                levels=["province", "district"],
            )
            results = section_add(
                actor=operator, form=form, title="I. KẾT QUẢ ĐẠT ĐƯỢC", kind=SectionKind.NARRATIVE
            )
            figures = section_add(
                actor=operator, form=form, title="Số liệu chủ yếu", kind=SectionKind.FIGURES
            )
            for spec in INDICATORS:
                form_indicator_add(
                    actor=operator,
                    form=form,
                    section=figures,
                    indicator=indicators[spec.code],
                    required=spec.required,
                )
            for left, op, right in RULES:
                form_rule_add(
                    actor=operator,
                    form=form,
                    left=indicators[left],
                    operator=op,
                    right=indicators[right],
                )
            # The results template names figures, so it is checked once they are in the form.
            section_update(
                actor=operator, section=results, title=results.title, template=RESULTS_TEMPLATE
            )
            section_add(
                actor=operator,
                form=form,
                title="II. TỒN TẠI, HẠN CHẾ",
                kind=SectionKind.NARRATIVE,
                guidance="Những hạn chế, nguyên nhân và bài học kinh nghiệm.",
            )
            section_add(actor=operator, form=form, title=ahead, kind=SectionKind.NARRATIVE)
        forms[code] = form
    return forms


def _figures(rng: random.Random, *, scale: int) -> dict[str, object]:
    total = rng.randint(20, 40) * scale
    expected = rng.randint(800, 2000) * scale
    return {
        "NV_TONG": total,
        "NV_XONG": rng.randint(total // 2, total),
        "HT_CUOC": rng.randint(5, 25) * scale,
        "HT_DUKIEN": expected,
        "HT_THAMDU": rng.randint(int(expected * 0.85), expected),
        "BCV_SO": rng.randint(8, 30) * scale,
        "BCV_HN": rng.randint(1, 4) * scale,
        "HB_SO": rng.randint(0, 3) * scale,
        "TIN_SO": rng.randint(30, 150) * scale,
        "DT_LOP": rng.randint(1, 6) * scale,
        "DT_HOCVIEN": rng.randint(50, 400) * scale,
        "CT_SO": rng.randint(5, 40) * scale,
        "CT_GIATRI": Decimal(rng.randint(2, 60) * scale) * 1_000_000_000,
        "KH_DAIHOI": "có" if rng.random() < 0.9 else "không",
        "DG_DIEM": Decimal(rng.randint(780, 980)) / 10,
    }


def _hand_in(
    operator: User,
    form: Form,
    unit: OrgUnit,
    period_code: str,
    *,
    late: bool,
    rng: random.Random,
    approve: bool,
    scale: int = 1,
) -> Submission:
    submission = submission_open(actor=operator, form=form, unit=unit, period_code=period_code)
    if submission.status != "draft":
        return submission
    figures = _figures(rng, scale=scale)
    submission = submission_save(
        actor=operator,
        submission=submission,
        version=submission.version,
        values=figures,
        details={"place": "Nghệ An", "signer_position": "Trưởng ban", "signer_name": ""},
    )
    days = rng.randint(11, 25) if late else rng.randint(1, 10)
    at = timezone.make_aware(
        dt.datetime.combine(submission.period_end + dt.timedelta(days=days), dt.time(9))
    )
    submission = submission_submit(
        actor=operator, submission=submission, version=submission.version, at=at
    )
    if approve:
        submission = submission_approve(
            actor=operator, submission=submission, version=submission.version
        )
    return submission


def demo_reports_seed(operator: User) -> None:
    """Nghệ An's districts report the 6-month review for 2019-H1, 2019-H2 and 2020-H1."""
    forms = demo_reports_catalogue(operator)
    form = forms["BC-6T"]
    if Submission.objects.filter(form=form).exists():
        return
    nghe_an = OrgUnit.objects.get(code=NGHE_AN)
    districts = list(
        OrgUnit.objects.filter(parent=nghe_an, level="district")
        .valid_on(dt.date(2020, 6, 14))
        .order_by("code")
    )
    rng = random.Random(40)
    for period_code in ("2019-H1", "2019-H2", "2020-H1"):
        current = period_code == "2020-H1"
        for i, district in enumerate(districts):
            if current and district.code in NOT_HANDED_IN | {LEFT_FOR_THE_DEMO}:
                continue
            _hand_in(
                operator,
                form,
                district,
                period_code,
                late=i % 7 == 3,
                rng=rng,
                approve=not (current and i % 5 == 1),
            )
        if not current:
            _hand_in(
                operator, form, nghe_an, period_code, late=False, rng=rng, approve=True, scale=3
            )
