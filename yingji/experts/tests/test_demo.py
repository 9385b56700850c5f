"""The demo expert pool: a dozen experts over several domains, each available one at the annual meeting;
a second run adds nothing."""

import pytest

from yingji.divisions.tests.factories import county_tree
from yingji.experts import demo
from yingji.experts.models import Expert, ExpertEngagement
from yingji.experts.rules import EngagementKind

pytestmark = pytest.mark.django_db


def test_demo_experts_and_engagements_and_a_second_run_adds_nothing():
    county = county_tree()["county"]
    said = []
    demo.load_demo(county, said.append)
    assert Expert.objects.count() == 12
    assert Expert.objects.filter(domains__code="hazchem").exists()
    assert ExpertEngagement.objects.filter(kind=EngagementKind.ANNUAL_MEETING).count() == 11
    assert all(e.division == county for e in ExpertEngagement.objects.select_related("division"))
    before = (Expert.all_objects.count(), ExpertEngagement.all_objects.count())
    demo.load_demo(county, said.append)
    assert (Expert.all_objects.count(), ExpertEngagement.all_objects.count()) == before
    assert said[-1] == "专家 experts +0, 参与记录 engagements +0"
