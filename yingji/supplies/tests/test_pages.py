"""Pages: every supplies page opens for each role that may see it; movements, minimum stock, count sheets
and dispatch steps work from the pages; Excel import of opening stock goes through the service; lists
keep their query count as rows grow."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from yingji.core.permissions import Action, Role, has_permission
from yingji.divisions.tests.factories import UserFactory
from yingji.supplies import permissions, services
from yingji.supplies.models import CatalogueItem, DispatchOrder, Movement, StockLot, Stocktake, Warehouse
from yingji.supplies.rules import OrderStatus, StocktakeStatus
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot

pytestmark = pytest.mark.django_db


def _order(world, tent, status=OrderStatus.REQUESTED):
    order = services.order_create(actor=None, data={"division": world.tree["county"], "title": "调拨",
                                                    "destination": "安置点"}, lines=[(tent, 2)])
    if status != OrderStatus.REQUESTED:
        services.order_approve(actor=None, order=order)
    return order


def test_every_page_opens_for_each_role(client, world, tent):
    stock = lot(world.county_warehouse, tent, 10)
    sheet = services.stocktake_start(actor=None, warehouse=world.county_warehouse)
    approved = _order(world, tent, OrderStatus.APPROVED)
    pages = {
        permissions.LOTS.code: [reverse("supply-lots-detail", args=[stock.pk]), reverse("supplies-alerts")],
        permissions.WAREHOUSES.code: [reverse("supply-warehouses-detail", args=[world.county_warehouse.pk])],
        permissions.STOCKTAKES.code: [reverse("supply-stocktakes-detail", args=[sheet.pk])],
        permissions.ORDERS.code: [reverse("supply-orders-detail", args=[approved.pk])],
        permissions.CATALOGUE.code: [reverse("supply-items-list"), reverse("supply-items-detail", args=[tent.pk])],
    }
    adders = {permissions.STOCKTAKES.code: reverse("supplies-stocktake-new"),
              permissions.ORDERS.code: reverse("supplies-order-new")}
    for role in Role:
        user = UserFactory(division=world.tree["county"], role=role)
        client.force_login(user)
        for capability, urls in pages.items():
            expected = 200 if has_permission(user, capability, Action.VIEW) else 403
            for url in urls:
                assert client.get(url).status_code == expected, (role, url)
        for capability, url in adders.items():
            expected = 200 if has_permission(user, capability, Action.ADD) else 403
            assert client.get(url).status_code == expected, (role, url)


def test_movements_from_the_lot_page(client, world, tent):
    stock = lot(world.warehouse_a, tent, 10)
    client.force_login(world.user_a)
    url = reverse("supplies-lot-move", args=[stock.pk])
    assert client.post(url, {"kind": "outbound", "quantity": 4, "reason": "演练"}).status_code == 302
    refused = client.post(url, {"kind": "outbound", "quantity": 40}, follow=True)
    assert "库存不足" in refused.content.decode()
    client.post(url, {"kind": "transfer", "quantity": 1})  # no target: refused by the form
    stock.refresh_from_db()
    assert stock.quantity == 6 and Movement.objects.filter(lot=stock).count() == 2
    # The sibling township's warehouse is not a transfer target, nor its lot reachable.
    client.post(url, {"kind": "transfer", "quantity": 1, "to_warehouse": world.warehouse_b.pk})
    assert not StockLot.objects.filter(warehouse=world.warehouse_b).exists()
    other = lot(world.warehouse_b, tent, 3)
    assert client.post(reverse("supplies-lot-move", args=[other.pk]), {"kind": "outbound",
                                                                         "quantity": 1}).status_code == 404
    leader = UserFactory(division=world.tree["town_a"], role=Role.LEADER)
    client.force_login(leader)
    assert client.post(url, {"kind": "outbound", "quantity": 1}).status_code == 403


def test_minimum_stock_from_the_warehouse_page(client, world, tent):
    client.force_login(world.user_a)
    url = reverse("supplies-minimum", args=[world.warehouse_a.pk])
    assert client.post(url, {"item": tent.pk, "quantity": 7}).status_code == 302
    assert world.warehouse_a.minimums.get().quantity == 7
    page = client.get(reverse("supply-warehouses-detail", args=[world.warehouse_a.pk]))
    assert "不足" in page.content.decode()


def test_count_sheet_from_the_pages(client, world, tent):
    stock = lot(world.warehouse_a, tent, 10)
    client.force_login(world.user_a)
    response = client.post(reverse("supplies-stocktake-new"), {"warehouse": world.warehouse_a.pk,
                                                              "kind": "spot_check", "counted_by": "马库管"})
    sheet = Stocktake.objects.get()
    assert response.status_code == 302 and sheet.kind == "spot_check"
    line = sheet.lines.get()
    save = reverse("supplies-stocktake-save", args=[sheet.pk])
    client.post(save, {f"count_{line.pk}": "9", "approve": "1"})
    sheet.refresh_from_db()
    assert sheet.status == StocktakeStatus.COUNTING  # a difference without a reason
    client.post(save, {f"count_{line.pk}": "9", f"reason_{line.pk}": "破损", "approve": "1"})
    sheet.refresh_from_db()
    stock.refresh_from_db()
    assert sheet.status == StocktakeStatus.APPROVED and stock.quantity == 9


def test_dispatch_order_from_the_pages(client, world, tent):
    lot(world.county_warehouse, tent, 5)
    client.force_login(world.county_user)
    response = client.post(reverse("supplies-order-new"), {
        "division": world.tree["county"].pk, "title": "锁南镇洪涝安置", "destination": "锁南镇中学",
        "lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-0-item": tent.pk, "lines-0-quantity": "8",
        "lines-1-item": "", "lines-1-quantity": ""})
    order = DispatchOrder.objects.get()
    assert response.status_code == 302
    for step, data in (("approve", {}), ("allocate", {"warehouses": [world.county_warehouse.pk]}), ("ship", {}),
                       ("receive", {f"received_{order.lines.get().pk}": "4"})):
        client.post(reverse("supplies-order-step", args=[order.pk, step]), data)
    order.refresh_from_db()
    line = order.lines.get()
    assert order.status == OrderStatus.RECEIVED and (line.requested, line.allocated, line.received) == (8, 5, 4)
    page = client.get(reverse("supply-orders-detail", args=[order.pk])).content.decode()
    assert "部分满足" in page


def _xlsx(header, rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "stock.xlsx"
    return buffer


def test_import_of_opening_stock_goes_through_the_service(client, world, tent):
    client.force_login(world.user_a)
    header = ["物资品种", "储备库", "入库数量", "批次", "有效期至"]
    bad = client.post(reverse("supply-lots-import"), {"file": _xlsx(header, [
        ["单帐篷", "锁南镇储备点", 10, "2026-01", None],
        ["不存在的物资", "锁南镇储备点", 5, "", None],
        ["单帐篷", "锁南镇储备点", -3, "", None],
        ["单帐篷", "达板镇储备点", 5, "", None]])})
    assert bad.status_code == 400
    errors = {row.line: " ".join(row.errors) for row in bad.context["result"].error_rows}
    assert set(errors) == {3, 4, 5}
    assert "物资品种" in errors[3] and "入库数量" in errors[4] and "储备库" in errors[5]
    assert not StockLot.objects.exists() and not Movement.objects.exists()
    good = client.post(reverse("supply-lots-import"), {"file": _xlsx(header, [
        ["单帐篷", "锁南镇储备点", 10, "2026-01", "2030-12-31"]])})
    assert good.status_code == 200
    stock = StockLot.objects.get()
    assert (stock.quantity, stock.batch, stock.warehouse) == (10, "2026-01", world.warehouse_a)
    assert list(stock.movements.values_list("kind", "quantity")) == [("inbound", 10)]


def test_warehouse_and_catalogue_import(client, world):
    client.force_login(world.user_a)
    response = client.post(reverse("supply-warehouses-import"), {"file": _xlsx(
        ["名称", "储备类型", "地址", "纬度", "经度"], [["锁南村储备点", "家庭储备", "锁南村", 35.6, 103.4]])})
    assert response.status_code == 200
    assert Warehouse.objects.get(name="锁南村储备点").division == world.tree["town_a"]
    catalogue = _xlsx(["品名", "类别", "计量单位", "属于装备"], [["救生衣", "救生器材", "件", "是"]])
    assert client.post(reverse("supply-items-import"), {"file": catalogue}).status_code == 403
    client.force_login(world.county_user)
    catalogue.seek(0)
    assert client.post(reverse("supply-items-import"), {"file": catalogue}).status_code == 200
    assert CatalogueItem.objects.get(name="救生衣").is_equipment


@pytest.mark.parametrize("url_name", ["supply-lots-list", "supply-movements-list", "supply-warehouses-list",
                                      "supply-orders-list", "supply-stocktakes-list", "supplies-alerts"])
def test_lists_do_not_query_per_row(client, world, tent, url_name, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_rows():
        warehouse = WarehouseFactory(division=world.tree["county"])
        item = ItemFactory()
        stock = lot(warehouse, item, 10, expiry_date=None)
        services.minimum_set(actor=None, warehouse=warehouse, item=item, quantity=50)
        services.stocktake_start(actor=None, warehouse=warehouse)
        services.order_create(actor=None, data={"division": world.tree["county"], "title": "调拨",
                                                "destination": "x"}, lines=[(item, 1)])
        services.post_movement(actor=None, lot=stock, kind="outbound", quantity=1)

    client.force_login(world.county_user)
    add_rows()
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    for _ in range(5):
        add_rows()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse(url_name))
