"""The demo shelters: every status, a declared capacity above the computed one with its reason, registered
and unregistered shelters, villages left without a shelter and a high-risk township short of the long-stay
shelter it needs; a second run adds nothing."""

from decimal import Decimal

import pytest

from yingji.divisions.models import Division
from yingji.divisions.tests.factories import county_tree
from yingji.shelters import demo, selectors
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status

pytestmark = pytest.mark.django_db


def _county():
    tree = county_tree()
    located = {"county": (35.66, 103.39), "town_a": (35.60, 103.30), "town_b": (35.70, 103.50),
               "village_a": (35.61, 103.31), "village_b": (35.71, 103.51)}
    for key, (lat, lng) in located.items():
        Division.objects.filter(pk=tree[key].pk).update(latitude=Decimal(str(lat)), longitude=Decimal(str(lng)))
    Division.objects.filter(pk=tree["town_a"].pk).update(risk_zone="high")
    Division.objects.filter(pk=tree["town_b"].pk).update(risk_zone="low")
    Division.objects.create(code=tree["town_a"].code[:9] + "202", name="锁南二村", level="village",
                            parent=tree["town_a"], latitude=Decimal("35.59"), longitude=Decimal("103.29"))
    return Division.objects.get(pk=tree["county"].pk)


def test_demo_shelters_in_every_state_with_gaps_to_find_and_a_second_run_adds_nothing():
    county = _county()
    said = []
    demo.load_demo(county, said.append)
    shelters = list(Shelter.objects.all())
    assert {s.status for s in shelters} == set(Status.values)
    in_use = next(s for s in shelters if s.status == Status.IN_USE)
    assert in_use.occupancy > 0 and in_use.free_places == in_use.capacity - in_use.occupancy
    declared = [s for s in shelters if s.declared_capacity]
    assert declared and all(s.declared_capacity > s.computed_capacity and s.capacity_reason
                            and s.capacity == s.declared_capacity for s in declared)
    assert {s.national_registered for s in shelters} == {True, False}
    assert all(s.national_code for s in shelters if s.national_registered)
    coverage = selectors.village_coverage(county)
    # 达板村 is one of the villages the demo leaves without a shelter; 锁南二村's own shelter is the closed one.
    assert sorted(v.village.name for v in coverage.gaps) == sorted(["达板村", "锁南二村"])
    assert [v.village.name for v in coverage.villages if v.covered] == ["锁南村"]
    requirements = {r.township.code: r.met for r in selectors.township_requirements(county)}
    assert requirements[county.code[:6] + "100000"] is False  # high risk, only a short-stay township shelter
    assert said == [f"避难场所：新增{len(shelters)}处"]
    demo.load_demo(county, said.append)
    assert Shelter.all_objects.count() == len(shelters) and len(said) == 1
