"""Pages and API: alarm workflow, sensor chart, rejections, the HTTP batch, scoping, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from yingji.api.tests.conftest import token_client
from yingji.core.permissions import Role
from yingji.divisions.tests.factories import UserFactory, county_tree
from yingji.monitoring import services
from yingji.monitoring.models import Alarm, Reading
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return county_tree()


def _alarmed(division, n=1):
    sensors = [SensorFactory(site=SiteFactory(division=division)) for _ in range(n)]
    now = timezone.now()
    services.ingest([(None, {"sensor": s.code, "ts": now.isoformat(), "value": 45}) for s in sensors], now=now)
    return sensors


def test_alarm_page_runs_the_workflow(client, t):
    [sensor] = _alarmed(t["town_a"])
    alarm = Alarm.objects.get(sensor=sensor)
    client.force_login(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    assert client.get(reverse("monitoring-alarm", args=[alarm.pk])).status_code == 200
    client.post(reverse("monitoring-alarm-step", args=[alarm.pk, "acknowledge"]))
    client.post(reverse("monitoring-alarm-step", args=[alarm.pk, "resolve"]), {"cause": "传感器漂移",
                                                                               "false_alarm": "on"})
    alarm.refresh_from_db()
    assert alarm.status == Alarm.Status.RESOLVED and alarm.false_alarm


def test_pages_of_another_township_are_not_found(client, t):
    [sensor] = _alarmed(t["town_b"])
    client.force_login(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    alarm = Alarm.objects.get(sensor=sensor)
    assert client.get(reverse("monitoring-alarm", args=[alarm.pk])).status_code == 404
    assert client.post(reverse("monitoring-alarm-step", args=[alarm.pk, "acknowledge"])).status_code == 404
    assert client.get(reverse("monitoring-sensor", args=[sensor.pk])).status_code == 404


def test_sensor_page_charts_readings_with_thresholds(client, t):
    [sensor] = _alarmed(t["town_a"])
    client.force_login(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    page = client.get(reverse("monitoring-sensor", args=[sensor.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "vendor/echarts/echarts.min.js" in body and '"red": 40.0' in body


def test_alarm_list_query_count_does_not_grow(client, t, django_assert_max_num_queries):
    _alarmed(t["town_a"], 3)
    client.force_login(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    url = reverse("monitoring-alarms-list")
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    _alarmed(t["town_a"], 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_http_batch_stores_counts_rejections_and_keeps_to_scope(t):
    mine = SensorFactory(site=SiteFactory(division=t["town_a"]))
    theirs = SensorFactory(site=SiteFactory(division=t["town_b"]))
    api = token_client(UserFactory(division=t["town_a"], role=Role.ADMIN))
    now = timezone.now().isoformat()
    response = api.post_json("/api/v1/monitoring/readings", [
        {"sensor": mine.code, "ts": now, "value": 41}, {"sensor": theirs.code, "ts": now, "value": 41},
        {"sensor": mine.code, "ts": now, "value": "x"}, "not an object", {"sensor": mine.code, "value": 1},
    ])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stored"] == 1 and len(body["alarms"]) == 1
    assert body["rejected"] == {"unknown_sensor": 1, "not_numeric": 1, "malformed": 1, "bad_time": 1}
    assert Reading.objects.filter(sensor=theirs).count() == 0
    reasons = {r["reason"]: r["count"] for r in api.get("/api/v1/monitoring/rejections").json()}
    assert reasons["unknown_sensor"] == 1


def test_batch_needs_the_ingest_capability(t):
    api = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    assert api.post_json("/api/v1/monitoring/readings", []).status_code == 403


def test_api_alarm_list_and_steps(t, django_assert_max_num_queries):
    _alarmed(t["town_a"], 3)
    api = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    with django_assert_max_num_queries(12):
        rows = api.get("/api/v1/monitoring/alarms").json()["items"]
    assert len(rows) == 3 and {r["level"] for r in rows} == {"red"}
    pk = rows[0]["id"]
    assert api.post_json(f"/api/v1/monitoring/alarms/{pk}/handle", {"measures": "疏散"}).json()["status"] == "handled"
    bad = api.post_json(f"/api/v1/monitoring/alarms/{pk}/acknowledge", {})
    assert bad.status_code == 400


def test_api_readings_series(t):
    [sensor] = _alarmed(t["town_a"])
    api = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    start = (timezone.now() - datetime.timedelta(hours=1)).isoformat().replace("+", "%2B")
    points = api.get(f"/api/v1/monitoring/sensors/{sensor.pk}/readings?start={start}").json()
    assert [p["value"] for p in points] == [45.0]


def test_rejections_page_for_the_operator(client, t):
    services.ingest([("yingji/x/y/z", b"{")])
    client.force_login(UserFactory(division=t["county"], role=Role.ADMIN))
    assert "JSON" in client.get(reverse("monitoring-rejections")).content.decode()


def test_yearly_figure_page_counts_effective_alarms_of_the_users_subtree(client, t):
    [sensor] = _alarmed(t["town_a"])
    [other] = _alarmed(t["town_b"])
    for s in (sensor, other):
        Alarm.objects.filter(sensor=s).update(status=Alarm.Status.RESOLVED, cause="阀门泄漏")
    _alarmed(t["town_a"])  # unresolved: not yet effective
    client.force_login(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    page = client.get(reverse("monitoring-yearly"))
    rows = page.context["rows"]
    assert page.status_code == 200 and rows[0]["year"] == timezone.localdate().year
    assert (rows[0]["effective_alarms"], rows[0]["hazards_resolved"], rows[0]["total"]) == (1, 0, 1)
    assert client.get(reverse("monitoring-yearly"), {"year": "x"}).status_code == 200


def test_api_creates_a_sensor_at_a_site_of_the_subtree_with_checked_thresholds(t):
    from yingji.monitoring.models import Sensor

    site = SiteFactory(division=t["town_a"], code="S-API")
    foreign = SiteFactory(division=county_tree("622927000000")["town_a"], code="S-FOREIGN")
    body = {"site": site.code, "code": "api-gas-1", "name": "可燃气体", "kind": "gas", "unit": "%LEL",
            "blue": 10, "yellow": 20, "orange": 30, "red": 40, "hysteresis": 2, "valid_min": 0, "valid_max": 100}
    api = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    created = api.post_json("/api/v1/monitoring/sensors", body)
    assert created.status_code == 201, created.content
    assert (created.json()["division"], created.json()["site"]) == (t["town_a"].code, "S-API")
    bad = api.post_json("/api/v1/monitoring/sensors", {**body, "code": "api-gas-2", "yellow": 35})
    assert bad.status_code == 400 and "蓝<黄<橙<红" in bad.json()["errors"]["__all__"][0]
    outside = api.post_json("/api/v1/monitoring/sensors", {**body, "code": "api-gas-3", "site": foreign.code})
    assert outside.status_code == 422
    township = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    assert township.post_json("/api/v1/monitoring/sensors", {**body, "code": "api-gas-4"}).status_code == 403
    assert list(Sensor.objects.values_list("code", flat=True)) == ["api-gas-1"]
