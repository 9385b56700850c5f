"""In each of the two townships: a warehouse with a minimum stock, a lot (with its inbound movement), a
counted stocktake, and an allocated dispatch order with its line and allocation."""

from yingji.supplies import services
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot


def populate(world) -> None:
    item = ItemFactory(name="折叠床")
    for key in ("a", "b"):
        town = world.tree[f"town_{key}"]
        warehouse = WarehouseFactory(division=town, name=f"{town.name}应急物资储备点")
        services.minimum_set(actor=None, warehouse=warehouse, item=item, quantity=5)
        stock = lot(warehouse, item, 20, batch=f"B-{key}")
        services.stocktake_start(actor=None, warehouse=warehouse)
        order = services.order_create(actor=None, data={"division": town, "title": f"{town.name}安置点调拨",
                                                        "destination": "安置点"}, lines=[(item, 3)])
        services.order_approve(actor=None, order=order)
        services.order_allocate(actor=None, order=order, warehouses=[stock.warehouse])
