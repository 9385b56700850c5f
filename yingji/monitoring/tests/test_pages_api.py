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


# Sites and sensors: change and delete; the alarm steps; the yearly figure ----------------------------

def _rows(model, **filters):
    return list(model.all_objects.filter(**filters).order_by("pk").values())


def test_api_changes_and_deletes_a_site_of_the_subtree(t):
    from yingji.monitoring.models import Site

    site = SiteFactory(division=t["town_a"], code="S-A")
    api = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    changed = api.patch_json(f"/api/v1/monitoring/sites/{site.pk}", {
        "name": "锁南化工", "division": t["town_b"].code, "latitude": "35.663100", "responsible_phone": "13900000000"})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["name"], body["division"], body["latitude"], body["code"]) == (
        "锁南化工", t["town_b"].code, "35.663100", "S-A")
    assert api.patch_json(f"/api/v1/monitoring/sites/{site.pk}", {"latitude": None}).json()["latitude"] is None
    assert api.delete(f"/api/v1/monitoring/sites/{site.pk}").status_code == 204
    assert Site.all_objects.get(pk=site.pk).deleted_at is not None
    assert api.get(f"/api/v1/monitoring/sites/{site.pk}").status_code == 404


def test_api_site_changes_are_refused_outside_scope_or_without_permission(t):
    from yingji.monitoring.models import Site

    mine, theirs = SiteFactory(division=t["town_a"]), SiteFactory(division=t["town_b"])
    before = _rows(Site)
    township = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    assert township.patch_json(f"/api/v1/monitoring/sites/{mine.pk}", {"name": "x"}).status_code == 403
    assert township.delete(f"/api/v1/monitoring/sites/{mine.pk}").status_code == 403
    admin = token_client(UserFactory(division=t["town_a"], role=Role.ADMIN))
    assert admin.patch_json(f"/api/v1/monitoring/sites/{theirs.pk}", {"name": "x"}).status_code == 404
    assert admin.delete(f"/api/v1/monitoring/sites/{theirs.pk}").status_code == 404
    moved = admin.patch_json(f"/api/v1/monitoring/sites/{mine.pk}", {"division": t["town_b"].code})
    assert moved.status_code == 422 and moved.json()["code"] == "out_of_scope"
    bad_code = admin.patch_json(f"/api/v1/monitoring/sites/{mine.pk}", {"code": "有/斜杠"})
    assert bad_code.status_code == 422
    assert _rows(Site) == before


def test_api_changes_sensor_thresholds_checked_as_in_the_form(t):
    sensor = SensorFactory(site=SiteFactory(division=t["town_a"]))
    other_site = SiteFactory(division=t["town_a"], code="S-OTHER")
    api = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    url = f"/api/v1/monitoring/sensors/{sensor.pk}"
    changed = api.patch_json(url, {"red": 50, "blue": None, "rate_limit": 5, "site": "S-OTHER"})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["blue"], body["yellow"], body["red"], body["rate_limit"], body["site"]) == (
        None, 20.0, 50.0, 5.0, "S-OTHER")
    sensor.refresh_from_db()
    assert sensor.site == other_site and sensor.hysteresis == 2.0  # what was not sent is kept
    before = _rows(type(sensor))
    disordered = api.patch_json(url, {"orange": 60})
    assert disordered.status_code == 400 and "蓝<黄<橙<红" in disordered.json()["errors"]["__all__"][0]
    inverted = api.patch_json(url, {"valid_min": 200})
    assert inverted.status_code == 400 and inverted.json()["errors"]["__all__"] == ["量程下限必须小于上限。"]
    assert api.patch_json(url, {"hysteresis": -1}).status_code == 422
    assert api.patch_json(url, {"site": "NO-SUCH-SITE"}).status_code == 422
    assert _rows(type(sensor)) == before


def test_api_deleted_sensor_is_gone_and_its_readings_are_refused(t):
    from yingji.monitoring.models import Sensor

    sensor = SensorFactory(site=SiteFactory(division=t["town_a"]))
    theirs = SensorFactory(site=SiteFactory(division=t["town_b"]))
    api = token_client(UserFactory(division=t["town_a"], role=Role.ADMIN))
    assert api.delete(f"/api/v1/monitoring/sensors/{theirs.pk}").status_code == 404
    assert api.patch_json(f"/api/v1/monitoring/sensors/{theirs.pk}", {"name": "x"}).status_code == 404
    assert Sensor.objects.filter(pk=theirs.pk).exists()
    duty = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    assert duty.delete(f"/api/v1/monitoring/sensors/{sensor.pk}").status_code == 403
    assert api.delete(f"/api/v1/monitoring/sensors/{sensor.pk}").status_code == 204
    assert api.get(f"/api/v1/monitoring/sensors/{sensor.pk}").status_code == 404
    now = timezone.now().isoformat()
    batch = api.post_json("/api/v1/monitoring/readings", [{"sensor": sensor.code, "ts": now, "value": 5}])
    assert batch.json() == {"stored": 0, "rejected": {"unknown_sensor": 1}, "alarms": []}


def test_api_alarm_steps_through_to_a_false_alarm(t):
    [sensor] = _alarmed(t["town_a"])
    alarm = Alarm.objects.get(sensor=sensor)
    api = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    url = f"/api/v1/monitoring/alarms/{alarm.pk}"
    acknowledged = api.post_json(f"{url}/acknowledge", {}).json()
    assert acknowledged["status"] == "acknowledged" and acknowledged["acknowledged_at"]
    no_measures = api.post_json(f"{url}/handle", {"measures": " "})
    assert no_measures.status_code == 400 and no_measures.json()["errors"] == {"measures": ["必填。"]}
    assert api.post_json(f"{url}/handle", {"measures": "现场复核"}).json()["status"] == "handled"
    no_cause = api.post_json(f"{url}/resolve", {"false_alarm": True})
    assert no_cause.status_code == 400 and no_cause.json()["message"] == "解除报警须填写原因。"
    resolved = api.post_json(f"{url}/resolve", {"cause": "探头受潮", "false_alarm": True}).json()
    assert (resolved["status"], resolved["false_alarm"], resolved["cause"]) == ("resolved", True, "探头受潮")
    before = _rows(Alarm, pk=alarm.pk)
    again = api.post_json(f"{url}/acknowledge", {})
    assert again.status_code == 400 and again.json()["message"] == "报警当前状态为“已解除”，不能执行此操作。"
    assert api.post_json(f"{url}/explode", {}).json()["code"] == "bad_step"
    assert _rows(Alarm, pk=alarm.pk) == before
    leader = token_client(UserFactory(division=t["town_a"], role=Role.LEADER))
    assert leader.post_json(f"{url}/acknowledge", {}).status_code == 403


def test_api_alarm_of_another_township_is_neither_shown_nor_changed(t):
    [sensor] = _alarmed(t["town_b"])
    alarm = Alarm.objects.get(sensor=sensor)
    before = _rows(Alarm)
    api = token_client(UserFactory(division=t["town_a"], role=Role.DUTY_OFFICER))
    assert api.get("/api/v1/monitoring/alarms").json()["count"] == 0
    assert api.get(f"/api/v1/monitoring/alarms/{alarm.pk}").status_code == 404
    assert api.post_json(f"/api/v1/monitoring/alarms/{alarm.pk}/acknowledge", {}).status_code == 404
    assert _rows(Alarm) == before


def test_api_yearly_figure_for_the_callers_subtree(t):
    [sensor] = _alarmed(t["town_a"])
    [other] = _alarmed(t["town_b"])
    Alarm.objects.filter(sensor__in=[sensor, other]).update(status=Alarm.Status.RESOLVED, cause="阀门泄漏")
    api = token_client(UserFactory(division=t["town_a"], role=Role.TOWNSHIP_STAFF))
    rows = api.get("/api/v1/monitoring/yearly").json()
    year = timezone.localdate().year
    assert [r["year"] for r in rows] == [year, year - 1, year - 2]
    assert rows[0] == {"division": t["town_a"].code, "year": year, "effective_alarms": 1, "hazards_resolved": 0,
                       "total": 1}
    assert api.get("/api/v1/monitoring/yearly", {"division": t["town_b"].code}).status_code == 404
    county = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    assert county.get("/api/v1/monitoring/yearly").json()[0]["effective_alarms"] == 2


@pytest.mark.parametrize("code", ["hc/01", "hc+01", "hc#01", "化工01"])
def test_site_and_sensor_codes_must_be_one_mqtt_topic_level(t, code):
    from yingji.monitoring.forms import SensorForm, SiteForm

    site_form = SiteForm(data={"division": t["village_a"].pk, "code": code, "name": "储罐区", "sector": "chemicals"})
    assert not site_form.is_valid() and "只能使用字母、数字和短横线" in site_form.errors["code"][0]
    site = SiteFactory(division=t["village_a"])
    sensor_form = SensorForm(data={"site": site.pk, "code": code, "name": "可燃气体", "kind": "gas", "unit": "%LEL",
                                   "interval_seconds": 60, "rising": True})
    assert not sensor_form.is_valid() and "code" in sensor_form.errors
    assert SiteForm(data={"division": t["village_a"].pk, "code": "hc-01", "name": "储罐区",
                          "sector": "chemicals"}).errors.get("code") is None


def test_a_site_with_live_sensors_is_not_deleted(t):
    from yingji.monitoring.models import Site

    sensor = SensorFactory(site=SiteFactory(division=t["town_a"]))
    api = token_client(UserFactory(division=t["county"], role=Role.COUNTY_STAFF))
    refused = api.delete(f"/api/v1/monitoring/sites/{sensor.site_id}")
    assert refused.status_code == 400 and refused.json()["code"] == "has_sensors"
    assert "传感器" in refused.json()["message"]
    assert Site.all_objects.get(pk=sensor.site_id).deleted_at is None
    assert api.delete(f"/api/v1/monitoring/sensors/{sensor.pk}").status_code == 204
    assert api.delete(f"/api/v1/monitoring/sites/{sensor.site_id}").status_code == 204
