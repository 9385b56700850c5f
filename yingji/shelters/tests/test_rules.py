"""Capacity from the effective area and the GB 21734-2008 §5.4 norm (each person strictly more than
1.5 m²), a declared capacity above it only with a reason, and the other record rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingji.divisions.tests.factories import county_tree
from yingji.shelters import services
from yingji.shelters.rules import Status, capacity_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("area", "people"), [
    (2000, 1333),   # §5.4's recommended minimum site: 2000/1333 = 1.5004 m², 2000/1334 = 1.4993 m²
    (3000, 1999),   # an exact multiple: 2000 people would have exactly 1.5 m², which is not "more than"
    (Decimal("1.6"), 1),
    (Decimal("1.5"), 0),
    (0, 0),
    (None, 0),
])
def test_capacity_gives_each_person_more_than_one_and_a_half_square_metres(area, people):
    assert capacity_for(area) == people
    if people:
        assert Decimal(str(area)) / people > Decimal("1.5")
        assert Decimal(str(area)) / (people + 1) <= Decimal("1.5")


def _data(division, **extra):
    return {"division": division, "name": "村委会广场", "kind": "square", "total_area": Decimal("2500"),
            "effective_area": Decimal("2000"), "address": "村委会", **extra}


def test_the_stored_capacity_is_computed_unless_declared_with_a_reason():
    village = county_tree()["village_a"]
    shelter = services.shelter_create(actor=None, data=_data(village))
    assert shelter.capacity == 1333
    with pytest.raises(ValidationError) as error:
        services.shelter_create(actor=None, data=_data(village, name="学校", declared_capacity=1500))
    assert "1333" in error.value.message_dict["capacity_reason"][0]
    declared = services.shelter_create(actor=None, data=_data(village, name="学校", declared_capacity=1500,
                                                              capacity_reason="含教学楼室内安置区"))
    assert declared.capacity == 1500
    lower = services.shelter_create(actor=None, data=_data(village, name="小广场", declared_capacity=800))
    assert lower.capacity == 800
    shelter = services.shelter_update(actor=None, obj=shelter, data={"effective_area": Decimal("300")})
    assert shelter.capacity == 199


def test_effective_area_cannot_exceed_total_and_registered_needs_a_code():
    village = county_tree()["village_a"]
    with pytest.raises(ValidationError) as error:
        services.shelter_create(actor=None, data=_data(village, effective_area=Decimal("3000")))
    assert "有效避难面积不能大于总面积" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.shelter_create(actor=None, data=_data(village, national_registered=True))
    assert "national_code" in error.value.message_dict


def test_people_are_only_in_a_shelter_in_use_and_it_cannot_close_with_them_inside():
    from yingji.core.exceptions import ApplicationError

    village = county_tree()["village_a"]
    shelter = services.shelter_create(actor=None, data=_data(village))
    with pytest.raises(ValidationError):
        services.shelter_create(actor=None, data=_data(village, name="乙", occupancy=10))
    shelter = services.set_occupancy(actor=None, shelter=shelter, status=Status.IN_USE, occupancy=1400)
    assert (shelter.occupancy, shelter.free_places) == (1400, 0)  # over capacity in a disaster: recorded as is
    with pytest.raises(ApplicationError):
        services.set_occupancy(actor=None, shelter=shelter, status=Status.CLOSED, occupancy=1400)
    shelter.refresh_from_db()
    assert (shelter.status, shelter.occupancy) == (Status.IN_USE, 1400)
    shelter = services.set_occupancy(actor=None, shelter=shelter, status=Status.IN_USE, occupancy=300)
    assert shelter.free_places == 1033
    shelter = services.set_occupancy(actor=None, shelter=shelter, status=Status.CLOSED, occupancy=0)
    assert shelter.free_places == 0
