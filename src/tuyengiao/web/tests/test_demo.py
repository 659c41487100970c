"""The demo reproduces the seed's figure through real tasks: Cần Thơ, 30/06/2020, "60/85"."""

import datetime as dt

import pytest
from django.core.management import call_command

from tuyengiao.core.periods import Period
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.programmes.models import Task, TaskUpdate
from tuyengiao.programmes.selectors import task_rollup
from tuyengiao.web.demo import OPERATOR, demo_seed

pytestmark = pytest.mark.django_db


def test_demo_rollup_of_can_tho_reads_60_of_85_on_30_june_2020(django_user_model):
    call_command("load_units", verbosity=0)
    demo_seed()
    operator = django_user_model.objects.get(username=OPERATOR)
    can_tho = OrgUnit.objects.get(code="P-92")
    rollup = task_rollup(
        user=operator, unit=can_tho, as_of=dt.date(2020, 6, 30), period=Period.parse("2020-H1")
    )
    assert rollup.subtree.done_ratio == "60/85"
    assert rollup.subtree.ad_hoc == 3 + 9  # the city's three and one per district
    assert rollup.own.done_ratio == "15/20"  # the city's own tasks, with the handed-down original
    lagging = [
        child.short_name
        for child, counts in rollup.children
        if counts.total and counts.done < counts.total
    ]
    assert len(lagging) == 9
    # Earlier in the half year fewer were done: the figure is computed, not stored.
    assert (
        task_rollup(
            user=operator, unit=can_tho, as_of=dt.date(2020, 3, 31), period=Period.parse("2020-H1")
        ).subtree.done
        < 60
    )
    # Idempotent: a second seed adds nothing.
    counts = (Task.objects.count(), TaskUpdate.objects.count())
    demo_seed()
    assert (Task.objects.count(), TaskUpdate.objects.count()) == counts
