"""Branch tallies: the handed-in figures of a form and period, summed per province-sized branch.

A national roll-up groups every handed-in figure of the period (a quarter of a million rows over
the real tree) by province; a province's comparison with the provinces merged into it reads the
same groups for two more periods. `BranchTally` keeps those groups ready. They stay correct
because a handed-in report's figures never change: a report is locked from its submission until it
is returned or re-opened, and both leave the counted statuses. So a branch's rows change only when
one of its reports enters or leaves the counted statuses, and the services call `refresh` then, in
the same transaction.

`refresh` recomputes the branch from the figures rather than adding or subtracting the report's
figures: a minimum or a maximum cannot be subtracted, and a recomputation cannot drift. It first
locks the branch's unit row, so two reports of one province handed in at the same moment are
tallied one after the other, the second seeing the first (PostgreSQL reads committed rows at each
statement; SQLite runs one writer at a time anyway).

The selectors read the tallies where a question is about whole branches (`covers`) and the user
may see all of them, and the figures themselves everywhere else; tests/test_tallies.py checks that
both give the same answer for every unit of a tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Substr

from tuyengiao.orgunits.models import PATH_SEGMENT_WIDTH, OrgUnit, subtree_q
from tuyengiao.reports.choices import COUNTED_STATUSES

# A branch is a unit two levels down (a province under the central unit): its path's first two
# segments. A root unit's own reports form a branch of their own, of one segment.
BRANCH_WIDTH = 2 * (PATH_SEGMENT_WIDTH + 1)
BATCH = 2000

Counted = tuple[Decimal, int, Decimal | None, Decimal | None]


def branch_of(unit_path: str) -> str:
    return unit_path[:BRANCH_WIDTH]


def enabled() -> bool:
    """Off (TUYENGIAO_REPORT_TALLIES=0) every roll-up reads the figures themselves."""
    return settings.REPORT_TALLIES


def covers(paths: Iterable[str], width: int | None) -> bool:
    """Can the tallies answer a roll-up over the subtrees at `paths`, grouped by the first
    `width` characters of the unit path (None: not grouped)? Only when every subtree is made of
    whole branches: a root (grouped by its branches or not at all) or a branch (not grouped)."""
    paths = list(paths)
    if not paths or not enabled():
        return False
    if width is None:
        return all(len(p) <= BRANCH_WIDTH for p in paths)
    return width == BRANCH_WIDTH and all(len(p) < BRANCH_WIDTH for p in paths)


def _branch_q(lookup: str, branch: str) -> Q:
    if len(branch) < BRANCH_WIDTH:  # a root: its own reports only, never its subtree
        return Q(**{lookup: branch})
    return subtree_q(lookup, branch, vendor=connection.vendor)


AGGREGATES = {
    "total": Sum("number"),
    "n": Count("number"),
    "low": Min("number"),
    "high": Max("number"),
}


def _grouped(value_model: Any, where: Q) -> Any:
    """The handed-in figures matching `where`, grouped per (form, period, branch, indicator)."""
    return (
        value_model.objects.filter(
            where, submission__status__in=COUNTED_STATUSES, number__isnull=False
        )
        .annotate(branch=Substr("submission__unit_path", 1, BRANCH_WIDTH))
        .values_list("submission__form_id", "submission__period_code", "branch", "indicator_id")
        .annotate(**AGGREGATES)
        .order_by()
    )


def _write(tally_model: Any, rows: Any) -> int:
    """Stores grouped rows (see `_grouped`) as tallies, in batches; returns how many."""
    batch, written = [], 0
    for form_id, period_code, branch, pk, total, n, low, high in rows.iterator(chunk_size=BATCH):
        batch.append(
            tally_model(
                form_id=form_id,
                period_code=period_code,
                branch=branch,
                indicator_id=pk,
                total=total,
                count=n,
                low=low,
                high=high,
            )
        )
        if len(batch) == BATCH:
            tally_model.objects.bulk_create(batch)
            written, batch = written + len(batch), []
    tally_model.objects.bulk_create(batch)
    return written + len(batch)


def refresh(*, form_id: int, period_code: str, branch: str) -> None:
    """Recomputes the tallies of one branch for one form and period from its handed-in figures.
    Call it inside the transaction that moved a report of the branch into or out of the counted
    statuses, after the move."""
    from tuyengiao.reports.models import BranchTally, Value

    # The lock that serialises two refreshes of one branch (see the module's docstring). NO KEY:
    # rows that merely point at the unit (memberships, audit entries) can still be written.
    branch_unit = OrgUnit.objects.select_for_update(no_key=True).filter(path=branch)
    list(branch_unit.values_list("pk", flat=True))
    BranchTally.objects.filter(form_id=form_id, period_code=period_code, branch=branch).delete()
    where = _branch_q("submission__unit_path", branch) & Q(
        submission__form_id=form_id, submission__period_code=period_code
    )
    _write(BranchTally, _grouped(Value, where))


def rebuild(*, value_model: Any = None, tally_model: Any = None) -> int:
    """Recomputes every tally from the figures (one grouped scan); returns the rows written.
    The models may be a migration's historical ones."""
    if value_model is None or tally_model is None:
        from tuyengiao.reports.models import BranchTally, Value

        value_model, tally_model = value_model or Value, tally_model or BranchTally
    tally_model.objects.all().delete()
    return _write(tally_model, _grouped(value_model, Q()))


def read(
    *, form_id: int, period_code: str, paths: Iterable[str], grouped: bool
) -> dict[tuple[str, int], Counted]:
    """The tallies over the subtrees at `paths` (see `covers`), per (branch, indicator) when
    `grouped`, else per ("", indicator) over all of them."""
    from tuyengiao.reports.models import BranchTally

    where = Q(pk__in=[])
    for path in paths:
        where |= (
            Q(branch=path)
            if len(path) == BRANCH_WIDTH
            else subtree_q("branch", path, vendor=connection.vendor)
        )
    rows = BranchTally.objects.filter(where, form_id=form_id, period_code=period_code)
    if grouped:
        return {
            (branch, pk): (total, n, low, high)
            for branch, pk, total, n, low, high in rows.values_list(
                "branch", "indicator_id", "total", "count", "low", "high"
            )
        }
    return {
        ("", pk): (total or Decimal(0), n, low, high)
        for pk, total, n, low, high in rows.values_list("indicator_id")
        .annotate(t=Sum("total"), c=Sum("count"), lo=Min("low"), hi=Max("high"))
        .order_by()
    }
