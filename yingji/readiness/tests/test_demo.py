"""The readiness demo: service stations and the county's first bulletin; a second run adds nothing."""

import pytest

from yingji.divisions.models import Organisation
from yingji.divisions.tests.factories import county_tree
from yingji.readiness import demo
from yingji.readiness.models import Bulletin

pytestmark = pytest.mark.django_db


def test_the_demo_adds_stations_and_one_bulletin_once():
    county = county_tree()["county"]
    said = []
    demo.load_demo(county, said.append)
    stations = Organisation.objects.filter(kind=Organisation.Kind.SERVICE_STATION).count()
    bulletin = Bulletin.objects.get()
    assert stations >= 1 and bulletin.division == county and bulletin.standard == "township_six"
    assert len(bulletin.snapshot["ranking"]) == 2
    demo.load_demo(county, said.append)
    assert Bulletin.objects.count() == 1
    assert Organisation.objects.filter(kind=Organisation.Kind.SERVICE_STATION).count() == stations
