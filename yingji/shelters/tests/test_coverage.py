"""Coverage: villages with no open shelter within the service radius, checked against a brute-force
comparison of every village with every shelter; shelters across a border count; township risk zones."""

import random
from decimal import Decimal

import pytest

from yingji.core.geo import distance_km
from yingji.divisions.models import Division
from yingji.divisions.tests.factories import county_tree
from yingji.shelters import selectors
from yingji.shelters.rules import Duration, Status, Tier
from yingji.shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


def _village(town, number, lat, lng):
    return Division.objects.create(code=f"{town.code[:9]}{number:03d}", name=f"{town.name}{number}村", level="village",
                                   parent=town, latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lng:.6f}"))


def test_gaps_match_a_brute_force_check_at_several_radii(django_assert_max_num_queries):
    tree = county_tree()
    rng = random.Random(5)
    for key in ("town_a", "town_b"):
        for i in range(60):
            _village(tree[key], 300 + i, 35.6 + rng.uniform(-0.08, 0.08), 103.4 + rng.uniform(-0.1, 0.1))
    shelters = [ShelterFactory(division=tree["town_a" if i % 2 else "town_b"],
                               latitude=Decimal(f"{35.6 + rng.uniform(-0.08, 0.08):.6f}"),
                               longitude=Decimal(f"{103.4 + rng.uniform(-0.1, 0.1):.6f}"),
                               status=Status.CLOSED if i % 7 == 0 else Status.READY)
                for i in range(40)]
    open_points = [(s.latitude, s.longitude) for s in shelters if s.status != Status.CLOSED]
    for radius in (0.5, 1.0, 2.5):
        with django_assert_max_num_queries(2):
            result = selectors.village_coverage(tree["town_a"], radius)
        villages = Division.objects.within(tree["town_a"]).filter(level="village").exclude(latitude=None)
        expected = {v.code for v in villages
                    if not any(distance_km(v.latitude, v.longitude, lat, lng) <= radius for lat, lng in open_points)}
        assert {g.village.code for g in result.gaps} == expected
        assert len(result.villages) == villages.count()
        assert 0 < len(expected) < villages.count()  # the case is not trivial at any of the radii


def test_a_shelter_just_across_the_township_border_serves_the_village():
    tree = county_tree()
    village = _village(tree["town_a"], 300, 35.6, 103.4)
    ShelterFactory(division=tree["town_b"], latitude=Decimal("35.603"), longitude=Decimal("103.4"))  # ≈ 334 m
    assert selectors.village_coverage(tree["town_a"], 0.5).gaps == []
    assert [g.village for g in selectors.village_coverage(tree["town_a"], 0.3).gaps] == [village]


def test_villages_without_coordinates_are_listed_apart():
    tree = county_tree()  # its villages have no coordinates
    result = selectors.village_coverage(tree["county"])
    assert result.villages == [] and {v.code for v in result.unlocated} == {tree["village_a"].code,
                                                                          tree["village_b"].code}


def test_township_risk_zone_against_the_longest_stay_it_offers():
    tree = county_tree()
    town_a, town_b = tree["town_a"], tree["town_b"]
    Division.objects.filter(pk=town_a.pk).update(risk_zone="high")
    Division.objects.filter(pk=town_b.pk).update(risk_zone="low")
    ShelterFactory(division=town_a, tier=Tier.TOWNSHIP, duration=Duration.SHORT_TERM)
    ShelterFactory(division=tree["village_a"], tier=Tier.VILLAGE, duration=Duration.LONG_TERM)  # village tier: no
    ShelterFactory(division=town_b, tier=Tier.TOWNSHIP, duration=Duration.SHORT_TERM)
    rows = {r.township.code: r for r in selectors.township_requirements(tree["county"])}
    assert (rows[town_a.code].required, rows[town_a.code].best, rows[town_a.code].met) == (
        Duration.LONG_TERM, Duration.SHORT_TERM, False)
    assert rows[town_b.code].met
    ShelterFactory(division=town_a, tier=Tier.TOWNSHIP, duration=Duration.LONG_TERM, status=Status.CLOSED)
    assert not selectors.township_requirements(tree["county"])[0].met  # a closed shelter does not count
    ShelterFactory(division=town_a, tier=Tier.COUNTY, duration=Duration.LONG_TERM)
    assert selectors.township_requirements(tree["county"])[0].met
