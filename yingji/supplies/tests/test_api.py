"""/api/v1/supplies: filters (division subtree, kind, item, expiring, below minimum), movements and the
dispatch steps through the services, errors in the API's one shape, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingji.api.tests.conftest import token_client
from yingji.supplies import services
from yingji.supplies.models import DispatchOrder, Movement, StockLot, Stocktake
from yingji.supplies.tests.factories import ItemFactory, WarehouseFactory, lot

pytestmark = pytest.mark.django_db


def _day(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_warehouse_filters(world, tent):
    api = token_client(world.county_user)
    agreement = WarehouseFactory(division=world.tree["town_a"], name="协议企业库", kind="agreement")
    lot(agreement, tent, 40)
    lot(world.warehouse_a, tent, 5)
    services.minimum_set(actor=None, warehouse=world.warehouse_b, item=tent, quantity=1)
    url = "/api/v1/supplies/warehouses"
    assert set(ids(api.get(url, {"division": world.tree["town_a"].code}))) == {agreement.pk, world.warehouse_a.pk}
    assert ids(api.get(url, {"kind": "agreement"})) == [agreement.pk]
    assert set(ids(api.get(url, {"item": tent.pk}))) == {agreement.pk, world.warehouse_a.pk}
    assert ids(api.get(url, {"item": tent.pk, "quantity": 10})) == [agreement.pk]
    assert ids(api.get(url, {"below_minimum": "true"})) == [world.warehouse_b.pk]
    assert api.get(url, {"kind": "castle"}).status_code == 422
    own = token_client(world.user_a)
    assert world.warehouse_b.pk not in ids(own.get(url))
    assert own.get(f"{url}/{world.warehouse_b.pk}").status_code == 404


def test_lot_filters_expiring_expired_below_minimum(world, water, tent):
    api = token_client(world.user_a)
    old = lot(world.warehouse_a, water, 5, expiry_date=_day(-1))
    soon = lot(world.warehouse_a, water, 5, expiry_date=_day(10))
    later = lot(world.warehouse_a, water, 5, expiry_date=_day(60))
    tents = lot(world.warehouse_a, tent, 2)
    services.minimum_set(actor=None, warehouse=world.warehouse_a, item=tent, quantity=3)
    url = "/api/v1/supplies/lots"
    assert ids(api.get(url, {"expiring_within": 30})) == [soon.pk]
    assert set(ids(api.get(url, {"expiring_within": 60}))) == {soon.pk, later.pk}
    assert ids(api.get(url, {"expired": "true"})) == [old.pk]
    assert ids(api.get(url, {"below_minimum": "true"})) == [tents.pk]
    assert ids(api.get(url, {"item": tent.pk})) == [tents.pk]
    assert ids(api.get(url, {"category": "tent"})) == [tents.pk]
    assert ids(api.get(url, {"division": world.tree["town_b"].code})) == []
    assert api.get(url, {"expiring_within": -1}).status_code == 422


def test_lot_create_and_movements_go_through_the_services(world, tent):
    api = token_client(world.user_a)
    created = api.post_json("/api/v1/supplies/lots", {"warehouse": world.warehouse_a.pk, "item": tent.pk,
                                                      "quantity": 12, "batch": "API-1"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/v1/supplies/lots/{pk}/movements"
    assert api.post_json(url, {"kind": "outbound", "quantity": 2}).status_code == 201
    refused = api.post_json(url, {"kind": "outbound", "quantity": 50})
    assert refused.status_code == 400 and refused.json()["code"] == "insufficient_stock"
    assert "库存不足" in refused.json()["message"]
    no_reason = api.post_json(url, {"kind": "write_off", "quantity": 1})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    moved = api.post_json(url, {"kind": "transfer", "quantity": 3, "to_warehouse": world.county_warehouse.pk})
    assert moved.status_code == 422  # the county warehouse is outside township A's scope
    assert api.post_json(url, {"kind": "adjustment", "quantity": 3}).status_code == 422
    county = token_client(world.county_user)
    moved = county.post_json(url, {"kind": "transfer", "quantity": 3, "to_warehouse": world.county_warehouse.pk})
    assert moved.status_code == 201 and moved.json()["quantity"] == -3 and moved.json()["peer"]
    assert StockLot.objects.get(pk=pk).quantity == 7
    assert [m["quantity"] for m in api.get(url).json()["items"]] == [-3, -2, 12]
    unknown = api.post_json("/api/v1/supplies/lots", {"warehouse": world.warehouse_b.pk, "item": tent.pk,
                                                      "quantity": 1})
    assert unknown.status_code == 422 and unknown.json()["code"] == "out_of_scope"


def test_dispatch_order_steps(world, tent):
    lot(world.county_warehouse, tent, 6)
    api = token_client(world.county_user)
    created = api.post_json("/api/v1/supplies/orders", {
        "division": world.tree["county"].code, "title": "防汛调拨", "destination": "达板镇",
        "lines": [{"item": tent.pk, "quantity": 10}]})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    base = f"/api/v1/supplies/orders/{pk}"
    assert api.post(f"{base}/ship").status_code == 400
    assert api.post(f"{base}/approve").json()["status"] == "approved"
    allocated = api.post_json(f"{base}/allocate", {"warehouses": [world.county_warehouse.pk]}).json()
    assert allocated["status"] == "allocated" and allocated["lines"][0]["allocated"] == 6
    assert api.post(f"{base}/ship").json()["status"] == "shipped"
    line = allocated["lines"][0]["id"]
    received = api.post_json(f"{base}/receive", {"received": {str(line): 5}}).json()
    assert received["status"] == "received" and received["lines"][0]["received"] == 5
    assert ids(api.get("/api/v1/supplies/orders", {"status": "received"})) == [pk]
    own = token_client(world.user_a)
    assert own.get(base).status_code == 404
    duty = own.post_json("/api/v1/supplies/orders", {"division": world.tree["county"].code, "title": "x",
                                                     "destination": "y", "lines": [{"item": tent.pk, "quantity": 1}]})
    assert duty.status_code == 422 and DispatchOrder.objects.count() == 1


def test_stocktake_counted_and_approved_through_the_api(world, tent, water):
    api = token_client(world.user_a)
    tents = lot(world.warehouse_a, tent, 10)
    bottles = lot(world.warehouse_a, water, 4)
    created = api.post_json("/api/v1/supplies/stocktakes", {"warehouse": world.warehouse_a.pk, "counted_by": "张三"})
    assert created.status_code == 201, created.content
    sheet = created.json()
    assert sheet["status"] == "counting" and sheet["kind"] == "full"
    lines = {line["lot"]: line for line in sheet["lines"]}
    assert {lot_id: line["book_quantity"] for lot_id, line in lines.items()} == {tents.pk: 10, bottles.pk: 4}
    base = f"/api/v1/supplies/stocktakes/{sheet['id']}"
    tent_line, water_line = lines[tents.pk]["id"], lines[bottles.pk]["id"]

    # A difference without a reason is refused on approval and nothing is posted.
    counted = api.post_json(f"{base}/counts", {"lines": {str(tent_line): {"counted_quantity": 8},
                                                         str(water_line): {"counted_quantity": 4}}})
    assert counted.status_code == 200, counted.content
    refused = api.post(f"{base}/approve")
    assert refused.status_code == 400 and f"reason_{tent_line}" in refused.json()["errors"]
    assert Movement.objects.filter(stocktake_id=sheet["id"]).count() == 0
    unknown = api.post_json(f"{base}/counts", {"lines": {"999999": {"counted_quantity": 1}}})
    assert unknown.status_code == 422 and "lines" in unknown.json()["errors"]

    api.post_json(f"{base}/counts", {"lines": {str(tent_line): {"counted_quantity": 8, "reason": "受潮报损"}}})
    approved = api.post(f"{base}/approve").json()
    assert approved["status"] == "approved"
    assert {line["lot"]: line["difference"] for line in approved["lines"]} == {tents.pk: -2, bottles.pk: 0}
    tents.refresh_from_db()
    assert tents.quantity == 8
    adjustment = Movement.objects.get(stocktake_id=sheet["id"])
    assert (adjustment.kind, adjustment.quantity, adjustment.reason) == ("adjustment", -2, "受潮报损")
    assert api.post(f"{base}/approve").status_code == 400

    assert ids(api.get("/api/v1/supplies/stocktakes", {"status": "approved"})) == [sheet["id"]]
    assert ids(api.get("/api/v1/supplies/stocktakes", {"status": "counting"})) == []
    assert ids(api.get("/api/v1/supplies/stocktakes", {"warehouse": world.warehouse_a.pk})) == [sheet["id"]]
    assert ids(api.get("/api/v1/supplies/stocktakes", {"division": world.tree["town_b"].code})) == []
    other = token_client(world.user_b)
    assert other.get(base).status_code == 404
    assert other.post(f"{base}/approve").status_code == 404
    outside = other.post_json("/api/v1/supplies/stocktakes", {"warehouse": world.warehouse_a.pk})
    assert outside.status_code == 422 and Stocktake.objects.count() == 1


def test_lists_keep_their_query_count(world):
    api = token_client(world.county_user)

    def add():
        warehouse = WarehouseFactory(division=world.tree["county"])
        item = ItemFactory()
        lot(warehouse, item, 3)
        services.stocktake_start(actor=None, warehouse=warehouse)
        services.order_create(actor=None, data={"division": world.tree["county"], "title": "t",
                                                "destination": "d"}, lines=[(item, 1)])

    add()
    counts = {}
    urls = ["/api/v1/supplies/warehouses", "/api/v1/supplies/lots", "/api/v1/supplies/orders",
            "/api/v1/supplies/items", "/api/v1/supplies/stocktakes"]
    api.get("/api/v1/me")  # the token's first use is recorded once
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            api.get(url)
        counts[url] = len(ctx.captured_queries)
    for _ in range(5):
        add()
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert len(ids(api.get(url))) >= 6 or url.endswith("items")
        assert len(ctx.captured_queries) == counts[url], url
