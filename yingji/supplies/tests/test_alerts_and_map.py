"""Alerts (expired / expiring boundaries, below minimum, equipment gaps), the attention provider and the
warehouses map layer's "holding at least N units" narrowing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.core.attention import attention_for
from yingji.resources import layers
from yingji.resources.selectors import nearest_resources
from yingji.supplies import selectors, services
from yingji.supplies.models import MinimumStock, StockLot, Warehouse
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot

pytestmark = pytest.mark.django_db


def _day(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_expired_and_expiring_boundaries(world, water):
    batches = {n: lot(world.warehouse_a, water, 5, batch=f"d{n}", expiry_date=_day(n)) for n in (-1, 0, 30, 31)}
    lot(world.warehouse_a, water, 5, batch="none")
    empty = lot(world.warehouse_a, water, 5, batch="empty", expiry_date=_day(-5))
    services.post_movement(actor=None, lot=empty, kind="write_off", quantity=5, reason="过期销毁")
    lots = StockLot.objects.all()
    assert {s.batch for s in selectors.expired(lots)} == {"d-1"}
    assert {s.batch for s in selectors.expiring(lots)} == {"d0", "d30"}
    assert {s.batch for s in selectors.expiring(lots, days=31)} == {"d0", "d30", "d31"}
    assert {s.batch for s in selectors.expiring(lots, days=0)} == {"d0"}
    assert batches[0].is_expired() is False and batches[-1].is_expired() is True


def test_below_minimum_counts_usable_unreserved_stock(world, tent):
    services.minimum_set(actor=None, warehouse=world.warehouse_a, item=tent, quantity=10)
    lot(world.warehouse_a, tent, 6)
    lot(world.warehouse_a, tent, 50, expiry_date=_day(-1))  # expired units do not count
    below = list(selectors.below_minimum(MinimumStock.objects.all()))
    assert [(m.warehouse, m.held) for m in below] == [(world.warehouse_a, 6)]
    lot(world.warehouse_a, tent, 4)
    assert not selectors.below_minimum(MinimumStock.objects.all()).exists()
    services.minimum_set(actor=None, warehouse=world.warehouse_a, item=tent, quantity=0)
    assert not MinimumStock.objects.exists()


def test_equipment_gap_is_the_township_without_a_drone(world):
    from yingji.divisions.models import Division

    drone = ItemFactory(name="多旋翼无人机", category="drone", unit="架", is_equipment=True)
    lot(world.warehouse_a, drone, 1)
    gaps = selectors.equipment_gaps(Division.objects.within(world.tree["county"]), StockLot.objects.all())
    assert [(g.division, g.held, g.minimum) for g in gaps] == [(world.tree["town_b"], 0, 1)]
    assert "能力建设现场会" in gaps[0].source and "无人机" in gaps[0].source


def test_alert_page_and_home_attention(client, world, water, tent):
    lot(world.warehouse_a, water, 5, batch="old", expiry_date=_day(-2))
    lot(world.warehouse_a, water, 5, batch="soon", expiry_date=_day(20))
    lot(world.warehouse_b, water, 5, batch="sibling", expiry_date=_day(-2))
    services.minimum_set(actor=None, warehouse=world.warehouse_a, item=tent, quantity=3)
    client.force_login(world.user_a)
    page = client.get(reverse("supplies-alerts"))
    assert page.status_code == 200
    assert [s.batch for s in page.context["expired"]] == ["old"]
    assert [s.batch for s in page.context["expiring"]] == ["soon"]
    assert [s.batch for s in client.get(reverse("supplies-alerts"), {"days": 10}).context["expiring"]] == []
    assert [m.item for m in page.context["below"]] == [tent]
    assert [g.division for g in page.context["gaps"]] == [world.tree["town_a"]]
    titles = {item.title: item.count for item in attention_for(world.user_a)}
    assert titles["已过期的应急物资批次"] == 1 and titles["低于最低储备量的物资"] == 1
    assert titles["应急装备配备缺口"] == 1


def test_warehouses_layer_finds_the_nearest_holding_enough(world, tent, water):
    layer = layers.layer_for(world.county_user, "warehouses")
    assert layer is not None and [o.name for o in layer.options] == ["item", "quantity"]
    near = WarehouseFactory(division=world.tree["county"], name="近库", latitude=35.50, longitude=103.40)
    far = WarehouseFactory(division=world.tree["county"], name="远库", latitude=35.90, longitude=103.80)
    Warehouse.objects.exclude(pk__in=[near.pk, far.pk]).update(latitude=None, longitude=None)
    lot(near, tent, 5)
    lot(near, tent, 100, expiry_date=_day(-1))
    lot(far, tent, 30)
    lot(near, water, 500)

    def found(**options):
        return [r.title for r in nearest_resources(world.county_user, layer, 35.5, 103.4, 5, options)]

    assert found() == ["近库", "远库"]
    assert found(item=str(tent.pk), quantity="10") == ["远库"]
    assert found(item=str(tent.pk), quantity="5") == ["近库", "远库"]
    assert found(item=str(water.pk)) == ["近库"]
    assert found(item="abc") == []
    assert {str(tent.pk), str(water.pk)} <= {value for value, _label in layer.options[0].choices(world.user_a)}
    response = nearest_resources(world.user_a, layer, 35.5, 103.4, 5, {})
    assert all(r.title not in {"近库", "远库"} for r in response)


def test_narrow_is_one_query_whatever_the_number_of_warehouses(world, tent, django_assert_num_queries):
    layer = layers.layer_for(world.county_user, "warehouses")
    for i in range(8):
        lot(WarehouseFactory(division=world.tree["county"], name=f"库{i}"), tent, 10 + i)
    with django_assert_num_queries(1):
        rows = list(layer.narrow(layer.queryset(world.county_user), {"item": str(tent.pk), "quantity": "15"}))
    assert sorted(w.held for w in rows) == [15, 16, 17]


def test_resource_pages_answer_nearest_warehouses_holding_an_item(client, world, tent):
    WarehouseFactory(division=world.tree["town_a"], name="无帐篷库", latitude=35.50, longitude=103.40)
    holder = WarehouseFactory(division=world.tree["town_a"], name="帐篷库", latitude=35.60, longitude=103.50)
    lot(holder, tent, 12)
    client.force_login(world.user_a)
    params = {"layer": "warehouses", "lat": "35.5", "lng": "103.4", "n": "3", "item": tent.pk, "quantity": "10"}
    page = client.get(reverse("resource-nearest"), params)
    assert [r.title for r in page.context["results"]] == ["帐篷库"]
    found = client.get("/api/v1/resources/nearest", params).json()
    assert [r["title"] for r in found] == ["帐篷库"] and "12" in found[0]["detail"]
