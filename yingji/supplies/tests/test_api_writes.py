"""/api/v1/supplies writes for the registers: warehouses (create, update, soft delete) and the shared
catalogue (create, detail, update), with the web register's permissions and services: audited,
scoped to the caller's subtree, refusals in Chinese that write nothing."""

import pytest
from django.test import Client

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory
from yingji.supplies import services
from yingji.supplies.models import CatalogueItem, Warehouse
from yingji.supplies.tests.factories import lot

pytestmark = pytest.mark.django_db

WAREHOUSES = "/api/v1/supplies/warehouses"
ITEMS = "/api/v1/supplies/items"


def _row(model, pk):
    return model._base_manager.filter(pk=pk).values().get()


def _audited(action, obj_pk):
    return AuditEntry.objects.filter(action=action, object_pk=str(obj_pk)).count()


def _writes():
    """Audit entries of supplies writes (API token use and refusals are audited too, elsewhere)."""
    return AuditEntry.objects.filter(action__startswith="supplies.").count()


def _warehouse_body(world, **extra):
    return {"division": world.tree["town_a"].code, "name": "锁南镇第二储备点", "kind": "government",
            "address": "锁南镇新街1号", "latitude": "35.661200", "longitude": "103.391000",
            "manager_name": "马库管", "manager_phone": "13909301111", **extra}


# Warehouses: create ----------------------------------------------------------------------------------------


def test_township_staff_create_a_warehouse_in_their_township(world):
    created = token_client(world.user_a).post_json(WAREHOUSES, _warehouse_body(world, note="防汛前置"))

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["division"], body["name"], body["kind"], body["note"]) == (
        world.tree["town_a"].code, "锁南镇第二储备点", "government", "防汛前置")
    assert body["latitude"] == pytest.approx(35.6612)
    assert _audited("supplies.warehouse.created", body["id"]) == 1
    assert Warehouse.objects.get(pk=body["id"]).division == world.tree["town_a"]


@pytest.mark.parametrize("role", [Role.LEADER, Role.DUTY_OFFICER, Role.INFO_OFFICER])
def test_read_only_roles_cannot_create_a_warehouse(world, role):
    user = UserFactory(division=world.tree["county"], role=role)
    count, entries = Warehouse.all_objects.count(), _writes()

    refused = token_client(user).post_json(WAREHOUSES, _warehouse_body(world))

    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert Warehouse.all_objects.count() == count
    assert _writes() == entries


def test_warehouse_cannot_be_created_in_another_township(world):
    count = Warehouse.all_objects.count()

    refused = token_client(world.user_a).post_json(WAREHOUSES, _warehouse_body(
        world, division=world.tree["town_b"].code))

    assert refused.status_code == 422 and refused.json()["code"] == "out_of_scope"
    assert refused.json()["errors"] == {"division": ["所选区划不在您的管辖范围内。"]}
    assert Warehouse.all_objects.count() == count


def test_bad_warehouse_input_is_refused_with_field_errors_and_writes_nothing(world):
    api = token_client(world.user_a)
    count, entries = Warehouse.all_objects.count(), _writes()

    blank = api.post_json(WAREHOUSES, _warehouse_body(world, name="", address=""))
    unknown_kind = api.post_json(WAREHOUSES, _warehouse_body(world, kind="castle"))
    extra_field = api.post_json(WAREHOUSES, _warehouse_body(world, quantity=3))
    off_the_map = api.post_json(WAREHOUSES, _warehouse_body(world, latitude="135.5"))

    assert blank.status_code == 400 and blank.json()["message"] == "提交的数据有误。"
    assert blank.json()["errors"] == {"name": ["此字段不能为空。"], "address": ["此字段不能为空。"]}
    assert unknown_kind.status_code == 422 and list(unknown_kind.json()["errors"]) == ["kind"]
    assert extra_field.status_code == 422 and list(extra_field.json()["errors"]) == ["quantity"]
    assert off_the_map.status_code == 422 and list(off_the_map.json()["errors"]) == ["latitude"]
    assert Warehouse.all_objects.count() == count
    assert _writes() == entries


# Warehouses: update ----------------------------------------------------------------------------------------


def test_warehouse_update_changes_only_the_fields_sent_and_is_audited(world):
    patched = token_client(world.user_a).patch_json(f"{WAREHOUSES}/{world.warehouse_a.pk}", {
        "manager_name": "李库管", "manager_phone": "13909302222", "kind": "agreement"})

    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["manager_name"], body["manager_phone"], body["kind"], body["name"]) == (
        "李库管", "13909302222", "agreement", "锁南镇储备点")
    entry = AuditEntry.objects.get(action="supplies.warehouse.updated", object_pk=str(world.warehouse_a.pk))
    assert entry.changes["manager_name"] == ["马库管", "李库管"] and entry.actor == world.user_a


def test_read_only_role_cannot_update_a_warehouse(world):
    leader = UserFactory(division=world.tree["county"], role=Role.LEADER)
    before = _row(Warehouse, world.warehouse_a.pk)

    refused = token_client(leader).patch_json(f"{WAREHOUSES}/{world.warehouse_a.pk}", {"name": "改名"})

    assert refused.status_code == 403
    assert _row(Warehouse, world.warehouse_a.pk) == before


def test_another_townships_warehouse_is_404_for_update_and_delete(world):
    admin_a = UserFactory(division=world.tree["town_a"], role=Role.ADMIN)
    api = token_client(admin_a)
    url = f"{WAREHOUSES}/{world.warehouse_b.pk}"
    before, entries = _row(Warehouse, world.warehouse_b.pk), _writes()

    responses = [api.get(url), api.patch_json(url, {"name": "改名"}), api.delete(url)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert {r.json()["code"] for r in responses} == {"not_found"}
    assert _row(Warehouse, world.warehouse_b.pk) == before
    assert _writes() == entries


def test_warehouse_cannot_move_out_of_scope_or_with_stock(world, tent):
    api = token_client(world.county_user)
    lot(world.warehouse_a, tent, 5)
    before = _row(Warehouse, world.warehouse_a.pk)

    with_stock = api.patch_json(f"{WAREHOUSES}/{world.warehouse_a.pk}", {"division": world.tree["town_b"].code})
    outside = token_client(world.user_a).patch_json(f"{WAREHOUSES}/{world.warehouse_a.pk}", {
        "division": world.tree["town_b"].code})
    null_name = api.patch_json(f"{WAREHOUSES}/{world.warehouse_a.pk}", {"name": None})

    assert with_stock.status_code == 400 and with_stock.json()["message"] == "储备库还有库存，不能改到其他区划。"
    assert with_stock.json()["errors"] == {"division": ["有库存。"]}
    assert outside.status_code == 422 and outside.json()["code"] == "out_of_scope"
    assert null_name.status_code == 422 and list(null_name.json()["errors"]) == ["name"]
    assert _row(Warehouse, world.warehouse_a.pk) == before


# Warehouses: delete ----------------------------------------------------------------------------------------


def test_county_staff_soft_delete_an_empty_warehouse(world, tent):
    api = token_client(world.county_user)
    emptied = lot(world.warehouse_a, tent, 2)
    services.post_movement(actor=None, lot=emptied, kind="outbound", quantity=2, reason="发放")

    deleted = api.delete(f"{WAREHOUSES}/{world.warehouse_a.pk}")

    assert deleted.status_code == 204 and deleted.content == b""
    assert Warehouse.all_objects.get(pk=world.warehouse_a.pk).deleted_at is not None
    assert _audited("supplies.warehouse.deleted", world.warehouse_a.pk) == 1
    assert api.get(f"{WAREHOUSES}/{world.warehouse_a.pk}").status_code == 404
    assert world.warehouse_a.pk not in {w["id"] for w in api.get(WAREHOUSES).json()["items"]}


def test_township_staff_may_not_delete_warehouses(world):
    refused = token_client(world.user_a).delete(f"{WAREHOUSES}/{world.warehouse_a.pk}")

    assert refused.status_code == 403
    assert Warehouse.objects.filter(pk=world.warehouse_a.pk).exists()


def test_a_warehouse_holding_stock_is_not_deleted(world, tent):
    lot(world.county_warehouse, tent, 3)

    refused = token_client(world.county_user).delete(f"{WAREHOUSES}/{world.county_warehouse.pk}")

    assert refused.status_code == 400 and refused.json()["code"] == "has_stock"
    assert refused.json()["message"] == "储备库还有库存，不能删除；请先出库、调出或核销。"
    assert Warehouse.objects.filter(pk=world.county_warehouse.pk).exists()
    assert _audited("supplies.warehouse.deleted", world.county_warehouse.pk) == 0


# The catalogue ---------------------------------------------------------------------------------------------


def _item_body(**extra):
    return {"name": "折叠床", "category": "bedding", "unit": "张", "specification": "190×70cm", **extra}


def test_county_staff_add_and_update_catalogue_items(world):
    api = token_client(world.county_user)

    created = api.post_json(ITEMS, _item_body(shelf_life_days=1825))
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json() | {"id": 0} == {"id": 0, "name": "折叠床", "category": "bedding", "unit": "张",
                                          "specification": "190×70cm", "shelf_life_days": 1825,
                                          "is_equipment": False, "is_active": True}
    assert _audited("supplies.catalogueitem.created", pk) == 1

    stood_down = api.patch_json(f"{ITEMS}/{pk}", {"is_active": False, "shelf_life_days": None})
    assert stood_down.status_code == 200, stood_down.content
    assert (stood_down.json()["is_active"], stood_down.json()["shelf_life_days"], stood_down.json()["unit"]) == (
        False, None, "张")
    assert _audited("supplies.catalogueitem.updated", pk) == 1
    # Every division reads the shared catalogue, stood-down items included.
    assert token_client(world.user_b).get(f"{ITEMS}/{pk}").json()["is_active"] is False


@pytest.mark.parametrize("role", [Role.TOWNSHIP_STAFF, Role.LEADER, Role.DUTY_OFFICER])
def test_only_the_county_keeps_the_catalogue(world, tent, role):
    api = token_client(UserFactory(division=world.tree["county"], role=role))
    before, count = _row(CatalogueItem, tent.pk), CatalogueItem.objects.count()

    created = api.post_json(ITEMS, _item_body())
    patched = api.patch_json(f"{ITEMS}/{tent.pk}", {"is_active": False})

    assert (created.status_code, patched.status_code) == (403, 403)
    assert CatalogueItem.objects.count() == count
    assert _row(CatalogueItem, tent.pk) == before
    assert api.get(f"{ITEMS}/{tent.pk}").status_code == 200


def test_catalogue_item_detail_is_404_when_missing_and_401_for_the_public(world, tent):
    missing = token_client(world.user_a).get(f"{ITEMS}/987654")

    assert missing.status_code == 404 and missing.json()["message"] == "未找到该记录。"
    assert Client().get(f"{ITEMS}/{tent.pk}").status_code == 401
    assert token_client(world.county_user).patch_json(f"{ITEMS}/987654", {"unit": "个"}).status_code == 404


def test_bad_catalogue_input_is_refused_and_writes_nothing(world, tent, water):
    api = token_client(world.county_user)
    before, count, entries = _row(CatalogueItem, tent.pk), CatalogueItem.objects.count(), _writes()

    duplicate = api.post_json(ITEMS, _item_body(name="单帐篷"))
    blank = api.post_json(ITEMS, _item_body(name="", unit=""))
    category = api.post_json(ITEMS, _item_body(category="weapons"))
    renamed_onto_another = api.patch_json(f"{ITEMS}/{tent.pk}", {"name": "瓶装饮用水"})
    negative = api.patch_json(f"{ITEMS}/{tent.pk}", {"shelf_life_days": -5})

    assert duplicate.status_code == 400 and list(duplicate.json()["errors"]) == ["name"]
    assert "已存在" in duplicate.json()["errors"]["name"][0]
    assert blank.status_code == 400 and blank.json()["errors"] == {
        "name": ["此字段不能为空。"], "unit": ["此字段不能为空。"]}
    assert category.status_code == 422 and list(category.json()["errors"]) == ["category"]
    assert renamed_onto_another.status_code == 400 and "已存在" in renamed_onto_another.json()["errors"]["name"][0]
    assert negative.status_code == 400 and list(negative.json()["errors"]) == ["shelf_life_days"]
    assert CatalogueItem.objects.count() == count
    assert _row(CatalogueItem, tent.pk) == before
    assert _writes() == entries
