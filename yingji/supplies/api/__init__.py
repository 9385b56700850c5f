"""/api/v1/supplies: warehouses, the catalogue, stock lots with their movements, stocktakes (count sheets
and spot checks) with their counting and approval, and dispatch orders with their steps. Scoped like every other endpoint; every write goes through the services."""


from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from yingji.api.access import filter_params, paginated, resolve_division, within_division
from yingji.api.auth import require
from yingji.api.errors import READ_ERRORS, WRITE_ERRORS, field_error
from yingji.core.listing import filtered
from yingji.core.permissions import Action
from yingji.drills.models import Drill
from yingji.incidents.models import Event
from yingji.supplies import selectors, services
from yingji.supplies.api.schemas import (
    AllocateIn,
    LotFilters,
    OrderFilters,
    ReceiveIn,
    StocktakeCountsIn,
    StocktakeFilters,
    SupplyItemIn,
    SupplyItemOut,
    SupplyItemPatch,
    SupplyLotIn,
    SupplyLotOut,
    SupplyMovementIn,
    SupplyMovementOut,
    SupplyOrderIn,
    SupplyOrderOut,
    SupplyStocktakeIn,
    SupplyStocktakeOut,
    SupplyWarehouseIn,
    SupplyWarehouseOut,
    SupplyWarehousePatch,
    WarehouseFilters,
)
from yingji.supplies.models import CatalogueItem, MinimumStock
from yingji.supplies.registers import CATALOGUE, LOTS, MOVEMENTS, ORDERS, STOCKTAKES, WAREHOUSES
from yingji.supplies.rules import ItemCategory

router = Router(tags=["supplies"])

SCOPED_ROUTES = [
    ("supplies.warehouse", "/supplies/warehouses", "/supplies/warehouses/{pk}"),
    ("supplies.stocklot", "/supplies/lots", "/supplies/lots/{pk}"),
    ("supplies.dispatchorder", "/supplies/orders", "/supplies/orders/{pk}"),
    ("supplies.stocktake", "/supplies/stocktakes", "/supplies/stocktakes/{pk}"),
]


def _below_minimum_q(user, warehouse_ref: str, item_ref: str | None = None):
    below = selectors.below_minimum(MinimumStock.objects.visible_to(user)).filter(warehouse_id=OuterRef(warehouse_ref))
    if item_ref:
        below = below.filter(item_id=OuterRef(item_ref))
    return Exists(below)


# Warehouses ------------------------------------------------------------------------------------------------


@router.get("/supplies/warehouses", response={200: list[SupplyWarehouseOut], **READ_ERRORS})
@paginated
def warehouse_list(request, filters: Query[WarehouseFilters]):
    """Filters: division subtree, kind, search; `item` (with `quantity`, default 1) keeps warehouses
    holding that many usable units; `below_minimum` those short of a minimum stock."""
    require(request, WAREHOUSES.capability, Action.VIEW)
    qs = within_division(WAREHOUSES.base_queryset(request.user), request.user, filters.division)
    if filters.item is not None:
        qs = selectors.warehouses_holding(qs, filters.item, filters.quantity or 1)
    if filters.below_minimum is not None:
        qs = qs.filter(_below_minimum_q(request.user, "pk")) if filters.below_minimum else qs.exclude(
            _below_minimum_q(request.user, "pk"))
    params = filter_params(filters)
    for name in ("item", "quantity", "below_minimum"):
        params.pop(name, None)
    return filtered(WAREHOUSES, qs, params).order_by("division__code", "name", "pk")


@router.post("/supplies/warehouses", response={201: SupplyWarehouseOut, **WRITE_ERRORS})
def warehouse_create(request, payload: SupplyWarehouseIn):
    require(request, WAREHOUSES.capability, Action.ADD)
    data = {**payload.dict(), "division": resolve_division(request.user, payload.division)}
    warehouse = services.warehouse_create(actor=request.user, data=data)
    return Status(201, WAREHOUSES.access(request.user, warehouse.pk))


@router.get("/supplies/warehouses/{pk}", response={200: SupplyWarehouseOut, **READ_ERRORS})
def warehouse_get(request, pk: int):
    warehouse = WAREHOUSES.access(request.user, pk)
    require(request, WAREHOUSES.capability, Action.VIEW)
    return warehouse


@router.patch("/supplies/warehouses/{pk}", response={200: SupplyWarehouseOut, **WRITE_ERRORS})
def warehouse_update(request, pk: int, payload: SupplyWarehousePatch):
    warehouse = WAREHOUSES.access(request.user, pk)
    require(request, WAREHOUSES.capability, Action.CHANGE)
    data = payload.dict(exclude_unset=True)
    if "division" in data:
        data["division"] = resolve_division(request.user, data["division"])
    services.warehouse_update(actor=request.user, obj=warehouse, data=data)
    return WAREHOUSES.access(request.user, pk)


@router.delete("/supplies/warehouses/{pk}", response={204: None, **WRITE_ERRORS})
def warehouse_delete(request, pk: int):
    """Soft delete, restorable from the register's recycle bin; refused while the warehouse holds stock."""
    warehouse = WAREHOUSES.access(request.user, pk)
    require(request, WAREHOUSES.capability, Action.DELETE)
    services.warehouse_delete(actor=request.user, obj=warehouse)
    return Status(204, None)


# The catalogue ---------------------------------------------------------------------------------------------


@router.get("/supplies/items", response={200: list[SupplyItemOut], **READ_ERRORS})
@paginated
def item_list(request, q: str | None = None, category: ItemCategory | None = None, is_equipment: bool | None = None):
    require(request, CATALOGUE.capability, Action.VIEW)
    qs = filtered(CATALOGUE, CATALOGUE.base_queryset(request.user), {"q": q or "", "category": category or ""})
    if is_equipment is not None:
        qs = qs.filter(is_equipment=is_equipment)
    return qs.order_by("category", "name", "pk")


@router.post("/supplies/items", response={201: SupplyItemOut, **WRITE_ERRORS})
def item_create(request, payload: SupplyItemIn):
    """The catalogue is shared by every division and kept by the county (R8.1)."""
    require(request, CATALOGUE.capability, Action.ADD)
    return Status(201, services.item_create(actor=request.user, data=payload.dict()))


@router.get("/supplies/items/{pk}", response={200: SupplyItemOut, **READ_ERRORS})
def item_get(request, pk: int):
    item = CATALOGUE.access(request.user, pk)
    require(request, CATALOGUE.capability, Action.VIEW)
    return item


@router.patch("/supplies/items/{pk}", response={200: SupplyItemOut, **WRITE_ERRORS})
def item_update(request, pk: int, payload: SupplyItemPatch):
    item = CATALOGUE.access(request.user, pk)
    require(request, CATALOGUE.capability, Action.CHANGE)
    return services.item_update(actor=request.user, obj=item, data=payload.dict(exclude_unset=True))


# Lots and movements ----------------------------------------------------------------------------------------


@router.get("/supplies/lots", response={200: list[SupplyLotOut], **READ_ERRORS})
@paginated
def lot_list(request, filters: Query[LotFilters]):
    """Filters: division subtree, warehouse, warehouse kind, item, category, `expiring_within` N days
    (still usable, expiring by today + N), `expired`, `below_minimum` (the lot's warehouse is short of
    the lot's item)."""
    require(request, LOTS.capability, Action.VIEW)
    qs = within_division(LOTS.base_queryset(request.user), request.user, filters.division)
    today = timezone.localdate()
    if filters.warehouse is not None:
        qs = qs.filter(warehouse_id=filters.warehouse)
    if filters.kind is not None:
        qs = qs.filter(warehouse__kind=filters.kind)
    if filters.item is not None:
        qs = qs.filter(item_id=filters.item)
    if filters.category is not None:
        qs = qs.filter(item__category=filters.category)
    if filters.expiring_within is not None:
        qs = selectors.expiring(qs, filters.expiring_within, today)
    if filters.expired is not None:
        qs = selectors.expired(qs, today) if filters.expired else qs.filter(selectors.usable_q(today))
    if filters.below_minimum:
        qs = qs.filter(_below_minimum_q(request.user, "warehouse_id", "item_id"))
    return filtered(LOTS, qs, {k: v for k, v in filter_params(filters).items() if k in ("q", "source")}).order_by(
        "warehouse__name", "item__name", "expiry_date", "pk")


@router.post("/supplies/lots", response={201: SupplyLotOut, **WRITE_ERRORS})
def lot_create(request, payload: SupplyLotIn):
    """A new lot; its quantity is posted as an inbound movement."""
    require(request, LOTS.capability, Action.ADD)
    data = payload.dict(exclude_none=True)
    data["warehouse"] = _warehouse(request, payload.warehouse, "warehouse")
    item = CatalogueItem.objects.visible_to(request.user).filter(pk=payload.item, is_active=True).first()
    if item is None:
        raise field_error("item", _("物资品种不存在或已停用。"))
    data["item"] = item
    lot = services.lot_create(actor=request.user, data=data)
    return Status(201, LOTS.base_queryset(request.user).get(pk=lot.pk))


def _warehouse(request, pk: int, field: str):
    warehouse = WAREHOUSES.base_queryset(request.user).filter(pk=pk).first()
    if warehouse is None:
        raise field_error(field, _("储备库不存在或不在您的管辖范围内。"), code="out_of_scope")
    return warehouse


@router.get("/supplies/lots/{pk}", response={200: SupplyLotOut, **READ_ERRORS})
def lot_get(request, pk: int):
    lot = LOTS.access(request.user, pk)
    require(request, LOTS.capability, Action.VIEW)
    return lot


@router.get("/supplies/lots/{pk}/movements", response={200: list[SupplyMovementOut], **READ_ERRORS})
@paginated
def movement_list(request, pk: int):
    lot = LOTS.access(request.user, pk)
    require(request, LOTS.capability, Action.VIEW)
    return MOVEMENTS.base_queryset(request.user).filter(lot=lot).order_by("-occurred_at", "-pk")


@router.post("/supplies/lots/{pk}/movements", response={201: SupplyMovementOut, **WRITE_ERRORS})
def movement_create(request, pk: int, payload: SupplyMovementIn):
    """Record inbound, outbound, write-off (reason required) or a transfer to `to_warehouse`."""
    lot = LOTS.access(request.user, pk)
    require(request, LOTS.capability, Action.CHANGE)
    if payload.kind == "transfer":
        if payload.to_warehouse is None:
            raise field_error("to_warehouse", _("调拨须选择调入库。"))
        return Status(201, services.transfer(
            actor=request.user, lot=lot, quantity=payload.quantity, reason=payload.reason,
            to_warehouse=_warehouse(request, payload.to_warehouse, "to_warehouse")))
    return Status(201, services.post_movement(actor=request.user, lot=lot, kind=payload.kind,
                                              quantity=payload.quantity, reason=payload.reason))


# Stocktakes ------------------------------------------------------------------------------------------------


def _stocktakes(request):
    return STOCKTAKES.base_queryset(request.user).select_related("warehouse__division").prefetch_related(
        "lines__lot__item")


@router.get("/supplies/stocktakes", response={200: list[SupplyStocktakeOut], **READ_ERRORS})
@paginated
def stocktake_list(request, filters: Query[StocktakeFilters]):
    """Filters: division subtree, warehouse, kind (full / spot_check), status (counting / approved), search."""
    require(request, STOCKTAKES.capability, Action.VIEW)
    qs = within_division(_stocktakes(request), request.user, filters.division)
    if filters.warehouse is not None:
        qs = qs.filter(warehouse_id=filters.warehouse)
    params = filter_params(filters)
    params.pop("warehouse", None)
    return filtered(STOCKTAKES, qs, params).order_by("-created_at", "-pk")


@router.get("/supplies/stocktakes/{pk}", response={200: SupplyStocktakeOut, **READ_ERRORS})
def stocktake_get(request, pk: int):
    require(request, STOCKTAKES.capability, Action.VIEW)
    return get_object_or_404(_stocktakes(request), pk=pk)


@router.post("/supplies/stocktakes", response={201: SupplyStocktakeOut, **WRITE_ERRORS})
def stocktake_create(request, payload: SupplyStocktakeIn):
    """A count sheet listing every lot of the warehouse with its book quantity now."""
    require(request, STOCKTAKES.capability, Action.ADD)
    sheet = services.stocktake_start(actor=request.user, warehouse=_warehouse(request, payload.warehouse, "warehouse"),
                                     kind=payload.kind, counted_by=payload.counted_by, note=payload.note)
    return Status(201, _stocktakes(request).get(pk=sheet.pk))


@router.post("/supplies/stocktakes/{pk}/counts", response={200: SupplyStocktakeOut, **WRITE_ERRORS})
def stocktake_counts(request, pk: int, payload: StocktakeCountsIn):
    """Enter counted quantities by line id; lines left out keep what they had."""
    sheet = STOCKTAKES.access(request.user, pk)
    require(request, STOCKTAKES.capability, Action.CHANGE)
    known = set(sheet.lines.values_list("pk", flat=True))
    unknown = sorted(set(payload.lines) - known)
    if unknown:
        raise field_error("lines", _("盘点单没有这些明细：%(ids)s。") % {"ids": ", ".join(map(str, unknown))})
    services.stocktake_count(actor=request.user, stocktake=sheet, counts={
        line_id: (line.counted_quantity, line.reason) for line_id, line in payload.lines.items()})
    return _stocktakes(request).get(pk=pk)


@router.post("/supplies/stocktakes/{pk}/approve", response={200: SupplyStocktakeOut, **WRITE_ERRORS})
def stocktake_approve(request, pk: int):
    """Approve: every difference is posted as an adjustment movement, all or nothing."""
    sheet = STOCKTAKES.access(request.user, pk)
    require(request, STOCKTAKES.capability, Action.CHANGE)
    services.stocktake_approve(actor=request.user, stocktake=sheet)
    return _stocktakes(request).get(pk=pk)


# Dispatch orders -------------------------------------------------------------------------------------------


def _orders(request):
    return ORDERS.base_queryset(request.user).prefetch_related("lines__item")


@router.get("/supplies/orders", response={200: list[SupplyOrderOut], **READ_ERRORS})
@paginated
def order_list(request, filters: Query[OrderFilters]):
    require(request, ORDERS.capability, Action.VIEW)
    qs = within_division(_orders(request), request.user, filters.division)
    return filtered(ORDERS, qs, filter_params(filters)).order_by("-created_at", "-pk")


@router.get("/supplies/orders/{pk}", response={200: SupplyOrderOut, **READ_ERRORS})
def order_get(request, pk: int):
    require(request, ORDERS.capability, Action.VIEW)
    return get_object_or_404(_orders(request), pk=pk)


@router.post("/supplies/orders", response={201: SupplyOrderOut, **WRITE_ERRORS})
def order_create(request, payload: SupplyOrderIn):
    require(request, ORDERS.capability, Action.ADD)
    data = payload.dict(exclude={"lines", "event", "drill"})
    data["division"] = resolve_division(request.user, payload.division)
    for name, model in (("event", Event), ("drill", Drill)):
        pk = getattr(payload, name)
        if pk is not None:
            found = model.objects.visible_to(request.user).filter(pk=pk).first()
            if found is None:
                raise field_error(name, _("关联记录不存在或不在您的管辖范围内。"), code="out_of_scope")
            data[name] = found
    items = CatalogueItem.objects.visible_to(request.user).in_bulk([line.item for line in payload.lines])
    missing = [line.item for line in payload.lines if line.item not in items]
    if missing:
        raise field_error("lines", _("物资品种不存在或已停用。"))
    order = services.order_create(actor=request.user, data=data,
                                  lines=[(items[line.item], line.quantity) for line in payload.lines])
    return Status(201, _orders(request).get(pk=order.pk))


def _order_step(request, pk: int, step, **kwargs):
    order = ORDERS.access(request.user, pk)
    require(request, ORDERS.capability, Action.CHANGE)
    step(actor=request.user, order=order, **kwargs)
    return _orders(request).get(pk=pk)


@router.post("/supplies/orders/{pk}/approve", response={200: SupplyOrderOut, **WRITE_ERRORS})
def order_approve(request, pk: int):
    return _order_step(request, pk, services.order_approve)


@router.post("/supplies/orders/{pk}/allocate", response={200: SupplyOrderOut, **WRITE_ERRORS})
def order_allocate(request, pk: int, payload: AllocateIn):
    """Reserve stock FEFO from the given warehouses (within the order's division); partial fills allowed."""
    warehouses = [_warehouse(request, wid, "warehouses") for wid in payload.warehouses]
    return _order_step(request, pk, services.order_allocate, warehouses=warehouses)


@router.post("/supplies/orders/{pk}/ship", response={200: SupplyOrderOut, **WRITE_ERRORS})
def order_ship(request, pk: int):
    return _order_step(request, pk, services.order_ship)


@router.post("/supplies/orders/{pk}/receive", response={200: SupplyOrderOut, **WRITE_ERRORS})
def order_receive(request, pk: int, payload: ReceiveIn):
    return _order_step(request, pk, services.order_receive, received=payload.received)
