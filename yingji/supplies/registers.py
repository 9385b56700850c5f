"""Registers: warehouses, the shared catalogue, stock lots, movements (read-only), stocktakes and
dispatch orders; navigation entries for them and the alert page."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.permissions import Action
from yingji.core.registers import Column, Register, register
from yingji.supplies import forms, permissions, services
from yingji.supplies.models import CatalogueItem, DispatchOrder, Movement, StockLot, Stocktake, Warehouse


def _warehouse_context(request, warehouse):
    from yingji.supplies import views

    return views.warehouse_context(request, warehouse)


def _lot_context(request, lot):
    from yingji.supplies import views

    return views.lot_context(request, lot)


def _stocktake_context(request, sheet):
    from yingji.supplies import views

    return views.stocktake_context(request, sheet)


def _order_context(request, order):
    from yingji.supplies import views

    return views.order_context(request, order)


WAREHOUSES = register(Register(
    model=Warehouse, slug="supply-warehouses", capability=permissions.WAREHOUSES.code,
    columns=[
        Column("division.name", _("所属区划"), sort="division__code"), Column("name", sort="name"),
        Column("kind", sort="kind"), Column("address"), Column("manager_name"), Column("manager_phone"),
    ],
    search_fields=["name", "address", "manager_name", "division__name"], filter_fields=["kind"],
    default_ordering=["division__code", "name"], select_related=["division"], form_class=forms.WarehouseForm,
    create=services.warehouse_create, update=services.warehouse_update, delete=services.warehouse_delete,
    restore=services.restore, importable=True, detail_template="supplies/warehouse_detail.html",
    detail_context=_warehouse_context,
))

# Reference data shared by every division: not put in the global registry, whose cross-cutting scoping
# matrix expects a record in each township; its pages are routed by supplies/urls.py.
CATALOGUE = Register(
    model=CatalogueItem, slug="supply-items", capability=permissions.CATALOGUE.code,
    columns=[
        Column("name", sort="name"), Column("category", sort="category"), Column("unit"),
        Column("specification"), Column("shelf_life_days", sort="shelf_life_days"), Column("is_equipment"),
        Column("is_active"),
    ],
    search_fields=["name", "specification"], filter_fields=["category", "is_equipment", "is_active"],
    default_ordering=["category", "name"], form_class=forms.CatalogueItemForm,
    create=services.item_create, update=services.item_update, importable=True,
)

LOTS = register(Register(
    model=StockLot, slug="supply-lots", capability=permissions.LOTS.code,
    columns=[
        Column("warehouse.division.name", _("所属区划"), sort="warehouse__division__code"),
        Column("warehouse.name", _("储备库"), sort="warehouse__name"), Column("item.name", _("物资品种"),
                                                                             sort="item__name"),
        Column("item.category", _("类别")), Column("batch"), Column("quantity", sort="quantity"),
        Column("item.unit", _("计量单位")), Column("reserved"), Column("expiry_date", sort="expiry_date"),
        Column("source", sort="source"), Column("funding"),
    ],
    search_fields=["item__name", "batch", "warehouse__name", "funding"], filter_fields=["source"],
    default_ordering=["warehouse__name", "item__name", "expiry_date"],
    select_related=["warehouse__division", "item"], form_class=forms.LotForm,
    create=services.lot_create, update=services.lot_update, delete=services.lot_delete, restore=services.restore,
    importable=True, detail_template="supplies/lot_detail.html", detail_context=_lot_context,
))

MOVEMENTS = register(Register(
    model=Movement, slug="supply-movements", capability=permissions.LOTS.code,
    columns=[
        Column("occurred_at", sort="occurred_at"),
        Column("lot.warehouse.name", _("储备库"), sort="lot__warehouse__name"),
        Column("lot.item.name", _("物资品种"), sort="lot__item__name"), Column("lot.batch", _("批次")),
        Column("kind", sort="kind"), Column("quantity"), Column("balance_after"), Column("reason"),
        Column("actor.username", _("经办人")),
    ],
    search_fields=["lot__item__name", "lot__warehouse__name", "reason"], filter_fields=["kind"],
    default_ordering=["-occurred_at", "-pk"], select_related=["lot__warehouse", "lot__item", "actor"],
))

STOCKTAKES = register(Register(
    model=Stocktake, slug="supply-stocktakes", capability=permissions.STOCKTAKES.code,
    columns=[
        Column("created_at", sort="created_at"), Column("warehouse.name", _("储备库"), sort="warehouse__name"),
        Column("kind", sort="kind"), Column("status", sort="status"), Column("counted_by"),
        Column("approved_at", sort="approved_at"),
    ],
    search_fields=["warehouse__name", "counted_by", "note"], filter_fields=["kind", "status"],
    default_ordering=["-created_at"], select_related=["warehouse"],
    detail_template="supplies/stocktake_detail.html", detail_context=_stocktake_context,
))

ORDERS = register(Register(
    model=DispatchOrder, slug="supply-orders", capability=permissions.ORDERS.code,
    columns=[
        Column("created_at", sort="created_at"), Column("division.name", _("调拨单位"), sort="division__code"),
        Column("title"), Column("destination"), Column("event.title", _("关联事件")),
        Column("drill.title", _("关联演练")), Column("status", sort="status"),
    ],
    search_fields=["title", "destination", "contact"], filter_fields=["status"], default_ordering=["-created_at"],
    select_related=["division", "event", "drill"], delete=services.order_delete, restore=services.restore,
    detail_template="supplies/order_detail.html", detail_context=_order_context,
))

GROUP = _("应急物资")
nav_entry(label=_("物资预警"), url_name="supplies-alerts", capability=permissions.LOTS.code, group=GROUP, order=55)
nav_entry(label=_("物资库存"), url_name="supply-lots-list", capability=permissions.LOTS.code, group=GROUP, order=55)
nav_entry(label=_("储备库名录"), url_name="supply-warehouses-list", capability=permissions.WAREHOUSES.code, group=GROUP,
          order=55)
nav_entry(label=_("物资调拨"), url_name="supply-orders-list", capability=permissions.ORDERS.code, group=GROUP,
          order=55)
nav_entry(label=_("盘点与抽查"), url_name="supply-stocktakes-list", capability=permissions.STOCKTAKES.code,
          group=GROUP, order=55)
nav_entry(label=_("出入库记录"), url_name="supply-movements-list", capability=permissions.LOTS.code, group=GROUP,
          order=55)
nav_entry(label=_("物资目录"), url_name="supply-items-list", capability=permissions.CATALOGUE.code, group=GROUP,
          order=55)
nav_entry(label=_("申请调拨"), url_name="supplies-order-new", capability=permissions.ORDERS.code, group=GROUP,
          order=55, action=Action.ADD)
nav_entry(label=_("新建盘点/抽查"), url_name="supplies-stocktake-new", capability=permissions.STOCKTAKES.code,
          group=GROUP, order=55, action=Action.ADD)
