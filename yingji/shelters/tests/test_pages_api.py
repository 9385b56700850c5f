"""Shelter pages, the public page, the API and the import, through the roles that use them."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from yingji.api.tests.conftest import token_client
from yingji.audit.models import AuditEntry
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, two_townships
from yingji.shelters.models import Shelter
from yingji.shelters.rules import Status
from yingji.shelters.tests.factories import ShelterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = two_townships()
    world.here = ShelterFactory(division=world.tree["town_a"], name="锁南广场", latitude=Decimal("35.6"),
                                longitude=Decimal("103.4"), manager="马管理", manager_phone="13912345678",
                                national_registered=True, national_code="NAT-1")
    world.there = ShelterFactory(division=world.tree["town_b"], name="达板学校", latitude=Decimal("35.7"),
                                 longitude=Decimal("103.5"))
    return world


def test_the_detail_shows_the_computed_capacity_and_an_info_officer_records_occupancy(client, world):
    officer = UserFactory(division=world.tree["town_a"], role=Role.INFO_OFFICER)
    client.force_login(officer)
    page = client.get(reverse("shelters-detail", args=[world.here.pk]))
    assert page.status_code == 200 and "999" in page.content.decode()
    response = client.post(reverse("shelters-occupancy", args=[world.here.pk]), {"status": "in_use", "occupancy": "120"})
    assert response.status_code == 302
    world.here.refresh_from_db()
    assert (world.here.status, world.here.occupancy, world.here.free_places) == ("in_use", 120, 879)
    assert AuditEntry.objects.filter(action="shelters.shelter.updated", actor=officer).exists()
    client.post(reverse("shelters-occupancy", args=[world.here.pk]), {"status": "closed", "occupancy": "120"})
    world.here.refresh_from_db()
    assert world.here.status == "in_use"  # refused: people are still inside
    assert client.post(reverse("shelters-occupancy", args=[world.there.pk]),
                       {"status": "in_use", "occupancy": "1"}).status_code == 404


def test_a_leader_reads_but_cannot_record_occupancy(client, world):
    client.force_login(UserFactory(division=world.tree["town_a"], role=Role.LEADER))
    assert client.get(reverse("shelters-coverage")).status_code == 200
    assert client.post(reverse("shelters-occupancy", args=[world.here.pk]),
                       {"status": "in_use", "occupancy": "5"}).status_code == 403


def test_coverage_page_and_its_export(client, world):
    client.force_login(world.county_user)
    page = client.get(reverse("shelters-coverage"), {"radius": "abc"})
    assert "服务半径须是数字" in page.content.decode()
    export = client.get(reverse("shelters-coverage"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_public_page_lists_nearest_open_shelters_without_contacts(client, world):
    ShelterFactory(division=world.tree["town_a"], name="已关闭场所", latitude=Decimal("35.6001"),
                   longitude=Decimal("103.4"), status=Status.CLOSED)
    page = client.get(reverse("shelters-public"), {"lat": "35.61", "lon": "103.41"})
    assert page.status_code == 200
    names = [row["shelter"].name for row in page.context["rows"]]
    assert names == ["锁南广场", "达板学校"]
    html = page.content.decode()
    assert "马管理" not in html and "13912345678" not in html and "NAT-1" not in html
    assert client.get(reverse("shelters-public"), {"lat": "999", "lon": "x"}).status_code == 200


def test_the_map_layer_finds_the_nearest_with_enough_free_places(client, world):
    from yingji.shelters import services

    services.set_occupancy(actor=None, shelter=world.here, status="in_use", occupancy=900)
    client.force_login(world.county_user)
    response = client.get(reverse("resource-nearest"), {"layer": "shelters", "lat": "35.6", "lng": "103.4",
                                                        "free": "500"})
    assert [r.title for r in response.context["results"]] == ["达板学校"]
    response = client.get(reverse("resource-nearest"), {"layer": "shelters", "lat": "35.6", "lng": "103.4",
                                                        "free": "50"})
    assert [r.title for r in response.context["results"]] == ["锁南广场", "达板学校"]


def test_api_lists_filters_and_creates_within_the_subtree(world, django_assert_max_num_queries):
    api = token_client(world.user_a)
    ShelterFactory.create_batch(5, division=world.tree["town_a"])
    with django_assert_max_num_queries(12):
        listed = api.get("/api/v1/shelters").json()
    assert listed["count"] == 6 and "达板学校" not in [s["name"] for s in listed["items"]]
    assert api.get(f"/api/v1/shelters/{world.there.pk}").status_code == 404
    assert api.get("/api/v1/shelters?min_free=1000").json()["items"] == []
    payload = {"division": world.tree["town_a"].code, "name": "新广场", "kind": "square", "total_area": "400",
               "effective_area": "300", "address": "新村", "declared_capacity": 500}
    refused = api.post_json("/api/v1/shelters", payload)
    assert refused.status_code == 400 and "capacity_reason" in refused.content.decode()
    payload["capacity_reason"] = "含室内礼堂"
    created = api.post_json("/api/v1/shelters", payload)
    assert created.status_code == 201 and created.json()["capacity"] == 500
    assert created.json()["computed_capacity"] == 199
    coverage = api.get("/api/v1/shelters/coverage").json()
    assert coverage["division"] == world.tree["town_a"].code


def test_import_names_the_row_and_column_and_writes_nothing(client, world):
    book = Workbook()
    sheet = book.active
    sheet.append(["所属区划", "名称", "场所类型", "总面积(平方米)", "有效避难面积(平方米)", "地址", "申报容纳人数"])
    sheet.append([world.tree["town_a"].code, "甲广场", "广场", 1000, 800, "甲村", None])
    sheet.append([world.tree["town_a"].code, "乙学校", "学校", 1000, 800, "乙村", 900])
    sheet.append([world.tree["town_a"].code, "丙", "游乐场", 100, 200, "丙村", None])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "shelters.xlsx"
    client.force_login(world.user_a)
    before = Shelter.objects.count()
    response = client.post(reverse("shelters-import"), {"file": buffer})
    assert response.status_code == 400
    assert Shelter.objects.count() == before
    errors = {row.line: " ".join(row.errors) for row in response.context["result"].error_rows}
    assert set(errors) == {3, 4}
    assert "理由" in errors[3]
    assert "场所类型" in errors[4]
