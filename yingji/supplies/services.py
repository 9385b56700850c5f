"""Writes for the supplies register. The one path that changes stock is `post_movement`: it locks the lot
row, checks the balance can never go negative, appends the movement and updates the cached balance in
one transaction; a refusal raises ApplicationError before anything is written."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.audit.services import (
    audited_create,
    audited_restore,
    audited_soft_delete,
    audited_update,
    record,
    snapshot,
)
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Role
from yingji.supplies.models import (
    Allocation,
    CatalogueItem,
    DispatchOrder,
    MinimumStock,
    Movement,
    OrderLine,
    StockLot,
    Stocktake,
    StocktakeLine,
    Warehouse,
)
from yingji.supplies.rules import OUTGOING, MovementKind, OrderStatus, StocktakeKind, StocktakeStatus

# RULES-free choice of the brief: stocktake approval by county or township staff, not by administrators
# or read-only roles.
APPROVER_ROLES = {Role.COUNTY_STAFF, Role.TOWNSHIP_STAFF}


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# Warehouses and the catalogue ------------------------------------------------------------------------


def warehouse_create(*, actor, data: dict) -> Warehouse:
    return audited_create(actor=actor, obj=Warehouse(**data))


def warehouse_update(*, actor, obj: Warehouse, data: dict) -> Warehouse:
    if "division" in data and data["division"] != obj.division and obj.lots.filter(quantity__gt=0).exists():
        raise ApplicationError(_("储备库还有库存，不能改到其他区划。"), field_errors={"division": [_("有库存。")]})
    return audited_update(actor=actor, obj=obj, data=data)


def _open_warehouse(pk: int) -> Warehouse:
    """The warehouse row, locked: stock is never received into a warehouse being deleted (see
    warehouse_delete)."""
    warehouse = Warehouse.all_objects.select_for_update().get(pk=pk)
    if warehouse.deleted_at is not None:
        raise ApplicationError(_("该储备库已删除，不能入库。"), code="warehouse_deleted")
    return warehouse


@transaction.atomic
def warehouse_delete(*, actor, obj: Warehouse) -> Warehouse:
    """Only an empty warehouse is deleted. The warehouse row is locked first (new lots lock it too), then
    its lots (inbound movements lock theirs), so stock received at the same moment either lands before
    the check and refuses the delete, or waits and is refused because the warehouse is gone."""
    locked = _open_warehouse(obj.pk)
    lots = list(StockLot.all_objects.select_for_update().filter(warehouse=locked).order_by("pk"))
    if any(lot.quantity > 0 for lot in lots):
        raise ApplicationError(_("储备库还有库存，不能删除；请先出库、调出或核销。"), code="has_stock")
    return audited_soft_delete(actor=actor, obj=locked)


def item_create(*, actor, data: dict) -> CatalogueItem:
    return audited_create(actor=actor, obj=CatalogueItem(**data))


def item_update(*, actor, obj: CatalogueItem, data: dict) -> CatalogueItem:
    return audited_update(actor=actor, obj=obj, data=data)


@transaction.atomic
def minimum_set(*, actor, warehouse: Warehouse, item: CatalogueItem, quantity: int) -> MinimumStock | None:
    """Set (or with 0 remove) a warehouse's minimum stock of an item."""
    if quantity < 0:
        raise ApplicationError(_("最低储备量不能为负数。"), field_errors={"quantity": [_("不能为负数。")]})
    current = MinimumStock.objects.select_for_update().filter(warehouse=warehouse, item=item).first()
    if quantity == 0:
        if current is not None:
            record(actor=actor, action="supplies.minimumstock.deleted", obj=current, before=snapshot(current))
            current.delete()
        return None
    if current is None:
        return audited_create(actor=actor, obj=MinimumStock(warehouse=warehouse, item=item, quantity=quantity))
    return audited_update(actor=actor, obj=current, data={"quantity": quantity})


# Lots and movements -----------------------------------------------------------------------------------


def _refuse_shortage(lot: StockLot, wanted: int) -> None:
    raise ApplicationError(
        _("库存不足：%(item)s 当前可用 %(available)d %(unit)s，不能减少 %(wanted)d %(unit)s。") % {
            "item": lot.item.name, "available": lot.quantity - lot.reserved, "wanted": wanted,
            "unit": lot.item.unit},
        code="insufficient_stock", field_errors={"quantity": [_("超过可用库存。")]})


@transaction.atomic
def post_movement(*, actor, lot: StockLot, kind: str, quantity: int, reason: str = "", occurred_at=None,
                  release_reserved: int = 0, **links) -> Movement:
    """Append one movement and update the lot's balance under a row lock.

    `quantity` is the size of the change (positive); outgoing kinds subtract it. An adjustment carries
    its sign. Units reserved for dispatch orders cannot be taken by other outgoing movements; shipping
    releases its own reservation (`release_reserved`).
    """
    if kind not in MovementKind.values:
        raise ApplicationError(_("未知的出入库类型。"), code="bad_kind")
    if kind == MovementKind.ADJUSTMENT:
        delta = quantity
    else:
        if quantity <= 0:
            raise ApplicationError(_("数量必须大于0。"), field_errors={"quantity": [_("须大于0。")]})
        delta = -quantity if kind in OUTGOING else quantity
    if delta == 0:
        raise ApplicationError(_("数量不能为0。"), field_errors={"quantity": [_("不能为0。")]})
    if kind == MovementKind.WRITE_OFF and not reason.strip():
        raise ApplicationError(_("报废核销须说明原因。"), field_errors={"reason": [_("必填。")]})
    locked = StockLot.all_objects.select_for_update().select_related("item").get(pk=lot.pk)
    if locked.deleted_at is not None:
        raise ApplicationError(_("该库存批次已删除。"), code="deleted")
    # Read after the lot lock is held, in its own statement: a warehouse_delete that held the lot commits
    # first, and only a fresh read sees it (a join in the locking query would show the row as it was).
    if delta > 0 and Warehouse.all_objects.filter(pk=locked.warehouse_id, deleted_at__isnull=False).exists():
        raise ApplicationError(_("该储备库已删除，不能入库。"), code="warehouse_deleted")
    free = locked.quantity - locked.reserved + release_reserved
    if delta < 0 and -delta > free:
        _refuse_shortage(locked, -delta)
    before = snapshot(locked)
    locked.quantity += delta
    locked.reserved -= release_reserved
    movement = Movement(lot=locked, kind=kind, quantity=delta, balance_after=locked.quantity, reason=reason.strip(),
                        occurred_at=occurred_at or timezone.now(), actor=_actor(actor), **links)
    movement.save()
    locked.save(update_fields=["quantity", "reserved", "updated_at"])
    record(actor=actor, action=f"supplies.movement.{kind}", obj=locked, before=before, after=snapshot(locked))
    lot.quantity, lot.reserved = locked.quantity, locked.reserved
    return movement


@transaction.atomic
def lot_create(*, actor, data: dict) -> StockLot:
    """A new lot; its opening quantity (the form's 库存数量) is posted as an inbound movement."""
    data = dict(data)
    opening = int(data.pop("quantity", 0) or 0)
    if opening <= 0:
        raise ApplicationError(_("入库数量必须大于0。"), field_errors={"quantity": [_("须大于0。")]})
    lot = StockLot(**data)
    if lot.expiry_date is None and lot.production_date and lot.item_id and lot.item.shelf_life_days:
        lot.expiry_date = lot.production_date + datetime.timedelta(days=lot.item.shelf_life_days)
    _check_dates(lot)
    _open_warehouse(lot.warehouse_id)
    lot = audited_create(actor=actor, obj=lot)
    post_movement(actor=actor, lot=lot, kind=MovementKind.INBOUND, quantity=opening, reason=_("新批次入库"))
    return lot


def _check_dates(lot: StockLot) -> None:
    if lot.production_date and lot.expiry_date and lot.expiry_date < lot.production_date:
        raise ApplicationError(_("有效期不能早于生产日期。"), field_errors={"expiry_date": [_("早于生产日期。")]})


@transaction.atomic
def lot_update(*, actor, obj: StockLot, data: dict) -> StockLot:
    """Descriptive fields only: the balance changes by movements, the item and warehouse never change."""
    data = {k: v for k, v in data.items() if k not in {"quantity", "reserved", "item", "warehouse"}}
    lot = audited_update(actor=actor, obj=obj, data=data)
    _check_dates(lot)
    return lot


def lot_delete(*, actor, obj: StockLot) -> StockLot:
    if obj.quantity > 0:
        raise ApplicationError(_("批次还有库存，不能删除；请先出库或核销。"), code="has_stock")
    return audited_soft_delete(actor=actor, obj=obj)


def restore(*, actor, obj):
    return audited_restore(actor=actor, obj=obj)


@transaction.atomic
def transfer(*, actor, lot: StockLot, to_warehouse: Warehouse, quantity: int, reason: str = "") -> Movement:
    """Move units of a lot to another warehouse: a 调出 on this lot and a 调入 on a lot of the same batch
    there (created when missing), linked to each other. Returns the 调出 movement."""
    if to_warehouse.pk == lot.warehouse_id:
        raise ApplicationError(_("调入库不能与调出库相同。"), field_errors={"to_warehouse": [_("相同。")]})
    target = StockLot.objects.filter(warehouse=to_warehouse, item_id=lot.item_id, batch=lot.batch,
                                     expiry_date=lot.expiry_date).order_by("pk").first()
    if target is not None:
        # Both rows locked in primary-key order, so two opposite transfers wait instead of deadlocking.
        list(StockLot.objects.select_for_update().filter(pk__in=[lot.pk, target.pk]).order_by("pk"))
    out = post_movement(actor=actor, lot=lot, kind=MovementKind.TRANSFER_OUT, quantity=quantity,
                        reason=reason or _("调往%(name)s") % {"name": to_warehouse.name})
    if target is None:
        _open_warehouse(to_warehouse.pk)
        target = audited_create(actor=actor, obj=StockLot(
            item_id=lot.item_id, warehouse=to_warehouse, batch=lot.batch, production_date=lot.production_date,
            expiry_date=lot.expiry_date, received_on=timezone.localdate(), source=lot.source, funding=lot.funding))
    inbound = post_movement(actor=actor, lot=target, kind=MovementKind.TRANSFER_IN, quantity=quantity,
                            reason=reason or _("由%(name)s调入") % {"name": lot.warehouse.name}, peer=out)
    Movement.objects.filter(pk=out.pk).update(peer=inbound)
    out.peer = inbound
    return out


# Stocktakes and spot checks ---------------------------------------------------------------------------


@transaction.atomic
def stocktake_start(*, actor, warehouse: Warehouse, kind: str = StocktakeKind.FULL, counted_by: str = "",
                    note: str = "") -> Stocktake:
    """A count sheet listing every lot of the warehouse with its book quantity at this moment."""
    sheet = audited_create(actor=actor, obj=Stocktake(warehouse=warehouse, kind=kind, counted_by=counted_by,
                                                      note=note, created_by=_actor(actor)))
    lots = StockLot.objects.filter(warehouse=warehouse).filter(Q(quantity__gt=0) | Q(movements__isnull=False))
    StocktakeLine.objects.bulk_create([
        StocktakeLine(stocktake=sheet, lot_id=pk, book_quantity=quantity)
        for pk, quantity in lots.distinct().order_by("pk").values_list("pk", "quantity")])
    return sheet


@transaction.atomic
def stocktake_count(*, actor, stocktake: Stocktake, counts: dict[int, tuple[int | None, str]]) -> Stocktake:
    """Enter counted quantities: {line id: (counted or None, reason)}."""
    sheet = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if sheet.status != StocktakeStatus.COUNTING:
        raise ApplicationError(_("盘点单已审批，不能再修改。"), code="approved")
    lines = {line.pk: line for line in sheet.lines.all()}
    changed = {}
    for pk, (counted, reason) in counts.items():
        line = lines.get(pk)
        if line is None:
            continue
        if counted is not None and counted < 0:
            raise ApplicationError(_("实盘数量不能为负数。"), field_errors={f"count_{pk}": [_("不能为负数。")]})
        if (line.counted_quantity, line.reason) != (counted, reason.strip()):
            changed[str(line.lot)] = [line.counted_quantity, counted]
            line.counted_quantity, line.reason = counted, reason.strip()
            line.save(update_fields=["counted_quantity", "reason"])
    if changed:
        record(actor=actor, action="supplies.stocktake.counted", obj=sheet, changes=changed)
    return sheet


@transaction.atomic
def stocktake_approve(*, actor, stocktake: Stocktake) -> Stocktake:
    """Approve the sheet and post every difference as an adjustment movement, all or nothing.

    The difference counted − book is applied to the lot's current balance, so movements recorded while
    the count was under way are kept. A full stocktake needs every line counted; a spot check only the
    lines it checked. Every difference needs a reason.
    """
    if getattr(actor, "role", None) not in APPROVER_ROLES:
        raise ApplicationError(_("盘点结果须由县或乡镇应急工作人员审批。"), code="not_approver")
    sheet = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if sheet.status != StocktakeStatus.COUNTING:
        raise ApplicationError(_("盘点单已审批。"), code="approved")
    lines = list(sheet.lines.select_related("lot__item").order_by("lot_id"))
    errors = {}
    if sheet.kind == StocktakeKind.FULL:
        errors.update({f"count_{line.pk}": [_("未录入实盘数量。")] for line in lines if line.counted_quantity is None})
    if not any(line.counted_quantity is not None for line in lines):
        errors["__all__"] = [_("没有录入任何实盘数量。")]
    errors.update({f"reason_{line.pk}": [_("有差异须说明原因。")] for line in lines
                   if line.difference and not line.reason})
    if errors:
        raise ApplicationError(_("盘点单不完整：请录入实盘数量，并为每处差异说明原因。"), field_errors=errors)
    for line in lines:
        if line.difference:
            post_movement(actor=actor, lot=line.lot, kind=MovementKind.ADJUSTMENT, quantity=line.difference,
                          reason=line.reason, stocktake=sheet)
    before = snapshot(sheet)
    sheet.status, sheet.approved_by, sheet.approved_at = StocktakeStatus.APPROVED, actor, timezone.now()
    sheet.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record(actor=actor, action="supplies.stocktake.approved", obj=sheet, before=before, after=snapshot(sheet))
    return sheet


# Dispatch orders --------------------------------------------------------------------------------------


@transaction.atomic
def order_create(*, actor, data: dict, lines: Iterable[tuple[CatalogueItem, int]]) -> DispatchOrder:
    lines = [(item, int(quantity)) for item, quantity in lines if quantity]
    if not lines:
        raise ApplicationError(_("调拨单至少要有一种物资。"), field_errors={"lines": [_("必填。")]})
    if any(quantity < 0 for _item, quantity in lines):
        raise ApplicationError(_("申请数量必须大于0。"), field_errors={"lines": [_("须大于0。")]})
    if len({item.pk for item, _q in lines}) != len(lines):
        raise ApplicationError(_("同一物资请合并为一行。"), field_errors={"lines": [_("重复。")]})
    order = audited_create(actor=actor, obj=DispatchOrder(**data, requested_by=_actor(actor)))
    OrderLine.objects.bulk_create([OrderLine(order=order, item=item, requested=q) for item, q in lines])
    record(actor=actor, action="supplies.dispatchorder.lines", obj=order,
           changes={"requested_items": [[item.name, q] for item, q in lines]})
    return order


def _locked_order(order: DispatchOrder, expected: str) -> DispatchOrder:
    locked = DispatchOrder.objects.select_for_update().get(pk=order.pk)
    if locked.status != expected:
        raise ApplicationError(_("调拨单当前状态为“%(status)s”，不能执行该步骤。") % {
            "status": locked.get_status_display()}, code="bad_state")
    return locked


def _step(actor, order: DispatchOrder, to: str, **fields) -> DispatchOrder:
    before = snapshot(order)
    order.status = to
    for name, value in fields.items():
        setattr(order, name, value)
    order.save()
    record(actor=actor, action=f"supplies.dispatchorder.{to}", obj=order, before=before, after=snapshot(order))
    return order


@transaction.atomic
def order_approve(*, actor, order: DispatchOrder) -> DispatchOrder:
    order = _locked_order(order, OrderStatus.REQUESTED)
    return _step(actor, order, OrderStatus.APPROVED, approved_by=_actor(actor), approved_at=timezone.now())


def fefo_key(lot: StockLot):
    """First expiry first out; lots without expiry last, then the oldest inbound."""
    return (lot.expiry_date is None, lot.expiry_date or lot.received_on, lot.received_on, lot.pk)


@transaction.atomic
def order_allocate(*, actor, order: DispatchOrder, warehouses: Iterable[Warehouse]) -> DispatchOrder:
    """Reserve units for every line from the chosen warehouses' unexpired lots, FEFO.

    The candidate lots are locked (SELECT … FOR UPDATE, in primary-key order so two dispatchers never
    deadlock) before their free quantity is read, so two allocations of the same last units are
    serialised: the second sees what the first reserved. Lines may be partly filled; an order that
    would get nothing at all is refused and writes nothing.
    """
    order = _locked_order(order, OrderStatus.APPROVED)
    warehouse_ids = [w.pk for w in warehouses]
    if not warehouse_ids:
        raise ApplicationError(_("请选择发货的储备库。"), field_errors={"warehouses": [_("必填。")]})
    allowed = set(Warehouse.objects.within(order.division).filter(pk__in=warehouse_ids).values_list("pk", flat=True))
    if allowed != set(warehouse_ids):
        raise ApplicationError(_("只能从本单位辖区内的储备库发货。"), field_errors={"warehouses": [_("超出辖区。")]})
    lines = list(order.lines.select_related("item").order_by("pk"))
    today = timezone.localdate()
    lots = list(StockLot.objects.select_for_update().filter(
        warehouse_id__in=warehouse_ids, item_id__in=[line.item_id for line in lines], quantity__gt=F("reserved"))
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=today)).order_by("pk"))
    by_item: dict[int, list[StockLot]] = {}
    for lot in sorted(lots, key=fefo_key):
        by_item.setdefault(lot.item_id, []).append(lot)
    allocations, touched = [], {}
    for line in lines:
        need = line.requested - line.allocated
        for lot in by_item.get(line.item_id, []):
            if need <= 0:
                break
            take = min(need, lot.quantity - lot.reserved)
            if take <= 0:
                continue
            lot.reserved += take
            touched[lot.pk] = lot
            need -= take
            line.allocated += take
            allocations.append(Allocation(line=line, lot=lot, quantity=take))
    if not allocations:
        raise ApplicationError(_("所选储备库没有可调拨的有效库存，未配货。"), code="nothing_available")
    for lot in touched.values():
        lot.save(update_fields=["reserved", "updated_at"])
    Allocation.objects.bulk_create(allocations)
    OrderLine.objects.bulk_update(lines, ["allocated"])
    record(actor=actor, action="supplies.dispatchorder.allocation", obj=order, changes={
        "picked_lots": [[a.lot_id, a.line.item.name, a.quantity] for a in allocations]})
    return _step(actor, order, OrderStatus.ALLOCATED, allocated_at=timezone.now())


@transaction.atomic
def order_ship(*, actor, order: DispatchOrder) -> DispatchOrder:
    """Post every allocation as an outbound movement, releasing its reservation."""
    order = _locked_order(order, OrderStatus.ALLOCATED)
    allocations = Allocation.objects.filter(line__order=order).select_related("lot").order_by("lot_id", "pk")
    for allocation in allocations:
        post_movement(actor=actor, lot=allocation.lot, kind=MovementKind.DISPATCH, quantity=allocation.quantity,
                      reason=_("调拨单：%(title)s") % {"title": order.title}, release_reserved=allocation.quantity,
                      allocation=allocation)
    return _step(actor, order, OrderStatus.SHIPPED, shipped_at=timezone.now())


@transaction.atomic
def order_receive(*, actor, order: DispatchOrder, received: dict[int, int] | None = None) -> DispatchOrder:
    """Record what arrived per line (default: everything shipped); never more than was allocated."""
    order = _locked_order(order, OrderStatus.SHIPPED)
    lines = list(order.lines.select_related("item").order_by("pk"))
    for line in lines:
        amount = line.allocated if received is None or line.pk not in received else received[line.pk]
        if amount < 0 or amount > line.allocated:
            raise ApplicationError(_("%(item)s 接收数量须在0到%(n)d之间。") % {"item": line.item.name, "n": line.allocated},
                                   field_errors={f"received_{line.pk}": [_("超出范围。")]})
        line.received = amount
    OrderLine.objects.bulk_update(lines, ["received"])
    return _step(actor, order, OrderStatus.RECEIVED, received_at=timezone.now())


def order_delete(*, actor, obj: DispatchOrder) -> DispatchOrder:
    if obj.status not in (OrderStatus.REQUESTED, OrderStatus.APPROVED):
        raise ApplicationError(_("已配货的调拨单不能删除。"), code="bad_state")
    return audited_soft_delete(actor=actor, obj=obj)
