"""Stock: the balance is always the sum of the movements and never negative; refusals write nothing;
movements are append-only; transfers, write-offs and stocktakes post movements."""

import datetime
from functools import partial

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from yingji.audit.models import AuditEntry
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.core.tests.concurrency import race_codes
from yingji.divisions.tests.factories import UserFactory
from yingji.supplies import services
from yingji.supplies.models import AppendOnly, Movement, StockLot, StocktakeLine
from yingji.supplies.rules import MovementKind, StocktakeKind, StocktakeStatus
from yingji.supplies.tests.factories import lot

pytestmark = pytest.mark.django_db


def _sum(stock):
    return Movement.objects.filter(lot=stock).aggregate(total=Sum("quantity"))["total"] or 0


def test_refused_outbound_writes_nothing_and_says_why(world, tent):
    stock = lot(world.warehouse_a, tent, 10)
    movements, audits = Movement.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.post_movement(actor=world.user_a, lot=stock, kind=MovementKind.OUTBOUND, quantity=11)
    assert refused.value.code == "insufficient_stock"
    assert "库存不足" in str(refused.value.message) and "10" in str(refused.value.message)
    assert (Movement.objects.count(), AuditEntry.objects.count()) == (movements, audits)
    stock.refresh_from_db()
    assert stock.quantity == 10 == _sum(stock)


def test_the_database_refuses_a_negative_balance_even_outside_the_service(world, tent):
    stock = lot(world.warehouse_a, tent, 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLot.objects.filter(pk=stock.pk).update(quantity=-1)


def test_balance_is_the_sum_of_every_kind_of_movement(world, tent):
    stock = lot(world.warehouse_a, tent, 50)
    services.post_movement(actor=world.user_a, lot=stock, kind=MovementKind.INBOUND, quantity=20)
    services.post_movement(actor=world.user_a, lot=stock, kind=MovementKind.OUTBOUND, quantity=15, reason="演练")
    services.post_movement(actor=world.user_a, lot=stock, kind=MovementKind.WRITE_OFF, quantity=5, reason="霉变")
    target = services.transfer(actor=world.county_user, lot=stock, to_warehouse=world.county_warehouse,
                               quantity=12).peer.lot
    services.post_movement(actor=world.user_a, lot=stock, kind=MovementKind.ADJUSTMENT, quantity=-3,
                           reason="盘亏")
    stock.refresh_from_db()
    target.refresh_from_db()
    assert stock.quantity == 50 + 20 - 15 - 5 - 12 - 3 == _sum(stock)
    assert target.quantity == 12 == _sum(target)
    assert target.warehouse == world.county_warehouse and target.batch == stock.batch
    out = Movement.objects.get(lot=stock, kind=MovementKind.TRANSFER_OUT)
    assert out.peer.lot == target and out.peer.peer == out
    balances = list(Movement.objects.filter(lot=stock).order_by("pk").values_list("balance_after", flat=True))
    assert balances == [50, 70, 55, 50, 38, 35]
    assert AuditEntry.objects.filter(action="supplies.movement.write_off").exists()


def test_write_off_needs_a_reason_and_zero_or_negative_quantities_are_refused(world, tent):
    stock = lot(world.warehouse_a, tent, 5)
    with pytest.raises(ApplicationError, match="原因"):
        services.post_movement(actor=None, lot=stock, kind=MovementKind.WRITE_OFF, quantity=1)
    for bad in (0, -2):
        with pytest.raises(ApplicationError):
            services.post_movement(actor=None, lot=stock, kind=MovementKind.INBOUND, quantity=bad)
    assert _sum(stock) == 5 and Movement.objects.filter(lot=stock).count() == 1


def test_movements_are_append_only(world, tent):
    movement = lot(world.warehouse_a, tent, 5).movements.get()
    movement.quantity = 500
    with pytest.raises(AppendOnly):
        movement.save()
    with pytest.raises(AppendOnly):
        movement.delete()
    assert Movement.objects.get(pk=movement.pk).quantity == 5


def test_reserved_units_cannot_leave_by_another_movement(world, tent):
    stock = lot(world.warehouse_a, tent, 10)
    order = services.order_create(actor=None, data={"division": world.tree["town_a"], "title": "安置",
                                                    "destination": "锁南村"}, lines=[(tent, 8)])
    services.order_approve(actor=None, order=order)
    services.order_allocate(actor=None, order=order, warehouses=[world.warehouse_a])
    with pytest.raises(ApplicationError, match="可用 2"):
        services.post_movement(actor=None, lot=stock, kind=MovementKind.OUTBOUND, quantity=3)
    services.post_movement(actor=None, lot=stock, kind=MovementKind.OUTBOUND, quantity=2)


def test_lot_shelf_life_fills_the_expiry_and_a_stocked_lot_or_warehouse_cannot_be_deleted(world, water):
    stock = lot(world.warehouse_a, water, 4, production_date=datetime.date(2026, 1, 1))
    assert stock.expiry_date == datetime.date(2027, 1, 1)
    with pytest.raises(ApplicationError):
        services.lot_delete(actor=None, obj=stock)
    with pytest.raises(ApplicationError):
        services.warehouse_delete(actor=None, obj=world.warehouse_a)


def test_nothing_is_received_into_a_deleted_warehouse(world, tent):
    emptied = lot(world.warehouse_a, tent, 2)
    services.post_movement(actor=None, lot=emptied, kind=MovementKind.OUTBOUND, quantity=2)
    services.warehouse_delete(actor=None, obj=world.warehouse_a)
    movements = Movement.objects.count()
    with pytest.raises(ApplicationError) as inbound:
        services.post_movement(actor=None, lot=emptied, kind=MovementKind.INBOUND, quantity=5)
    assert inbound.value.code == "warehouse_deleted"
    with pytest.raises(ApplicationError) as new_lot:
        lot(world.warehouse_a, tent, 5)
    assert new_lot.value.code == "warehouse_deleted"
    source = lot(world.warehouse_b, tent, 5)
    with pytest.raises(ApplicationError):
        services.transfer(actor=None, lot=source, to_warehouse=world.warehouse_a, quantity=1)
    source.refresh_from_db()
    assert source.quantity == 5 and Movement.objects.count() == movements + 1  # only source's own inbound
    assert StockLot.all_objects.filter(warehouse=world.warehouse_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_warehouse_deleted_while_stock_arrives_never_ends_up_holding_it():
    """Delete and inbound race on their own connections: either the stock lands first and the delete is
    refused, or the delete wins and the stock is refused; never a deleted warehouse with stock."""
    from django.db import connection

    from yingji.divisions.tests.factories import county_tree
    from yingji.supplies.models import Warehouse
    from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and concurrent connections (set DATABASE_URL)")
    tree = county_tree()
    item = ItemFactory(name="折叠床", unit="张")
    for round_no in range(6):
        warehouse = WarehouseFactory(division=tree["county"], name=f"第{round_no}轮储备点")
        existing = lot(warehouse, item, 1)
        services.post_movement(actor=None, lot=existing, kind=MovementKind.OUTBOUND, quantity=1)
        if round_no % 2:
            receive = partial(services.post_movement, actor=None, lot=existing, kind=MovementKind.INBOUND, quantity=3)
        else:
            receive = partial(lot, warehouse, item, 3)
        outcomes = race_codes(partial(services.warehouse_delete, actor=None, obj=warehouse), receive)
        assert outcomes in (["done", "has_stock"], ["done", "warehouse_deleted"]), outcomes
        deleted = Warehouse.all_objects.get(pk=warehouse.pk).deleted_at is not None
        held = sum(StockLot.all_objects.filter(warehouse=warehouse).values_list("quantity", flat=True))
        assert (deleted, held) in ((True, 0), (False, 3)), (round_no, outcomes, deleted, held)


def _approver(world):
    return UserFactory(division=world.tree["town_a"], role=Role.TOWNSHIP_STAFF)


def test_stocktake_lists_every_lot_and_posts_differences_on_approval(world, tent, water):
    first, second = lot(world.warehouse_a, tent, 10), lot(world.warehouse_a, water, 30)
    sheet = services.stocktake_start(actor=world.user_a, warehouse=world.warehouse_a)
    lines = {line.lot_id: line for line in sheet.lines.all()}
    assert {pk: line.book_quantity for pk, line in lines.items()} == {first.pk: 10, second.pk: 30}
    # Stock moves while the count is under way: the difference is applied, the movement is kept.
    services.post_movement(actor=None, lot=second, kind=MovementKind.OUTBOUND, quantity=5)
    services.stocktake_count(actor=world.user_a, stocktake=sheet, counts={
        lines[first.pk].pk: (8, ""), lines[second.pk].pk: (30, "")})
    with pytest.raises(ApplicationError) as missing_reason:
        services.stocktake_approve(actor=_approver(world), stocktake=sheet)
    assert f"reason_{lines[first.pk].pk}" in missing_reason.value.field_errors
    assert not Movement.objects.filter(kind=MovementKind.ADJUSTMENT).exists()
    services.stocktake_count(actor=world.user_a, stocktake=sheet, counts={lines[first.pk].pk: (8, "鼠咬损坏")})
    services.stocktake_approve(actor=_approver(world), stocktake=sheet)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.quantity, second.quantity) == (8, 25)
    adjustment = Movement.objects.get(kind=MovementKind.ADJUSTMENT)
    assert (adjustment.lot, adjustment.quantity, adjustment.reason, adjustment.stocktake) == (
        first, -2, "鼠咬损坏", sheet)
    sheet.refresh_from_db()
    assert sheet.status == StocktakeStatus.APPROVED and sheet.approved_at is not None
    with pytest.raises(ApplicationError):
        services.stocktake_count(actor=world.user_a, stocktake=sheet, counts={lines[first.pk].pk: (1, "x")})


def test_full_stocktake_needs_every_line_a_spot_check_only_those_checked(world, tent, water):
    first, second = lot(world.warehouse_a, tent, 10), lot(world.warehouse_a, water, 30)
    full = services.stocktake_start(actor=None, warehouse=world.warehouse_a)
    line = full.lines.get(lot=first)
    services.stocktake_count(actor=None, stocktake=full, counts={line.pk: (11, "漏记入库")})
    with pytest.raises(ApplicationError, match="不完整"):
        services.stocktake_approve(actor=_approver(world), stocktake=full)
    spot = services.stocktake_start(actor=None, warehouse=world.warehouse_a, kind=StocktakeKind.SPOT_CHECK)
    services.stocktake_count(actor=None, stocktake=spot, counts={spot.lines.get(lot=second).pk: (31, "多出一箱")})
    services.stocktake_approve(actor=_approver(world), stocktake=spot)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.quantity, second.quantity) == (10, 31) and _sum(second) == 31


def test_only_county_or_township_staff_approve_and_a_failed_approval_writes_nothing(world, tent):
    stock = lot(world.warehouse_a, tent, 10)
    sheet = services.stocktake_start(actor=None, warehouse=world.warehouse_a)
    services.stocktake_count(actor=None, stocktake=sheet, counts={sheet.lines.get().pk: (4, "被借用未归还")})
    with pytest.raises(ApplicationError, match="审批"):
        services.stocktake_approve(actor=world.admin, stocktake=sheet)
    # Another outbound leaves too little for the adjustment: the whole approval is refused.
    services.post_movement(actor=None, lot=stock, kind=MovementKind.OUTBOUND, quantity=8)
    with pytest.raises(ApplicationError, match="库存不足"):
        services.stocktake_approve(actor=world.county_user, stocktake=sheet)
    sheet.refresh_from_db()
    assert sheet.status == StocktakeStatus.COUNTING
    assert not Movement.objects.filter(kind=MovementKind.ADJUSTMENT).exists()
    assert StocktakeLine.objects.get(stocktake=sheet).counted_quantity == 4


def test_lot_dates_are_checked(world, tent):
    with pytest.raises(ApplicationError, match="有效期"):
        lot(world.warehouse_a, tent, 1, production_date=timezone.localdate(),
            expiry_date=timezone.localdate() - datetime.timedelta(days=1))
    assert not StockLot.objects.exists()


def test_a_second_transfer_of_the_batch_joins_the_lot_already_there(world, tent):
    stock = lot(world.warehouse_a, tent, 10, batch="2024-01")
    first = services.transfer(actor=None, lot=stock, to_warehouse=world.county_warehouse, quantity=3).peer.lot
    second = services.transfer(actor=None, lot=stock, to_warehouse=world.county_warehouse, quantity=2).peer.lot
    assert first == second and StockLot.objects.filter(warehouse=world.county_warehouse).count() == 1
    second.refresh_from_db()
    assert second.quantity == 5 == _sum(second)
    with pytest.raises(ApplicationError, match="相同"):
        services.transfer(actor=None, lot=stock, to_warehouse=world.warehouse_a, quantity=1)
