import pytest

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory


@pytest.fixture
def world(db):
    world = two_townships()
    world.county_warehouse = WarehouseFactory(division=world.tree["county"], name="县级应急物资储备库")
    world.warehouse_a = WarehouseFactory(division=world.tree["town_a"], name="锁南镇储备点")
    world.warehouse_b = WarehouseFactory(division=world.tree["town_b"], name="达板镇储备点")
    world.admin = UserFactory(division=world.tree["county"], role=Role.ADMIN)
    return world


@pytest.fixture
def tent(db):
    return ItemFactory(name="单帐篷", unit="顶")


@pytest.fixture
def water(db):
    return ItemFactory(name="瓶装饮用水", category="food_water", unit="箱", shelf_life_days=365)
