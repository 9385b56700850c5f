"""Dispatch orders: FEFO picking, partial fills, the steps, and two dispatchers racing for the last units."""

import datetime
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from yingji.core.exceptions import ApplicationError
from yingji.core.tests.concurrency import race_codes
from yingji.supplies import services
from yingji.supplies.models import Allocation, DispatchOrder, Movement, OrderLine, StockLot
from yingji.supplies.rules import MovementKind, OrderStatus
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot

TODAY = timezone.localdate


def _days(n):
    return TODAY() + datetime.timedelta(days=n)


def _approved(division, lines, title="洪灾安置调拨"):
    order = services.order_create(actor=None, data={"division": division, "title": title,
                                                    "destination": "锁南镇安置点"}, lines=lines)
    return services.order_approve(actor=None, order=order)


@pytest.mark.django_db
def test_fefo_picks_first_expiry_then_no_expiry_oldest_inbound_and_never_expired(world, water):
    wh = world.warehouse_a
    late = lot(wh, water, 10, batch="late", expiry_date=_days(200))
    soon = lot(wh, water, 10, batch="soon", expiry_date=_days(3))
    lot(wh, water, 50, batch="expired", expiry_date=_days(-1))
    today_lot = lot(wh, water, 5, batch="today", expiry_date=TODAY())
    newer = lot(wh, water, 10, batch="newer", received_on=_days(-1))
    older = lot(wh, water, 10, batch="older", received_on=_days(-100))
    other = lot(world.county_warehouse, water, 10, batch="county", expiry_date=_days(1))
    order = _approved(world.tree["town_a"], [(water, 40)])
    services.order_allocate(actor=None, order=order, warehouses=[wh])
    picked = list(Allocation.objects.filter(line__order=order).order_by("pk").values_list("lot__batch", "quantity"))
    assert picked == [("today", 5), ("soon", 10), ("late", 10), ("older", 10), ("newer", 5)]
    assert {(s.batch, s.reserved) for s in StockLot.objects.filter(pk__in=[late.pk, soon.pk, today_lot.pk,
                                                                              older.pk, newer.pk])} == {
        ("late", 10), ("soon", 10), ("today", 5), ("older", 10), ("newer", 5)}
    other.refresh_from_db()
    assert other.reserved == 0


@pytest.mark.django_db
def test_partial_fill_ship_and_partial_receipt(world, tent, water):
    lot(world.warehouse_a, tent, 30)
    lot(world.county_warehouse, tent, 20)
    water_lot = lot(world.county_warehouse, water, 7, expiry_date=_days(100))
    county = world.tree["county"]
    order = _approved(county, [(tent, 100), (water, 5)])
    services.order_allocate(actor=None, order=order, warehouses=[world.warehouse_a, world.county_warehouse])
    tents, waters = OrderLine.objects.filter(order=order).order_by("pk")
    assert (tents.requested, tents.allocated, waters.requested, waters.allocated) == (100, 50, 5, 5)
    services.order_ship(actor=None, order=order)
    shipped = Movement.objects.filter(kind=MovementKind.DISPATCH, allocation__line__order=order)
    assert sorted(shipped.values_list("quantity", flat=True)) == [-30, -20, -5]
    water_lot.refresh_from_db()
    assert (water_lot.quantity, water_lot.reserved) == (2, 0)
    with pytest.raises(ApplicationError, match="接收数量"):
        services.order_receive(actor=None, order=order, received={tents.pk: 51})
    services.order_receive(actor=None, order=order, received={tents.pk: 48})
    tents.refresh_from_db()
    waters.refresh_from_db()
    assert (tents.received, waters.received) == (48, 5)
    assert DispatchOrder.objects.get(pk=order.pk).status == OrderStatus.RECEIVED


@pytest.mark.django_db
def test_steps_go_in_order_and_allocation_stays_in_the_orders_subtree(world, tent):
    lot(world.warehouse_b, tent, 10)
    order = services.order_create(actor=None, data={"division": world.tree["town_a"], "title": "调拨",
                                                    "destination": "村委会"}, lines=[(tent, 5)])
    with pytest.raises(ApplicationError, match="已申请"):
        services.order_ship(actor=None, order=order)
    services.order_approve(actor=None, order=order)
    with pytest.raises(ApplicationError, match="辖区"):
        services.order_allocate(actor=None, order=order, warehouses=[world.warehouse_b])
    with pytest.raises(ApplicationError, match="没有可调拨"):
        services.order_allocate(actor=None, order=order, warehouses=[world.warehouse_a])
    assert not Allocation.objects.exists()
    assert DispatchOrder.objects.get(pk=order.pk).status == OrderStatus.APPROVED
    with pytest.raises(ApplicationError):
        services.order_create(actor=None, data={"division": world.tree["town_a"], "title": "空",
                                                "destination": "x"}, lines=[])


@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_never_both_get_the_last_units():
    """Threads on their own database connections allocate the same last units at the same moment: the
    row locks let exactly one succeed per round and the lot is never over-reserved."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent connections (set DATABASE_URL)")
    from yingji.divisions.tests.factories import county_tree

    tree = county_tree()
    item = ItemFactory(name="冲锋舟", category="boat", unit="艘")
    warehouse = WarehouseFactory(division=tree["county"])
    rounds, racers = 3, 4
    for round_no in range(rounds):
        stock = lot(warehouse, item, 10, batch=f"round-{round_no}")
        orders = [_approved(tree["county"], [(item, 10)], title=f"第{round_no}轮调度{i}") for i in range(racers)]
        outcomes = race_codes(*(partial(services.order_allocate, actor=None, order=order, warehouses=[warehouse])
                                for order in orders), done="allocated")
        assert outcomes == ["allocated"] + ["nothing_available"] * (racers - 1), outcomes
        stock.refresh_from_db()
        assert stock.reserved == 10
        assert sum(Allocation.objects.filter(lot=stock).values_list("quantity", flat=True)) == 10
        services.order_ship(actor=None, order=DispatchOrder.objects.get(status=OrderStatus.ALLOCATED))
        stock.refresh_from_db()
        assert (stock.quantity, stock.reserved) == (0, 0)
