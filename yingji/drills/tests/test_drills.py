"""Drill quotas (seeds 000/004) and the yearly drill of every plan (seed 002)."""

from datetime import date

import pytest

from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.drills import selectors, services
from yingji.drills.models import Drill
from yingji.drills.tests.factories import drill
from yingji.plans.models import Plan
from yingji.plans.tests.factories import plan

pytestmark = pytest.mark.django_db


def test_county_progress_counts_drills_in_its_subtree_for_the_year(django_assert_max_num_queries):
    tree = county_tree()
    county = tree["county"]
    drill(county, Drill.Kind.COMPREHENSIVE, on=date(2027, 3, 1))
    drill(tree["town_a"], Drill.Kind.COMPREHENSIVE, on=date(2027, 6, 1))
    drill(county, Drill.Kind.CROSS_REGION, on=date(2027, 9, 1))
    drill(county, Drill.Kind.COMPREHENSIVE, on=date(2026, 9, 1))  # last year: does not count
    with django_assert_max_num_queries(5):
        progress = {row.quota.code: row for row in selectors.quota_progress(county, 2027)}
    assert progress["county_comprehensive"].done == 2 and not progress["county_comprehensive"].met
    assert progress["county_real_or_tabletop"].met
    assert progress["county_cross_region"].met
    assert progress["county_joint"].done == 0


def test_published_plan_without_a_drill_in_twelve_months_is_listed():
    tree = county_tree()
    drilled = plan(tree["town_a"])
    stale = plan(tree["town_a"])
    Plan.all_objects.filter(pk__in=[drilled.pk, stale.pk]).update(status=Plan.Status.PUBLISHED)
    drill(tree["town_a"], on=date(2027, 4, 1), plans=[drilled])
    drill(tree["town_a"], on=date(2026, 3, 1), plans=[stale])
    assert list(selectors.plans_without_recent_drill(tree["county"], date(2027, 5, 1))) == [stale]


def test_a_finding_puts_the_plan_under_revision():
    tree = county_tree()
    p = plan(tree["town_a"])
    Plan.all_objects.filter(pk=p.pk).update(status=Plan.Status.PUBLISHED)
    d = drill(tree["town_a"], plans=[p])
    actor = UserFactory(division=tree["town_a"])
    services.evaluate(d, actor=actor, score=78, findings="转移路线与实际不符", revise_plans=[p])
    p.refresh_from_db()
    assert p.status == Plan.Status.REVISING
    assert p.events.get().comment == "转移路线与实际不符"
