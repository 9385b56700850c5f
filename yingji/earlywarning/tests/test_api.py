import pytest
from django.urls import reverse

from yingji.divisions.tests.factories import county_tree
from yingji.earlywarning import cap
from yingji.earlywarning.models import EarlyWarning
from yingji.earlywarning.tests.factories import bureau, issued, staff

pytestmark = pytest.mark.django_db
ROOT = "/api/v1"


def test_api_drafts_steps_and_serves_cap(client):
    tree = county_tree()
    author, chief = staff(tree), staff(tree)
    client.force_login(author)
    body = {"division": tree["county"].code, "issuer": bureau(tree).pk, "hazard_type": "forest_fire", "level": 2,
            "headline": "森林火险橙色预警", "onset": "2026-03-01T08:00:00+08:00",
            "expires": "2026-03-03T08:00:00+08:00", "areas": [tree["town_a"].code], "description": "气温高、风大",
            "measures": "严禁野外用火"}
    created = client.post(f"{ROOT}/warnings", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    own = client.post(f"{ROOT}/warnings/{pk}/approve")
    assert own.status_code == 400 and own.json()["code"] == "four_eyes"
    client.force_login(chief)
    assert client.post(f"{ROOT}/warnings/{pk}/approve").json()["status"] == "approved"
    issued_json = client.post(f"{ROOT}/warnings/{pk}/issue").json()
    assert issued_json["status"] == "issued" and len(issued_json["identifier"]) == 31
    xml = client.get(f"{ROOT}/warnings/{pk}/cap")
    assert xml.status_code == 200 and cap.validate(xml.content) == []
    lifted = client.post(f"{ROOT}/warnings/{pk}/lift", {"reason": ""}, content_type="application/json")
    assert lifted.status_code == 400 and "reason" in lifted.json()["errors"]
    outside = client.post(f"{ROOT}/warnings", {**body, "areas": ["110000000000"]}, content_type="application/json")
    assert outside.status_code == 422


def test_api_list_is_scoped_and_query_count_flat(client, django_assert_max_num_queries):
    tree = county_tree()
    for _ in range(5):
        issued(tree, areas=("town_a", "town_b"))
    client.force_login(staff(tree))
    with django_assert_max_num_queries(10):
        listed = client.get(f"{ROOT}/warnings").json()
    assert listed["count"] == EarlyWarning.objects.count()
    assert reverse("api-v1:warning-list") == f"{ROOT}/warnings"
