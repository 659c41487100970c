"""Filling, submitting and deciding on reports; numbering; refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tuyengiao.accounts.choices import Role
from tuyengiao.accounts.models import Membership
from tuyengiao.core.exceptions import ConflictError, DomainError
from tuyengiao.core.models import AuditEntry
from tuyengiao.reports import numbering, services
from tuyengiao.reports.choices import SubmissionStatus
from tuyengiao.reports.models import PartyTerm, Submission, Value
from tuyengiao.testing import UserFactory

pytestmark = pytest.mark.django_db

PERIOD = "2025-H2"


def _user(unit, role: Role):
    user = UserFactory()
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def editor(tree):
    return _user(tree.child, Role.EDITOR)


@pytest.fixture
def draft(small_form, tree, editor) -> Submission:
    return services.submission_open(
        actor=editor, form=small_form.form, unit=tree.child, period_code=PERIOD
    )


def _values(submission: Submission) -> dict[str, object]:
    return {
        v.indicator.code: (v.text if v.number is None else v.number)
        for v in Value.objects.filter(submission=submission).select_related("indicator")
    }


def test_open_creates_one_draft_with_the_period_dates(draft, small_form, tree, editor):
    assert draft.status == SubmissionStatus.DRAFT
    assert (draft.period_start, draft.period_end) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert draft.deadline == dt.date(2026, 1, 10)
    assert draft.narratives[str(small_form.narrative.pk)].startswith("Held {{SESSIONS}}")
    again = services.submission_open(
        actor=editor, form=small_form.form, unit=tree.child, period_code="6 tháng cuối năm 2025"
    )
    assert again.pk == draft.pk


def test_vietnamese_input_is_read_by_type(draft, editor):
    saved = services.submission_save(
        actor=editor,
        submission=draft,
        version=draft.version,
        values={
            "SESSIONS": "12",
            "EXPECTED": "1.234",
            "ATTENDED": "1.200",
            "SCORE": "87,5",
            "VALUE": "626 tỉ",
            "PLAN": "có",
            "NOTE": "Đạt kế hoạch",
        },
    )
    assert saved.version == draft.version + 1
    assert _values(saved) == {
        "SESSIONS": Decimal(12),
        "EXPECTED": Decimal(1234),
        "ATTENDED": Decimal(1200),
        "SCORE": Decimal("87.5"),
        "VALUE": Decimal(626_000_000_000),
        "PLAN": Decimal(1),
        "NOTE": "Đạt kế hoạch",
    }
    # Clearing a field removes its figure.
    again = services.submission_save(
        actor=editor, submission=saved, version=saved.version, values={"NOTE": ""}
    )
    assert "NOTE" not in _values(again)


@pytest.mark.parametrize(
    ("values", "code", "words"),
    [
        ({"SESSIONS": "mười"}, "SESSIONS", "not a number"),
        ({"SESSIONS": "2,5"}, "SESSIONS", "whole number"),
        ({"SESSIONS": "-1"}, "SESSIONS", "between 0"),
        ({"PLAN": "maybe"}, "PLAN", "yes or no"),
        ({"RATE": "90"}, "RATE", "computed"),
        ({"EXPECTED": "100", "ATTENDED": "120"}, "ATTENDED", "must be ≤"),
        ({"UNKNOWN": "1"}, "UNKNOWN", "not a figure"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(draft, editor, values, code, words):
    values = {"VALUE": "5 triệu", **values}
    with pytest.raises(DomainError) as refused:
        services.submission_save(
            actor=editor, submission=draft, version=draft.version, values=values
        )
    assert words in refused.value.extra["errors"][code]
    assert Value.objects.filter(submission=draft).count() == 0
    draft.refresh_from_db()
    assert draft.version == 1


def test_relation_is_checked_against_stored_figures(draft, editor):
    saved = services.submission_save(
        actor=editor, submission=draft, version=draft.version, values={"EXPECTED": "100"}
    )
    with pytest.raises(DomainError) as refused:
        services.submission_save(
            actor=editor, submission=saved, version=saved.version, values={"ATTENDED": "101"}
        )
    assert "ATTENDED" in refused.value.extra["errors"]


def test_unknown_placeholder_in_narrative_is_refused(draft, editor, small_form):
    with pytest.raises(DomainError) as refused:
        services.submission_save(
            actor=editor,
            submission=draft,
            version=draft.version,
            narratives={str(small_form.narrative.pk): "Đạt {{NOPE}}"},
        )
    assert "NOPE" in refused.value.message


def test_stale_version_is_refused_not_lost(draft, editor):
    services.submission_save(actor=editor, submission=draft, version=1, values={"SESSIONS": "3"})
    with pytest.raises(ConflictError):
        services.submission_save(
            actor=editor, submission=draft, version=1, values={"SESSIONS": "4"}
        )
    assert _values(draft) == {"SESSIONS": Decimal(3)}


def test_who_may_report_what(small_form, tree, operator):
    form = small_form.form
    with pytest.raises(DomainError, match="did not exist"):
        services.submission_open(
            actor=operator, form=form, unit=tree.predecessor, period_code=PERIOD
        )
    with pytest.raises(DomainError, match="does not report"):
        services.submission_open(actor=operator, form=form, unit=tree.central, period_code=PERIOD)
    future = f"{timezone.localdate().year + 1}-H2"
    with pytest.raises(DomainError, match="has not begun"):
        services.submission_open(actor=operator, form=form, unit=tree.own, period_code=future)
    with pytest.raises(DomainError, match="per half-year"):
        services.submission_open(actor=operator, form=form, unit=tree.own, period_code="2025")
    sibling_editor = _user(tree.sibling, Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.submission_open(
            actor=sibling_editor, form=form, unit=tree.child, period_code=PERIOD
        )


def _filled(submission, editor, **extra) -> Submission:
    values = {"SESSIONS": "3", "EXPECTED": "100", "ATTENDED": "90", **extra}
    return services.submission_save(
        actor=editor, submission=submission, version=submission.version, values=values
    )


def test_submit_needs_the_required_figures(draft, editor):
    with pytest.raises(DomainError) as refused:
        services.submission_submit(actor=editor, submission=draft, version=draft.version)
    assert "SESSIONS" in refused.value.extra["errors"]
    assert Submission.objects.get(pk=draft.pk).status == SubmissionStatus.DRAFT


def test_the_flow_submit_return_submit_approve_lock_reopen(draft, editor, tree):
    own_approver = _user(tree.child, Role.APPROVER)
    parent_approver = _user(tree.own, Role.APPROVER)
    report = services.submission_submit(
        actor=editor, submission=_filled(draft, editor), version=draft.version + 1
    )
    assert report.status == SubmissionStatus.SUBMITTED
    assert report.number_text == "01-BC/BTGDVHU"  # a district commission after 2025
    with pytest.raises(PermissionDenied):  # nobody decides on their own unit's report
        services.submission_approve(actor=own_approver, submission=report, version=report.version)
    with pytest.raises(DomainError, match="Say why"):
        services.submission_return(
            actor=parent_approver, submission=report, version=report.version, reason=" "
        )
    returned = services.submission_return(
        actor=parent_approver, submission=report, version=report.version, reason="Thiếu số liệu"
    )
    assert (returned.status, returned.return_reason) == (SubmissionStatus.RETURNED, "Thiếu số liệu")
    fixed = _filled(returned, editor, SESSIONS="4")
    again = services.submission_submit(actor=editor, submission=fixed, version=fixed.version)
    assert again.number_text == "01-BC/BTGDVHU"  # the number is kept
    approved = services.submission_approve(
        actor=parent_approver, submission=again, version=again.version
    )
    assert approved.status == SubmissionStatus.APPROVED
    with pytest.raises(DomainError, match="locked"):
        _filled(approved, editor, SESSIONS="5")
    reopened = services.submission_reopen(
        actor=parent_approver, submission=approved, version=approved.version, reason="Sửa số liệu"
    )
    assert reopened.status == SubmissionStatus.RETURNED
    entry = AuditEntry.objects.filter(object_id=str(draft.pk), changes__event__1="reopen").get()
    assert entry.changes["reason"] == [None, "Sửa số liệu"]
    assert entry.actor == parent_approver
    assert _filled(reopened, editor, SESSIONS="5").version == reopened.version + 1


def test_numbers_run_per_issuing_body_and_restart_with_the_term(small_form, tree, operator):
    form = small_form.form

    def submit(unit, period_code, at):
        report = services.submission_open(
            actor=operator, form=form, unit=unit, period_code=period_code
        )
        report = _filled(report, operator)
        return services.submission_submit(
            actor=operator, submission=report, version=report.version, at=at
        ).number_text

    early = timezone.make_aware(dt.datetime(2025, 12, 20, 9))
    assert submit(tree.child, "2025-H2", early) == "01-BC/BTGDVHU"
    assert submit(tree.own, "2025-H2", early) == "01-BC/BTGDVTU"  # another body: its own sequence
    PartyTerm.objects.create(label="2025–2030", starts_on=dt.date(2025, 10, 1))
    # The term began before both: a new sequence for every body from now on.
    later = timezone.make_aware(dt.datetime(2026, 1, 5, 9))
    assert submit(tree.deeper, "2025-H2", later) == "01-BC/ĐU"
    assert submit(tree.sibling, "2025-H2", later) == "01-BC/BTGDVTU"
    assert submit(tree.sibling, "2025-H1", later) == "02-BC/BTGDVTU"


def test_issuer_codes_follow_level_kind_and_the_2025_merger(tree):
    before, after = dt.date(2024, 12, 1), dt.date(2025, 6, 1)
    assert numbering.issuer_code(tree.other_province, on=before) == "BTGTU"
    assert numbering.issuer_code(tree.other_province, on=after) == "BTGDVTU"
    assert numbering.issuer_code(tree.other, on=before) == "BTGHU"
    assert numbering.issuer_code(tree.central, on=after) == "BTGDVTW"
    assert numbering.issuer_code(tree.deeper, on=after) == "ĐU"


def test_unit_term_overrides_the_nationwide_one(tree):
    PartyTerm.objects.create(label="2020–2025", starts_on=dt.date(2020, 10, 1))
    PartyTerm.objects.create(
        unit=tree.other_province, label="2020–2025", starts_on=dt.date(2020, 10, 15)
    )
    assert numbering.term_start(tree.other, on=dt.date(2021, 1, 1)) == dt.date(2020, 10, 15)
    assert numbering.term_start(tree.own, on=dt.date(2021, 1, 1)) == dt.date(2020, 10, 1)
    assert numbering.term_start(tree.own, on=dt.date(2019, 1, 1)) == numbering.NO_TERM
